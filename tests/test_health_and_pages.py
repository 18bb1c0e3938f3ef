import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_health_reports_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_health_reports_503_when_the_database_is_unavailable(client, database_unavailable):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_health_refuses_writes(client):
    assert client.post("/healthz").status_code == 405


@override_settings(CLINIC_NAME="Northgate Spine Clinic")
def test_home_page_shows_clinic_name_skip_link_and_both_ways_in(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Northgate Spine Clinic" in html
    assert '<a class="skip-link" href="#main">Skip to main content</a>' in html
    assert 'id="main"' in html
    assert 'lang="en-GB"' in html
    assert 'href="/guide/"' in html
    assert "Start your intake" in html


def test_bootstrap_is_served_from_the_apps_own_static_files(client):
    html = client.get("/").content.decode()
    assert "/static/bootstrap/css/bootstrap.min.css" in html
    assert "cdn" not in html.lower()


def test_unknown_page_gets_a_friendly_404_in_the_site_look(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We could not find that page" in html
    assert "Skip to main content" in html


def test_server_error_page_uses_the_site_look_without_a_stack_trace(rf):
    from fbss.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, something went wrong" in html
    assert "Traceback" not in html


def test_the_favicon_is_served_from_the_apps_own_static_files(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/favicon.svg"
    assert '<link rel="icon" href="/static/favicon.svg"' in client.get("/").content.decode()


def test_a_form_posted_without_its_security_token_gets_a_friendly_page(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/intake/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Please try that again" in html and "Skip to main content" in html


def test_a_bad_request_gets_a_friendly_page(patient):
    patient.start()
    patient.client.raise_request_exception = False
    response = patient.client.post("/intake/about/", {"intake_wizard-current_step": "nowhere"})
    assert response.status_code == 400
    assert "Something was wrong with that request" in response.content.decode()


def test_staff_without_access_get_a_friendly_403(editor_client):
    response = editor_client.get("/admin/intake/case/")

    assert response.status_code == 403
    html = response.content.decode()
    assert "You cannot open this page" in html
    assert "ask an administrator" in html
    assert 'href="/guide/"' in html and "Skip to main content" in html
    assert "Forbidden" not in html and "Traceback" not in html
