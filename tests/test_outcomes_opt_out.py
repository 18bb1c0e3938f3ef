"""
Opting out: the link in every e-mail stops all follow-ups of the patient once confirmed (a mail
scanner opening it stops nothing), and it is recorded; a clinician can record it too. Nobody is
invited or reminded after opting out.
"""

import pytest
from django.core import mail
from django.utils import timezone

from intake.clinical import add_months
from intake.tasks import seal
from outcomes import services, tasks
from outcomes.models import CarePlan, FollowUp, Status
from tests.factories import CaseFactory, follow_up_sent

pytestmark = pytest.mark.django_db


def test_the_opt_out_link_asks_first_then_stops_every_follow_up(client, clinician, run_worker):
    case = CaseFactory()
    services.care_plan_set(
        case=case, start_of_care=add_months(timezone.localdate(), -3), user=clinician
    )
    run_worker()  # the 3-month invitation
    token = mail.outbox[0].body.split("/follow-up/")[2].split("/")[0]

    page = client.get(f"/follow-up/{token}/opt-out/")
    assert page.status_code == 200 and "Stop sending me questionnaires" in page.content.decode()
    assert not CarePlan.objects.get(case=case).is_opted_out  # opening the link stops nothing

    done = client.post(f"/follow-up/{token}/opt-out/")

    assert "we will send you no more questionnaires" in done.content.decode()
    plan = CarePlan.objects.get(case=case)
    assert plan.opted_out_at and plan.opted_out_by is None  # the patient, through the link
    assert plan.history.first().opted_out_at == plan.opted_out_at  # recorded in its history
    assert set(FollowUp.objects.filter(case=case).values_list("status", flat=True)) == {
        Status.OPTED_OUT
    }
    # The questionnaire link now says so, and nothing more goes out.
    assert (
        "You have stopped these questionnaires"
        in client.get(f"/follow-up/{token}/").content.decode()
    )
    for follow_up in FollowUp.objects.filter(case=case):
        tasks.send_invitation.enqueue(follow_up.pk)
        tasks.send_reminder.enqueue(follow_up.pk, 1, seal({"token": token}))
    mail.outbox.clear()
    run_worker()
    assert mail.outbox == []


def test_opting_out_stops_the_patients_other_cases_and_later_schedules(clinician, run_worker):
    first = CaseFactory(email="Pat@Example.com")
    second = CaseFactory(email="pat@example.com")
    follow_up, _token = follow_up_sent(first)
    services.opt_out(case=first)

    services.care_plan_set(
        case=second, start_of_care=add_months(timezone.localdate(), -3), user=clinician
    )
    run_worker()

    assert mail.outbox == []
    assert FollowUp.objects.get(case=second, months=3).status == Status.OPTED_OUT


def test_a_clinician_records_an_opt_out_from_the_case_page(clinician_client, clinician):
    follow_up, _token = follow_up_sent()
    response = clinician_client.post(f"/admin/outcomes/careplan/{follow_up.case.pk}/opt-out/")
    assert response.status_code == 302
    plan = CarePlan.objects.get(case=follow_up.case)
    assert plan.opted_out_by == clinician and plan.opted_out_at
    follow_up.refresh_from_db()
    assert follow_up.status == Status.OPTED_OUT
    page = clinician_client.get(response["Location"]).content.decode()
    assert "Opted out of follow-ups" in page and "recorded by Rhian Jones" in page


def test_an_answered_follow_up_stays_answered_after_an_opt_out():
    follow_up, _token = follow_up_sent()
    FollowUp.objects.filter(pk=follow_up.pk).update(
        status=Status.ANSWERED,
        answered_at=timezone.now(),
        back_pain_average=3,
        leg_pain_average=3,
        peg_score=3,
        global_change="much_better",
        triage_level="routine",
    )
    services.opt_out(case=follow_up.case)
    follow_up.refresh_from_db()
    assert follow_up.status == Status.ANSWERED
