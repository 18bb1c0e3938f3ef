"""
The safety net: every emergency or urgent intake reaches a person at the clinic. One alert per
case, e-mailed by the background worker with no health details, retried when the mail server
fails, acknowledged by a named clinician and escalated when nobody does.
"""

from datetime import timedelta
from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from intake import services, vocabulary
from intake.models import Alert, Case, Draft
from tests.conftest import sign_in, valid_steps

pytestmark = pytest.mark.django_db

TRIAGE = "triage@clinic.example"
LEAD = "lead@clinic.example"


@pytest.fixture(autouse=True)
def clinic_addresses(settings):
    settings.CLINIC_ALERT_EMAILS = [TRIAGE]
    settings.CLINIC_ESCALATION_EMAILS = [LEAD]
    settings.SITE_URL = "https://clinic.example.org"


class BrokenMailServer:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise SMTPServerDisconnected("the mail server went away")


def send_intake(patient, **safety):
    patient.complete(valid_steps(safety=safety))
    return Case.objects.get()


def sent_to(address):
    return [message for message in mail.outbox if address in message.to]


def move_time_forward(minutes):
    """Everything in the queue and every alert happened ``minutes`` earlier."""
    earlier = timedelta(minutes=minutes)
    for task in DBTaskResult.objects.all():
        DBTaskResult.objects.filter(pk=task.pk).update(run_after=task.run_after - earlier)
    for alert in Alert.objects.all():
        Alert.objects.filter(pk=alert.pk).update(raised_at=alert.raised_at - earlier)


def test_an_emergency_case_is_emailed_to_the_clinic_by_the_worker(patient, run_worker):
    case = send_intake(patient, saddle_numbness="yes")
    assert not mail.outbox, "the patient's request does not wait for the mail server"

    run_worker()

    [message] = sent_to(TRIAGE)
    assert case.reference in message.subject and "Emergency" in message.subject
    assert f"https://clinic.example.org/admin/intake/case/{case.pk}/change/" in message.body
    alert = Alert.objects.get(case=case)
    assert alert.level == "emergency" and alert.sent_at is not None


def test_the_alert_holds_no_health_details(patient, run_worker):
    case = send_intake(patient, bladder_change="yes", cancer_history="yes")
    run_worker()
    [message] = sent_to(TRIAGE)
    text = f"{message.subject}\n{message.body}".lower()
    for private in (
        case.full_name,
        case.email,
        case.phone,
        "1968",
        case.goal,
        "bladder",
        "cancer",
        "cauda",
        "infection",
        *(flag.clinician for flag in vocabulary.RED_FLAGS),
    ):
        assert private.lower() not in text, private


@pytest.mark.parametrize("flag", ["cancer_history", "hardware_symptoms", "injects_drugs"])
def test_an_urgent_case_is_alerted_but_never_escalated(patient, run_worker, flag):
    case = send_intake(patient, **{flag: "yes"})
    run_worker()
    move_time_forward(24 * 60)
    run_worker()
    assert [m.subject for m in sent_to(TRIAGE)] == [
        f"Urgent: intake {case.reference} needs a clinician"
    ]
    assert not sent_to(LEAD)


def test_a_routine_case_raises_no_alert(patient, run_worker):
    send_intake(patient)
    run_worker()
    assert not Alert.objects.exists() and not sent_to(TRIAGE)


def test_a_double_submit_and_a_repeated_task_still_alert_once(patient, run_worker):
    from intake.tasks import send_alert

    patient.start()
    token = patient.token
    for step, fields in valid_steps(safety={"progressive_weakness": "yes"}).items():
        patient.post(step, fields)
    again = patient.post("review", valid_steps()["review"], resume_token=token)
    assert again["Location"] == "/intake/sent/"
    case = Case.objects.get()
    services.case_submit(draft=Draft.objects.get(), answers={}, operations=[])
    send_alert.enqueue(Alert.objects.get().pk)

    run_worker()

    assert Case.objects.count() == 1 and Alert.objects.filter(case=case).count() == 1
    assert len(sent_to(TRIAGE)) == 1


def test_a_failing_mail_server_never_costs_the_submission_and_is_retried(
    patient, run_worker, settings
):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenMailServer"
    case = send_intake(patient, unsteady_walking="yes")
    assert patient.client.get("/intake/sent/").status_code == 200

    run_worker()
    alert = Alert.objects.get(case=case)
    assert alert.sent_at is None
    retry = DBTaskResult.objects.filter(status="READY", task_path__endswith="send_alert").get()
    assert timedelta(seconds=20) < retry.run_after - timezone.now() < timedelta(seconds=40)

    run_worker()  # too early: the retry waits its turn
    move_time_forward(1)
    run_worker()  # still failing: the next wait is longer
    retry = DBTaskResult.objects.filter(status="READY", task_path__endswith="send_alert").get()
    assert timedelta(seconds=50) < retry.run_after - timezone.now()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    move_time_forward(2)
    run_worker()
    assert len(sent_to(TRIAGE)) == 1
    assert Alert.objects.get(case=case).sent_at is not None


def test_retry_waits_double_up_to_a_quarter_of_an_hour():
    from intake.tasks import retry_delay

    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4, 5, 6, 7, 30)] == [
        30, 60, 120, 240, 480, 900, 900, 900,
    ]  # fmt: skip
    with pytest.raises(ValueError):
        retry_delay(0)


def test_an_emergency_nobody_acknowledges_is_escalated_after_the_timeout(
    patient, run_worker, settings
):
    settings.ALERT_ESCALATE_MINUTES = 15
    case = send_intake(patient, hand_clumsiness="yes")
    run_worker()
    move_time_forward(14)
    run_worker()
    assert not sent_to(LEAD)

    move_time_forward(2)
    run_worker()
    [message] = sent_to(LEAD)
    assert "Not acknowledged" in message.subject and case.reference in message.subject
    assert Alert.objects.get().escalated_at is not None


def test_an_acknowledged_emergency_is_not_escalated(patient, run_worker, clinician):
    send_intake(patient, saddle_numbness="yes")
    run_worker()
    staff = Client()
    sign_in(staff, clinician)
    case = Case.objects.get()
    staff.post(f"/admin/intake/case/{case.pk}/acknowledge/")
    move_time_forward(60)
    run_worker()
    assert not sent_to(LEAD)


def test_a_clinician_acknowledges_from_the_case_page_and_is_named(patient, run_worker, clinician):
    case = send_intake(patient, bowel_change="yes")
    staff = Client()
    sign_in(staff, clinician)
    page = staff.get(f"/admin/intake/case/{case.pk}/change/").content.decode()
    assert "Nobody has acknowledged it yet" in page

    response = staff.post(f"/admin/intake/case/{case.pk}/acknowledge/")

    assert response.status_code == 302
    alert = Alert.objects.get(case=case)
    assert alert.acknowledged_by == clinician and alert.acknowledged_at is not None
    page = staff.get(f"/admin/intake/case/{case.pk}/change/").content.decode()
    assert "Acknowledged by <strong>Rhian Jones</strong>" in page


def test_the_first_acknowledgement_stands(patient, clinician, superuser):
    case = send_intake(patient, bowel_change="yes")
    for user in (clinician, superuser):
        staff = Client()
        sign_in(staff, user)
        staff.post(f"/admin/intake/case/{case.pk}/acknowledge/")
    assert Alert.objects.get().acknowledged_by == clinician


def test_acknowledging_needs_a_post_and_a_clinician(patient, clinician, content_editor):
    case = send_intake(patient, bowel_change="yes")
    url = f"/admin/intake/case/{case.pk}/acknowledge/"
    editor = Client()
    sign_in(editor, content_editor)
    assert editor.post(url).status_code == 403
    staff = Client()
    sign_in(staff, clinician)
    assert staff.get(url).status_code == 405
    assert not Alert.objects.get().is_acknowledged


def test_waiting_alerts_stand_out_above_the_triage_list_until_acknowledged(
    patient, clinician_client
):
    case = send_intake(patient, bilateral_leg_symptoms="yes")
    page = clinician_client.get("/admin/intake/case/").content.decode()
    panel = page.split('class="open-alerts"', 1)[1].split("</section>", 1)[0]
    assert case.reference in panel and "Emergency" in panel

    response = clinician_client.post(
        "/admin/intake/case/",
        {"action": "acknowledge_alerts", "_selected_action": [case.pk]},
    )
    assert response.status_code == 302
    assert 'class="open-alerts"' not in clinician_client.get("/admin/intake/case/").content.decode()


def test_the_triage_list_keeps_a_fixed_number_of_queries_with_waiting_alerts(
    clinician_client, django_assert_max_num_queries
):
    from intake.alerts import alert_raise
    from tests.factories import CaseFactory

    for case in CaseFactory.create_batch(30, red_flags=["saddle_numbness"]):
        alert_raise(case=case, level="emergency")
    with django_assert_max_num_queries(16):
        response = clinician_client.get("/admin/intake/case/")
    assert response.content.decode().count('class="open-alert open-alert-emergency"') == 20


def test_an_abandoned_red_flag_intake_is_listed_and_alerted(
    patient, run_worker, clinician_client, settings
):
    settings.UNSENT_FLAG_MINUTES = 60
    steps = valid_steps(safety={"wound_problem": "yes", "injects_drugs": "yes"})
    patient.start()
    patient.post("about", steps["about"])
    patient.post("safety", steps["safety"])
    patient.post("safety", steps["safety"])  # coming back to the page queues no second check
    check = DBTaskResult.objects.get(task_path__endswith="check_unsent_red_flags")
    assert timedelta(minutes=59) < check.run_after - timezone.now() <= timedelta(minutes=60)

    run_worker()
    assert not Alert.objects.exists()

    move_time_forward(61)
    run_worker()
    draft = Draft.objects.get()
    alert = Alert.objects.get(draft=draft)
    assert alert.level == "emergency"
    [message] = sent_to(TRIAGE)
    assert "unsent intake" in message.subject
    assert f"/admin/intake/unsentintake/{draft.pk}/change/" in message.body
    assert "Morgan" not in message.body and "07700" not in message.body

    listing = clinician_client.get("/admin/intake/unsentintake/").content.decode()
    assert "Morgan Ellis" in listing and "07700 900123" in listing
    assert "Injecting drug use" in listing
    page = clinician_client.get(f"/admin/intake/unsentintake/{draft.pk}/change/").content.decode()
    assert "morgan@example.com" in page and "Wound red, swollen, hot or leaking" in page
    access = draft.accesses.get()
    assert access.kind == "unsent" and access.username == "dr.jones"
    assert (
        clinician_client.post(f"/admin/intake/unsentintake/{draft.pk}/change/").status_code == 403
    )


def test_an_intake_sent_before_the_check_is_not_alerted_as_unsent(patient, run_worker):
    steps = valid_steps(safety={"weight_loss": "yes"})
    patient.complete(steps)
    run_worker()
    move_time_forward(120)
    run_worker()
    assert not Alert.objects.filter(draft__isnull=False).exists()
    assert Alert.objects.filter(case__isnull=False).count() == 1


def test_a_red_flag_taken_back_before_the_check_raises_no_alert(patient, run_worker):
    patient.start()
    patient.post("about", valid_steps()["about"])
    patient.post("safety", valid_steps(safety={"night_pain": "yes"})["safety"])
    patient.post("safety", valid_steps()["safety"])
    move_time_forward(120)
    run_worker()
    assert not Alert.objects.exists()


def test_only_clinicians_see_unsent_intakes(patient, editor_client):
    assert editor_client.get("/admin/intake/unsentintake/").status_code == 403


def test_an_alert_that_fails_for_any_reason_is_tried_again(patient, run_worker, monkeypatch):
    from intake import alerts

    def broken(**kwargs):
        raise RuntimeError("a template or setting is wrong")

    monkeypatch.setattr(alerts, "send_mail", broken)
    send_intake(patient, saddle_numbness="yes")
    run_worker()
    assert Alert.objects.get().sent_at is None
    assert DBTaskResult.objects.filter(status="READY", task_path__endswith="send_alert").exists()
