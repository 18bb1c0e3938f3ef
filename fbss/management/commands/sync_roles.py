from django.core.management.base import BaseCommand

from fbss.roles import ROLE_PERMISSIONS, sync_roles


class Command(BaseCommand):
    help = "Create the staff groups and set each one's permissions (safe to run repeatedly)."

    def handle(self, *args, **options):
        sync_roles()
        self.stdout.write(f"Roles in place: {', '.join(ROLE_PERMISSIONS)}.")
