"""
An operation's date as exactly as the patient knows it: the month, the year, roughly the year,
or not at all; the recency rules count from the latest it can have been.
"""

import csv
import io
from datetime import date

import pytest
from django.utils import timezone

from intake import clinical
from intake.models import Case
from tests.conftest import valid_steps
from tests.factories import CaseFactory, operation_data

TODAY = date(2026, 3, 15)


@pytest.mark.parametrize(
    ("year", "month", "precision", "latest"),
    [
        (2024, 6, "month", (2024, 6)),
        (2026, 3, "month", (2026, 3)),
        # a year alone: the December of that year, never later than this month
        (2024, None, "year", (2024, 12)),
        (2025, None, "year", (2025, 12)),
        (2026, None, "year", (2026, 3)),
        # about a year: a guess may be a year out
        (2023, None, "about", (2024, 12)),
        (2025, None, "about", (2026, 3)),
        (None, None, "unknown", None),
    ],
)
def test_the_latest_month_an_operation_can_have_been_in(year, month, precision, latest):
    assert clinical.latest_possible_month(year, month, precision, TODAY) == latest


def test_the_latest_possible_month_knows_only_the_precisions_asked():
    with pytest.raises(ValueError):
        clinical.latest_possible_month(2020, None, "roughly", TODAY)


@pytest.mark.parametrize(
    ("dates", "months", "recent"),
    [
        ([(2025, 12, "month")], 3, False),
        ([(2026, 1, "month")], 2, True),
        # this year, month not known: it may have been this month
        ([(2026, None, "year")], 0, True),
        ([(2025, None, "year")], 3, False),
        # "about last year" may be this year
        ([(2025, None, "about")], 0, True),
        ([(2024, None, "about")], 3, False),
        ([(None, None, "unknown")], None, False),
        # an operation with no date does not hide a recent one
        ([(2026, 2, "month"), (None, None, "unknown")], 1, True),
        ([(None, None, "unknown"), (2019, 5, "month")], 82, False),
        ([(2019, 5, "month"), (2026, None, "year"), (2020, 1, "month")], 0, True),
    ],
)
def test_recency_counts_from_the_latest_any_operation_can_have_been(dates, months, recent):
    since = clinical.months_since_last_operation(dates, TODAY)
    assert since == months
    assert clinical.is_recent_operation(since) is recent


@pytest.mark.parametrize(
    ("dates", "order"),
    [
        ([(2016, 6, "month"), (2021, 3, "month")], [0, 1]),
        ([(2021, 3, "month"), (2016, 6, "month")], [1, 0]),
        # same month: the one listed later is later
        ([(2021, 3, "month"), (2021, 3, "month")], [0, 1]),
        # a year alone comes before the months of that year
        ([(2021, 3, "month"), (2021, None, "year")], [1, 0]),
        ([(2019, None, "about"), (2018, 2, "month")], [1, 0]),
        # no date: stays where it was listed, just after the one listed before it
        ([(2016, 6, "month"), (None, None, "unknown")], [0, 1]),
        ([(None, None, "unknown"), (2016, 6, "month")], [0, 1]),
        ([(2021, 1, "month"), (None, None, "unknown"), (2016, 6, "month")], [2, 0, 1]),
        ([(None, None, "unknown"), (None, None, "unknown")], [0, 1]),
    ],
)
def test_operations_in_time_order(dates, order):
    assert clinical.chronological_order(dates) == order


# Through the intake and the clinician's screens

OPERATING_TEAM = "Your operation was less than 3 months ago"


def operations(*rows):
    """The operations page as posted: one dict of fields per operation."""
    posted = {"TOTAL_FORMS": str(len(rows)), "INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        fields = {"procedure": "discectomy", "levels": ["L4-L5"], "relief": "none", **row}
        posted.update({f"{index}-{name}": value for name, value in fields.items()})
    return posted


def send(patient, *rows, **step_changes):
    steps = valid_steps(**step_changes)
    steps["operations"] = operations(*rows)
    response = patient.complete(steps)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Case.objects.get()


@pytest.mark.django_db
def test_a_patient_gives_each_date_as_exactly_as_they_know_it(patient):
    case = send(
        patient,
        {"date_precision": "month", "month": "6", "year": "2016"},
        {"date_precision": "year", "year": "2018"},
        {"date_precision": "about", "year": "2020"},
        {"date_precision": "unknown"},
    )

    stored = [(op.date_precision, op.year, op.month) for op in case.operations.order_by("pk")]
    assert stored == [
        ("month", 2016, 6),
        ("year", 2018, None),
        ("about", 2020, None),
        ("unknown", None, None),
    ]


@pytest.mark.django_db
def test_the_review_page_reads_each_date_back_as_the_patient_gave_it(patient):
    patient.start()
    for step, fields in list(valid_steps().items())[:2]:
        patient.post(step, fields)
    patient.post(
        "operations",
        operations(
            {"date_precision": "month", "month": "6", "year": "2016"},
            {"date_precision": "year", "year": "2018"},
            {"date_precision": "about", "year": "2020"},
            {"date_precision": "unknown"},
        ),
    )
    html = patient.client.get("/intake/review/").content.decode()

    for when in ("June 2016 ·", "2018 ·", "About 2020 ·", "Date not known ·"):
        assert when in html


@pytest.mark.django_db
def test_a_month_or_year_given_where_it_does_not_apply_is_ignored(patient):
    case = send(
        patient,
        {"date_precision": "year", "month": "6", "year": "2016"},
        {"date_precision": "unknown", "month": "3", "year": "2019"},
    )

    stored = [(op.year, op.month) for op in case.operations.order_by("pk")]
    assert stored == [(2016, None), (None, None)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ({"year": "2016"}, "date_precision", "Say when this operation was"),
        ({"date_precision": "month", "year": "2016"}, "month", "Choose the month"),
        ({"date_precision": "year"}, "year", "Enter the year of this operation."),
        ({"date_precision": "about"}, "year", "Enter the year of this operation."),
    ],
)
def test_what_the_patient_said_they_know_is_asked_for(patient, row, field, message):
    patient.start()
    patient.post("about", valid_steps()["about"])
    response = patient.post("operations", operations(row))

    assert response.status_code == 200
    error = response.content.decode().split(f'id="id_operations-0-{field}_error"', 1)[1]
    assert message in error.split("</p>", 1)[0]


@pytest.mark.django_db
def test_an_operation_this_year_with_the_month_not_known_counts_as_recent(patient):
    this_year = str(timezone.localdate().year)
    case = send(patient, {"date_precision": "year", "year": this_year})

    assert case.months_since_last_operation == 0
    assert case.triage_level == "urgent"
    assert OPERATING_TEAM in patient.client.get("/intake/sent/").content.decode()


@pytest.mark.django_db
def test_with_no_date_known_the_recency_rules_do_not_apply(patient):
    case = send(patient, {"date_precision": "unknown"}, safety={"fever_or_unwell": "yes"})

    assert case.months_since_last_operation is None
    assert case.triage_level == "urgent"


@pytest.mark.django_db
def test_the_safety_instruction_follows_the_dates_as_they_are_changed(patient):
    this_year = str(timezone.localdate().year)
    patient.start()
    patient.post("about", valid_steps()["about"])
    patient.post("safety", valid_steps()["safety"])

    patient.post("operations", operations({"date_precision": "year", "year": this_year}))
    assert OPERATING_TEAM in patient.client.get("/intake/pain/").content.decode()

    patient.post("operations", operations({"date_precision": "unknown"}))
    assert OPERATING_TEAM not in patient.client.get("/intake/pain/").content.decode()


@pytest.fixture
def case_with_every_kind_of_date():
    return CaseFactory(
        operations=[
            operation_data(date_precision="month", year=2014, month=2),
            operation_data(date_precision="year", year=2016, month=None),
            operation_data(date_precision="about", year=2019, month=None),
            operation_data(date_precision="unknown", year=None, month=None),
        ]
    )


WORDS = ["February 2014", "2016 (year only)", "2019 (approximate year)", "Date not known"]


@pytest.mark.django_db
@pytest.mark.parametrize("view", ["change", "print"])
def test_the_clinician_sees_how_exact_each_date_is(
    clinician_client, case_with_every_kind_of_date, view
):
    case = case_with_every_kind_of_date
    html = clinician_client.get(f"/admin/intake/case/{case.pk}/{view}/").content.decode()

    positions = [html.index(words) for words in WORDS]
    assert positions == sorted(positions)


@pytest.mark.django_db
def test_the_export_says_how_exact_each_date_is(clinician_client, case_with_every_kind_of_date):
    case = case_with_every_kind_of_date
    response = clinician_client.post(
        "/admin/intake/case/", {"action": "export_csv", "_selected_action": [case.pk]}
    )
    body = b"".join(response.streaming_content).decode("utf-8").removeprefix("\ufeff")
    row = next(csv.DictReader(io.StringIO(body)))

    assert row["operation dates"] == "; ".join(WORDS)


@pytest.mark.django_db
def test_a_case_with_no_operation_date_known_says_so(clinician_client):
    case = CaseFactory(operations=[operation_data(date_precision="unknown", year=None, month=None)])
    html = clinician_client.get(f"/admin/intake/case/{case.pk}/change/").content.decode()
    listing = clinician_client.get("/admin/intake/case/").content.decode()

    assert case.months_since_last_operation is None
    assert "Operations (1; no date known)" in html
    assert "not known" in listing
