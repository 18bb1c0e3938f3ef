"""
Who may see and change follow-ups (clinicians only; every URL also has its rule in
test_access_by_role), and every read of them recorded: the case page as before, the outcomes
view and its CSV in their own record, with the filters used.
"""

import pytest
from django.test import Client

from intake.models import CaseAccess
from outcomes.models import CarePlan, OutcomesRead
from tests.conftest import sign_in
from tests.factories import CaseFactory, follow_up_sent
from tests.test_access_by_role import concrete_urls, world  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

REPORT = "/admin/outcomes/outcomereport/"
CSV = "/admin/outcomes/outcomereport/csv/"


def test_editors_and_anonymous_visitors_change_no_follow_up(editor_client):
    case = CaseFactory()
    for client, refused in ((editor_client, 403), (Client(), 302)):
        for action in ("start", "send-now", "opt-out"):
            response = client.post(
                f"/admin/outcomes/careplan/{case.pk}/{action}/", {"start_of_care": "2026-01-01"}
            )
            assert response.status_code == refused
    assert not CarePlan.objects.exists()


def test_editors_see_no_outcomes(editor_client):
    assert editor_client.get(REPORT).status_code == 403
    assert editor_client.get(CSV).status_code == 403
    assert "Outcomes by pathway" not in editor_client.get("/admin/").content.decode()
    assert not OutcomesRead.objects.exists()


def test_clinicians_find_the_outcomes_on_the_admin_home(clinician_client):
    page = clinician_client.get("/admin/").content.decode()
    assert "Outcomes by pathway" in page and REPORT in page


def test_every_showing_of_the_outcomes_is_recorded_with_its_filters(clinician_client, clinician):
    follow_up_sent()
    clinician_client.get(REPORT)
    clinician_client.get(REPORT + "?pattern=mixed&start_from=2025-01-01")
    b"".join(clinician_client.get(CSV + "?pattern=mixed").streaming_content)

    reads = OutcomesRead.objects.order_by("read_at", "pk")
    assert [(r.user, r.kind, r.query) for r in reads] == [
        (clinician, "report", ""),
        (clinician, "report", "pattern=mixed&start_from=2025-01-01"),
        (clinician, "csv", "pattern=mixed"),
    ]
    assert not CaseAccess.objects.exists()  # no patient's page was opened


def test_the_outcomes_show_no_names_and_only_superusers_read_the_record(
    world,  # noqa: F811 - the fixture imported above
    clinician_client,
    superuser,
):
    case = world["case"]
    follow_up_sent(case)
    page = clinician_client.get(REPORT).content.decode()
    export = b"".join(clinician_client.get(CSV).streaming_content).decode()
    assert case.full_name not in page + export and case.email not in page + export
    assert case.reference in export
    assert clinician_client.get("/admin/outcomes/outcomesread/").status_code == 403
    auditor = sign_in(Client(), superuser)
    assert "dr.jones" in auditor.get("/admin/outcomes/outcomesread/").content.decode()
