"""The patient's e-mails: a confirmation after sending, with the reference and what happens
next and no health details, sealed while it waits in the queue; subjects in plain grammar."""

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from intake.models import Case
from tests.conftest import valid_steps

pytestmark = pytest.mark.django_db


def test_after_sending_the_patient_is_emailed_the_reference_and_what_happens_next(
    patient, run_worker
):
    patient.complete(valid_steps(safety={"bladder_change": "yes"}))
    case = Case.objects.get()
    run_worker()
    confirmations = [m for m in mail.outbox if case.reference in m.subject]
    assert len(confirmations) == 1
    message = confirmations[0]
    assert message.to == ["morgan@example.com"]
    assert case.reference in message.body
    assert "What happens next" in message.body
    text = message.subject + message.body
    for health_detail in ("bladder", "Morgan", "1968", "fusion", "L4-L5", "pain now", "Walk"):
        assert health_detail not in text


def test_the_confirmation_waits_in_the_queue_sealed(patient):
    patient.complete()
    queued = str(list(DBTaskResult.objects.values_list("args_kwargs", flat=True)))
    assert "morgan@example.com" not in queued
    assert Case.objects.get().reference not in queued


def test_no_confirmation_without_an_email_address(patient, run_worker):
    patient.complete(valid_steps(about={"email": "", "preferred_contact": "phone"}))
    run_worker()
    assert not [m for m in mail.outbox if Case.objects.get().reference in m.subject]


def test_the_resume_email_subject_reads_as_english(patient, run_worker, settings):
    settings.CLINIC_NAME = "The Spine Clinic"
    patient.start()
    patient.post("about", valid_steps()["about"])
    run_worker()
    assert mail.outbox[0].subject == "Your intake with The Spine Clinic: link to continue"
