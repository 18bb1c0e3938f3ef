"""
The rules that decide a clinician's next step and a follow-up's change, against tables of cases:
mood, medicines, the pain map, body measures, the stimulation checklist, change that matters and
when follow-ups fall due. Every boundary is in a table.
"""

from datetime import date

import pytest

from intake import clinical, vocabulary
from intake.clinical import (
    bmi,
    change_category,
    co_prescription_flags,
    daily_dose,
    follow_up_dates,
    gad2_score,
    gad7_band,
    gad7_score,
    mme_band,
    mood_needs_full_items,
    oral_morphine_equivalent,
    pain_dominance,
    pain_site_from_regions,
    patient_instruction,
    phq2_score,
    phq9_band,
    phq9_item9_flag,
    phq9_score,
    scs_checklist,
    total_mme,
    triage_level,
)

# Mood.


@pytest.mark.parametrize(
    ("items", "score"),
    [
        ([0] * 9, 0),
        ([3] * 9, 27),
        ([1] * 9, 9),
        ([0, 1, 2, 3, 0, 1, 2, 3, 0], 12),
        ([0] * 8 + [3], 3),
        ((2, 2, 2, 2, 2, 2, 2, 2, 2), 18),
    ],
)
def test_phq9_score_sums_nine_items(items, score):
    assert phq9_score(items) == score


@pytest.mark.parametrize(
    ("items", "score"),
    [([0] * 7, 0), ([3] * 7, 21), ([1, 2, 3, 0, 1, 2, 3], 12), ((2,) * 7, 14)],
)
def test_gad7_score_sums_seven_items(items, score):
    assert gad7_score(items) == score


BAD_ITEMS = [4, -1, 1.0, 2.5, "2", None, True]


@pytest.mark.parametrize(
    "items",
    [[0] * 8, [0] * 10, [], *([bad] + [0] * 8 for bad in BAD_ITEMS)],
)
def test_phq9_score_rejects_a_wrong_length_or_an_item_outside_0_to_3(items):
    with pytest.raises(ValueError):
        phq9_score(items)


@pytest.mark.parametrize(
    "items",
    [[0] * 6, [0] * 8, [0] * 9, [], *([0] * 6 + [bad] for bad in BAD_ITEMS)],
)
def test_gad7_score_rejects_a_wrong_length_or_an_item_outside_0_to_3(items):
    with pytest.raises(ValueError):
        gad7_score(items)


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately_severe"),
        (19, "moderately_severe"),
        (20, "severe"),
        (27, "severe"),
    ],
)
def test_phq9_band_boundaries(score, band):
    assert phq9_band(score) == band


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "severe"),
        (21, "severe"),
    ],
)
def test_gad7_band_boundaries(score, band):
    assert gad7_band(score) == band


@pytest.mark.parametrize("score", [-1, 28, 4.5, "5", None, True])
def test_phq9_band_rejects_a_score_outside_0_to_27(score):
    with pytest.raises(ValueError):
        phq9_band(score)


@pytest.mark.parametrize("score", [-1, 22, 27, 9.5, None, False])
def test_gad7_band_rejects_a_score_outside_0_to_21(score):
    with pytest.raises(ValueError):
        gad7_band(score)


@pytest.mark.parametrize(
    ("function", "items", "score"),
    [
        (phq2_score, [0, 0], 0),
        (phq2_score, [1, 2], 3),
        (phq2_score, [3, 3], 6),
        (phq2_score, [1, 1, 3, 3, 3, 3, 3, 3, 3], 2),  # the full PHQ-9: its first two items
        (gad2_score, [2, 0], 2),
        (gad2_score, [3, 3], 6),
        (gad2_score, [0, 1, 3, 3, 3, 3, 3], 1),  # the full GAD-7
    ],
)
def test_the_short_screens_score_the_first_two_items(function, items, score):
    assert function(items) == score


@pytest.mark.parametrize(
    ("function", "items"),
    [
        (phq2_score, [1]),
        (phq2_score, [1, 1, 1]),
        (phq2_score, [1] * 7),  # a GAD-7's length is not a PHQ-9's
        (phq2_score, [4, 0]),
        (phq2_score, [0, 0, 0, 0, 0, 0, 0, 0, 9]),  # every item given is checked
        (gad2_score, [1] * 9),
        (gad2_score, [None, 1]),
        (gad2_score, [-1, 1]),
    ],
)
def test_the_short_screens_reject_a_wrong_length_or_item(function, items):
    with pytest.raises(ValueError):
        function(items)


@pytest.mark.parametrize(
    ("phq2", "gad2", "full"),
    [
        (0, 0, False),
        (2, 2, False),
        (3, 0, True),
        (0, 3, True),
        (2, 3, True),
        (6, 6, True),
        (None, None, False),
        (None, 2, False),
        (3, None, True),
        (None, 3, True),
    ],
)
def test_the_full_questionnaires_are_asked_when_either_short_screen_is_3_or_more(phq2, gad2, full):
    assert clinical.SHORT_SCREEN_POSITIVE == 3
    assert mood_needs_full_items(phq2, gad2) is full


@pytest.mark.parametrize(("phq2", "gad2"), [(7, 0), (0, -1), (2.5, 0), ("3", 0), (True, 0)])
def test_a_short_screen_is_0_to_6(phq2, gad2):
    with pytest.raises(ValueError):
        mood_needs_full_items(phq2, gad2)


@pytest.mark.parametrize(
    ("item9", "flag"), [(0, False), (1, True), (2, True), (3, True), (None, False)]
)
def test_any_answer_to_phq9_item_9_above_not_at_all_sets_the_flag(item9, flag):
    assert phq9_item9_flag(item9) is flag


@pytest.mark.parametrize("item9", [-1, 4, 1.0, "1", True])
def test_phq9_item_9_is_answered_0_to_3(item9):
    with pytest.raises(ValueError):
        phq9_item9_flag(item9)


# Thoughts of self-harm: a red flag, not a safety question.


def test_every_red_flag_is_a_safety_question_or_thoughts_of_self_harm():
    assert clinical.RED_FLAGS == clinical.SAFETY_QUESTIONS + ("self_harm_thoughts",)
    assert len(clinical.SAFETY_QUESTIONS) == 19
    assert "self_harm_thoughts" not in clinical.SAFETY_QUESTIONS


def test_the_self_harm_flag_shows_clinicians_the_words_the_patient_answered():
    term = vocabulary.SELF_HARM_THOUGHTS
    assert term.patient == vocabulary.PHQ9_ITEMS[8].patient
    assert "PHQ-9 item 9" in term.clinician
    assert "same day" in term.points_to


@pytest.mark.parametrize(
    ("flags", "months", "level", "instruction"),
    [
        ({"self_harm_thoughts"}, None, "urgent", "crisis_support"),
        ({"self_harm_thoughts"}, 120, "urgent", "crisis_support"),
        # A recent operation does not hide the crisis information.
        ({"self_harm_thoughts"}, 1, "urgent", "crisis_support"),
        # Crisis information is stronger than "within days" ...
        ({"self_harm_thoughts", "cancer_history"}, None, "urgent", "crisis_support"),
        ({"self_harm_thoughts", "fever_or_unwell"}, None, "urgent", "crisis_support"),
        # ... and the emergencies are stronger still: both send the patient to a person today.
        ({"self_harm_thoughts", "saddle_numbness"}, None, "emergency", "call_emergency_services"),
        ({"self_harm_thoughts", "wound_problem"}, 2, "emergency", "checked_today"),
    ],
)
def test_thoughts_of_self_harm_are_urgent_and_show_crisis_information(
    flags, months, level, instruction
):
    assert triage_level(flags, months_since_last_operation=months) == level
    assert patient_instruction(flags, months_since_last_operation=months) == instruction


def test_instructions_are_listed_strongest_first():
    assert clinical.INSTRUCTIONS == (
        "call_emergency_services",
        "checked_today",
        "crisis_support",
        "within_days",
        "operating_team",
    )


# Medicines.


def test_the_conversion_table_is_the_cdc_2022_table():
    assert clinical.MME_CONVERSION_FACTORS == {
        "morphine": 1,
        "codeine": 0.15,
        "dihydrocodeine": 0.25,
        "tramadol": 0.2,
        "tapentadol": 0.4,
        "oxycodone": 1.5,
        "hydrocodone": 1,
        "hydromorphone": 5,
        "oxymorphone": 3,
        "methadone": 4.7,
        "fentanyl_patch": 2.4,
    }


@pytest.mark.parametrize(
    ("medicine", "dose", "mme"),
    [
        ("morphine", 60, 60.0),
        ("morphine", 0, 0.0),
        ("codeine", 240, 36.0),
        ("co_codamol", 240, 36.0),  # counted as its codeine
        ("codeine", 1, 0.2),  # 0.15, to one decimal
        ("dihydrocodeine", 120, 30.0),
        ("tramadol", 400, 80.0),
        ("tramadol", 50, 10.0),
        ("tapentadol", 100, 40.0),
        ("oxycodone", 20, 30.0),
        ("oxycodone", 60, 90.0),
        ("hydrocodone", 30, 30.0),
        ("hydromorphone", 8, 40.0),
        ("oxymorphone", 10, 30.0),
        ("methadone", 10, 47.0),
        ("fentanyl_patch", 25, 60.0),  # micrograms an hour
        ("fentanyl_patch", 12, 28.8),
        ("morphine", 12.5, 12.5),
        ("tramadol", 150.5, 30.1),
        # Not converted.
        ("buprenorphine_patch", 10, None),
        ("buprenorphine", 10, None),
        ("paracetamol", 4000, None),
        ("gabapentin", 900, None),
        ("heroin", 10, None),
        ("other", 10, None),
        ("morphine", None, None),  # a dose the patient is not sure of
    ],
)
def test_oral_morphine_equivalent_table(medicine, dose, mme):
    assert oral_morphine_equivalent(medicine, dose) == mme


@pytest.mark.parametrize(
    ("medicine", "dose"),
    [
        ("morphine", -1),
        ("morphine", -0.5),
        ("buprenorphine_patch", -5),
        ("heroin", -1),
        ("morphine", "30"),
        ("morphine", True),
        ("morphine", float("nan")),
        ("morphine", float("inf")),
    ],
)
def test_oral_morphine_equivalent_rejects_a_negative_or_non_numeric_dose(medicine, dose):
    with pytest.raises(ValueError):
        oral_morphine_equivalent(medicine, dose)


def test_every_medicine_converted_has_a_row_in_the_table_and_every_opioid_but_buprenorphine_one():
    for medicine in vocabulary.PAIN_MEDICINES:
        if medicine.mme_key:
            assert medicine.kind == "opioid", medicine.key
            assert medicine.mme_key in clinical.MME_CONVERSION_FACTORS, medicine.key
    unconverted = {m.key for m in vocabulary.PAIN_MEDICINES if m.kind == "opioid"} - set(
        clinical.MME_KEY_BY_MEDICINE
    )
    assert unconverted == {"buprenorphine_patch"}


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "none"),
        (0.0, "none"),
        (0.1, "low"),
        (49.9, "low"),
        (50, "moderate"),
        (50.0, "moderate"),
        (89.9, "moderate"),
        (90, "high"),
        (90.0, "high"),
        (120, "high"),
        (1000, "high"),
    ],
)
def test_mme_band_boundaries(total, band):
    assert mme_band(total) == band


@pytest.mark.parametrize("total", [-0.1, -50, None, "60", True, float("nan")])
def test_mme_band_rejects_a_negative_or_missing_total(total):
    with pytest.raises(ValueError):
        mme_band(total)


@pytest.mark.parametrize(
    ("items", "total", "not_converted"),
    [
        ([], 0.0, ()),
        ([("paracetamol", 4000), ("gabapentin", 900)], 0.0, ()),
        ([("morphine", 30), ("oxycodone", 20)], 60.0, ()),
        ([("co_codamol", 240), ("tramadol", 200)], 76.0, ()),
        ([("codeine", 1), ("codeine", 1), ("codeine", 1)], 0.6, ()),
        ([("fentanyl_patch", 25), ("morphine", 30)], 90.0, ()),
        ([("morphine", 30), ("buprenorphine_patch", 10)], 30.0, ("buprenorphine_patch",)),
        ([("morphine", None), ("tramadol", 100)], 20.0, ("morphine",)),
        ([("heroin", 10), ("paracetamol", 1000)], 0.0, ("heroin",)),
        ([("other", 10)], 0.0, ()),  # another medicine, not said to be an opioid
    ],
)
def test_total_mme_adds_the_opioids_converted_and_names_those_that_were_not(
    items, total, not_converted
):
    result = total_mme(items)
    assert (result.total, result.not_converted) == (total, not_converted)


def test_total_mme_rejects_a_negative_dose():
    with pytest.raises(ValueError):
        total_mme([("morphine", -10)])


@pytest.mark.parametrize(
    ("medicine", "dose", "frequency", "daily"),
    [
        ("morphine", 10, "once_a_day", 10),
        ("morphine", 10, "twice_a_day", 20),
        ("co_codamol", 30, "three_times_a_day", 90),
        ("codeine", 30, "four_times_a_day", 120),
        ("tramadol", 50, "when_needed", None),
        ("tramadol", 50, "not_sure", None),
        ("tramadol", 50, None, None),
        ("tramadol", None, "twice_a_day", None),
        ("fentanyl_patch", 25, None, 25),  # a patch's rate is its own daily figure
        ("fentanyl_patch", 25, "once_a_day", 25),
        ("buprenorphine_patch", 10, None, 10),
    ],
)
def test_daily_dose_table(medicine, dose, frequency, daily):
    assert daily_dose(medicine, dose, frequency) == daily


@pytest.mark.parametrize(
    ("medicine", "dose", "frequency"),
    [
        ("heroin", 10, "once_a_day"),
        ("morphine", 10, "hourly"),
        ("morphine", -10, "once_a_day"),
        ("morphine", "10", "once_a_day"),
    ],
)
def test_daily_dose_rejects_unknown_medicines_frequencies_and_negative_doses(
    medicine, dose, frequency
):
    with pytest.raises(ValueError):
        daily_dose(medicine, dose, frequency)


@pytest.mark.parametrize(
    ("medicines", "flags"),
    [
        (set(), set()),
        ({"morphine"}, set()),
        ({"diazepam"}, set()),
        ({"pregabalin", "diazepam"}, set()),  # no opioid
        ({"morphine", "diazepam"}, {"opioid_with_benzodiazepine"}),
        ({"co_codamol", "other_benzodiazepine"}, {"opioid_with_benzodiazepine"}),
        ({"tramadol", "gabapentin"}, {"opioid_with_gabapentinoid"}),
        ({"buprenorphine_patch", "pregabalin"}, {"opioid_with_gabapentinoid"}),
        (
            {"oxycodone", "pregabalin", "diazepam", "paracetamol"},
            {"opioid_with_benzodiazepine", "opioid_with_gabapentinoid"},
        ),
        ({"paracetamol", "nsaid", "amitriptyline", "duloxetine", "other"}, set()),
        (["fentanyl_patch", "gabapentin", "gabapentin"], {"opioid_with_gabapentinoid"}),
    ],
)
def test_co_prescription_flags_table(medicines, flags):
    assert co_prescription_flags(medicines) == flags


def test_co_prescription_flags_rejects_unknown_medicines():
    with pytest.raises(ValueError, match="heroin"):
        co_prescription_flags({"heroin", "diazepam"})


def test_the_medicine_groups_are_the_expected_ones():
    assert sorted(clinical.BENZODIAZEPINES) == ["diazepam", "other_benzodiazepine"]
    assert sorted(clinical.GABAPENTINOIDS) == ["gabapentin", "pregabalin"]
    assert sorted(clinical.OPIOIDS) == [
        "buprenorphine_patch",
        "co_codamol",
        "codeine",
        "dihydrocodeine",
        "fentanyl_patch",
        "morphine",
        "oxycodone",
        "tapentadol",
        "tramadol",
    ]


# The pain map.


@pytest.mark.parametrize(
    ("before", "now", "site"),
    [
        ({"lower_back_centre"}, {"lower_back_centre"}, "same"),
        ({"lower_back_centre", "calf_left"}, {"calf_left"}, "same"),  # some of it eased
        ({"calf_left"}, {"calf_right"}, "different"),
        ({"lower_back_left", "buttock_left"}, {"neck", "hand_right"}, "different"),
        ({"calf_left"}, {"calf_left", "calf_right"}, "both"),
        ({"calf_left", "foot_left"}, {"foot_left", "groin_right"}, "both"),
        (["knee_left", "knee_left"], ("knee_left",), "same"),
    ],
)
def test_pain_site_from_regions_table(before, now, site):
    assert pain_site_from_regions(before, now) == site
    assert site in clinical.PAIN_SITES


@pytest.mark.parametrize(
    ("before", "now"),
    [
        (set(), {"neck"}),
        ({"neck"}, set()),
        (set(), set()),
        ({"neck"}, {"elbow"}),
        ({"tail"}, {"neck"}),
    ],
)
def test_pain_site_from_regions_needs_two_maps_of_known_regions(before, now):
    with pytest.raises(ValueError):
        pain_site_from_regions(before, now)


def test_the_pain_map_has_at_least_24_regions_each_on_one_outline():
    regions = vocabulary.PAIN_REGIONS
    assert len(regions) >= 24
    assert {region.outline for region in regions} == {"front", "back"}
    for required in (
        "lower_back_left",
        "lower_back_centre",
        "lower_back_right",
        "buttock_left",
        "buttock_right",
        "neck",
        "middle_back",
    ):
        assert required in clinical.PAIN_REGIONS


def test_a_region_must_be_drawn_on_the_front_or_the_back():
    with pytest.raises(ValueError):
        vocabulary.Region("tail", "Tail", outline="side")


# Body and pain.


@pytest.mark.parametrize(
    ("height", "weight", "value"),
    [
        (170, 70, 24.2),
        (180, 81, 25.0),
        (160, 64, 25.0),
        (175.5, 90.3, 29.3),
        (100, 25, 25.0),  # the lower ends of the ranges
        (250, 350, 56.0),  # the upper ends
        (100, 350, 350.0),
        (250, 25, 4.0),
    ],
)
def test_bmi_to_one_decimal(height, weight, value):
    assert bmi(height, weight) == value


@pytest.mark.parametrize(
    ("height", "weight"),
    [
        (99.9, 70),
        (250.1, 70),
        (1.75, 70),  # metres, not centimetres
        (170, 24.9),
        (170, 350.1),
        (170, -70),
        (None, 70),
        (170, "70"),
        (True, 70),
        (float("nan"), 70),
    ],
)
def test_bmi_rejects_implausible_heights_and_weights(height, weight):
    with pytest.raises(ValueError):
        bmi(height, weight)


@pytest.mark.parametrize(
    ("back", "leg", "dominance"),
    [
        (3, 8, "leg"),
        (4, 5, "leg"),
        (0, 1, "leg"),
        (8, 3, "back"),
        (5, 4, "back"),
        (5, 5, "equal"),
        (0, 0, "equal"),
        (10, 10, "equal"),
        (6.5, 6.6, "leg"),
    ],
)
def test_pain_dominance_table(back, leg, dominance):
    assert pain_dominance(back, leg) == dominance


@pytest.mark.parametrize(("back", "leg"), [(-1, 5), (5, 11), (None, 5), ("5", 5), (True, 5)])
def test_pain_dominance_takes_0_to_10_scores(back, leg):
    with pytest.raises(ValueError):
        pain_dominance(back, leg)


def test_pain_dominance_speaks_the_keys_of_the_patients_answer_about_before():
    assert {clinical.LEG, clinical.BACK, clinical.EQUAL} < set(
        vocabulary.keys(vocabulary.DOMINANT_PAIN_BEFORE)
    )


# The spinal cord stimulation checklist.

ALL_MET = {
    "back_pain": 3,
    "leg_pain": 7,
    "nerve_pain_features": {"burning"},
    "months_since_last_operation": 6,
    "conservative_treatment_tried": True,
    "psychological_assessment": True,
}
ITEMS = (
    "leg_dominant_neuropathic",
    "six_months_since_operation",
    "pain_at_least_5",
    "conservative_treatment_tried",
    "psychological_assessment",
)


def statuses(**changes):
    return dict(scs_checklist(**(ALL_MET | changes)))


def test_the_checklist_is_ordered_and_all_met_for_a_typical_candidate():
    checklist = scs_checklist(**ALL_MET)
    assert tuple(item for item, _ in checklist) == ITEMS
    assert all(status == "met" for _, status in checklist)


def test_with_nothing_known_every_item_is_unknown():
    checklist = scs_checklist(**dict.fromkeys(ALL_MET))
    assert checklist == tuple((item, "unknown") for item in ITEMS)


@pytest.mark.parametrize(
    ("changes", "item", "status"),
    [
        # Leg-dominant pain with nerve-pain features.
        ({"back_pain": 7, "leg_pain": 7}, "leg_dominant_neuropathic", "not_met"),
        ({"back_pain": 8, "leg_pain": 7}, "leg_dominant_neuropathic", "not_met"),
        ({"back_pain": 6, "leg_pain": 7}, "leg_dominant_neuropathic", "met"),
        ({"nerve_pain_features": set()}, "leg_dominant_neuropathic", "not_met"),
        ({"nerve_pain_features": None}, "leg_dominant_neuropathic", "unknown"),
        ({"back_pain": None}, "leg_dominant_neuropathic", "unknown"),
        ({"leg_pain": None}, "leg_dominant_neuropathic", "unknown"),
        # One part known to fail is enough to say not met.
        ({"back_pain": 9, "nerve_pain_features": None}, "leg_dominant_neuropathic", "not_met"),
        ({"back_pain": None, "nerve_pain_features": set()}, "leg_dominant_neuropathic", "not_met"),
        (
            {"nerve_pain_features": {"touch_pain", "numbness"}},
            "leg_dominant_neuropathic",
            "met",
        ),
        # At least 6 months since the last operation.
        ({"months_since_last_operation": 5}, "six_months_since_operation", "not_met"),
        ({"months_since_last_operation": 0}, "six_months_since_operation", "not_met"),
        ({"months_since_last_operation": 6}, "six_months_since_operation", "met"),
        ({"months_since_last_operation": 120}, "six_months_since_operation", "met"),
        ({"months_since_last_operation": None}, "six_months_since_operation", "unknown"),
        # Leg pain at least 5/10.
        ({"leg_pain": 4, "back_pain": 2}, "pain_at_least_5", "not_met"),
        ({"leg_pain": 5, "back_pain": 2}, "pain_at_least_5", "met"),
        ({"leg_pain": 10}, "pain_at_least_5", "met"),
        ({"leg_pain": None}, "pain_at_least_5", "unknown"),
        # Conservative treatment, psychological assessment.
        ({"conservative_treatment_tried": False}, "conservative_treatment_tried", "not_met"),
        ({"conservative_treatment_tried": None}, "conservative_treatment_tried", "unknown"),
        ({"psychological_assessment": False}, "psychological_assessment", "not_met"),
        ({"psychological_assessment": None}, "psychological_assessment", "unknown"),
    ],
)
def test_scs_checklist_items(changes, item, status):
    assert statuses(**changes)[item] == status


@pytest.mark.parametrize(
    "changes",
    [
        {"nerve_pain_features": {"itching"}},
        {"months_since_last_operation": -1},
        {"months_since_last_operation": 6.5},
        {"leg_pain": 11},
        {"leg_pain": 11, "back_pain": None},
        {"back_pain": -1, "leg_pain": None},
        {"conservative_treatment_tried": "yes"},
        {"psychological_assessment": 1},
    ],
)
def test_scs_checklist_rejects_impossible_answers(changes):
    with pytest.raises(ValueError):
        scs_checklist(**(ALL_MET | changes))


# Change that matters at a follow-up.


def _nrs_improvement_needed(baseline):
    """The smallest whole-point fall that is both 2 points and 30% of the baseline."""
    return next(fall for fall in range(2, 11) if fall * 10 >= baseline * 3)


@pytest.mark.parametrize("baseline", range(2, 11))
def test_nrs_improved_needs_2_points_and_30_percent_at_every_baseline(baseline):
    fall = _nrs_improvement_needed(baseline)
    assert change_category("nrs", baseline, baseline - fall) == "improved"
    assert change_category("nrs", baseline, baseline - fall + 1) == "no_change"


@pytest.mark.parametrize(
    ("baseline", "follow_up", "category"),
    [
        # Improved: 2 points and 30%, both boundaries included.
        (10, 7, "improved"),  # 3 points is exactly 30%
        (10, 8, "no_change"),  # 2 points is only 20%
        (7, 5, "no_change"),  # 2 points is 28.6%
        (7, 4, "improved"),
        (6, 4, "improved"),  # 2 points is 33%
        (2, 0, "improved"),
        (1, 0, "no_change"),  # 100% but 1 point
        (0, 0, "no_change"),
        (5, 5, "no_change"),
        (6.7, 4.7, "no_change"),  # 2 points is below 30% of 6.7 (2.01)
        (6.7, 4.69, "improved"),  # 2.01 is exactly 30%
        (6.7, 4.6, "improved"),
        # Worse: a rise of 2 points, whatever the share.
        (5, 7, "worse"),
        (5, 6, "no_change"),
        (0, 2, "worse"),
        (0, 1, "no_change"),
        (8, 10, "worse"),
        (9, 10, "no_change"),
        (2.3, 4.3, "worse"),
    ],
)
def test_change_category_nrs(baseline, follow_up, category):
    assert change_category("nrs", baseline, follow_up) == category


@pytest.mark.parametrize(
    ("baseline", "follow_up", "category"),
    [
        (40, 30, "improved"),
        (40, 31, "no_change"),
        (40, 30.1, "no_change"),
        (10, 0, "improved"),
        (100, 0, "improved"),
        (9, 0, "no_change"),
        (16.4, 6.4, "improved"),  # 10 points exactly, though 16.4 - 6.4 < 10 in floats
        (46.7, 36.8, "no_change"),
        (40, 50, "worse"),
        (40, 49.9, "no_change"),
        (90, 100, "worse"),
        (6.4, 16.4, "worse"),  # a rise of exactly 10, though 16.4 - 6.4 < 10 in floats
        (0, 0, "no_change"),
    ],
)
def test_change_category_odi_needs_10_points_either_way(baseline, follow_up, category):
    assert change_category("odi", baseline, follow_up) == category


@pytest.mark.parametrize(
    ("baseline", "follow_up", "category"),
    [
        (6.0, 5.0, "no_change"),  # 1 point is 16.7%
        (6.0, 4.2, "improved"),  # 1.8 is exactly 30%
        (6.0, 4.3, "no_change"),
        (5.0, 3.5, "improved"),  # 1.5 is exactly 30%
        (5.0, 3.6, "no_change"),
        (7.0, 4.9, "improved"),  # 2.1 is exactly 30%, though not in floats
        (7.0, 5.0, "no_change"),
        (10.0, 7.0, "improved"),
        (10.0, 7.1, "no_change"),
        (3.3, 2.3, "improved"),  # 1 point is 30.3%
        (2.3, 1.3, "improved"),  # 1 point exactly, though 2.3 - 1.3 < 1 in floats
        (3.4, 2.4, "no_change"),  # 1 point is 29.4%
        (1.0, 0.0, "improved"),
        (0.9, 0.0, "no_change"),  # 100% but under 1 point
        (6.7, 4.7, "no_change"),  # 2 points is below 30% of 6.7 (2.01)
        (6.7, 4.6, "improved"),
        (4, 3, "no_change"),  # whole numbers too: 25%
        (3, 2, "improved"),  # 33%
        # Worse: a rise of 1 point.
        (5.0, 6.0, "worse"),
        (5.0, 5.9, "no_change"),
        (1.3, 2.3, "worse"),  # a rise of exactly 1, though 2.3 - 1.3 < 1 in floats
        (9.0, 10.0, "worse"),
        (9.1, 10.0, "no_change"),
        (0, 0, "no_change"),
    ],
)
def test_change_category_peg(baseline, follow_up, category):
    assert change_category("peg", baseline, follow_up) == category


@pytest.mark.parametrize("measure", ["nrs", "odi", "peg"])
@pytest.mark.parametrize(("baseline", "follow_up"), [(None, 5), (5, None), (None, None)])
def test_change_category_with_a_missing_value_is_none(measure, baseline, follow_up):
    assert change_category(measure, baseline, follow_up) is None


@pytest.mark.parametrize(
    ("measure", "baseline", "follow_up"),
    [
        ("vas", 5, 3),
        ("", 5, 3),
        ("NRS", 5, 3),
        ("vas", None, None),  # an unknown measure is refused even with nothing to compare
        ("nrs", 11, 5),
        ("nrs", 5, -1),
        ("peg", 10.1, 5),
        ("odi", 100.1, 50),
        ("odi", 50, -0.1),
        ("nrs", "5", 3),
        ("nrs", True, 0),
        ("odi", float("nan"), 5),
    ],
)
def test_change_category_rejects_unknown_measures_and_values_out_of_range(
    measure, baseline, follow_up
):
    with pytest.raises(ValueError):
        change_category(measure, baseline, follow_up)


# When follow-ups fall due.


@pytest.mark.parametrize(
    ("start", "months", "due"),
    [
        (date(2025, 1, 15), (3, 12, 24), (date(2025, 4, 15), date(2026, 1, 15), date(2027, 1, 15))),
        (date(2025, 1, 31), (1,), (date(2025, 2, 28),)),
        (date(2024, 1, 31), (1,), (date(2024, 2, 29),)),  # a leap year
        (date(2024, 2, 29), (12,), (date(2025, 2, 28),)),
        (date(2024, 2, 29), (48,), (date(2028, 2, 29),)),
        (date(2024, 2, 29), (3, 12, 24), (date(2024, 5, 29), date(2025, 2, 28), date(2026, 2, 28))),
        (date(2025, 11, 30), (3,), (date(2026, 2, 28),)),
        (
            date(2025, 12, 31),
            (3, 12, 24),
            (date(2026, 3, 31), date(2026, 12, 31), date(2027, 12, 31)),
        ),
        (date(2025, 10, 31), (1, 2), (date(2025, 11, 30), date(2025, 12, 31))),
        (date(2025, 5, 31), (6,), (date(2025, 11, 30),)),
        (date(2025, 3, 1), (), ()),
    ],
)
def test_follow_up_dates_are_month_end_safe(start, months, due):
    assert follow_up_dates(start, months) == due


def test_follow_ups_fall_due_at_3_12_and_24_months_by_default():
    assert clinical.FOLLOW_UP_MONTHS_DEFAULT == (3, 12, 24)
    assert follow_up_dates(date(2025, 8, 31)) == (
        date(2025, 11, 30),
        date(2026, 8, 31),
        date(2027, 8, 31),
    )


@pytest.mark.parametrize("months", [(0,), (-3,), (3.0,), ("3",), (True,), (3, None)])
def test_follow_up_months_are_whole_numbers_of_1_or_more(months):
    with pytest.raises(ValueError):
        follow_up_dates(date(2025, 1, 1), months)


# The vocabulary the new rules speak.

NEW_PATIENT_GROUPS = {
    "pain regions": vocabulary.PAIN_REGIONS,
    "first operation reasons": vocabulary.FIRST_OPERATION_REASONS,
    "dominant pain before": vocabulary.DOMINANT_PAIN_BEFORE,
    "nerve-pain features": vocabulary.NERVE_PAIN_FEATURES,
    "pain medicines": vocabulary.PAIN_MEDICINES,
    "dose units": vocabulary.DOSE_UNITS,
    "dose frequencies": vocabulary.DOSE_FREQUENCIES,
    "PHQ-9 items": vocabulary.PHQ9_ITEMS,
    "GAD-7 items": vocabulary.GAD7_ITEMS,
    "mood answers": vocabulary.MOOD_ANSWERS,
    "smoking": vocabulary.SMOKING,
    "scan types": vocabulary.SCAN_TYPES,
    "treatment responses": vocabulary.TREATMENT_RESPONSES,
    "global change": vocabulary.GLOBAL_CHANGE,
}
NEW_CLINICIAN_GROUPS = {
    "MME bands": vocabulary.MME_BANDS,
    "co-prescription flags": vocabulary.CO_PRESCRIPTION_FLAGS,
    "PHQ-9 bands": vocabulary.PHQ9_BANDS,
    "GAD-7 bands": vocabulary.GAD7_BANDS,
    "SCS checklist": vocabulary.SCS_CHECKLIST,
    "SCS statuses": vocabulary.SCS_STATUSES,
    "measures": vocabulary.MEASURES,
    "change categories": vocabulary.CHANGE_CATEGORIES,
}


@pytest.mark.parametrize(
    "terms",
    (NEW_PATIENT_GROUPS | NEW_CLINICIAN_GROUPS).values(),
    ids=(NEW_PATIENT_GROUPS | NEW_CLINICIAN_GROUPS).keys(),
)
def test_new_keys_are_unique_and_worded_for_clinicians(terms):
    keys = vocabulary.keys(terms)
    assert len(set(keys)) == len(keys)
    assert all(term.clinician and term.clinician == term.clinician.strip() for term in terms)


@pytest.mark.parametrize("terms", NEW_PATIENT_GROUPS.values(), ids=NEW_PATIENT_GROUPS.keys())
def test_new_keys_a_patient_answers_are_worded_for_patients(terms):
    assert all(term.patient and term.patient == term.patient.strip() for term in terms)


@pytest.mark.parametrize("terms", NEW_CLINICIAN_GROUPS.values(), ids=NEW_CLINICIAN_GROUPS.keys())
def test_new_keys_worked_out_for_clinicians_are_never_worded_for_patients(terms):
    assert not any(term.patient for term in terms)


@pytest.mark.parametrize(
    ("terms", "rule_keys"),
    [
        (vocabulary.PHQ9_BANDS, tuple(band for _, band in clinical.PHQ9_BANDS)),
        (vocabulary.GAD7_BANDS, tuple(band for _, band in clinical.GAD7_BANDS)),
        (
            vocabulary.MME_BANDS,
            (clinical.MME_NONE, clinical.MME_LOW, clinical.MME_MODERATE, clinical.MME_HIGH),
        ),
        (vocabulary.MEASURES, tuple(clinical.CHANGE_RULES)),
        (vocabulary.SCS_CHECKLIST, ITEMS),
        (vocabulary.CHANGE_CATEGORIES, ("improved", "no_change", "worse")),
    ],
    ids=["PHQ-9 bands", "GAD-7 bands", "MME bands", "measures", "SCS checklist", "changes"],
)
def test_the_new_rules_work_out_exactly_the_keys_the_vocabulary_words(terms, rule_keys):
    assert vocabulary.keys(terms) == rule_keys


def test_the_mood_questionnaires_keep_their_published_shape_and_credit():
    assert len(vocabulary.PHQ9_ITEMS) == 9 and len(vocabulary.GAD7_ITEMS) == 7
    assert [(a.key, a.patient) for a in vocabulary.MOOD_ANSWERS] == [
        ("0", "Not at all"),
        ("1", "Several days"),
        ("2", "More than half the days"),
        ("3", "Nearly every day"),
    ]
    assert vocabulary.PHQ9_QUESTION.patient == (
        "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
    )
    assert vocabulary.PHQ9_ITEMS[8].patient == (
        "Thoughts that you would be better off dead or of hurting yourself in some way"
    )
    assert vocabulary.PHQ_GAD_CREDIT.startswith(
        "PHQ-9 and GAD-7 developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke"
    )
    assert vocabulary.PHQ_GAD_CREDIT.endswith(
        "No permission required to reproduce, translate, display or distribute."
    )


def test_the_first_operation_and_the_global_change_have_their_options():
    assert vocabulary.keys(vocabulary.FIRST_OPERATION_REASONS) == (
        "leg_pain",
        "back_pain",
        "both",
        "other",
        "not_sure",
    )
    assert len(vocabulary.GLOBAL_CHANGE) == 7
    assert vocabulary.GLOBAL_CHANGE[0].key == "very_much_better"
    assert vocabulary.GLOBAL_CHANGE[-1].key == "very_much_worse"


def test_a_stimulator_trial_is_a_treatment_patients_can_say_they_tried():
    tried = vocabulary.keys(vocabulary.TREATMENTS_TRIED)
    assert "scs_trial" in tried and "spinal_cord_stimulation" in tried


def test_a_medicine_has_a_known_kind_and_dose_unit():
    with pytest.raises(ValueError):
        vocabulary.Medicine("x", "X", kind="antibiotic")
    with pytest.raises(ValueError):
        vocabulary.Medicine("x", "X", dose_unit="tablets")
    patches = {m.key for m in vocabulary.PAIN_MEDICINES if m.dose_unit == "microgram_per_hour"}
    assert patches == {"fentanyl_patch", "buprenorphine_patch"}


@pytest.mark.parametrize(
    ("items", "score", "positive"),
    [
        ([0] * 7, 0, False),
        ([1, 1, 0, 0, 0, 0, 0], 2, False),
        ([1, 1, 1, 0, 0, 0, 0], 3, True),  # the cut-off: 3 of 7
        ([1] * 7, 7, True),
    ],
)
def test_dn4_interview_scores_one_per_yes_and_is_positive_from_3(items, score, positive):
    assert clinical.dn4_score(items) == score
    assert clinical.dn4_positive(score) is positive


@pytest.mark.parametrize("items", [[1] * 6, [1] * 8, [2, 0, 0, 0, 0, 0, 0], [-1, 0, 0, 0, 0, 0, 0]])
def test_dn4_refuses_a_wrong_length_or_value(items):
    with pytest.raises(ValueError):
        clinical.dn4_score(items)


@pytest.mark.parametrize(
    ("items", "total", "psychosocial", "risk"),
    [
        ([0] * 8 + [0], 0, 0, "low"),
        ([1, 1, 1, 0, 0, 0, 0, 0] + [2], 3, 0, "low"),  # 3: still low; "moderately" scores 0
        ([1, 1, 1, 1, 0, 0, 0, 0] + [2], 4, 0, "medium"),
        ([1, 1, 1, 0, 1, 1, 1, 0] + [3], 7, 4, "high"),  # "very much" scores 1: psychosocial 4
        ([0, 0, 0, 0, 1, 1, 1, 0] + [4], 4, 4, "high"),
        ([1, 1, 1, 1, 1, 1, 1, 0] + [0], 7, 3, "medium"),
        ([1] * 8 + [4], 9, 5, "high"),
    ],
)
def test_start_back_totals_subscale_and_risk_group(items, total, psychosocial, risk):
    assert clinical.start_back_scores(items) == (total, psychosocial)
    assert clinical.start_back_risk(total, psychosocial) == risk


@pytest.mark.parametrize("items", [[0] * 8, [0] * 10, [2] + [0] * 8, [0] * 8 + [5]])
def test_start_back_refuses_a_wrong_length_or_value(items):
    with pytest.raises(ValueError):
        clinical.start_back_scores(items)
