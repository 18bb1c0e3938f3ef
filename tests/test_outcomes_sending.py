"""
Invitations and reminders through the background worker: one invitation and at most two
reminders per follow-up however many times a task is queued, retried or run by two workers;
nothing once answered; no health details in any e-mail.
"""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from intake.clinical import add_months
from intake.models import hash_token
from outcomes import services, tasks
from outcomes.models import FollowUp, Status
from tests.factories import CaseFactory
from tests.test_safety_net_worker import finished, manage, the_test_database_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def due_case(clinician):
    """A case whose 3-month follow-up is due today."""
    case = CaseFactory(full_name="Zebedee Quorndon", back_pain_average=7)
    services.care_plan_set(
        case=case, start_of_care=add_months(timezone.localdate(), -3), user=clinician
    )
    return case


def three_months(case):
    return FollowUp.objects.get(case=case, months=3)


def invitations():
    return [m for m in mail.outbox if not m.subject.startswith("Reminder")]


def reminders():
    return [m for m in mail.outbox if m.subject.startswith("Reminder")]


def days_pass(follow_up, days):
    """As if ``days`` had passed since the invitation: the reminders due by then run now."""
    FollowUp.objects.filter(pk=follow_up.pk).update(
        invited_at=follow_up.invited_at - timedelta(days=days),
        expires_at=follow_up.expires_at - timedelta(days=days),
    )
    due = timezone.now() + timedelta(minutes=1)
    for result in DBTaskResult.objects.filter(task_path="outcomes.tasks.send_reminder"):
        if result.run_after - timedelta(days=days) <= due:
            DBTaskResult.objects.filter(pk=result.pk).update(run_after=timezone.now())


def test_one_invitation_however_often_queued_and_however_many_workers(due_case, run_worker):
    follow_up = three_months(due_case)
    for _ in range(3):  # retried, and queued again by the daily sweep
        tasks.send_invitation.enqueue(follow_up.pk)
    call_command("send_follow_ups")

    run_worker()
    run_worker()  # a second worker finds nothing left to send

    assert len(mail.outbox) == 1
    follow_up.refresh_from_db()
    assert follow_up.status == Status.SENT and follow_up.invited_at
    assert follow_up.expires_at - follow_up.invited_at == timedelta(days=60)
    message = mail.outbox[0]
    assert message.to == [due_case.email]
    assert due_case.reference in message.subject and due_case.reference in message.body
    token = re.search(r"/follow-up/([\w-]{40,})/\n", message.body).group(1)
    assert hash_token(token) == follow_up.token_hash
    assert f"/follow-up/{token}/opt-out/" in message.body


def test_the_e_mail_holds_no_health_details(due_case, run_worker):
    run_worker()
    body = mail.outbox[0].subject + mail.outbox[0].body
    for detail in ("Zebedee", "Quorndon", "7/10", "back pain", "FBSS", "routine", "pattern"):
        assert detail not in body


def test_at_most_two_reminders_at_7_and_21_days(due_case, run_worker):
    run_worker()
    follow_up = three_months(due_case)
    days_pass(follow_up, 6)
    run_worker()
    assert reminders() == []  # not yet

    follow_up.refresh_from_db()
    days_pass(follow_up, 1)
    for _ in range(2):
        tasks.send_reminder.enqueue(
            follow_up.pk, 1, DBTaskResult.objects.filter(
                task_path="outcomes.tasks.send_reminder"
            ).first().args_kwargs["args"][2]
        )  # fmt: skip
    run_worker()
    run_worker()
    assert len(reminders()) == 1

    follow_up.refresh_from_db()
    days_pass(follow_up, 14)
    run_worker()
    sealed = DBTaskResult.objects.filter(task_path="outcomes.tasks.send_reminder").first()
    for number in (1, 2, 2):  # late retries of both reminders
        tasks.send_reminder.enqueue(follow_up.pk, number, sealed.args_kwargs["args"][2])
    run_worker()

    follow_up.refresh_from_db()
    assert len(reminders()) == 2 and len(invitations()) == 1
    assert follow_up.reminders_sent == 2 and follow_up.last_reminder_at
    token = hash_token(re.search(r"/follow-up/([\w-]{40,})/\n", reminders()[-1].body).group(1))
    assert token == follow_up.token_hash  # the same link as the invitation


def test_no_reminder_once_answered(due_case, run_worker):
    run_worker()
    follow_up = three_months(due_case)
    FollowUp.objects.filter(pk=follow_up.pk).update(
        status=Status.ANSWERED,
        answered_at=timezone.now(),
        back_pain_average=3,
        leg_pain_average=3,
        peg_score=3,
        global_change="much_better",
        triage_level="routine",
    )
    days_pass(follow_up, 30)
    run_worker()
    assert reminders() == []


def test_a_failing_mail_server_is_tried_again_and_sends_once(due_case, run_worker, monkeypatch):
    calls = []
    real = services.send_mail

    def flaky(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OSError("mail server down")
        return real(**kwargs)

    monkeypatch.setattr(services, "send_mail", flaky)
    run_worker()
    follow_up = three_months(due_case)
    assert follow_up.status == Status.DUE and follow_up.token_hash is None  # rolled back
    assert mail.outbox == []
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_worker()
    assert len(mail.outbox) == 1
    assert three_months(due_case).status == Status.SENT


def test_nothing_is_sent_before_its_date(clinician, run_worker):
    case = CaseFactory()
    services.care_plan_set(case=case, start_of_care=timezone.localdate(), user=clinician)
    for follow_up in FollowUp.objects.filter(case=case):
        tasks.send_invitation.enqueue(follow_up.pk)
    run_worker()
    assert mail.outbox == []
    assert not FollowUp.objects.exclude(status=Status.DUE).exists()


def test_the_sweep_queues_what_was_lost_and_expires_what_ran_out(due_case, run_worker):
    DBTaskResult.objects.all().delete()  # as if the queue had been emptied
    call_command("send_follow_ups")
    run_worker()
    assert len(mail.outbox) == 1
    follow_up = three_months(due_case)
    FollowUp.objects.filter(pk=follow_up.pk).update(
        expires_at=timezone.now(),
        in_progress={"pages": {"pain": {"pain-back_pain_average": ["4"]}}},
    )
    call_command("send_follow_ups")
    expired = three_months(due_case)
    assert expired.status == Status.EXPIRED and expired.in_progress == {}


@pytest.mark.django_db(transaction=True)
def test_two_worker_processes_send_one_invitation(tmp_path, clinician):
    if connection.vendor != "postgresql":
        pytest.skip("two worker processes share a database server, not an in-memory SQLite")
    case = CaseFactory()
    services.care_plan_set(
        case=case, start_of_care=add_months(timezone.localdate(), -3), user=clinician
    )
    follow_up = FollowUp.objects.get(case=case, months=3)
    for _ in range(5):
        tasks.send_invitation.enqueue(follow_up.pk)
    env = {
        "DATABASE_URL": the_test_database_url(),
        "EMAIL_URL": f"filemail:///{tmp_path}",
        "CLINIC_ALERT_EMAILS": "triage@clinic.example",
    }
    workers = [
        manage("db_worker", "--batch", "--no-startup-delay", "--no-reload", env=env)
        for _ in range(2)
    ]
    for worker in workers:
        finished(worker)
    messages = "".join(path.read_text() for path in tmp_path.iterdir())
    assert messages.count(f"(reference {case.reference})") == 1
    assert FollowUp.objects.get(pk=follow_up.pk).status == Status.SENT
