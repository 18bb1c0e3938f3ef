from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.db.models import Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

STALLED_AFTER = timedelta(minutes=5)


class Command(BaseCommand):
    help = (
        "Exit with an error when the task queue cannot be read or a task due to run has waited "
        "more than five minutes: no worker is taking tasks, so alerts are not going out."
    )

    def handle(self, *args, **options):
        try:
            since = timezone.now() - STALLED_AFTER
            count = (
                DBTaskResult.objects.ready()
                .filter(enqueued_at__lt=since)
                .filter(Q(run_after=get_date_max()) | Q(run_after__lt=since))
                .count()
            )
        except DatabaseError as error:
            raise CommandError("The task queue cannot be read.") from error
        if count:
            raise CommandError(f"{count} task(s) due for over five minutes are still waiting.")
        self.stdout.write("The task queue is moving.")
