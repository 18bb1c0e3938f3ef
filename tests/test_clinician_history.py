"""Every change to a case is kept with who and when, and can be read from the case page."""

import pytest

from intake.models import AccessKind, CaseAccess
from tests.conftest import sign_in
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def save(client, case, **changes):
    fields = {
        "status": case.status,
        "assigned_to": "",
        "priority": "",
        "pathway": "",
        "closing_reason": "",
        "next_review_date": "",
        "clinician_notes": "",
        "_save": "Save",
        **changes,
    }
    response = client.post(f"/admin/intake/case/{case.pk}/change/", fields)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def test_status_change_is_kept_in_history_with_the_clinician_who_made_it(
    clinician_client, clinician
):
    case = CaseFactory()

    save(clinician_client, case, status="in_review", clinician_notes="Reviewed imaging.")

    latest = case.history.latest()
    assert latest.history_type == "~"
    assert latest.history_user == clinician
    assert latest.status == "in_review"
    assert latest.clinician_notes == "Reviewed imaging."
    previous = latest.prev_record
    assert previous.status == "new"
    changed = {change.field for change in latest.diff_against(previous).changes}
    assert changed == {"status", "clinician_notes"}


def test_each_save_adds_one_history_entry(clinician_client):
    case = CaseFactory()
    before = case.history.count()

    save(clinician_client, case, status="in_review")
    save(clinician_client, case, status="awaiting_information")

    assert case.history.count() == before + 2
    assert [h.status for h in case.history.all()[:2]] == ["awaiting_information", "in_review"]


def test_history_page_shows_who_changed_what(clinician_client):
    case = CaseFactory()
    save(clinician_client, case, status="referred", pathway="scs_assessment")

    response = clinician_client.get(f"/admin/intake/case/{case.pk}/history/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "dr.jones" in html
    assert "<strong>Status:</strong>" in html
    assert "Referred" in html
    assert "<strong>Recommended pathway:</strong>" in html
    assert "Spinal cord stimulation assessment" in html


def test_history_names_the_clinician_without_linking_to_a_user_page_they_cannot_open(
    clinician_client, clinician
):
    case = CaseFactory()
    save(clinician_client, case, status="in_review")

    html = clinician_client.get(f"/admin/intake/case/{case.pk}/history/").content.decode()

    assert "dr.jones" in html
    assert f"/admin/auth/user/{clinician.pk}/change/" not in html


def test_history_names_the_assigned_clinician_rather_than_an_id(clinician_client, clinician):
    case = CaseFactory()
    save(clinician_client, case, assigned_to=str(clinician.pk))

    html = clinician_client.get(f"/admin/intake/case/{case.pk}/history/").content.decode()

    assert "<strong>Assigned clinician:</strong>" in html
    assert "(empty)" in html and "Rhian Jones" in html


def test_reading_the_history_is_recorded_as_an_access(clinician_client, clinician):
    case = CaseFactory()

    clinician_client.get(f"/admin/intake/case/{case.pk}/history/")

    access = CaseAccess.objects.get()
    assert (access.case, access.user, access.kind) == (case, clinician, AccessKind.HISTORY)


def test_a_past_version_can_be_read_but_not_reverted(clinician_client):
    case = CaseFactory()
    save(clinician_client, case, status="in_review")
    first = case.history.earliest()
    url = f"/admin/intake/case/{case.pk}/history/{first.history_id}/"

    read = clinician_client.get(url)
    revert = clinician_client.post(url, {"status": "new", "_change_history": "1"})

    assert read.status_code == 200
    assert revert.status_code == 403
    case.refresh_from_db()
    assert case.status == "in_review"


def history_entries(client, case):
    html = client.get(f"/admin/intake/case/{case.pk}/history/").content.decode()
    return html.split('id="change-history"', 1)[1].split("</table>", 1)[0]


def test_history_names_the_clinician_and_the_patient_who_sent_the_intake(clinician_client):
    case = CaseFactory()
    save(clinician_client, case, status="in_review")

    entries = history_entries(clinician_client, case)

    assert "Rhian Jones (dr.jones)" in entries
    assert "The patient, on the intake form" in entries
    assert "None" not in entries


def test_history_shows_a_reason_only_when_one_was_given(clinician_client):
    case = CaseFactory()
    save(clinician_client, case, status="in_review")

    entries = history_entries(clinician_client, case)

    assert "Change reason" not in entries and "Reason:" not in entries


def test_history_page_has_no_inline_style_for_the_content_security_policy_to_block(
    clinician_client,
):
    case = CaseFactory()

    html = clinician_client.get(f"/admin/intake/case/{case.pk}/history/").content.decode()

    assert "style=" not in html
    assert "1 entry" in html.split('class="paginator"', 1)[1]


def test_history_links_the_person_for_those_who_may_open_user_pages(
    client, clinician_client, clinician, superuser
):
    case = CaseFactory()
    save(clinician_client, case, status="in_review")
    sign_in(client, superuser)

    entries = history_entries(client, case)

    assert f'<a href="/admin/auth/user/{clinician.pk}/change/">' in entries
