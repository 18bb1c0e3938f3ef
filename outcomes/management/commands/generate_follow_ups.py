"""
Give made-up cases a start of care, a pathway and follow-ups (DEBUG only), to measure the
outcomes view at a realistic size: about 2.5 follow-ups a case, answered, expired, sent, opted
out or still to come as their dates say.
"""

import random
import secrets
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from intake.clinical import add_months, peg_pain_item
from intake.models import Case, Pathway
from outcomes.models import LINK_LIFETIME, CarePlan, FollowUp, GlobalChange, Status
from outcomes.services import scores

WORK = ["working", "working_less", "off_work", "not_working"]


class Command(BaseCommand):
    help = "Add care plans and follow-ups to the cases that have none (DEBUG only)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args, seed, batch_size, **options):
        if not settings.DEBUG:
            raise CommandError(
                "generate_follow_ups only runs with DEBUG on: it writes made-up data."
            )
        rng = random.Random(seed)  # noqa: S311 - made-up data, not security
        today = timezone.localdate()
        pks = list(Case.objects.filter(care_plan__isnull=True).values_list("pk", flat=True))
        made = 0
        for first in range(0, len(pks), batch_size):
            with transaction.atomic():
                made += self._batch(rng, pks[first : first + batch_size], today)
            self.stdout.write(f"{first + batch_size} cases, {made} follow-ups")
        self.stdout.write(self.style.SUCCESS(f"Added {made} follow-ups to {len(pks)} cases."))

    def _batch(self, rng, pks, today):
        cases = list(Case.objects.filter(pk__in=pks))
        by_pathway = {}
        plans, follow_ups = [], []
        for case in cases:
            case.pathway = case.pathway or rng.choice([*Pathway.values, ""])
            by_pathway.setdefault(case.pathway, []).append(case.pk)
            start = today - timedelta(days=rng.randint(0, 36 * 30))
            plans.append(CarePlan(case=case, start_of_care=start, set_at=timezone.now()))
            fares = rng.uniform(0.3, 1.3)
            opted_out = rng.random() < 0.03
            for months in (3, 12, 24) if rng.random() < 0.5 else (3, 12):
                follow_ups.append(
                    self._follow_up(rng, case, start, months, fares, opted_out, today)
                )
        for pathway, ids in by_pathway.items():
            Case.objects.filter(pk__in=ids).update(pathway=pathway)
        CarePlan.objects.bulk_create(plans)
        FollowUp.objects.bulk_create(follow_ups)
        return len(follow_ups)

    def _follow_up(self, rng, case, start, months, fares, opted_out, today):
        due = add_months(start, months)
        follow_up = FollowUp(case=case, months=months, due_date=due)
        if due > today:
            follow_up.status = Status.OPTED_OUT if opted_out else Status.DUE
            return follow_up
        if opted_out:
            follow_up.status = Status.OPTED_OUT
            return follow_up
        invited = timezone.make_aware(datetime.combine(due, time(10)))
        follow_up.token_hash = secrets.token_hex(32)
        follow_up.invited_at = invited
        follow_up.expires_at = invited + LINK_LIFETIME
        roll = rng.random()
        if roll < 0.7:
            fraction = 1 - (1 - fares) * min(1, months / 12)

            def score(value):
                return max(0, min(10, round(value * fraction + rng.choice([-1, 0, 1]))))

            back, leg = score(case.back_pain_average), score(case.leg_pain_average)
            odi = None
            if case.odi_answers:
                odi = [
                    None if s is None else max(0, min(5, round(s * fraction)))
                    for s in case.odi_answers
                ]
            values = scores(
                case,
                {
                    "back_pain_average": back,
                    "leg_pain_average": leg,
                    "peg_enjoyment": score(case.peg_enjoyment),
                    "peg_activity": score(case.peg_activity),
                    "odi_answers": odi,
                    "work_status": rng.choice(WORK),
                    "global_change": rng.choice(GlobalChange.values),
                },
            )
            assert values["peg_pain"] == peg_pain_item(back, leg)
            for name, value in values.items():
                setattr(follow_up, name, value)
            follow_up.status = Status.ANSWERED
            follow_up.answered_at = invited + timedelta(days=rng.randint(0, 20))
            follow_up.triage_level = "routine"
        elif invited + LINK_LIFETIME > timezone.now():
            follow_up.status = Status.SENT
        else:
            follow_up.status = Status.EXPIRED
        return follow_up
