"""Only Clinicians and superusers reach intake records; everyone else is kept out."""

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command

from intake.models import Case, CaseAccess
from tests.conftest import sign_in
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def case_urls(case):
    base = f"/admin/intake/case/{case.pk}"
    return [
        "/admin/intake/case/",
        f"{base}/change/",
        f"{base}/history/",
        f"{base}/print/",
    ]


def test_content_editor_sees_no_intake_in_the_admin_index(editor_client):
    html = editor_client.get("/admin/").content.decode()

    assert "/admin/intake/" not in html
    assert "Patient intake" not in html


def test_content_editor_gets_403_on_every_intake_page(editor_client):
    case = CaseFactory()
    version = case.history.latest().history_id
    for url in [
        *case_urls(case),
        f"/admin/intake/case/{case.pk}/history/{version}/",
        "/admin/intake/caseaccess/",
    ]:
        assert editor_client.get(url).status_code == 403, url
    # The app's own index page is not there at all for them.
    assert editor_client.get("/admin/intake/").status_code == 404


def test_content_editor_cannot_export_or_change_a_case(editor_client):
    case = CaseFactory()
    export = editor_client.post(
        "/admin/intake/case/", {"action": "export_csv", "_selected_action": [case.pk]}
    )
    change = editor_client.post(f"/admin/intake/case/{case.pk}/change/", {"status": "closed"})

    assert export.status_code == 403
    assert change.status_code == 403
    assert not CaseAccess.objects.exists()
    case.refresh_from_db()
    assert case.status == "new"


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    case = CaseFactory()
    for url in case_urls(case):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), url


def test_clinician_sees_cases_in_the_admin_index(clinician_client):
    html = clinician_client.get("/admin/").content.decode()

    assert "/admin/intake/case/" in html


def test_clinician_sees_neither_audit_records_nor_licensed_questionnaires(clinician_client):
    html = clinician_client.get("/admin/").content.decode()

    assert "/admin/intake/caseaccess/" not in html
    assert "/admin/intake/instrument/" not in html
    for url in [
        "/admin/intake/caseaccess/",
        "/admin/intake/caseexport/",
        "/admin/intake/instrument/",
    ]:
        assert clinician_client.get(url).status_code == 403, url


def test_superuser_reads_every_intake_page_and_the_audit_records(client, superuser):
    sign_in(client, superuser)
    case = CaseFactory()
    for url in [
        *case_urls(case),
        "/admin/intake/caseaccess/",
        "/admin/intake/caseexport/",
        "/admin/intake/instrument/",
    ]:
        assert client.get(url).status_code == 200, url


def test_audit_records_cannot_be_added_changed_or_deleted_even_by_a_superuser(
    client, superuser, clinician_client
):
    case = CaseFactory()
    clinician_client.get(f"/admin/intake/case/{case.pk}/change/")
    access = CaseAccess.objects.get()
    sign_in(client, superuser)

    assert client.get("/admin/intake/caseaccess/add/").status_code == 403
    assert client.post(f"/admin/intake/caseaccess/{access.pk}/delete/").status_code == 403
    client.post(f"/admin/intake/caseaccess/{access.pk}/change/", {"username": "someone"})
    access.refresh_from_db()
    assert access.username == "dr.jones"


def test_staff_user_with_only_view_permission_cannot_export(client, django_user_model):
    viewer = django_user_model.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_case"))
    sign_in(client, viewer)
    case = CaseFactory()

    page = client.get("/admin/intake/case/").content.decode()
    response = client.post(
        "/admin/intake/case/", {"action": "export_csv", "_selected_action": [case.pk]}
    )

    assert "export_csv" not in page
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


def test_nobody_adds_a_case_in_the_admin(client, superuser):
    sign_in(client, superuser)

    assert client.get("/admin/intake/case/add/").status_code == 403


def test_demo_clinician_sees_the_demo_cases_in_triage_order(client, settings):
    from io import StringIO

    from django.contrib.auth import get_user_model

    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    sign_in(client, get_user_model().objects.get(username="clinician"))

    response = client.get("/admin/intake/case/")

    shown = [case.reference for case in response.context["cl"].result_list]
    assert shown == list(Case.objects.triage_queue().values_list("reference", flat=True))
    assert len(shown) == 20
    editor = get_user_model().objects.get(username="editor")
    sign_in(client, editor)
    assert client.get("/admin/intake/case/").status_code == 403
