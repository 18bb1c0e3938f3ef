from django.core.management.base import BaseCommand

from intake.models import Draft


class Command(BaseCommand):
    help = (
        "Delete intake drafts that were never sent and whose link has expired. Lists what "
        "would go unless --delete is given. Safe to run from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--delete", action="store_true", help="Delete the drafts instead of only counting them."
        )

    def handle(self, *args, delete=False, **options):
        expired = Draft.objects.expired()
        if not delete:
            self.stdout.write(
                f"{expired.count()} expired unsent drafts would be deleted (dry run; "
                "use --delete to delete them)."
            )
            return
        deleted, _ = expired.delete()
        self.stdout.write(f"Deleted {deleted} expired unsent drafts.")
