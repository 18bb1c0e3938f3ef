"""
Staff who can reach patient data sign in with a password and a code from an authenticator
app (or a single-use recovery code); content editors may choose to. Every enrolment, reset and
wrong code is recorded, and wrong codes count towards the login lockout.
"""

import re
from base64 import b32encode

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from fbss.twofactor.models import EventKind, SecondFactorEvent
from intake.models import CaseAccess
from tests.conftest import authenticator, current_code, sign_in
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"
CODE_PAGE = "/admin/two-factor/"
SET_UP = "/admin/two-factor/set-up/"


def password(client, user):
    response = client.post(LOGIN, {"username": user.username, "password": "x"})
    assert response.status_code == 302, response
    return response


def give_code(client, code, url=CODE_PAGE):
    return client.post(url, {"code": code, "next": "/admin/"})


def events(kind):
    return SecondFactorEvent.objects.filter(kind=kind)


def set_up_app(client, user):
    """Through the set-up page: the app is confirmed with a code; returns the recovery codes."""
    client.get(SET_UP)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = give_code(client, current_code(device), SET_UP)
    assert response.status_code == 200, response
    return re.findall(r"<li><code>(\w{4} \w{4})</code></li>", response.content.decode())


def test_a_clinician_without_an_app_is_sent_to_set_one_up_and_sees_no_case(client, clinician):
    case = CaseFactory()
    password(client, clinician)

    assert client.get("/admin/")["Location"] == f"{SET_UP}?next=%2Fadmin%2F"
    response = client.get(f"/admin/intake/case/{case.pk}/change/")
    assert response.status_code == 302 and response["Location"].startswith(SET_UP)
    for url in (f"/admin/intake/case/{case.pk}/print/", "/admin/intake/case/export/"):
        assert client.get(url)["Location"].startswith(SET_UP)
    assert client.post(f"/admin/intake/case/{case.pk}/change/", {"status": "closed"})[
        "Location"
    ].startswith(SET_UP)
    assert not CaseAccess.objects.exists()
    case.refresh_from_db()
    assert case.status != "closed"


def test_superusers_need_a_second_factor_too(client, superuser):
    password(client, superuser)
    assert client.get("/admin/auth/user/")["Location"].startswith(SET_UP)


def test_set_up_explains_shows_the_qr_code_and_key_then_the_recovery_codes_once(
    client, clinician, settings
):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a right code straight after a wrong one
    case = CaseFactory()
    password(client, clinician)
    page = client.get(SET_UP)
    html = page.content.decode()
    device = TOTPDevice.objects.get(user=clinician, confirmed=False)
    assert "Your account can open patient records" in html
    assert '<img src="data:image/svg+xml' in html  # drawn by the app: no outside service
    secret = b32encode(device.bin_key).decode()
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in html
    assert "<script" not in html.split("</header>")[-1] and "style=" not in html
    assert client.get(SET_UP).content.decode().count(secret[:4]) == 1  # the same key again

    wrong = give_code(client, "000000" if current_code(device) != "000000" else "111111", SET_UP)
    assert "That code did not work" in wrong.content.decode()

    response = give_code(client, current_code(device), SET_UP)
    codes = re.findall(r"<li><code>(\w{4} \w{4})</code></li>", response.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    assert "shown only this once" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert client.get(f"/admin/intake/case/{case.pk}/change/").status_code == 200
    again = client.get(SET_UP).content.decode()
    assert "Two-factor sign-in is on" in again and codes[0] not in again
    assert events(EventKind.ENROLLED).get().username == clinician.username
    assert events(EventKind.FAILED_CODE).count() == 1


def test_a_right_code_signs_in(client, clinician):
    device = authenticator(clinician)
    password(client, clinician)
    assert client.get("/admin/")["Location"] == f"{CODE_PAGE}?next=%2Fadmin%2F"
    response = give_code(client, current_code(device))
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/intake/case/").status_code == 200


def test_a_wrong_code_fails_is_recorded_and_counts_towards_the_lockout(client, clinician, settings):
    device = authenticator(clinician)
    wrong_code = "000000" if current_code(device) != "000000" else "111111"
    password(client, clinician)
    for attempt in range(1, settings.AXES_FAILURE_LIMIT):
        response = give_code(client, wrong_code)
        assert response.status_code == 200
        assert "That code did not work" in response.content.decode()
        assert AccessAttempt.objects.get(username=clinician.username).failures_since_start == (
            attempt
        )

    locked = give_code(client, wrong_code)
    assert locked.status_code == 429 and "Sign-in temporarily locked" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.post(LOGIN, {"username": clinician.username, "password": "x"}).status_code == 429
    assert events(EventKind.FAILED_CODE).count() == settings.AXES_FAILURE_LIMIT


def test_a_right_password_does_not_wipe_the_count_of_wrong_codes(client, clinician, settings):
    authenticator(clinician)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        password(client, clinician)
        give_code(client, "not-a-code")
        client.post("/admin/logout/")
    password(client, clinician)
    assert give_code(client, "not-a-code").status_code == 429


def test_signing_in_clears_earlier_failures(client, clinician, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = authenticator(clinician)
    client.post(LOGIN, {"username": clinician.username, "password": "wrong"})
    password(client, clinician)
    assert AccessAttempt.objects.exists()
    give_code(client, current_code(device))
    assert not AccessAttempt.objects.exists()


def test_a_recovery_code_works_once(client, clinician, settings):
    settings.OTP_STATIC_THROTTLE_FACTOR = 0  # another code straight after a used one
    password(client, clinician)
    codes = set_up_app(client, clinician)
    client.post("/admin/logout/")

    password(client, clinician)
    response = give_code(client, codes[0].upper())
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/intake/case/").status_code == 200
    assert events(EventKind.RECOVERY_CODE_USED).get().username == clinician.username
    client.post("/admin/logout/")

    password(client, clinician)
    assert "That code did not work" in give_code(client, codes[0]).content.decode()
    assert give_code(client, codes[1].replace(" ", "-"))["Location"] == "/admin/"


def test_an_editor_is_not_forced_and_may_opt_in(client, content_editor):
    password(client, content_editor)
    index = client.get("/admin/")
    assert index.status_code == 200 and "Two-factor sign-in" in index.content.decode()
    assert "Your account can open patient records" not in client.get(SET_UP).content.decode()

    set_up_app(client, content_editor)
    client.post("/admin/logout/")
    password(client, content_editor)
    assert client.get("/admin/education/guidepage/")["Location"].startswith(CODE_PAGE)


def test_a_superuser_resets_a_clinicians_app_and_it_is_recorded(client, clinician, superuser):
    staff = sign_in(Client(), clinician)
    sign_in(client, superuser)
    response = client.post(
        "/admin/auth/user/",
        {"action": "reset_second_factor", "_selected_action": [clinician.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=clinician).exists()
    reset = events(EventKind.RESET).get()
    assert (reset.username, reset.done_by_username) == (clinician.username, superuser.username)
    assert staff.get("/admin/intake/case/")["Location"].startswith(SET_UP)

    record = client.get("/admin/twofactor/secondfactorevent/").content.decode()
    assert clinician.username in record and "Devices reset" in record


def test_only_superusers_reset_or_read_the_record(clinician_client, clinician):
    response = clinician_client.post(
        "/admin/auth/user/",
        {"action": "reset_second_factor", "_selected_action": [clinician.pk]},
    )
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=clinician).exists()
    assert clinician_client.get("/admin/twofactor/secondfactorevent/").status_code == 403
