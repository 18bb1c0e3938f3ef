"""
The questions a spine clinician decides on, as the patient answers them: each asked only when it
applies, each turned into what the clinician reads (pain site from the maps, the daily morphine
equivalent, mood scores, BMI), and thoughts of self-harm met with crisis help at once and sent
to a person at the clinic like any urgent red flag.
"""

from html import unescape

import pytest
from django.core import mail

from intake.models import Alert, Case, Draft
from tests.conftest import valid_steps

pytestmark = pytest.mark.django_db

NO_MAPS = {"pain_regions_before": [], "pain_regions_now": []}
SELF_HARM_HEADING = "You do not have to cope with these thoughts alone"


def send(patient, **step_changes):
    response = patient.complete(valid_steps(**step_changes))
    assert response.status_code == 302, response.content.decode()[:3000]
    return Case.objects.get()


# Where it hurts


def test_both_pain_maps_answer_where_the_pain_is_so_it_is_not_asked_again(patient):
    patient.reach("pain")
    assert 'name="pain-pain_site"' not in patient.page("pain")
    case = send(
        patient,
        where={
            "pain_regions_before": ["lower_back_centre"],
            "pain_regions_now": ["lower_back_centre", "calf_left"],
        },
    )
    assert case.pain_site == "both"
    assert case.pain_regions_now == ["lower_back_centre", "calf_left"]


def test_without_both_maps_the_pain_site_is_asked(patient):
    steps = valid_steps(where=NO_MAPS, pain={"pain_site": "different"})
    patient.reach("pain", steps)
    assert "compared with before your most recent operation" in patient.page("pain")
    case = send(patient, where=NO_MAPS, pain={"pain_site": "different"})
    assert case.pain_site == "different" and case.pattern == "new_site"


def test_the_map_is_a_labelled_checkbox_per_region_on_an_outline(patient):
    patient.reach("where")
    page = patient.page("where")
    assert page.count('type="checkbox" name="where-pain_regions_now"') == 26
    assert "Lower back, left side" in page and 'aria-label="Back of the body"' in page


def test_the_first_operation_and_which_pain_was_worse_are_kept(patient):
    case = send(patient)
    assert (case.first_operation_reason, case.dominant_pain_before) == ("leg_pain", "leg")
    assert case.dominant_pain_now == "leg"  # leg 6 over back 5 on average


# Nerve pain, only with leg pain


def test_nerve_pain_features_are_asked_only_with_leg_pain(patient):
    case = send(patient)
    assert case.nerve_pain_features == ["numbness", "pins_and_needles"]
    assert case.numbness and case.pins_and_needles
    Case.objects.all().delete()
    Draft.objects.all().delete()

    no_leg_pain = send(patient, pain={"leg_pain_average": "0"})
    assert no_leg_pain.nerve_pain_features == [] and not no_leg_pain.numbness


# Medicines


def test_the_daily_morphine_equivalent_and_risky_combinations_are_worked_out(patient):
    case = send(patient)
    # Tramadol 50 mg four times a day is 200 mg, times 0.2.
    assert (case.mme_total, case.mme_band) == (40.0, "low")
    assert case.co_prescriptions == ["opioid_with_gabapentinoid"]
    assert case.medicines[0] == {
        "medicine": "tramadol",
        "dose": 50.0,
        "frequency": "four_times_a_day",
    }


def test_a_dose_not_known_and_buprenorphine_are_not_converted(patient):
    case = send(
        patient,
        medicines={
            "medicines": ["morphine", "buprenorphine_patch"],
            "morphine_dose": "",
            "morphine_frequency": "twice_a_day",
            "buprenorphine_patch_dose": "10",
            "tramadol_dose": None,
            "tramadol_frequency": None,
            "pregabalin_dose": None,
            "pregabalin_frequency": None,
        },
    )
    assert case.mme_total == 0 and case.mme_not_converted == ["morphine", "buprenorphine_patch"]


def test_each_ticked_medicine_needs_how_often_but_not_a_dose(patient):
    patient.reach("medicines")
    page = patient.post(
        "medicines", {"medicines": ["codeine"], "codeine_dose": "", "codeine_frequency": ""}
    ).content.decode()
    assert "Codeine: how many times a day? Say how often you take it" in unescape(page)
    assert "codeine_dose_error" not in page


# Mood


def test_a_negative_short_screen_skips_the_rest_of_the_questionnaires(patient):
    case = send(patient)
    assert (case.phq2_score, case.gad2_score) == (2, 1)
    assert case.phq9_score is None and case.phq9_band == ""
    assert case.phq9_items == [1, 1, None, None, None, None, None, None, 0]


def test_a_positive_short_screen_asks_every_item_and_gives_the_bands(patient):
    mood = {"phq9_1": "2", "phq9_2": "2", "phq9_9": "0", "gad7_1": "1", "gad7_2": "1"}
    more = {f"phq9_{n}": "1" for n in range(3, 9)} | {f"gad7_{n}": "2" for n in range(3, 8)}
    steps = valid_steps(mood=mood)
    patient.reach("health", steps)
    assert patient.client.get("/intake/mood_more/").status_code == 200
    patient.post("mood_more", more)
    for step in ("health", "treatments", "review"):
        patient.post(step, steps[step])
    case = Case.objects.get()
    assert (case.phq9_score, case.phq9_band) == (10, "moderate")  # 2 + 2 + 6 x 1 + 0
    assert (case.gad7_score, case.gad7_band) == (12, "moderate")  # 1 + 1 + 5 x 2


def test_mood_items_are_credited_and_worded_as_published(patient):
    patient.reach("mood")
    page = patient.page("mood")
    assert "Over the last 2 weeks, how often have you been bothered by any of the following" in page
    assert "Thoughts that you would be better off dead or of hurting yourself in some way" in page
    assert "Kroenke" in page and "No permission required" in page


# Thoughts of self-harm


def test_thoughts_of_self_harm_show_crisis_help_at_once(patient, settings):
    settings.CRISIS_LINE = "116 123"
    patient.reach("mood")
    fragment = patient.client.get(
        "/intake/instruction/?page=mood&flag=self_harm_thoughts"
    ).content.decode()
    assert SELF_HARM_HEADING in fragment
    assert '<a href="tel:116123">116 123</a>' in fragment

    patient.post("mood", valid_steps(mood={"phq9_9": "1"})["mood"])
    assert SELF_HARM_HEADING in patient.page("health")


def test_thoughts_of_self_harm_are_an_urgent_flag_that_reaches_the_clinic(
    patient, settings, run_worker
):
    settings.CLINIC_ALERT_EMAILS = ["triage@clinic.example"]
    case = send(patient, mood={"phq9_9": "2"})
    assert case.red_flags == ["self_harm_thoughts"] and case.triage_level == "urgent"

    run_worker()
    alert = Alert.objects.get(case=case)
    assert alert.level == "urgent" and alert.sent_at is not None
    [message] = [m for m in mail.outbox if "triage@clinic.example" in m.to]
    assert case.reference in message.subject
    assert "hurting" not in message.body and case.full_name not in message.body


def test_an_unsent_intake_with_thoughts_of_self_harm_is_watched(patient):
    patient.reach("mood")
    patient.post("mood", valid_steps(mood={"phq9_9": "3"})["mood"])
    draft = Draft.objects.get()
    assert draft.red_flags() == ["self_harm_thoughts"]
    assert draft.data["extra_data"]["red_flag_check_queued"] is True


# Health, implants and how treatments worked


def test_bmi_scan_and_how_each_treatment_worked_are_kept(patient):
    case = send(patient)
    assert (case.height_cm, case.weight_kg, case.bmi) == (172, 84.0, 28.4)
    assert (case.scan_type, case.scan_year) == ("mri", 2023)
    assert case.treatment_responses == {"physical_therapy": "did_not_help", "opioids": "helped"}


def test_metal_left_in_is_asked_only_for_a_fusion_or_a_new_disc(patient):
    case = send(
        patient,
        operations={"0-implant_left_in": "yes", "1-implant_left_in": "not_sure"},
    )
    first, second = case.operations.order_by("pk")
    assert (first.procedure, first.implant_left_in) == ("discectomy", "")  # did not apply
    assert (second.procedure, second.implant_left_in) == ("fusion", "not_sure")


def test_the_review_page_shows_each_medicine_on_one_line(patient):
    patient.reach("review")
    page = patient.page("review")
    assert "50 mg, four times a day" in page
    assert "Where was it done?" not in page  # an optional question left empty has no row
