"""
Fill the database with many made-up cases, to measure the triage list at a realistic size.

Writes rows directly (no history, no drafts), so it refuses to run unless DEBUG is on.
"""

import random
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from fbss.roles import CLINICIANS
from intake import clinical
from intake.forms import SAFETY_QUESTIONS
from intake.models import (
    REFERENCE_ALPHABET,
    TRIAGE_RANK,
    Case,
    Operation,
    Procedure,
    Status,
)
from intake.services import derived_fields

FIRST_NAMES = ["Alex", "Bethan", "Chris", "Dana", "Eamon", "Farah", "Gareth", "Hannah", "Imran"]
LAST_NAMES = ["Morgan", "Price", "Okafor", "Whitfield", "Byrne", "Khan", "Lloyd", "Cole", "Shah"]
LEVELS = ["L3-L4", "L4-L5", "L5-S1"]
DURATIONS = ["under_3_months", "3_to_12_months", "1_to_2_years", "over_2_years"]


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

    def _operations(self, rng, today):
        count = rng.choice([1, 1, 1, 2, 2, 3])
        year = today.year - rng.randint(1, 6)
        result = []
        for index in range(count):
            relief = rng.choice(["none", "partial", "complete"])
            result.append(
                {
                    "month": rng.randint(1, 12),
                    "year": year - (count - 1 - index) * rng.randint(1, 3),
                    "procedure": rng.choice(Procedure.values),
                    "levels": sorted(rng.sample(LEVELS, rng.randint(1, 2))),
                    "relief": relief,
                    "relief_lasted": "" if relief == "none" else rng.choice(DURATIONS),
                }
            )
        return result

    def _case(self, rng, today, clinicians, taken):
        roll = rng.random()
        if roll < 0.04:
            flags = rng.sample(clinical.EMERGENCY_FLAGS, rng.randint(1, 2))
        elif roll < 0.15:
            flags = rng.sample(clinical.URGENT_FLAGS, 1)
        else:
            flags = []
        operations = self._operations(rng, today)
        pain_site = rng.choice(clinical.PAIN_SITES)
        peg = (rng.randint(0, 10), rng.randint(0, 10), rng.randint(0, 10))
        odi = [rng.randint(0, 5) for _ in range(10)] if rng.random() < 0.7 else None
        back, leg = rng.randint(0, 10), rng.randint(0, 10)
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        status = rng.choice(Status.values)
        derived = derived_fields(
            operations=operations,
            pain_site=pain_site,
            red_flags=flags,
            peg=peg,
            odi_answers=odi,
            today=today,
        )
        case = Case(
            reference=self._reference(rng, taken),
            submitted_at=timezone.now() - timedelta(minutes=rng.randint(0, 3 * 365 * 24 * 60)),
            full_name=f"{first} {last} {rng.randint(1, 99999)}",
            date_of_birth=date(rng.randint(1940, 2000), rng.randint(1, 12), rng.randint(1, 28)),
            email=f"{first}.{last}.{rng.randint(1, 99999)}@example.com".lower(),
            phone="07700 900000",
            preferred_contact="email",
            consent_to_contact=True,
            pain_returned="never_improved",
            pain_site=pain_site,
            back_pain_now=back,
            back_pain_average=back,
            back_pain_worst=back,
            leg_pain_now=leg,
            leg_pain_average=leg,
            leg_pain_worst=leg,
            numbness=rng.random() < 0.5,
            pins_and_needles=rng.random() < 0.5,
            weakness=rng.random() < 0.3,
            sleep_effect="some_nights",
            work_status="working_less",
            peg_pain=peg[0],
            peg_enjoyment=peg[1],
            peg_activity=peg[2],
            odi_answers=odi,
            safety_answers={key: key in flags for key in SAFETY_QUESTIONS},
            red_flags=flags,
            treatments_tried=["physical_therapy"],
            discuss_options=["not_sure"],
            privacy_consent=True,
            signature_name=f"{first} {last}",
            status=status,
            pathway="conservative" if status == Status.CLOSED else "",
            assigned_to_id=rng.choice(clinicians) if clinicians and rng.random() < 0.3 else None,
            triage_rank=TRIAGE_RANK[derived["triage_level"]],
            **derived,
        )
        return case, operations
