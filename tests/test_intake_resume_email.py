"""The resume link by e-mail: sent once per address, limited, and never at the cost of answers."""

from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail

from intake.models import Draft
from tests.conftest import valid_steps

pytestmark = pytest.mark.django_db


def about(email):
    return valid_steps(about={"email": email})["about"]


class BrokenMailServer:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise SMTPServerDisconnected("mail.example.org closed the connection for x@example.com")


def test_a_failing_mail_server_keeps_the_answers_and_says_so(patient, settings, caplog):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenMailServer"
    patient.start()
    response = patient.post("about", about("morgan@example.com"))
    assert response.status_code == 302
    stored = Draft.objects.get().data["step_data"]["about"]
    assert stored["about-full_name"] == ["Morgan Ellis"]
    page = patient.client.get(response["Location"]).content.decode()
    assert "We could not e-mail your private link just now" in page
    assert "morgan@example.com" not in caplog.text and "x@example.com" not in caplog.text


def test_each_draft_sends_at_most_three_link_emails(patient):
    patient.start()
    for number in range(5):
        patient.post("about", about(f"person{number}@example.com"))
    assert [message.to for message in mail.outbox] == [
        ["person0@example.com"],
        ["person1@example.com"],
        ["person2@example.com"],
    ]


def test_link_emails_are_limited_per_client_address(client, settings):
    from django.test import Client

    from tests.conftest import Patient

    settings.INTAKE_RATE_EMAIL = "2/h"
    for number in range(3):
        patient = Patient(Client(REMOTE_ADDR="10.1.1.1"))
        patient.start()
        patient.post("about", about(f"someone{number}@example.com"))
    assert len(mail.outbox) == 2
