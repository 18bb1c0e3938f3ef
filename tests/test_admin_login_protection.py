"""The admin login locks out repeated failures, and superusers can see the lockouts."""

import pytest
from axes.models import AccessAttempt

from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"


def attempt(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def test_correct_password_logs_in(client, clinician):
    response = attempt(client, clinician.username, "x")
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_repeated_failures_lock_the_account_with_a_clear_message(client, clinician, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, clinician.username, "wrong").status_code == 200
    locked = attempt(client, clinician.username, "wrong")
    assert locked.status_code == 429
    assert "Sign-in temporarily locked" in locked.content.decode()
    assert int(locked["Retry-After"]) == settings.AXES_COOLOFF_TIME * 3600

    with_right_password = attempt(client, clinician.username, "x")
    assert with_right_password.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_lockout_is_per_account_and_address(client, clinician, content_editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, clinician.username, "wrong")
    assert attempt(client, content_editor.username, "x").status_code == 302


def test_superusers_see_lockouts_and_clinicians_do_not(client, clinician, superuser, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "someone", "wrong")
    assert AccessAttempt.objects.filter(username="someone").exists()

    sign_in(client, superuser)
    page = client.get("/admin/axes/accessattempt/")
    assert page.status_code == 200 and "someone" in page.content.decode()

    sign_in(client, clinician)
    assert client.get("/admin/axes/accessattempt/").status_code == 403


def test_behind_a_proxy_one_attacker_cannot_lock_out_a_clinician_elsewhere(
    client, clinician, settings
):
    settings.PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            LOGIN,
            {"username": clinician.username, "password": "wrong"},
            HTTP_X_FORWARDED_FOR="198.51.100.66",
            **proxy,
        )
    from django.test import Client

    clinic = Client()
    response = clinic.post(
        LOGIN,
        {"username": clinician.username, "password": "x"},
        HTTP_X_FORWARDED_FOR="203.0.113.10",
        **proxy,
    )
    assert response.status_code == 302
    attacker_again = client.post(
        LOGIN,
        {"username": clinician.username, "password": "x"},
        HTTP_X_FORWARDED_FOR="198.51.100.66",
        **proxy,
    )
    assert attacker_again.status_code == 429


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/admin/", "", "javascript:alert(1)"]
)
def test_a_rejected_next_address_lands_on_the_admin_index(client, clinician, next_url):
    response = client.post(
        f"/admin/login/?next={next_url}", {"username": clinician.username, "password": "x"}
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
