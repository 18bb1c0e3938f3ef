"""
The background worker as a real process: two workers racing send an alert once, the local demo
prints its alert on the console, and the health check sees a queue nobody is taking from.
"""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from intake.alerts import alert_raise
from intake.models import Alert
from intake.tasks import send_alert
from tests.factories import CaseFactory

PROJECT = Path(__file__).resolve().parent.parent


def manage(*args, env, timeout=180):
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment.update(env)
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def finished(process, timeout=180):
    output, _ = process.communicate(timeout=timeout)
    assert process.returncode == 0, output
    return output


def the_test_database_url():
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_two_worker_processes_send_an_alert_exactly_once(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("two worker processes share a database server, not an in-memory SQLite")
    case = CaseFactory(red_flags=["saddle_numbness"])
    alert, _ = alert_raise(case=case, level="emergency")
    for _ in range(6):  # as if retried and double-queued: every task competes for one alert
        send_alert.enqueue(alert.pk)
    env = {
        "DATABASE_URL": the_test_database_url(),
        "EMAIL_URL": f"filemail:///{tmp_path}",  # django-environ drops one slash
        "CLINIC_ALERT_EMAILS": "triage@clinic.example",
    }
    workers = [
        manage("db_worker", "--batch", "--no-startup-delay", "--no-reload", env=env)
        for _ in range(2)
    ]

    for worker in workers:
        finished(worker)
    messages = "".join(path.read_text() for path in tmp_path.iterdir())
    assert messages.count(f"Subject: Emergency: intake {case.reference}") == 1
    assert Alert.objects.get().sent_at is not None
    assert DBTaskResult.objects.successful().count() == 6


def test_the_local_demo_sends_an_alert_the_console_shows(tmp_path):
    env = {
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "CLINIC_ALERT_EMAILS": "on-call@clinic.example",
    }
    for command in (["migrate", "--noinput"], ["load_demo"]):
        finished(manage(*command, env=env))
    output = finished(manage("db_worker", "--batch", "--no-startup-delay", "--no-reload", env=env))
    assert "To: on-call@clinic.example" in output
    assert "Subject: Emergency: intake DEM-" in output
    assert "Subject: Emergency: an unsent intake needs a clinician" in output


@pytest.mark.django_db
def test_the_worker_health_check_fails_when_nobody_takes_from_the_queue():
    call_command("worker_health")
    task = send_alert.enqueue(1)
    DBTaskResult.objects.filter(pk=task.id).update(
        enqueued_at=timezone.now() - timedelta(minutes=6)
    )
    with pytest.raises(CommandError, match="still waiting"):
        call_command("worker_health")
