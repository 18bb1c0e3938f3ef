"""
The outcomes view: for each pathway and time point, how many were due and answered and how each
measure changed, against a small set worked out by hand; its filters; its CSV in words; and
a fixed number of queries however many cases there are.
"""

import csv
import io
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from outcomes import services
from outcomes.models import CarePlan, FollowUp, OutcomesRead, Status
from outcomes.reports import filtered, outcomes_by_pathway
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PAST = TODAY - timedelta(days=10)


def follow_up(case, months=3, status=Status.DUE, due=PAST, start=date(2025, 1, 6), **answers):
    CarePlan.objects.get_or_create(case=case, defaults={"start_of_care": start})
    fields = {}
    if status != Status.DUE and status != Status.OPTED_OUT:
        now = timezone.now()
        fields = {
            "token_hash": f"{FollowUp.objects.count():064d}",
            "invited_at": now,
            "expires_at": now + timedelta(days=60),
        }
    if status == Status.ANSWERED:
        values = {
            "peg_enjoyment": 5,
            "peg_activity": 5,
            "work_status": "working",
            "global_change": "much_better",
            **answers,
        }
        fields |= services.scores(case, values)
        fields |= {"answered_at": timezone.now(), "triage_level": "routine"}
    return FollowUp.objects.create(case=case, months=months, due_date=due, status=status, **fields)


@pytest.fixture
def hand_set():
    conservative = {"pathway": "conservative", "back_pain_average": 8, "leg_pain_average": 6}
    a, b, c, d = (CaseFactory(**conservative) for _ in range(4))
    CaseFactory.reset_sequence()
    b.back_pain_average = 6
    b.save()
    follow_up(
        a,
        status=Status.ANSWERED,
        back_pain_average=4,
        leg_pain_average=6,
        peg_enjoyment=3,
        peg_activity=3,
    )
    follow_up(b, status=Status.ANSWERED, back_pain_average=5, leg_pain_average=3)
    follow_up(c, status=Status.SENT)
    follow_up(d, status=Status.OPTED_OUT, start=date(2024, 3, 1))
    e = CaseFactory(pathway="scs_assessment", back_pain_average=5, pain_site="different")
    follow_up(e, status=Status.ANSWERED, back_pain_average=8, leg_pain_average=5)
    follow_up(e, months=12, due=TODAY + timedelta(days=200))
    return a, b, c, d, e


def by_key(rows):
    return {(row.pathway, row.time_point): row for row in rows}


def test_the_outcomes_match_a_set_worked_out_by_hand(hand_set):
    rows = by_key(outcomes_by_pathway(FollowUp.objects.all()))

    assert list(rows) == [
        ("Conservative care and physical therapy", "3 months"),
        ("Spinal cord stimulation assessment", "3 months"),
        ("Spinal cord stimulation assessment", "12 months"),
    ]
    conservative = rows[("Conservative care and physical therapy", "3 months")]
    assert (conservative.due, conservative.answered, conservative.opted_out) == (3, 2, 1)
    assert conservative.response_rate == 67
    back = conservative.measures["back_pain"]  # 8 -> 4 (improved), 6 -> 5 (no change)
    assert (back.n, back.median) == (2, -2.5)
    assert back.shares == {"improved": 50, "no_change": 50, "worse": 0}
    leg = conservative.measures["leg_pain"]  # 6 -> 6 (no change), 6 -> 3 (improved)
    assert (leg.median, leg.shares["improved"]) == (-1.5, 50)
    peg = conservative.measures["peg"]  # 5.0 -> 4.0 (not 30%), 5.0 -> 5.0
    assert (peg.median, peg.shares) == (-0.5, {"improved": 0, "no_change": 100, "worse": 0})
    assert conservative.measures["odi"].n == 0 and conservative.measures["odi"].median is None

    scs = rows[("Spinal cord stimulation assessment", "3 months")]
    assert (scs.due, scs.answered, scs.response_rate) == (1, 1, 100)
    assert scs.measures["back_pain"].median == 3.0
    assert scs.measures["back_pain"].shares["worse"] == 100
    later = rows[("Spinal cord stimulation assessment", "12 months")]
    assert (later.due, later.answered, later.response_rate) == (0, 0, None)


def test_the_filters_by_pattern_and_start_of_care(hand_set):
    recurred = outcomes_by_pathway(filtered(FollowUp.objects.all(), pattern="recurred"))
    assert {row.pathway for row in recurred} == {"Conservative care and physical therapy"}
    since = outcomes_by_pathway(filtered(FollowUp.objects.all(), start_from=date(2025, 1, 1)))
    conservative = by_key(since)[("Conservative care and physical therapy", "3 months")]
    assert conservative.opted_out == 0 and conservative.due == 3
    until = outcomes_by_pathway(filtered(FollowUp.objects.all(), start_to=date(2024, 12, 31)))
    assert [(row.due, row.opted_out) for row in until] == [(0, 1)]


def test_the_view_shows_the_figures_and_records_who_read_them(
    hand_set, clinician_client, clinician
):
    response = clinician_client.get("/admin/outcomes/outcomereport/?pattern=recurred")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Conservative care and physical therapy" in page and "67%" in page
    report = (
        page.split('class="outcomes-report"')[1].split("<!-- END SVGs")[0].split("<svg xmlns")[0]
    )
    assert "-2.5" in report and report.count("<svg") == 4  # a chart per measure
    assert "style=" not in report
    read = OutcomesRead.objects.get()
    assert (read.user, read.kind, read.query) == (clinician, "report", "pattern=recurred")


def test_the_csv_has_one_row_per_case_and_time_point_in_words(hand_set, clinician_client):
    response = clinician_client.get("/admin/outcomes/outcomereport/csv/")
    text = b"".join(response.streaming_content).decode().lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == FollowUp.objects.count() == 6
    a = next(r for r in rows if r["case reference"] == hand_set[0].reference)
    assert a["pathway"] == "Conservative care and physical therapy"
    assert a["recurrence pattern"] == "Recurred after relief"
    assert a["time point"] == "3 months" and a["status"] == "Answered"
    assert a["Back pain, average last week (0-10): intake"] == "8"
    assert a["Back pain, average last week (0-10): follow-up"] == "4"
    assert a["Back pain, average last week (0-10): change"] == "-4"
    assert a["Back pain, average last week (0-10): category"] == "Improved"
    assert a["global impression of change"] == "Much better"
    assert a["work"] == "Working as normal" and a["triage level"] == "Routine"
    assert "no-store" in response["Cache-Control"]
    assert OutcomesRead.objects.get().kind == "csv"


def many(count):
    for _ in range(count):
        case = CaseFactory(pathway="pain_medicine")
        follow_up(case, status=Status.ANSWERED, back_pain_average=3, leg_pain_average=4)
        follow_up(case, months=12, status=Status.SENT)


def queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
        if response.streaming:
            b"".join(response.streaming_content)
        assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "path", ["/admin/outcomes/outcomereport/", "/admin/outcomes/outcomereport/csv/"]
)
def test_a_fixed_number_of_queries_however_many_cases(clinician_client, path):
    many(5)
    few = queries(clinician_client, path + "?pattern=recurred&start_from=2020-01-01")
    many(45)
    cache.clear()  # the figures kept from the first view are not what is measured
    assert queries(clinician_client, path + "?pattern=recurred&start_from=2020-01-01") == few


def test_the_figures_are_kept_until_a_follow_up_changes(
    clinician_client, django_capture_on_commit_callbacks
):
    case = CaseFactory(pathway="pain_medicine")
    follow_up(case)

    def view():
        with CaptureQueriesContext(connection) as captured:
            response = clinician_client.get("/admin/outcomes/outcomereport/")
        read_follow_ups = any('FROM "outcomes_followup"' in q["sql"] for q in captured)
        return response.context["rows"], read_follow_ups

    rows, worked_out = view()
    assert worked_out and (rows[0].due, rows[0].opted_out) == (1, 0)
    rows, worked_out = view()
    assert not worked_out and (rows[0].due, rows[0].opted_out) == (1, 0)

    with django_capture_on_commit_callbacks(execute=True):
        services.opt_out(case=case)
    rows, worked_out = view()
    assert worked_out and (rows[0].due, rows[0].opted_out) == (0, 1)
