from datetime import date

from django.core.management.base import BaseCommand, CommandError

from education.starter import load_starter_guide, starter_pages


class Command(BaseCommand):
    help = (
        "Add the starter patient guide. Pages the guide already has, or once had (renamed or "
        "deleted), are left alone, so this is safe to run again. Pages are loaded unpublished, "
        "for a clinician to review, unless --publish is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the new pages at once instead of leaving them unpublished.",
        )
        parser.add_argument(
            "--reviewed-on",
            type=date.fromisoformat,
            metavar="YYYY-MM-DD",
            help="Record this as the pages' last clinical review; the next is due a year later.",
        )

    def handle(self, *args, publish, reviewed_on, **options):
        if publish and reviewed_on is None:
            raise CommandError(
                "Patients see review dates: give --reviewed-on with --publish, once a "
                "clinician has checked the pages."
            )
        created = load_starter_guide(publish=publish, reviewed_on=reviewed_on)
        skipped = len(starter_pages()) - len(created)
        state = "published" if publish else "saved unpublished"
        self.stdout.write(
            self.style.SUCCESS(f"{len(created)} starter pages {state}; {skipped} already there.")
        )
        if created and not publish:
            self.stdout.write("Review them in the admin under Patient guide, then publish.")
