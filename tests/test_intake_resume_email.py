"""The resume link by e-mail: queued once per address, limited, sealed while it waits, sent by
the background worker and tried again when the mail server fails, never at the cost of answers."""

from datetime import timedelta
from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from intake.models import Draft
from tests.conftest import Patient, valid_steps

pytestmark = pytest.mark.django_db


def about(email):
    return valid_steps(about={"email": email})["about"]


class BrokenMailServer:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise SMTPServerDisconnected("mail.example.org closed the connection for x@example.com")


def test_a_failing_mail_server_keeps_the_answers_and_the_link_is_sent_when_it_is_back(
    patient, settings, caplog, run_worker
):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenMailServer"
    patient.start()
    response = patient.post("about", about("morgan@example.com"))
    assert response.status_code == 302
    assert Draft.objects.get().data["step_data"]["about"]["about-full_name"] == ["Morgan Ellis"]
    page = patient.client.get(response["Location"]).content.decode()
    assert "We could not e-mail your private link" not in page

    run_worker()
    assert not mail.outbox
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.run_after > timezone.now() + timedelta(seconds=20)
    assert "morgan@example.com" not in caplog.text and "x@example.com" not in caplog.text
    assert patient.token not in caplog.text

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker()
    assert [message.to for message in mail.outbox] == [["morgan@example.com"]]
    assert f"/intake/resume/{patient.token}/" in mail.outbox[0].body


def test_the_link_and_the_address_wait_in_the_queue_sealed(patient):
    patient.start()
    patient.post("about", about("morgan@example.com"))
    queued = str(DBTaskResult.objects.values_list("args_kwargs", flat=True).get())
    assert "morgan@example.com" not in queued
    assert patient.token not in queued


def test_each_draft_sends_at_most_three_link_emails(patient, run_worker):
    patient.start()
    for number in range(5):
        patient.post("about", about(f"person{number}@example.com"))
    page = patient.client.get("/intake/safety/").content.decode()
    assert "We could not e-mail your private link just now" in page
    run_worker()
    assert sorted(message.to[0] for message in mail.outbox) == [
        "person0@example.com",
        "person1@example.com",
        "person2@example.com",
    ]


def test_link_emails_are_limited_per_client_address(settings, run_worker):
    settings.INTAKE_RATE_EMAIL = "2/h"
    for number in range(3):
        patient = Patient(Client(REMOTE_ADDR="10.1.1.1"))
        patient.start()
        patient.post("about", about(f"someone{number}@example.com"))
    run_worker()
    assert len(mail.outbox) == 2
