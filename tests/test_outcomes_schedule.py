"""
When follow-ups fall due: a pure function of the start of care and the months (month ends
included), and the schedule a clinician's start of care sets, moves and queues.
"""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from intake.clinical import add_months
from outcomes.measures import due_dates
from outcomes.models import FollowUp, Status
from outcomes.services import NotSent, care_plan_set, follow_up_send_now
from tests.factories import CaseFactory

TODAY = date(2026, 1, 10)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 10), (3, 12, 24), [date(2026, 4, 10), date(2027, 1, 10), date(2028, 1, 10)]),
        # Month ends: the month's last day when it has no such day.
        (date(2026, 1, 31), (1,), [date(2026, 2, 28)]),
        (date(2026, 11, 30), (3,), [date(2027, 2, 28)]),
        (date(2027, 11, 30), (3,), [date(2028, 2, 29)]),  # leap year
        (date(2028, 2, 29), (12, 24), [date(2029, 2, 28), date(2030, 2, 28)]),
        (date(2026, 8, 31), (3, 6), [date(2026, 11, 30), date(2027, 2, 28)]),
        (date(2026, 10, 31), (3,), [date(2027, 1, 31)]),  # across the year
        # As given: the order of the months is kept.
        (date(2026, 1, 10), (12, 3), [date(2027, 1, 10), date(2026, 4, 10)]),
    ],
)
def test_due_dates_follow_the_start_of_care(start, months, expected):
    assert [due for _m, due in due_dates(start, months, today=start)] == expected


@pytest.mark.parametrize(
    ("start", "expected_months"),
    [
        (TODAY, [3, 12, 24]),
        (TODAY - timedelta(days=120), [3, 12, 24]),  # 3 months was 30 days ago: still sent
        (date(2025, 9, 9), [12, 24]),  # 3 months was 31 days ago: too late to ask
        (date(2023, 12, 1), []),
    ],
)
def test_a_time_point_long_past_when_care_is_recorded_is_not_sent(start, expected_months):
    assert [m for m, _due in due_dates(start, (3, 12, 24), today=TODAY)] == expected_months


def test_months_must_be_whole_and_positive():
    with pytest.raises(ValueError):
        due_dates(TODAY, (0,), today=TODAY)
    with pytest.raises(ValueError):
        due_dates(TODAY, (1.5,), today=TODAY)


@pytest.mark.django_db
def test_setting_the_start_of_care_schedules_and_queues_each_time_point(clinician, settings):
    settings.FOLLOW_UP_MONTHS = (3, 12, 24)
    case = CaseFactory()
    start = timezone.localdate()
    plan = care_plan_set(case=case, start_of_care=start, user=clinician)

    assert (plan.start_of_care, plan.set_by) == (start, clinician)
    follow_ups = FollowUp.objects.filter(case=case).order_by("months")
    assert [(f.months, f.due_date, f.status) for f in follow_ups] == [
        (months, add_months(start, months), Status.DUE) for months in (3, 12, 24)
    ]
    queued = DBTaskResult.objects.filter(task_path="outcomes.tasks.send_invitation")
    assert sorted(timezone.localtime(t.run_after) for t in queued) == [
        timezone.make_aware(datetime.combine(f.due_date, time(10))) for f in follow_ups
    ]


@pytest.mark.django_db
def test_the_months_come_from_the_settings(clinician, settings):
    settings.FOLLOW_UP_MONTHS = (6, 18)
    case = CaseFactory()
    care_plan_set(case=case, start_of_care=TODAY, user=clinician, today=TODAY)
    assert list(FollowUp.objects.filter(case=case).values_list("months", flat=True)) == [6, 18]


@pytest.mark.django_db
def test_moving_the_start_of_care_moves_only_what_is_not_sent(clinician):
    case = CaseFactory()
    care_plan_set(case=case, start_of_care=date(2025, 10, 1), user=clinician, today=TODAY)
    FollowUp.objects.filter(case=case, months=3).update(
        status=Status.SENT, token_hash="x" * 64, invited_at="2026-01-01T10:00Z",
        expires_at="2026-03-02T10:00Z",
    )  # fmt: skip

    care_plan_set(case=case, start_of_care=date(2025, 11, 1), user=clinician, today=TODAY)

    follow_ups = {f.months: f for f in FollowUp.objects.filter(case=case)}
    assert follow_ups[3].due_date == date(2026, 1, 1) and follow_ups[3].status == Status.SENT
    assert follow_ups[12].due_date == date(2026, 11, 1)
    assert follow_ups[24].due_date == date(2027, 11, 1)
    assert FollowUp.objects.filter(case=case).count() == 3


@pytest.mark.django_db
def test_a_clinician_sends_one_now_once(clinician):
    case = CaseFactory()
    with pytest.raises(NotSent, match="start of care"):
        follow_up_send_now(case=case, user=clinician)
    care_plan_set(case=case, start_of_care=TODAY, user=clinician, today=TODAY)

    follow_up = follow_up_send_now(case=case, user=clinician, today=TODAY)
    with pytest.raises(NotSent, match="still open"):
        follow_up_send_now(case=case, user=clinician, today=TODAY)

    assert (follow_up.months, follow_up.due_date, follow_up.requested_by) == (
        None,
        TODAY,
        clinician,
    )
    assert follow_up.time_point == "Sent by a clinician"
    assert FollowUp.objects.filter(case=case, months__isnull=True).count() == 1


@pytest.mark.django_db
def test_no_follow_up_is_sent_now_without_an_e_mail_address(clinician):
    case = CaseFactory(email="", preferred_contact="phone")
    care_plan_set(case=case, start_of_care=TODAY, user=clinician, today=TODAY)
    with pytest.raises(NotSent, match="by phone"):
        follow_up_send_now(case=case, user=clinician)
