"""The printed case summary: a clean page for the paper file, for clinicians only."""

import re

import pytest

from intake.models import AccessKind, CaseAccess
from intake.vocabulary import RED_FLAGS, by_key
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def print_url(case):
    return f"/admin/intake/case/{case.pk}/print/"


def test_print_page_holds_the_summary_and_the_decision(clinician_client):
    case = CaseFactory(
        full_name="Morgan Ellis",
        red_flags=["cancer_history"],
        status="referred",
        pathway="pain_medicine",
        clinician_notes="Refer to the pain clinic.",
    )

    response = clinician_client.get(print_url(case))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Morgan Ellis" in html and case.reference in html
    assert "Urgent" in html and by_key(RED_FLAGS)["cancer_history"].patient in html
    assert "Pattern: Recurred after relief" in html
    assert "Pain medicine" in html and "Refer to the pain clinic." in html
    assert "Printed by Rhian Jones" in html
    assert "Confidential" in html


def test_print_page_has_no_admin_chrome_and_no_inline_script_or_style(clinician_client):
    case = CaseFactory()

    html = clinician_client.get(print_url(case)).content.decode()

    assert 'id="header"' not in html and "Clinic administration" not in html
    assert 'id="nav-sidebar"' not in html
    assert "style=" not in html and "<style" not in html
    assert not re.search(r"<script(?![^>]*\ssrc=)", html)
    assert "admin/css/clinic-print.css" in html


def test_printing_is_recorded(clinician_client, clinician):
    case = CaseFactory()

    clinician_client.get(print_url(case))

    access = CaseAccess.objects.get()
    assert (access.case, access.user, access.kind) == (case, clinician, AccessKind.PRINT)


def test_print_page_is_refused_to_content_editors(editor_client):
    case = CaseFactory()

    response = editor_client.get(print_url(case))

    assert response.status_code == 403
    assert case.full_name not in response.content.decode()
    assert not CaseAccess.objects.exists()


def test_print_page_sends_anonymous_visitors_to_login(client):
    case = CaseFactory()

    response = client.get(print_url(case))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_print_page_for_a_missing_case_is_not_found(clinician_client):
    assert clinician_client.get("/admin/intake/case/999999/print/").status_code == 404


def test_print_page_is_never_cached(clinician_client):
    case = CaseFactory()

    response = clinician_client.get(print_url(case))

    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
