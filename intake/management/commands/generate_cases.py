"""
Fill the database with many made-up cases, to measure the triage list at a realistic size.

Writes rows directly (no history, no drafts), so it refuses to run unless DEBUG is on.
"""

import random
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from fbss.roles import CLINICIANS
from intake import clinical
from intake.demo import made_up_case
from intake.models import REFERENCE_ALPHABET, Case, Operation, Status

FIRST_NAMES = ["Alex", "Bethan", "Chris", "Dana", "Eamon", "Farah", "Gareth", "Hannah", "Imran"]
LAST_NAMES = ["Morgan", "Price", "Okafor", "Whitfield", "Byrne", "Khan", "Lloyd", "Cole", "Shah"]


class Command(BaseCommand):
    help = "Add COUNT made-up cases with their operations (DEBUG only), for load measurements."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch-size", type=int, default=5000)

    def handle(self, *args, count, seed, batch_size, **options):
        if not settings.DEBUG:
            raise CommandError("generate_cases only runs with DEBUG on: it writes made-up cases.")
        rng = random.Random(seed)  # noqa: S311 - made-up data, not security
        today = timezone.localdate()
        clinicians = list(
            get_user_model().objects.filter(groups__name=CLINICIANS).values_list("pk", flat=True)
        )
        taken = set(Case.objects.values_list("reference", flat=True))
        made = 0
        while made < count:
            size = min(batch_size, count - made)
            with transaction.atomic():
                self._batch(rng, size, today, clinicians, taken)
            made += size
            self.stdout.write(f"{made} cases")
        self.stdout.write(self.style.SUCCESS(f"Added {count} made-up cases."))

    def _reference(self, rng, taken):
        while True:
            chars = "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(6))
            reference = f"{chars[:3]}-{chars[3:]}"
            if reference not in taken:
                taken.add(reference)
                return reference

    def _batch(self, rng, size, today, clinicians, taken):
        cases, operations_per_case = [], []
        for _ in range(size):
            case, operations = self._case(rng, today, clinicians, taken)
            cases.append(case)
            operations_per_case.append(operations)
        Case.objects.bulk_create(cases)
        Operation.objects.bulk_create(
            Operation(case=case, **operation)
            for case, operations in zip(cases, operations_per_case, strict=True)
            for operation in operations
        )

    def _case(self, rng, today, clinicians, taken):
        roll = rng.random()
        if roll < 0.04:
            flags = rng.sample(sorted(clinical.EMERGENCY_FLAGS), rng.randint(1, 2))
        elif roll < 0.15:
            flags = rng.sample(sorted(clinical.URGENT_FLAGS), 1)
        else:
            flags = []
        story = (rng.choice(clinical.RELIEF_VALUES), rng.choice(clinical.PAIN_SITES), flags)
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        case, operations = made_up_case(
            rng,
            today=today,
            name=name,
            story=story,
            reference=self._reference(rng, taken),
            phone="07700 900000",
            with_odi=rng.random() < 0.7,
        )
        case.submitted_at = timezone.now() - timedelta(minutes=rng.randint(0, 3 * 365 * 24 * 60))
        case.status = rng.choice(Status.values)
        case.pathway = "conservative" if case.status == Status.CLOSED else ""
        case.assigned_to_id = rng.choice(clinicians) if clinicians and rng.random() < 0.3 else None
        return case, operations
