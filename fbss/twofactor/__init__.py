"""
Two-factor sign-in for staff: a time-based code from an authenticator app, or a single-use
recovery code, after the password.

Anyone who can reach patient data (superusers and every role holding intake permissions) must
give one; other staff may opt in. The codes themselves are django-otp's; this app decides who
needs them, enrols people, keeps the record and ties failed codes to the login lockout.
"""
