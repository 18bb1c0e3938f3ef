"""Every page carries a strict content security policy and the usual security headers."""

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fbss.sessions import REFRESHED_AT

pytestmark = pytest.mark.django_db

PAGES = ["/", "/guide/", "/intake/", "/intake/privacy/", "/admin/login/", "/no-such-page/"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_send_a_strict_content_security_policy(client, path):
    policy = client.get(path)["Content-Security-Policy"]
    directives = dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";") if part.strip()
    )
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"


@pytest.mark.parametrize("path", PAGES)
def test_pages_send_the_usual_security_headers(client, path):
    response = client.get(path)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.parametrize("path", ["/", "/guide/", "/intake/", "/intake/about/"])
def test_public_pages_have_no_inline_script(client, patient, path):
    patient.start()
    html = patient.client.get(path, follow=True).content.decode()
    for chunk in html.split("<script")[1:]:
        tag = chunk.split(">", 1)[0]
        assert "src=" in tag, f"inline script on {path}"
    assert ' style="' not in html


def test_pages_with_patient_data_are_not_cached(patient):
    patient.start()
    response = patient.client.get("/intake/about/")
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def _refresh_due(client):
    """Make the session's once-a-minute refresh due, as a minute after the last one."""
    session = client.session
    session[REFRESHED_AT] = int(time.time()) - settings.SESSION_REFRESH_SECONDS
    session.save()


def test_staff_sessions_end_at_browser_close_and_after_30_minutes_idle(clinician_client):
    _refresh_due(clinician_client)
    response = clinician_client.get("/admin/")
    assert response.status_code == 200
    cookie = response.cookies["sessionid"]
    assert not cookie["max-age"] and not cookie["expires"]  # gone when the browser closes

    session = Session.objects.get()
    idle_limit = session.expire_date - timezone.now()
    assert timedelta(minutes=29) < idle_limit <= timedelta(minutes=30)

    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert clinician_client.get("/admin/").status_code == 302


def test_a_session_in_use_is_kept_alive_with_at_most_one_write_a_minute(clinician_client):
    clinician_client.get("/admin/")
    ends_at = Session.objects.get().expire_date

    with CaptureQueriesContext(connection) as queries:
        assert clinician_client.get("/admin/").status_code == 200
    assert not [query for query in queries if "UPDATE" in query["sql"]]
    assert Session.objects.get().expire_date == ends_at

    _refresh_due(clinician_client)
    Session.objects.update(expire_date=ends_at - timedelta(seconds=60))
    assert clinician_client.get("/admin/").status_code == 200
    idle_limit = Session.objects.get().expire_date - timezone.now()
    assert timedelta(minutes=29) < idle_limit <= timedelta(minutes=30)
