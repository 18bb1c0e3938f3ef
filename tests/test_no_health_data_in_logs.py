"""Nothing a patient types, nor their resume token, reaches the logs, even when things fail."""

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
    steps = distinctive_steps(pain={"back_pain_now": "99"})
    patient.start()
    token = patient.token
    for step in ("about", "safety", "operations", "pain"):
        patient.post(step, steps[step])
    patient.client.post("/intake/about/", {"about-full_name": DISTINCTIVE["name"]})  # tampered
    client.get(f"/intake/resume/{token}x/")  # a wrong link is logged as 404

    def fail(*args, **kwargs):
        raise RuntimeError("storage failed")

    monkeypatch.setattr(services, "_create_case", fail)
    patient.client.raise_request_exception = False
    good = distinctive_steps()
    for step in ("pain", "daily", "treatments", "review"):
        response = patient.post(step, good[step])
    assert response.status_code == 500

    text = logged_text(caplog, capfd)
    assert "Internal Server Error" in text and "Not Found: /intake/resume/[redacted]/" in text
    assert_nothing_distinctive(text, token)
