from django.core.management.base import BaseCommand

from outcomes.services import sweep


class Command(BaseCommand):
    help = (
        "Queue every follow-up that is due and not sent, and mark those whose link ran out "
        "unanswered as expired. Safe to run at any time and as often as wanted (for example "
        "daily from cron): each invitation is sent once however often it is queued."
    )

    def handle(self, *args, **options):
        queued, expired = sweep()
        self.stdout.write(f"Follow-ups: {queued} due queued, {expired} expired.")
