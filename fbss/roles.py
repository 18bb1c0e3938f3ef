"""
Staff roles. Each role is a Django group whose permissions are exactly the ones listed here.

The groups are brought in line after every ``migrate`` (and by ``manage.py sync_roles``), so a
permission added with a new model reaches its role on the next deploy without a hand edit.
"""

from django.contrib.auth.models import Group, Permission

CLINICIANS = "Clinicians"
CONTENT_EDITORS = "Content editors"

ROLE_PERMISSIONS = {
    CLINICIANS: [
        "intake.view_case",
        "intake.change_case",
        "intake.export_case",
        "intake.view_operation",
        "intake.view_unsentintake",
        "outcomes.view_careplan",
        "outcomes.add_careplan",
        "outcomes.change_careplan",
        "outcomes.view_followup",
        "outcomes.add_followup",
        "outcomes.view_outcomes",
        "outcomes.export_outcomes",
    ],
    CONTENT_EDITORS: [
        "education.view_guidepage",
        "education.add_guidepage",
        "education.change_guidepage",
        "education.delete_guidepage",
        "education.publish_guidepage",
    ],
}


def _permissions(names):
    """Return the Permission rows for 'app_label.codename' names that exist so far."""
    wanted = {tuple(name.split(".", 1)) for name in names}
    return [
        permission
        for permission in Permission.objects.select_related("content_type")
        if (permission.content_type.app_label, permission.codename) in wanted
    ]


def sync_roles():
    """Create each role's group and set its permissions to exactly those listed."""
    for role, names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(_permissions(names))


def sync_roles_after_migrate(sender, **kwargs):
    sync_roles()
