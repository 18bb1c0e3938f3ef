"""
The follow-up questionnaire through the patient's link: a few pages, their answers kept as typed
columns with the change from the intake, the ODI only where loaded, and sent once.
"""

import json
from pathlib import Path

import pytest

from intake.clinical import SAFETY_QUESTIONS
from intake.models import Instrument
from outcomes.forms import PAGES
from outcomes.models import FollowUp, Status
from tests.factories import CaseFactory, follow_up_sent

pytestmark = pytest.mark.django_db

PAIN = {
    "back_pain_average": "2",
    "leg_pain_average": "3",
    "peg_enjoyment": "3",
    "peg_activity": "2",
}
SAFETY = dict.fromkeys(SAFETY_QUESTIONS, "no")
CHANGE = {"work_status": "working", "global_change": "much_better"}
MEDICINES = {
    "medicines": ["tramadol", "pregabalin"],
    "tramadol_dose": "50",
    "tramadol_frequency": "four_times_a_day",
    "pregabalin_dose": "75",
    "pregabalin_frequency": "twice_a_day",
    "blood_thinners": "no",
}
MOOD = {"phq9_1": "1", "phq9_2": "0", "phq9_9": "0", "gad7_1": "1", "gad7_2": "1"}
EVERY_PAGE = (
    ("pain", PAIN),
    ("safety", SAFETY),
    ("medicines", MEDICINES),
    ("mood", MOOD),
    ("change", CHANGE),
)


def answers(page, fields, **extra):
    return {**{f"{page}-{name}": value for name, value in fields.items()}, **extra}


def answer_all(client, token, pages=EVERY_PAGE):
    response = client.get(f"/follow-up/{token}/")
    assert response.status_code == 302 and response["Location"] == "/follow-up/answer/pain/"
    for page, fields in pages:
        response = client.post(f"/follow-up/answer/{page}/", answers(page, fields))
        assert response.status_code == 302, response.content.decode()[:3000]
    return response


def test_the_pages_are_a_list_in_order():
    assert [page.name for page in PAGES] == [
        "pain",
        "safety",
        "daily",
        "medicines",
        "mood",
        "mood_more",
        "change",
    ]


def test_a_follow_up_keeps_the_morphine_equivalent_and_the_mood_screens(client):
    follow_up, token = follow_up_sent(CaseFactory())
    answer_all(client, token)
    follow_up.refresh_from_db()
    assert (follow_up.mme_total, follow_up.mme_band) == (40.0, "low")
    assert follow_up.co_prescriptions == ["opioid_with_gabapentinoid"]
    assert (follow_up.phq2_score, follow_up.gad2_score, follow_up.phq9_score) == (1, 2, None)


def test_a_positive_mood_screen_asks_the_rest_and_scores_both_in_full(client):
    follow_up, token = follow_up_sent(CaseFactory())
    positive = {"phq9_1": "2", "phq9_2": "2", "phq9_9": "0", "gad7_1": "0", "gad7_2": "0"}
    more = {f"phq9_{n}": "2" for n in range(3, 9)} | {f"gad7_{n}": "1" for n in range(3, 8)}
    pages = (*EVERY_PAGE[:3], ("mood", positive), ("mood_more", more), ("change", CHANGE))
    assert answer_all(client, token, pages)["Location"] == "/follow-up/done/"
    follow_up.refresh_from_db()
    assert (follow_up.phq9_score, follow_up.phq9_band) == (16, "moderately_severe")
    assert (follow_up.gad7_score, follow_up.gad7_band) == (5, "mild")


def test_thoughts_of_self_harm_at_a_follow_up_alert_the_clinic(client):
    follow_up, token = follow_up_sent(CaseFactory())
    pages = (*EVERY_PAGE[:3], ("mood", {**MOOD, "phq9_9": "1"}), ("change", CHANGE))
    answer_all(client, token, pages)
    follow_up.refresh_from_db()
    assert follow_up.red_flags == ["self_harm_thoughts"] and follow_up.triage_level == "urgent"
    assert follow_up.alert is not None and follow_up.alert.level == "urgent"


def test_a_patient_answers_and_the_change_from_the_intake_is_kept(client):
    case = CaseFactory(back_pain_average=6, leg_pain_average=4, peg_enjoyment=6, peg_activity=4)
    follow_up, token = follow_up_sent(case)

    response = answer_all(client, token)

    assert response["Location"] == "/follow-up/done/"
    follow_up.refresh_from_db()
    assert follow_up.status == Status.ANSWERED and follow_up.answered_at
    assert (follow_up.back_pain_average, follow_up.leg_pain_average) == (2, 3)
    assert (follow_up.peg_pain, follow_up.peg_score) == (3, 2.7)  # the higher average
    assert (follow_up.back_pain_change, follow_up.back_pain_category) == (-4, "improved")
    assert (follow_up.leg_pain_change, follow_up.leg_pain_category) == (-1, "no_change")
    assert follow_up.peg_change == -2.3 and follow_up.peg_category == "improved"
    assert follow_up.odi_percent is None and follow_up.odi_category == ""
    assert (follow_up.work_status, follow_up.global_change) == ("working", "much_better")
    assert (follow_up.red_flags, follow_up.triage_level) == ([], "routine")
    assert follow_up.in_progress == {}
    page = client.get("/follow-up/done/").content.decode()
    assert "Thank you, we have your answers" in page


def test_the_global_impression_is_asked_in_the_patients_words(client):
    _follow_up, token = follow_up_sent()
    client.get(f"/follow-up/{token}/")
    page = client.get("/follow-up/answer/change/").content.decode()
    assert "Since you started care with us, how are you overall?" in page
    for words in ("Very much better", "A lot better", "About the same", "Very much worse"):
        assert words in page


def test_each_page_is_judged_and_kept_as_typed(client):
    _follow_up, token = follow_up_sent()
    client.get(f"/follow-up/{token}/")
    response = client.post("/follow-up/answer/pain/", answers("pain", {"back_pain_average": "4"}))
    assert response.status_code == 200
    assert "Choose a number from 0 to 10." in response.content.decode()
    again = client.get("/follow-up/answer/pain/").content.decode()
    assert (
        'value="4" class="answer-input" required id="id_pain-back_pain_average_4" checked' in again
    )


def test_the_last_page_sends_only_when_every_page_is_valid(client):
    follow_up, token = follow_up_sent()
    client.get(f"/follow-up/{token}/")
    client.post("/follow-up/answer/pain/", answers("pain", PAIN))
    response = client.post("/follow-up/answer/change/", answers("change", CHANGE))
    assert response["Location"] == "/follow-up/answer/safety/"
    follow_up.refresh_from_db()
    assert follow_up.status == Status.SENT


def test_the_odi_is_asked_where_the_clinic_has_loaded_it(client):
    sections = json.loads((Path(__file__).parent / "data" / "odi_made_up.json").read_text())[
        "sections"
    ]
    Instrument.objects.create(key="odi", name="ODI", sections=sections)
    case = CaseFactory(odi_answers=[3] * 10)
    follow_up, token = follow_up_sent(case)
    odi = {f"odi_{n}": "1" for n in range(1, len(sections) + 1)}

    answer_all(
        client,
        token,
        (*EVERY_PAGE[:2], ("daily", odi), *EVERY_PAGE[2:]),
    )

    follow_up.refresh_from_db()
    assert follow_up.odi_percent == 20.0
    assert (follow_up.odi_change, follow_up.odi_category) == (-40.0, "improved")


def test_a_second_send_changes_nothing(client):
    follow_up, token = follow_up_sent()
    answer_all(client, token)
    follow_up.refresh_from_db()
    answered_at = follow_up.answered_at
    response = client.post("/follow-up/answer/change/", answers("change", CHANGE))
    assert response["Location"] == "/follow-up/done/"
    follow_up.refresh_from_db()
    assert follow_up.answered_at == answered_at
    again = client.get(f"/follow-up/{token}/")
    assert "already" in again.content.decode() or "Thank you" in again.content.decode()


def test_the_pages_carry_no_token_in_their_address(client):
    _follow_up, token = follow_up_sent()
    response = answer_all(client, token)
    assert token not in response["Location"]
    assert FollowUp.objects.filter(token_hash=token).count() == 0  # only its hash is stored
