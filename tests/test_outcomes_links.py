"""
The follow-up's private link: a wrong link and an expired one get the same page; a link
answered, or of a patient who opted out, says so; every check counts towards the same limit
as the intake's resume links.
"""

import secrets
from datetime import timedelta

import pytest
from django.utils import timezone

from outcomes.models import FollowUp
from tests.factories import follow_up_sent

pytestmark = pytest.mark.django_db


def body(response):
    text = response.content.decode()
    return text.replace(response.wsgi_request.path, "")


def test_a_wrong_and_an_expired_link_get_the_same_page(client):
    follow_up, token = follow_up_sent()
    FollowUp.objects.filter(pk=follow_up.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    expired = client.get(f"/follow-up/{token}/")
    wrong = client.get(f"/follow-up/{secrets.token_urlsafe(32)}/")
    short = client.get("/follow-up/abc/")

    assert expired.status_code == wrong.status_code == short.status_code == 404
    assert body(expired) == body(wrong) == body(short)
    assert "This link does not work" in body(wrong)
    assert "follow_up_token" not in client.session


def test_an_expired_opt_out_link_gets_the_same_page_too(client):
    follow_up, token = follow_up_sent()
    FollowUp.objects.filter(pk=follow_up.pk).update(expires_at=timezone.now())
    expired = client.get(f"/follow-up/{token}/opt-out/")
    wrong = client.get(f"/follow-up/{secrets.token_urlsafe(32)}/opt-out/")
    assert expired.status_code == wrong.status_code == 404
    assert body(expired) == body(wrong)


def test_the_pages_without_a_link_get_the_same_page(client):
    for path in ("/follow-up/answer/pain/", "/follow-up/done/"):
        response = client.get(path)
        assert response.status_code == 404 and "This link does not work" in body(response)


def test_a_link_that_expires_while_answering_stops_working(client):
    follow_up, token = follow_up_sent()
    client.get(f"/follow-up/{token}/")
    FollowUp.objects.filter(pk=follow_up.pk).update(expires_at=timezone.now())
    assert client.get("/follow-up/answer/pain/").status_code == 404


def test_link_checks_count_towards_the_resume_limit(client, settings):
    settings.INTAKE_RATE_RESUME = "3/h"
    for _ in range(3):
        assert client.get(f"/follow-up/{secrets.token_urlsafe(32)}/").status_code == 404
    assert client.get(f"/follow-up/{secrets.token_urlsafe(32)}/").status_code == 429
    assert client.get(f"/intake/resume/{secrets.token_urlsafe(32)}/").status_code == 429


def test_the_token_in_a_link_is_kept_out_of_the_logs():
    from fbss.logging import redact

    token = secrets.token_urlsafe(32)
    assert token not in redact(f"Not Found: /follow-up/{token}/opt-out/")
    assert redact("GET /follow-up/answer/pain/") == "GET /follow-up/answer/pain/"
