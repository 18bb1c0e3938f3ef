"""
Demo follow-ups for local use (run by ``load_demo`` after the intake's demo cases): patients
followed for two years with every questionnaire answered, one whose first follow-up is due
today (the worker sends it at once), one who opted out, and a few part of the way.
"""

import random
import secrets
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from intake import clinical
from intake.models import Case, Pathway, hash_token
from outcomes import services
from outcomes.models import LINK_LIFETIME, CarePlan, FollowUp, Status

# (demo case number, pathway, months since care started, how the patient fares: the share of
# the intake's pain and function left at 24 months; 1 is no better)
PLANS = [
    (0, Pathway.SCS_ASSESSMENT, 26, 0.45),
    (1, Pathway.CONSERVATIVE, 25, 0.7),
    (2, Pathway.PAIN_PROGRAMME, 27, 0.8),
    (3, Pathway.SURGICAL_REVIEW, 25, 0.5),
    (5, Pathway.CONSERVATIVE, 14, 0.75),
    (7, Pathway.PAIN_MEDICINE, 13, 1.1),
    (9, Pathway.SCS_ASSESSMENT, 4, 0.6),
    (11, Pathway.PAIN_PROGRAMME, 4, 0.9),
]
DUE_TODAY = (13, Pathway.CONSERVATIVE)  # care started 3 months ago today
OPTED_OUT = (14, Pathway.PAIN_MEDICINE, 5)  # answered at 3 months, then opted out
GLOBAL = ["very_much_better", "much_better", "a_little_better", "no_change", "a_little_worse"]


def _reference(number):
    from intake.demo import _reference

    return _reference(number)


def _score(rng, baseline, fraction, top=10):
    return max(0, min(top, round(baseline * fraction + rng.choice([-1, 0, 0, 1]))))


def _answered(rng, follow_up, case, fraction, answered_at):
    back = _score(rng, case.back_pain_average, fraction)
    leg = _score(rng, case.leg_pain_average, fraction)
    odi = None
    if case.odi_answers:
        odi = [None if s is None else max(0, min(5, round(s * fraction))) for s in case.odi_answers]
    answers = {
        "back_pain_average": back,
        "leg_pain_average": leg,
        "peg_enjoyment": _score(rng, case.peg_enjoyment, fraction),
        "peg_activity": _score(rng, case.peg_activity, fraction),
        "odi_answers": odi,
        "work_status": case.work_status,
        "global_change": GLOBAL[min(4, max(0, round((fraction - 0.4) * 6)))],
    }
    token = secrets.token_urlsafe(32)
    invited = answered_at - timedelta(days=rng.randint(0, 6), hours=2)
    FollowUp.objects.filter(pk=follow_up.pk).update(
        **services.scores(case, answers),
        status=Status.ANSWERED,
        token_hash=hash_token(token),
        invited_at=invited,
        expires_at=invited + LINK_LIFETIME,
        answered_at=answered_at,
        red_flags=[],
        triage_level=clinical.ROUTINE,
    )


def _plan(case, pathway, months_ago, today):
    start = clinical.add_months(today, -months_ago)
    Case.objects.filter(pk=case.pk).update(
        pathway=pathway,
        submitted_at=timezone.now() - timedelta(days=(today - start).days + 21),
    )
    case.refresh_from_db()
    CarePlan.objects.create(case=case, start_of_care=start)
    for months, due in zip((3, 12, 24), clinical.follow_up_dates(start, (3, 12, 24)), strict=True):
        FollowUp.objects.create(case=case, months=months, due_date=due)
    return case, start


@transaction.atomic
def load():
    """Create the demo care plans and follow-ups that are missing; safe to run repeatedly."""
    rng = random.Random(2026)  # noqa: S311 - repeatable demo data, not security
    today = timezone.localdate()
    now = timezone.now()
    cases = {c.reference: c for c in Case.objects.filter(reference__startswith="DEM-")}
    made = 0
    for number, pathway, months_ago, fares in PLANS:
        case = cases.get(_reference(number))
        if case is None or CarePlan.objects.filter(case=case).exists():
            continue
        case, _start = _plan(case, pathway, months_ago, today)
        for follow_up in FollowUp.objects.filter(case=case).order_by("months"):
            if follow_up.due_date > today - timedelta(days=10):
                continue  # still to come
            fraction = 1 - (1 - fares) * min(1, follow_up.months / 12)
            answered_at = timezone.make_aware(
                datetime.combine(follow_up.due_date, time(0))
            ) + timedelta(days=rng.randint(1, 9), hours=rng.randint(8, 20))
            _answered(rng, follow_up, case, fraction, min(answered_at, now))
        made += 1
    number, pathway = DUE_TODAY
    case = cases.get(_reference(number))
    if case is not None and not CarePlan.objects.filter(case=case).exists():
        Case.objects.filter(pk=case.pk).update(pathway=pathway)
        start = clinical.add_months(today, -3)
        Case.objects.filter(pk=case.pk).update(
            submitted_at=now - timedelta(days=(today - start).days + 14)
        )
        services.care_plan_set(case=case, start_of_care=start, user=None, today=today)
        made += 1
    number, pathway, months_ago = OPTED_OUT
    case = cases.get(_reference(number))
    if case is not None and not CarePlan.objects.filter(case=case).exists():
        case, _start = _plan(case, pathway, months_ago, today)
        first = FollowUp.objects.get(case=case, months=3)
        _answered(rng, first, case, 0.9, now - timedelta(days=50))
        services.opt_out(case=case)
        made += 1
    return (
        f"Follow-ups: {made} demo care plans added ({CarePlan.objects.count()} in all); "
        "outcomes at http://127.0.0.1:8000/admin/outcomes/outcomereport/"
    )
