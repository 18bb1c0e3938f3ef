"""Nothing a patient types, nor their resume token, reaches the logs, even when things fail."""

import io
import logging

import pytest

from intake import services
from intake.models import Case
from tests.conftest import valid_steps

pytestmark = pytest.mark.django_db

DISTINCTIVE = {
    "name": "Zebedee Quorndon-Xylophane",
    "email": "zebedee.quorndon@example.org",
    "phone": "07700 987654",
    "hospital": "Hospital-Marker-5521",
    "goal": "Goal-Marker-7731 dance at my niece's wedding",
    "birth": "14/09/1961",
}


def distinctive_steps(**changes):
    return valid_steps(
        about={
            "full_name": DISTINCTIVE["name"],
            "email": DISTINCTIVE["email"],
            "phone": DISTINCTIVE["phone"],
            "date_of_birth": DISTINCTIVE["birth"],
        },
        operations={"0-hospital_or_surgeon": DISTINCTIVE["hospital"]},
        treatments={"goal": DISTINCTIVE["goal"]},
        review={"signature_name": DISTINCTIVE["name"]},
        **changes,
    )


def logged_text(caplog, capfd):
    records = "\n".join(
        f"{record.getMessage()} {record.exc_text or ''} {record.args!r}"
        for record in caplog.records
    )
    out, err = capfd.readouterr()
    return "\n".join([records, caplog.text, out, err])


def assert_nothing_distinctive(text, token=None):
    for value in DISTINCTIVE.values():
        assert value not in text
    assert "Quorndon" not in text and "1961-09-14" not in text
    if token:
        assert token not in text


def test_a_full_intake_logs_no_patient_data(patient, caplog, capfd):
    caplog.set_level(logging.DEBUG)
    patient.start()
    token = patient.token
    for step, fields in distinctive_steps().items():
        patient.post(step, fields)
    patient.client.get("/intake/sent/")
    assert Case.objects.get().full_name == DISTINCTIVE["name"]
    assert_nothing_distinctive(logged_text(caplog, capfd), token)


def test_errors_log_no_patient_data_or_tokens(patient, client, caplog, capfd, monkeypatch):
    caplog.set_level(logging.DEBUG)
    steps = distinctive_steps(pain={"back_pain_average": "99"})
    patient.start()
    token = patient.token
    for step in list(steps)[: list(steps).index("pain") + 1]:
        patient.post(step, steps[step])
    patient.client.post("/intake/about/", {"about-full_name": DISTINCTIVE["name"]})  # tampered
    client.get(f"/intake/resume/{token}x/")  # a wrong link is logged as 404

    def fail(*args, **kwargs):
        raise RuntimeError("storage failed")

    monkeypatch.setattr(services, "_create_case", fail)
    patient.client.raise_request_exception = False
    good = distinctive_steps()
    for step in list(good)[list(good).index("pain") :]:
        response = patient.post(step, good[step])
    assert response.status_code == 500

    text = logged_text(caplog, capfd)
    assert "Internal Server Error" in text and "Not Found: /intake/resume/[redacted]/" in text
    assert_nothing_distinctive(text, token)


class MailServerQuotingTheAddress:
    """A mail backend whose error quotes the recipient, as Django's SMTP backend does for an
    address it cannot encode."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ValueError(f'Invalid address "{messages[0].to[0]}"')


def test_the_worker_logs_neither_the_link_nor_the_address(
    patient, settings, caplog, capfd, run_worker
):
    caplog.set_level(logging.DEBUG)
    settings.EMAIL_BACKEND = f"{__name__}.MailServerQuotingTheAddress"
    patient.start()
    patient.post("about", distinctive_steps()["about"])
    run_worker()
    assert "trying again later" in caplog.text
    assert_nothing_distinctive(logged_text(caplog, capfd), patient.token)


@pytest.fixture
def console():
    """What the app's own log handler (the console, in production) writes."""
    (handler,) = (h for h in logging.getLogger().handlers if h.get_name() == "console")
    stream = io.StringIO()
    original = handler.setStream(stream)
    yield stream
    handler.setStream(original)


@pytest.mark.parametrize("logger", ["django_tasks", "django_tasks_db", "intake.tasks", "axes"])
def test_no_log_line_carries_a_resume_link_or_an_address(console, caplog, logger):
    caplog.set_level(logging.INFO, logger=logger)
    link = "https://clinic.example.org/intake/resume/SeCrEtToKeN-123_abc/"
    try:
        raise RuntimeError(f"could not send {link} to {DISTINCTIVE['email']}")
    except RuntimeError:
        logging.getLogger(logger).exception("Sending %s to %s failed", link, DISTINCTIVE["email"])
    logged = console.getvalue()
    assert "Sending https://clinic.example.org/intake/resume/[redacted]/ to [address]" in logged
    assert "SeCrEtToKeN" not in logged and DISTINCTIVE["email"] not in logged
    assert "RuntimeError: could not send" in logged
