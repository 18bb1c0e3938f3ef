"""
No models of its own. The module exists so that Django sends this app ``post_migrate``, which
is when the staff roles are brought in line (see ``fbss.apps``).
"""
