"""
Every response that shows a patient's data to the staff records who saw it, when and what.

The pages come from the URL configuration itself (as in test_access_by_role): any page that
shows a patient's name, phone or e-mail address without writing an access record fails here,
so a new page cannot be added without recording its readers.
"""

import secrets

import pytest
from django.test import Client

from intake.models import AccessKind, Case, CaseAccess, CaseExport, Draft
from tests.conftest import sign_in
from tests.factories import CaseFactory
from tests.test_access_by_role import concrete_urls, world  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

CASE_DETAILS = {
    "full_name": "Zebedee Quorndon",
    "phone": "07700 987654",
    "email": "zebedee.quorndon@example.org",
}
UNSENT_NAME = "Ottoline Vexworthy"
MARKERS = [*CASE_DETAILS.values(), UNSENT_NAME]
# Pages that must show patient data, so the search below cannot pass by finding none.
PATIENT_PAGES = {
    "admin:intake_case_changelist",
    "admin:intake_case_change",
    "admin:intake_case_delete",
    "admin:intake_case_history",
    "admin:intake_case_simple_history",
    "admin:intake_case_print",
    "admin:intake_unsentintake_changelist",
    "admin:intake_unsentintake_change",
}


@pytest.fixture
def patients(world):  # noqa: F811 - the fixture imported above
    """The world of test_access_by_role, with patient details that are easy to find."""
    Case.objects.filter(pk=world["case"].pk).update(**CASE_DETAILS)
    Case.history.filter(id=world["case"].pk).update(**CASE_DETAILS)
    unsent = Draft.objects.get(pk=world["ids"]["intake_unsentintake"])
    unsent.data = {"step_data": {"about": {"about-full_name": [UNSENT_NAME]}}}
    unsent.save()
    return world


def shows_patient_data(response):
    body = response.content.decode(errors="replace") if not response.streaming else ""
    return any(marker in body for marker in MARKERS)


def test_every_page_that_shows_patient_data_records_the_reader(patients, client, superuser):
    sign_in(client, superuser)
    showing, unrecorded = set(), []
    for label, path in concrete_urls(patients):
        before = CaseAccess.objects.count()
        response = client.get(path.replace("<str:token>", secrets.token_urlsafe(32)))
        if shows_patient_data(response):
            showing.add(label)
            if CaseAccess.objects.count() == before:
                unrecorded.append(f"{label} {path}")
    assert not unrecorded, "Patient data shown with no access record:\n" + "\n".join(unrecorded)
    assert not PATIENT_PAGES - showing, "these pages no longer show the patient data sought"


def test_a_rejected_post_of_the_case_form_is_recorded(clinician_client, clinician):
    case = CaseFactory(**CASE_DETAILS)
    response = clinician_client.post(
        f"/admin/intake/case/{case.pk}/change/", {"status": "not-a-status"}
    )
    assert response.status_code == 200 and shows_patient_data(response)
    access = CaseAccess.objects.get()
    assert (access.case, access.user, access.kind) == (case, clinician, AccessKind.CASE_PAGE)


def test_the_triage_list_and_its_search_are_recorded_once_per_view_with_the_query(
    clinician_client, clinician
):
    CaseFactory.create_batch(3)
    CaseFactory(**CASE_DETAILS)
    clinician_client.get("/admin/intake/case/")
    clinician_client.get("/admin/intake/case/?q=Quorndon&status__exact=new")

    listed = CaseAccess.objects.order_by("accessed_at", "pk")
    assert [(a.kind, a.query, a.user, a.case) for a in listed] == [
        (AccessKind.TRIAGE_LIST, "", clinician, None),
        (AccessKind.TRIAGE_LIST, "q=Quorndon&status__exact=new", clinician, None),
    ]


def test_an_auditor_finds_who_searched_for_a_patient(clinician_client, superuser):
    clinician_client.get("/admin/intake/case/?q=Quorndon")
    auditor = Client()
    sign_in(auditor, superuser)

    page = auditor.get("/admin/intake/caseaccess/?q=Quorndon").content.decode()

    assert "dr.jones" in page and "q=Quorndon" in page


def test_the_list_of_unsent_intakes_is_recorded(patients, clinician_client, clinician):
    CaseAccess.objects.all().delete()
    response = clinician_client.get("/admin/intake/unsentintake/")
    assert shows_patient_data(response)
    access = CaseAccess.objects.get()
    assert (access.kind, access.user) == (AccessKind.UNSENT_LIST, clinician)


def test_a_redirect_or_an_export_writes_no_list_record(clinician_client):
    case = CaseFactory()
    clinician_client.get("/admin/intake/case/?bogus=1")  # the admin redirects with ?e=1
    clinician_client.post(
        "/admin/intake/case/", {"action": "export_csv", "_selected_action": [case.pk]}
    )
    assert not CaseAccess.objects.exclude(query="e=1").exists()
    assert CaseExport.objects.count() == 1


def test_the_admin_autocomplete_lists_no_cases(clinician_client):
    CaseFactory(**CASE_DETAILS)
    response = clinician_client.get(
        "/admin/autocomplete/",
        {"app_label": "intake", "model_name": "operation", "field_name": "case", "term": "Zeb"},
    )
    assert response.status_code in (403, 404)
    assert not shows_patient_data(response)
