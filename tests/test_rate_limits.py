"""The public intake is rate limited per client address; reading the guide is not."""

import pytest
from django.test import Client

from intake.models import Draft
from tests.conftest import valid_steps

pytestmark = pytest.mark.django_db


def test_starting_drafts_is_limited_with_a_friendly_429(client, settings):
    settings.INTAKE_RATE_START = "3/h"
    statuses = [client.post("/intake/").status_code for _ in range(5)]
    assert statuses == [302, 302, 302, 429, 429]
    assert Draft.objects.count() == 3
    page = client.post("/intake/")
    assert "Please wait a moment" in page.content.decode()
    assert client.get("/intake/").status_code == 200  # reading the start page is not limited


def test_limits_count_per_client_address(client, settings):
    settings.INTAKE_RATE_START = "1/h"
    assert client.post("/intake/", REMOTE_ADDR="10.0.0.1").status_code == 302
    assert client.post("/intake/", REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.post("/intake/", REMOTE_ADDR="10.0.0.2").status_code == 302


def test_behind_a_proxy_the_forwarded_address_counts_and_cannot_be_forged(client, settings):
    settings.INTAKE_RATE_START = "1/h"
    settings.PROXY_COUNT = 1
    first = {"REMOTE_ADDR": "10.9.9.9", "HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    assert client.post("/intake/", **first).status_code == 302
    forged = {"REMOTE_ADDR": "10.9.9.9", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.5"}
    assert client.post("/intake/", **forged).status_code == 429
    other = {"REMOTE_ADDR": "10.9.9.9", "HTTP_X_FORWARDED_FOR": "203.0.113.6"}
    assert client.post("/intake/", **other).status_code == 302


def test_posting_steps_is_limited(patient, settings):
    settings.INTAKE_RATE_STEP = "2/h"
    patient.start()
    about = valid_steps()["about"]
    assert [patient.post("about", about).status_code for _ in range(3)] == [302, 302, 429]


def test_trying_resume_links_is_limited(client, settings):
    settings.INTAKE_RATE_RESUME = "2/h"
    statuses = [client.get(f"/intake/resume/{'a' * 43}{n}/").status_code for n in range(3)]
    assert statuses == [404, 404, 429]


def test_reading_the_guide_is_never_limited(client, settings):
    settings.INTAKE_RATE_START = settings.INTAKE_RATE_STEP = settings.INTAKE_RATE_RESUME = "1/h"
    assert all(client.get("/guide/").status_code == 200 for _ in range(30))


def test_resume_links_and_tokens_posted_with_a_step_share_one_limit(client, settings):
    settings.INTAKE_RATE_RESUME = "3/h"
    settings.INTAKE_RATE_STEP = "600/h"
    guesses = [client.get(f"/intake/resume/{'a' * 43}{n}/").status_code for n in range(2)]
    posted = [
        Client().post("/intake/about/", {"resume_token": f"{'b' * 43}{n}"}).status_code
        for n in range(2)
    ]
    assert guesses == [404, 404]
    assert posted == [302, 429]  # the third check of a token is the last allowed
    assert client.get(f"/intake/resume/{'c' * 44}/").status_code == 429


def test_a_patient_whose_session_ended_continues_with_the_posted_token(patient, settings):
    settings.INTAKE_RATE_RESUME = "1/h"
    patient.start()
    token = patient.token
    patient.client.cookies.clear()
    about = {f"about-{k}": v for k, v in valid_steps()["about"].items()}
    data = {**about, "intake_wizard-current_step": "about", "resume_token": token}
    assert patient.client.post("/intake/about/", data).status_code == 302
    assert Draft.objects.get().data["step_data"]["about"]


def test_a_429_says_when_to_try_again(client, settings):
    settings.INTAKE_RATE_START = "1/h"
    client.post("/intake/")
    response = client.post("/intake/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
