"""CSV export of selected cases: scores and pattern, free text only when asked, always recorded."""

import csv
import io

import pytest
from django.db import connection

from intake.exports import safe_cell
from intake.models import CaseExport
from tests.factories import CaseFactory, operation_data

pytestmark = pytest.mark.django_db

URL = "/admin/intake/case/"


def export(client, cases, action="export_csv"):
    response = client.post(URL, {"action": action, "_selected_action": [c.pk for c in cases]})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return response, list(csv.DictReader(io.StringIO(body.removeprefix("\ufeff"))))


@pytest.fixture
def cases():
    return [
        CaseFactory(
            full_name="Morgan Ellis",
            email="morgan@example.com",
            red_flags=["saddle_numbness", "bowel_change"],
            odi_answers=[3] * 10,
            clinician_notes="Seen in ED; discharged.",
            goal="Walk the dog.",
            operations=[
                operation_data(year=2016, procedure="discectomy"),
                operation_data(year=2021, procedure="fusion", relief="none", relief_lasted=""),
            ],
        ),
        CaseFactory(full_name="Sam Turner", pain_site="different"),
        CaseFactory(full_name="Not Selected"),
    ]


def test_export_gives_one_row_per_selected_case_in_triage_order(clinician_client, cases):
    response, rows = export(clinician_client, cases[:2])

    assert [row["reference"] for row in rows] == [cases[0].reference, cases[1].reference]
    assert response["Content-Disposition"].startswith('attachment; filename="cases-')
    assert "no-store" in response["Cache-Control"]


def test_export_includes_scores_pattern_triage_and_counts(clinician_client, cases):
    _, rows = export(clinician_client, cases[:1])

    row = rows[0]
    assert row["triage level"] == "Emergency"
    assert row["red flag count"] == "2"
    assert row["red flags"] == "New saddle numbness; New bowel disturbance"
    assert row["pattern"] == "Never relieved"
    assert row["back pain average"] == "4" and row["leg pain average"] == "5"
    assert row["back pain now"] == "" and row["leg pain worst"] == ""  # earlier intakes only
    assert row["PEG score"] == "5.0"
    assert row["ODI %"] == "60.0"
    assert row["ODI band"] == "Severe disability (41-60%)"
    assert row["operation count"] == "2"
    assert (
        row["procedures"] == "Microdiscectomy or discectomy; Spinal fusion (for example PLIF, TLIF)"
    )
    assert row["status"] == "New"


def test_export_without_notes_leaves_out_free_text_and_contact_details(clinician_client, cases):
    response, rows = export(clinician_client, cases[:1])

    body = "".join(",".join(row.values()) for row in rows) + ",".join(rows[0])
    for private in ("Seen in ED", "Walk the dog", "Morgan Ellis", "morgan@example.com"):
        assert private not in body
    assert "clinician notes" not in rows[0]


def test_export_with_notes_adds_the_free_text(clinician_client, cases):
    _, rows = export(clinician_client, cases[:1], action="export_csv_with_notes")

    assert rows[0]["clinician notes"] == "Seen in ED; discharged."
    assert rows[0]["patient's goal"] == "Walk the dog."


def test_each_export_is_recorded_with_who_how_many_and_which(clinician_client, clinician, cases):
    export(clinician_client, cases[:2])
    export(clinician_client, cases[:1], action="export_csv_with_notes")

    plain, with_notes = CaseExport.objects.order_by("pk")
    assert (plain.user, plain.username, plain.case_count, plain.with_notes) == (
        clinician,
        "dr.jones",
        2,
        False,
    )
    assert sorted(plain.references) == sorted(c.reference for c in cases[:2])
    assert (with_notes.case_count, with_notes.with_notes) == (1, True)


def test_cells_that_a_spreadsheet_would_run_as_formulas_are_defused(clinician_client):
    case = CaseFactory(clinician_notes='=HYPERLINK("http://evil.example","x")', goal="+1-2")

    _, rows = export(clinician_client, [case], action="export_csv_with_notes")

    assert rows[0]["clinician notes"] == '\'=HYPERLINK("http://evil.example","x")'
    assert rows[0]["patient's goal"] == "'+1-2"


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+44 7700", "'+44 7700"),
        ("-3", "'-3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("＝1+1", "'＝1+1"),
        ("＋44 7700", "'＋44 7700"),
        ("－3", "'－3"),
        ("＠SUM(A1)", "'＠SUM(A1)"),
        ("plain text", "plain text"),
        ("a=b", "a=b"),
        (7, 7),
        (4.5, 4.5),
        (None, ""),
        (True, "yes"),
    ],
)
def test_safe_cell(value, cell):
    assert safe_cell(value) == cell


def test_export_is_refused_to_content_editors(editor_client, cases):
    response = editor_client.post(URL, {"action": "export_csv", "_selected_action": [cases[0].pk]})

    assert response.status_code == 403
    assert not CaseExport.objects.exists()


def test_export_of_many_cases_makes_a_fixed_number_of_queries(
    clinician_client, django_assert_max_num_queries
):
    many = [
        CaseFactory(operations=[operation_data(), operation_data(year=2021)]) for _ in range(30)
    ]

    # On PostgreSQL the list the action is posted from asks the planner for its estimate first.
    with django_assert_max_num_queries(15 if connection.vendor == "postgresql" else 14):
        _, rows = export(clinician_client, many)

    assert len(rows) == 30
