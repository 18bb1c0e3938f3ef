"""
The case page's follow-ups: the start of care, what is due, sent, answered or overdue, and each
measure over time as a chart with the same figures in a table, with the change category at
each time point against the intake.
"""

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from intake.clinical import add_months
from intake.models import AccessKind, CaseAccess
from outcomes import services
from outcomes.charts import line_chart, share_chart
from outcomes.models import CarePlan, FollowUp, Status
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def answered(case, months, **answers):
    plan = CarePlan.objects.get(case=case)
    due = add_months(plan.start_of_care, months)
    values = {
        "back_pain_average": 6,
        "leg_pain_average": 6,
        "peg_enjoyment": 5,
        "peg_activity": 5,
        "work_status": "working",
        "global_change": "a_little_better",
        **answers,
    }
    FollowUp.objects.filter(case=case, months=months).update(
        **services.scores(case, values),
        status=Status.ANSWERED,
        token_hash=f"{months:064d}",
        invited_at=timezone.now() - timedelta(days=3),
        expires_at=timezone.now() + timedelta(days=57),
        answered_at=timezone.make_aware(timezone.datetime(due.year, due.month, due.day, 12)),
        triage_level="routine",
    )


@pytest.fixture
def followed_case(clinician):
    case = CaseFactory(back_pain_average=8, leg_pain_average=6, peg_enjoyment=6, peg_activity=4)
    start = add_months(timezone.localdate(), -13)
    services.care_plan_set(case=case, start_of_care=start, user=clinician, today=start)
    answered(case, 3, back_pain_average=4)  # 8 -> 4: improved
    answered(case, 12, back_pain_average=9, leg_pain_average=9)  # worse
    return case


def section(page):
    return page[
        page.index('id="follow-ups"') : page.index("</section>", page.index('id="follow-ups"'))
    ]


def test_the_case_page_shows_each_time_point_with_its_change(clinician_client, followed_case):
    page = clinician_client.get(f"/admin/intake/case/{followed_case.pk}/change/").content.decode()
    follow_ups = section(page)

    rows = re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</tr>", follow_ups, re.S)
    figures = [row for row in rows if "Intake" in row or "months <span" in row]
    intake, three, twelve = figures
    assert "<td>8</td>" in intake and "Improved" not in intake
    assert '<td>4: <span class="category-improved">Improved</span></td>' in three
    assert '<td>9: <span class="category-worse">Worse</span></td>' in twelve
    assert '<span class="category-worse">Worse</span>' in twelve.split("</td>")[1]  # leg 6 -> 9
    assert "A little better" in three


def test_the_case_page_says_what_is_due_sent_answered_or_overdue(clinician_client, followed_case):
    FollowUp.objects.filter(case=followed_case, months=24).update(
        due_date=timezone.localdate() - timedelta(days=2)
    )
    page = section(
        clinician_client.get(f"/admin/intake/case/{followed_case.pk}/change/").content.decode()
    )
    assert page.count("<td>Answered</td>") == 2
    assert '<td>Due <span class="follow-up-overdue">(overdue)</span></td>' in page


def test_each_measure_is_a_chart_under_the_content_security_policy(clinician_client, followed_case):
    response = clinician_client.get(f"/admin/intake/case/{followed_case.pk}/change/")
    follow_ups = section(response.content.decode())
    charts = re.findall(r"<svg.*?</svg>", follow_ups, re.S)
    assert len(charts) == 3  # back, leg, PEG; no ODI was asked
    assert all('role="img"' in chart and "<title" in chart for chart in charts)
    assert "style=" not in follow_ups and "<script" not in follow_ups
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "<circle" in charts[0] and charts[0].count("<circle") == 3  # intake, 3 and 12 months


@pytest.mark.parametrize(
    ("template", "chart"),
    [
        (
            "outcomes/charts/line.html",
            line_chart(key="back", title="Back pain", top=10, points=[(0, 7, "intake")]),
        ),
        (
            "outcomes/charts/shares.html",
            share_chart(
                key="back",
                title="Back pain",
                bars=[
                    (
                        "Surgery, 3 months",
                        SimpleNamespace(
                            shares={"improved": 33.3, "same": 33.3, "worse": 33.4}, n=3
                        ),
                    )
                ],
                labels={"improved": "Improved", "same": "No change", "worse": "Worse"},
            ),
        ),
    ],
    ids=["line", "shares"],
)
def test_chart_coordinates_are_written_as_svg_reads_them_in_any_language(template, chart):
    """A language whose decimal mark is a comma must not turn 44.4 into "44,4"."""
    with translation.override("de"):
        drawing = render_to_string(template, {"chart": chart})

    numbers = re.findall(r' (?:c?[xy][12]?|width|height)="([^"]*)"', drawing)
    assert any("." in number for number in numbers)
    assert not [number for number in numbers if "," in number]


def test_the_page_is_recorded_once_as_ever(clinician_client, clinician, followed_case):
    clinician_client.get(f"/admin/intake/case/{followed_case.pk}/change/")
    access = CaseAccess.objects.get()
    assert (access.case, access.user, access.kind) == (
        followed_case,
        clinician,
        AccessKind.CASE_PAGE,
    )


def test_a_clinician_sets_the_start_of_care_and_sends_one_now(clinician_client, clinician):
    case = CaseFactory()
    page = clinician_client.get(f"/admin/intake/case/{case.pk}/change/").content.decode()
    assert "No start of care yet" in page

    start = timezone.localdate() - timedelta(days=7)
    response = clinician_client.post(
        f"/admin/outcomes/careplan/{case.pk}/start/", {"start_of_care": start.isoformat()}
    )
    assert response.status_code == 302 and response["Location"].endswith("#follow-ups")
    plan = CarePlan.objects.get(case=case)
    assert (plan.start_of_care, plan.set_by) == (start, clinician)
    assert FollowUp.objects.filter(case=case).count() == 3

    clinician_client.post(f"/admin/outcomes/careplan/{case.pk}/send-now/")
    clinician_client.post(f"/admin/outcomes/careplan/{case.pk}/send-now/")
    assert FollowUp.objects.filter(case=case, months__isnull=True).count() == 1
    page = clinician_client.get(f"/admin/intake/case/{case.pk}/change/").content.decode()
    assert "Sent by a clinician" in page
    assert "still open for this patient" in page


def test_a_wrong_start_of_care_is_refused_with_a_message(clinician_client):
    case = CaseFactory()
    response = clinician_client.post(
        f"/admin/outcomes/careplan/{case.pk}/start/", {"start_of_care": "1999-01-01"}, follow=True
    )
    assert "ten years ago" in response.content.decode()
    assert not CarePlan.objects.exists()


def test_the_forms_post_only(clinician_client):
    case = CaseFactory()
    for action in ("start", "send-now", "opt-out"):
        assert (
            clinician_client.get(f"/admin/outcomes/careplan/{case.pk}/{action}/").status_code == 405
        )
