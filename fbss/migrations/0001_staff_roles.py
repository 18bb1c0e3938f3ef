"""
Create the staff groups. Their permissions are set after every migrate (fbss.roles), because
permissions for each app's models only exist once that app's migrations have run.
"""

from django.db import migrations

ROLES = ["Clinicians", "Content editors"]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
