"""
Red-flag answers are never missed: the patient gets the right instruction at once and on every
later page, worked out again once the operation dates are known, and the case is marked.
"""

from datetime import date

import pytest

from intake import clinical
from intake.models import Case
from tests.conftest import valid_steps

pytestmark = pytest.mark.django_db

HEADINGS = {
    "call_emergency_services": "you need medical help today",
    "checked_today": "you need to be checked today",
    "within_days": "Please get checked within the next few days",
    "operating_team": "Your operation was less than 3 months ago",
}


def shown(page):
    """The instructions a page shows, by their key."""
    return [key for key, heading in HEADINGS.items() if heading in page]


def send_all(patient, steps):
    patient.start()
    for step, fields in steps.items():
        assert patient.post(step, fields).status_code == 302, step
    return Case.objects.get()


def an_operation_months_ago(months, today=None):
    today = today or date.today()
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return {"0-year": str(year), "0-month": str(month + 1)}


def one_operation(months):
    return valid_steps(
        operations={"TOTAL_FORMS": "1", **an_operation_months_ago(months), "1-year": None}
    )["operations"]


@pytest.mark.parametrize("flag", clinical.SAFETY_QUESTIONS)
def test_each_red_flag_is_asked_with_why_and_triaged_by_the_rule(patient, flag):
    steps = valid_steps(safety={flag: "yes"})
    patient.start()
    patient.post("about", steps["about"])
    safety_page = patient.client.get("/intake/safety/").content.decode()
    assert f'name="safety-{flag}"' in safety_page
    assert patient.post("safety", steps["safety"]).status_code == 302

    expected = clinical.patient_instruction({flag})
    assert shown(patient.client.get("/intake/operations/").content.decode()) == [expected]

    for step in list(steps)[2:]:
        patient.post(step, steps[step])
    case = Case.objects.get()
    assert case.red_flags == [flag] and case.safety_answers[flag] is True
    assert case.triage_level == clinical.triage_level(
        {flag}, months_since_last_operation=case.months_since_last_operation
    )
    assert shown(patient.client.get("/intake/sent/").content.decode()) == [
        clinical.patient_instruction(
            {flag}, months_since_last_operation=case.months_since_last_operation
        )
    ]


def test_the_safety_questions_are_the_second_step():
    from intake.views import STEPS

    assert [name for name, _ in STEPS][:2] == ["about", "safety"]


def test_the_instruction_is_on_every_later_page_and_the_strongest_wins(patient):
    steps = valid_steps(safety={"weight_loss": "yes", "hand_clumsiness": "yes"})
    patient.start()
    patient.post("about", steps["about"])
    patient.post("safety", steps["safety"])
    for step in list(steps)[2:]:
        page = patient.client.get(f"/intake/{step}/").content.decode()
        assert shown(page) == ["call_emergency_services"], step
        patient.post(step, steps[step])
    assert Case.objects.get().triage_level == "emergency"


def test_an_infection_answer_becomes_an_emergency_once_a_recent_operation_is_known(patient):
    steps = valid_steps(safety={"wound_problem": "yes"})
    steps["operations"] = one_operation(months=1)
    patient.start()
    patient.post("about", steps["about"])
    patient.post("safety", steps["safety"])
    assert shown(patient.client.get("/intake/operations/").content.decode()) == ["within_days"]

    patient.post("operations", steps["operations"])
    page = patient.client.get("/intake/pain/").content.decode()
    assert shown(page) == ["checked_today"]
    assert 'href="tel:111"' in page

    for step in list(steps)[3:]:
        patient.post(step, steps[step])
    case = Case.objects.get()
    assert case.triage_level == "emergency" and case.months_since_last_operation == 1


def test_an_operation_less_than_3_months_ago_sends_the_patient_to_the_operating_team(patient):
    steps = valid_steps()
    steps["operations"] = one_operation(months=2)
    case = send_all(patient, steps)
    assert case.red_flags == [] and case.triage_level == "urgent"
    assert shown(patient.client.get("/intake/sent/").content.decode()) == ["operating_team"]


def test_an_operation_3_months_ago_with_no_red_flag_is_routine(patient):
    steps = valid_steps()
    steps["operations"] = one_operation(months=3)
    case = send_all(patient, steps)
    assert case.triage_level == "routine"
    page = patient.client.get("/intake/sent/").content.decode()
    assert shown(page) == [] and "within 2 working days" in page


@pytest.mark.parametrize("flag", ["saddle_numbness", "wound_problem", "cancer_history"])
def test_an_emergency_or_urgent_patient_is_never_told_to_wait_2_working_days(patient, flag):
    send_all(patient, valid_steps(safety={flag: "yes"}))
    page = patient.client.get("/intake/sent/").content.decode()
    assert shown(page) and "2 working days" not in page


def test_the_numbers_to_call_come_from_settings_as_tap_to_call_links(patient, settings):
    settings.EMERGENCY_NUMBER = "112"
    settings.URGENT_ADVICE_NUMBER = "116 117"
    settings.CLINIC_PHONE = "030 1234 5678"
    steps = valid_steps(safety={"saddle_numbness": "yes", "cancer_history": "yes"})
    patient.start()
    patient.post("about", steps["about"])
    patient.post("safety", steps["safety"])
    page = patient.client.get("/intake/operations/").content.decode()
    assert '<a href="tel:112">112</a>' in page
    assert "999" not in page
    instruction = patient.client.get(
        "/intake/instruction/?page=safety&flag=cancer_history"
    ).content.decode()
    assert '<a href="tel:03012345678">030 1234 5678</a>' in instruction
    assert '<a href="tel:116117">116 117</a>' in instruction


def test_the_emergency_instruction_is_in_words_and_announced_not_only_coloured(patient):
    patient.start()
    patient.post("about", valid_steps()["about"])
    patient.post("safety", valid_steps(safety={"saddle_numbness": "yes"})["safety"])
    page = patient.client.get("/intake/operations/").content.decode()
    notice = page.split('class="emergency-alert', 1)[1].split("</section>", 1)[0]
    assert 'role="alert"' in notice
    assert "you need medical help today" in notice
    assert "Call <a" in notice and "A&amp;E" in notice


def test_no_red_flags_means_routine_and_no_instruction(patient):
    case = send_all(patient, valid_steps())
    assert case.triage_level == "routine"
    assert shown(patient.client.get("/intake/sent/").content.decode()) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", []),
        ("flag=saddle_numbness", ["call_emergency_services"]),
        ("flag=fever_or_unwell", ["within_days"]),
        ("flag=fever_or_unwell&flag=injects_drugs", ["checked_today"]),
        ("flag=weight_loss&flag=unsteady_walking", ["call_emergency_services"]),
        ("flag=not_a_flag&flag=%ff", []),
    ],
)
def test_the_instruction_fragment_applies_the_same_rule(client, query, expected):
    response = client.get(f"/intake/instruction/?{query}")
    assert response.status_code == 200
    assert shown(response.content.decode()) == expected


def test_the_instruction_fragment_knows_a_recent_operation_from_the_patients_draft(patient):
    steps = valid_steps(safety={"fever_or_unwell": "yes"})
    steps["operations"] = one_operation(months=0)
    patient.start()
    for step in ("about", "safety", "operations"):
        patient.post(step, steps[step])
    page = patient.client.get("/intake/instruction/?flag=fever_or_unwell").content.decode()
    assert shown(page) == ["checked_today"]
