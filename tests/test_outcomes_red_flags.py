"""
A follow-up answered with a red flag alerts like an intake: the instruction at once on the
patient's screen, and an alert to the clinic on the case, noted with the time point, e-mailed
with no health details, beside any alert the intake raised.
"""

import pytest
from django.core import mail

from intake.clinical import SAFETY_QUESTIONS
from intake.models import Alert
from outcomes.models import FollowUp
from tests.factories import CaseFactory, follow_up_sent
from tests.test_outcomes_questionnaire import EVERY_PAGE, PAIN, answers

EVERY_PAGE_FIELDS = dict(EVERY_PAGE)

pytestmark = pytest.mark.django_db


def safety(*yes):
    return {flag: "yes" if flag in yes else "no" for flag in SAFETY_QUESTIONS}


def test_a_red_flag_on_the_safety_page_alerts_the_clinic_at_once(client, run_worker, settings):
    settings.CLINIC_ALERT_EMAILS = ["triage@clinic.example"]
    follow_up, token = follow_up_sent(months=12)
    client.get(f"/follow-up/{token}/")
    client.post("/follow-up/answer/pain/", answers("pain", PAIN))

    response = client.post("/follow-up/answer/safety/", answers("safety", safety("bladder_change")))

    alert = Alert.objects.get()
    assert (alert.case, alert.level, alert.note) == (
        follow_up.case,
        "emergency",
        "12-month follow-up",
    )
    assert FollowUp.objects.get(pk=follow_up.pk).alert == alert
    # The next page repeats the instruction, as the intake's do.
    page = client.get(response["Location"]).content.decode()
    assert 'data-instruction="call_emergency_services"' in page

    for page in ("medicines", "mood", "change"):
        client.post(f"/follow-up/answer/{page}/", answers(page, EVERY_PAGE_FIELDS[page]))
    follow_up.refresh_from_db()
    assert (follow_up.red_flags, follow_up.triage_level) == (["bladder_change"], "emergency")
    assert Alert.objects.count() == 1  # once, though the follow-up was sent after the page
    done = client.get("/follow-up/done/").content.decode()
    assert 'data-instruction="call_emergency_services"' in done

    run_worker()
    sent = [m for m in mail.outbox if m.to == ["triage@clinic.example"]]
    assert len(sent) == 1
    assert sent[0].subject == (
        f"Emergency: 12-month follow-up of {follow_up.case.reference} needs a clinician"
    )
    assert "bladder" not in sent[0].body.lower()


def test_a_follow_up_alert_stands_beside_the_intakes_own(client):
    case = CaseFactory(red_flags=["cancer_history"])
    from intake.services import case_alert_raise

    intake_alert = case_alert_raise(case=case)
    follow_up, token = follow_up_sent(case)
    client.get(f"/follow-up/{token}/")
    client.post("/follow-up/answer/pain/", answers("pain", PAIN))
    client.post("/follow-up/answer/safety/", answers("safety", safety("weight_loss")))

    assert Alert.objects.filter(case=case).count() == 2
    follow_up.refresh_from_db()
    assert follow_up.alert != intake_alert and follow_up.alert.level == "urgent"


def test_no_red_flag_no_alert(client):
    _follow_up, token = follow_up_sent()
    client.get(f"/follow-up/{token}/")
    client.post("/follow-up/answer/pain/", answers("pain", PAIN))
    client.post("/follow-up/answer/safety/", answers("safety", safety()))
    assert not Alert.objects.exists()


def test_the_instruction_fragment_answers_the_pages_script(client):
    _follow_up, token = follow_up_sent()
    client.get(f"/follow-up/{token}/")
    page = client.get("/follow-up/answer/safety/").content.decode()
    assert 'data-instruction-url="/follow-up/instruction/"' in page
    fragment = client.get("/follow-up/instruction/?flag=fever_or_unwell").content.decode()
    assert 'data-instruction="within_days"' in fragment


def test_the_clinician_acknowledges_the_open_alert_from_the_case(clinician_client, client):
    case = CaseFactory(red_flags=["cancer_history"])
    from intake.services import case_alert_raise

    case_alert_raise(case=case)
    Alert.objects.update(acknowledged_at="2026-01-01T10:00Z")
    _follow_up, token = follow_up_sent(case)
    client.get(f"/follow-up/{token}/")
    client.post("/follow-up/answer/pain/", answers("pain", PAIN))
    client.post("/follow-up/answer/safety/", answers("safety", safety("night_pain")))

    triage = clinician_client.get("/admin/intake/case/").content.decode()
    assert "3-month follow-up" in triage
    clinician_client.post(f"/admin/intake/case/{case.pk}/acknowledge/")
    assert not Alert.objects.unacknowledged().exists()
