"""Red-flag answers are never missed: the patient is told at once and the case is marked."""

import pytest

from intake.clinical import EMERGENCY_FLAGS, RED_FLAGS, URGENT_FLAGS
from intake.models import Case
from tests.conftest import valid_steps

pytestmark = pytest.mark.django_db

EMERGENCY_TEXT = "Go to your nearest emergency department (A&amp;E) now, or call 999."
URGENT_TEXT = "Please get checked within the next few days"


def answer_safety(patient, flags):
    steps = valid_steps(safety=dict.fromkeys(flags, "yes"))
    patient.start()
    for step in ("about", "operations", "pain", "daily", "safety"):
        assert patient.post(step, steps[step]).status_code == 302
    return steps


@pytest.mark.parametrize("flag", RED_FLAGS)
def test_each_red_flag_sets_the_triage_level_and_tells_the_patient(patient, flag):
    steps = answer_safety(patient, [flag])
    emergency = flag in EMERGENCY_FLAGS

    next_page = patient.client.get("/intake/treatments/").content.decode()
    assert (EMERGENCY_TEXT in next_page) is emergency
    assert (URGENT_TEXT in next_page) is (not emergency)

    for step in ("treatments", "review"):
        patient.post(step, steps[step])
    case = Case.objects.get()
    assert case.red_flags == [flag]
    assert case.safety_answers[flag] is True
    assert case.triage_level == ("emergency" if emergency else "urgent")

    confirmation = patient.client.get("/intake/sent/").content.decode()
    assert (EMERGENCY_TEXT in confirmation) is emergency
    assert (URGENT_TEXT in confirmation) is (not emergency)


def test_the_emergency_instruction_is_in_words_and_announced_not_only_coloured(patient):
    answer_safety(patient, ["saddle_numbness"])
    page = patient.client.get("/intake/treatments/").content.decode()
    notice = page.split('class="emergency-alert', 1)[1].split("</section>", 1)[0]
    assert 'role="alert"' in notice
    assert "you need medical help today" in notice
    assert "call 999" in notice


def test_no_red_flags_means_routine_and_no_warning(patient):
    answer_safety(patient, [])
    page = patient.client.get("/intake/treatments/").content.decode()
    assert EMERGENCY_TEXT not in page and URGENT_TEXT not in page


def test_emergency_outranks_urgent_when_both_are_answered(patient):
    steps = answer_safety(patient, [URGENT_FLAGS[0], EMERGENCY_FLAGS[-1]])
    for step in ("treatments", "review"):
        patient.post(step, steps[step])
    case = Case.objects.get()
    assert case.triage_level == "emergency"
    assert set(case.red_flags) == {URGENT_FLAGS[0], EMERGENCY_FLAGS[-1]}
