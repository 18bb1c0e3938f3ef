"""
FHIR from the admin: a case's Bundle from its page, the selected cases or a range of days as
NDJSON. Clinicians only, every export recorded, and the bulk export's queries flat in the
number of cases.
"""

import json
from datetime import date, datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle

from intake.models import AccessKind, CaseAccess, CaseExport, ExportFormat
from tests.factories import CaseFactory, operation_data

pytestmark = pytest.mark.django_db

LIST = "/admin/intake/case/"
RANGE = "/admin/intake/case/fhir-export/"


def case_url(case):
    return f"/admin/intake/case/{case.pk}/fhir/"


def ndjson(response):
    """The NDJSON body, each line parsed and validated with the library's model for it."""
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+ndjson"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].endswith('.fhir.ndjson"')
    body = b"".join(response.streaming_content).decode()
    assert body.endswith("\n")
    resources = []
    for line in body.splitlines():
        data = json.loads(line)
        resources.append(get_fhir_model_class(data["resourceType"]).model_validate(data))
    return resources


def export_selected(client, cases):
    return client.post(LIST, {"action": "export_fhir", "_selected_action": [c.pk for c in cases]})


def sent_on(day, **kwargs):
    moment = timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=12))
    return CaseFactory(submitted_at=moment, **kwargs)


# One case, from its page


def test_the_case_page_offers_the_fhir_download(clinician_client):
    case = CaseFactory()

    page = clinician_client.get(f"/admin/intake/case/{case.pk}/change/").content.decode()

    assert "Download as FHIR (JSON)" in page and case_url(case) in page


def test_a_case_downloads_as_a_valid_bundle_and_is_recorded(clinician_client, clinician):
    case = CaseFactory(red_flags=["wound_problem"])

    response = clinician_client.get(case_url(case))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"] == (
        f'attachment; filename="case-{case.reference}.fhir.json"'
    )
    bundle = Bundle.model_validate_json(response.content)
    assert bundle.type == "collection" and bundle.identifier.value == case.reference
    export = CaseExport.objects.get()
    assert (export.user, export.format, export.case_count, export.references) == (
        clinician,
        ExportFormat.FHIR_JSON,
        1,
        [case.reference],
    )
    assert export.with_notes  # the patient's own words go with it
    access = CaseAccess.objects.get()
    assert (access.case, access.user, access.kind) == (case, clinician, AccessKind.FHIR)


def test_a_case_download_is_refused_to_editors_and_the_signed_out(editor_client, client):
    case = CaseFactory()

    assert editor_client.get(case_url(case)).status_code == 403
    editor_client.logout()
    response = client.get(case_url(case))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not CaseExport.objects.exists() and not CaseAccess.objects.exists()


def test_a_case_download_of_no_case_is_not_found_and_not_recorded(clinician_client):
    assert clinician_client.get("/admin/intake/case/999999/fhir/").status_code == 404
    assert clinician_client.post(case_url(CaseFactory())).status_code == 405
    assert not CaseExport.objects.exists()


# Selected cases, from the triage list


def test_selected_cases_export_as_ndjson_one_valid_resource_a_line(clinician_client, clinician):
    cases = [
        CaseFactory(red_flags=["saddle_numbness"], odi_answers=[2] * 10),
        CaseFactory(operations=[operation_data(), operation_data(year=2022)]),
        CaseFactory(full_name="Not Selected"),
    ]

    resources = ndjson(export_selected(clinician_client, cases[:2]))

    patients = [r for r in resources if r.get_resource_type() == "Patient"]
    assert [p.name[0].text for p in patients] == [cases[0].full_name, cases[1].full_name]
    kinds = [r.get_resource_type() for r in resources]
    assert kinds.count("QuestionnaireResponse") == 2
    assert kinds.count("Procedure") == 3 and kinds.count("Flag") == 1
    export = CaseExport.objects.get()
    assert (export.user, export.format, export.case_count) == (
        clinician,
        ExportFormat.FHIR_NDJSON,
        2,
    )
    assert sorted(export.references) == sorted(c.reference for c in cases[:2])


def test_each_cases_resources_refer_to_its_own_patient(clinician_client):
    cases = [CaseFactory(), CaseFactory()]

    resources = ndjson(export_selected(clinician_client, cases))

    patient_ids, current = {r.id for r in resources if r.get_resource_type() == "Patient"}, None
    assert len(patient_ids) == 2
    for resource in resources:
        if resource.get_resource_type() == "Patient":
            current = f"Patient/{resource.id}"
        else:
            assert resource.subject.reference == current


def test_the_fhir_action_is_refused_to_editors(editor_client):
    case = CaseFactory()

    response = export_selected(editor_client, [case])

    assert response.status_code == 403
    assert not CaseExport.objects.exists()


# A range of days


def test_the_list_links_to_the_export_by_dates(clinician_client):
    page = clinician_client.get(LIST).content.decode()

    assert RANGE in page and "Export dates as FHIR" in page


def test_the_range_form_starts_at_last_month(clinician_client):
    response = clinician_client.get(RANGE)

    assert response.status_code == 200
    form = response.context["form"]
    first, last = form.initial["first_day"], form.initial["last_day"]
    assert first.day == 1 and (last.month % 12) + 1 == timezone.localdate().month
    assert not CaseExport.objects.exists()


def test_a_range_of_days_exports_the_cases_sent_in_it(clinician_client):
    before = sent_on(date(2025, 2, 28))
    first = sent_on(date(2025, 3, 1))
    last = sent_on(date(2025, 3, 31))
    after = sent_on(date(2025, 4, 1))

    response = clinician_client.post(RANGE, {"first_day": "2025-03-01", "last_day": "2025-03-31"})

    names = [r.name[0].text for r in ndjson(response) if r.get_resource_type() == "Patient"]
    assert sorted(names) == sorted([first.full_name, last.full_name])
    assert before.full_name not in names and after.full_name not in names
    export = CaseExport.objects.get()
    assert export.format == ExportFormat.FHIR_NDJSON
    assert sorted(export.references) == sorted([first.reference, last.reference])


@pytest.mark.parametrize(
    ("days", "message"),
    [
        ({"first_day": "2025-03-01", "last_day": "2025-03-31"}, "No case was sent on those days."),
        ({"first_day": "2025-03-31", "last_day": "2025-03-01"}, "comes on or after the first"),
        ({"first_day": "not a day", "last_day": ""}, "Enter a valid date."),
    ],
)
def test_a_range_with_nothing_to_export_says_why(clinician_client, days, message):
    sent_on(date(2025, 4, 2))

    response = clinician_client.post(RANGE, days)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CaseExport.objects.exists()


def test_the_range_export_is_refused_to_editors(editor_client):
    sent_on(date(2025, 3, 2))

    assert editor_client.get(RANGE).status_code == 403
    response = editor_client.post(RANGE, {"first_day": "2025-03-01", "last_day": "2025-03-31"})
    assert response.status_code == 403
    assert not CaseExport.objects.exists()


# Queries


def queries_to_export(client, count):
    cases = [
        CaseFactory(
            red_flags=["cancer_history"],
            operations=[operation_data(), operation_data(year=2021)],
        )
        for _ in range(count)
    ]
    cache.clear()  # the list's planner estimate, kept a minute, is worked out afresh each time
    with CaptureQueriesContext(connection) as queries:
        resources = ndjson(export_selected(client, cases))
    assert sum(r.get_resource_type() == "Patient" for r in resources) == count
    return len(queries)


def test_the_bulk_exports_queries_do_not_grow_with_the_number_of_cases(clinician_client):
    few = queries_to_export(clinician_client, 5)
    many = queries_to_export(clinician_client, 50)

    assert many == few, (few, many)
    assert few <= 16
