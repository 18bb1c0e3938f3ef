"""The pure clinical rules in intake/clinical.py, against tables of cases."""

from datetime import date

import pytest

from intake import clinical
from intake.clinical import (
    EMERGENCY_FLAGS,
    URGENT_FLAGS,
    age_on,
    months_since,
    odi_band,
    odi_percent,
    pain_band,
    peg_score,
    recurrence_pattern,
    triage_level,
)


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([0] * 10, 0.0),
        ([5] * 10, 100.0),
        ([1] * 10, 20.0),
        ([2, 3, 1, 4, 2, 3, 1, 2, 3, 2], 46.0),
        ([5, 5, 5, 5, 5, 5, 5, None, 5, 5], 100.0),
        ([1, 2, 3, 4, 5, 0, 1, None, 2, 3], 46.7),  # 21 / 45
        ([3, 3, 3, 3, 3, 3, 3, None, None, 3], 60.0),  # two skipped: still scored
        ([3, 3, 3, 3, 3, 3, None, None, None, 3], None),  # three skipped: not scored
        ([None] * 10, None),
        ([0, 0, 0, 0, 0, 0, 0, 0, 0, 1], 2.0),
    ],
)
def test_odi_percent_scores_answered_sections(scores, expected):
    assert odi_percent(scores) == expected


@pytest.mark.parametrize(
    "scores",
    [
        [0] * 9,
        [0] * 11,
        [],
        [6] + [0] * 9,
        [-1] + [0] * 9,
        [2.5] + [0] * 9,
        ["3"] + [0] * 9,
        [True] + [0] * 9,
    ],
)
def test_odi_percent_rejects_wrong_length_or_values(scores):
    with pytest.raises(ValueError):
        odi_percent(scores)


@pytest.mark.parametrize(
    ("percent", "band"),
    [
        (0, "minimal"),
        (20, "minimal"),
        (20.1, "moderate"),
        (40, "moderate"),
        (40.1, "severe"),
        (60, "severe"),
        (60.1, "crippled"),
        (80, "crippled"),
        (80.1, "bed-bound"),
        (100, "bed-bound"),
    ],
)
def test_odi_band_boundaries(percent, band):
    assert odi_band(percent) == band


@pytest.mark.parametrize("percent", [-0.1, 100.1])
def test_odi_band_rejects_impossible_percentages(percent):
    with pytest.raises(ValueError):
        odi_band(percent)


@pytest.mark.parametrize(
    ("items", "expected"),
    [((0, 0, 0), 0.0), ((10, 10, 10), 10.0), ((6, 7, 5), 6.0), ((1, 2, 2), 1.7), ((9, 9, 10), 9.3)],
)
def test_peg_score_is_the_mean_to_one_decimal(items, expected):
    assert peg_score(*items) == expected


@pytest.mark.parametrize("items", [(-1, 0, 0), (0, 11, 0), (0, 0, 10.5), (None, 1, 1), ("5", 1, 1)])
def test_peg_score_rejects_values_outside_0_to_10(items):
    with pytest.raises(ValueError):
        peg_score(*items)


@pytest.mark.parametrize(
    ("relief", "site", "pattern"),
    [
        ("none", "same", "never_relieved"),
        ("partial", "same", "recurred"),
        ("complete", "same", "recurred"),
        ("none", "different", "new_site"),
        ("partial", "different", "new_site"),
        ("complete", "different", "new_site"),
        ("none", "both", "mixed"),
        ("partial", "both", "mixed"),
        ("complete", "both", "mixed"),
        ("worse", "same", "never_relieved"),
        ("worse", "different", "new_site"),
        ("worse", "both", "mixed"),
    ],
)
def test_recurrence_pattern_table(relief, site, pattern):
    assert recurrence_pattern(relief, site) == pattern


@pytest.mark.parametrize(("relief", "site"), [("some", "same"), ("none", "elsewhere"), ("", "")])
def test_recurrence_pattern_rejects_unknown_values(relief, site):
    with pytest.raises(ValueError):
        recurrence_pattern(relief, site)


@pytest.mark.parametrize("flag", sorted(EMERGENCY_FLAGS))
@pytest.mark.parametrize("months", [None, 0, 2, 3, 120])
def test_each_emergency_flag_alone_means_emergency_however_long_ago_the_operation(flag, months):
    assert triage_level({flag}, months_since_last_operation=months) == "emergency"


@pytest.mark.parametrize("flag", sorted(URGENT_FLAGS))
@pytest.mark.parametrize("months", [None, 0, 2, 3, 120])
def test_each_urgent_flag_alone_means_urgent_however_long_ago_the_operation(flag, months):
    assert triage_level([flag], months_since_last_operation=months) == "urgent"


@pytest.mark.parametrize(
    ("flags", "months", "level"),
    [
        # Fever or a wound problem: the operation's recency decides, at the 3-month boundary.
        ({"fever_or_unwell"}, 0, "emergency"),
        ({"fever_or_unwell"}, 2, "emergency"),
        ({"fever_or_unwell"}, 3, "urgent"),
        ({"fever_or_unwell"}, 24, "urgent"),
        ({"fever_or_unwell"}, None, "urgent"),
        ({"wound_problem"}, 0, "emergency"),
        ({"wound_problem"}, 2, "emergency"),
        ({"wound_problem"}, 3, "urgent"),
        ({"wound_problem"}, None, "urgent"),
        # ... or a risk factor for infection, whenever the operation was.
        ({"fever_or_unwell", "injects_drugs"}, None, "emergency"),
        ({"fever_or_unwell", "injects_drugs"}, 24, "emergency"),
        ({"fever_or_unwell", "immunosuppressed"}, None, "emergency"),
        ({"wound_problem", "injects_drugs"}, 36, "emergency"),
        ({"wound_problem", "immunosuppressed"}, 3, "emergency"),
        # A risk factor alone, or with another urgent flag, is urgent.
        ({"injects_drugs"}, 0, "urgent"),
        ({"immunosuppressed"}, None, "urgent"),
        ({"injects_drugs", "immunosuppressed"}, 24, "urgent"),
        ({"immunosuppressed", "cancer_history"}, 24, "urgent"),
        # An operation less than 3 months ago is urgent with nothing else.
        (set(), 0, "urgent"),
        (set(), 2, "urgent"),
        (set(), 3, "routine"),
        (set(), 120, "routine"),
        (set(), None, "routine"),
        # The most urgent flag wins.
        ({"cancer_history", "saddle_numbness"}, None, "emergency"),
        ({"weight_loss", "wound_problem"}, None, "urgent"),
        ({"hand_clumsiness", "night_pain"}, 24, "emergency"),
        ({"hardware_symptoms", "thoracic_pain"}, 1, "urgent"),
        (set(clinical.RED_FLAGS), None, "emergency"),
    ],
)
def test_triage_level_table(flags, months, level):
    assert triage_level(flags, months_since_last_operation=months) == level


def test_triage_level_with_no_operation_date_is_the_same_as_without_the_argument():
    for flag in clinical.RED_FLAGS:
        assert triage_level({flag}) == triage_level({flag}, months_since_last_operation=None)


def test_triage_level_rejects_unknown_flags():
    with pytest.raises(ValueError, match="back_ache"):
        triage_level({"saddle_numbness", "back_ache"})


@pytest.mark.parametrize("months", [-1, -24, 1.5, "2", True])
def test_triage_level_rejects_a_month_count_that_is_not_a_whole_number_of_0_or_more(months):
    with pytest.raises(ValueError):
        triage_level(set(), months_since_last_operation=months)


@pytest.mark.parametrize(
    ("earlier", "later", "months"),
    [
        ((2020, 1, 31), (2020, 2, 1), 1),
        ((2019, 12, 1), (2021, 3, 1), 15),
        ((2021, 5, 1), (2021, 5, 31), 0),
        ((2022, 1, 1), (2021, 1, 1), 0),
    ],
)
def test_months_between_counts_calendar_months_and_never_goes_negative(earlier, later, months):
    assert clinical.months_between(date(*earlier), date(*later)) == months


@pytest.mark.parametrize(
    ("months_then", "then", "today", "months"),
    [
        (12, date(2025, 1, 10), date(2025, 1, 31), 12),
        (12, date(2025, 1, 31), date(2025, 2, 1), 13),
        (12, date(2025, 1, 10), date(2025, 7, 1), 18),
        (0, date(2024, 12, 31), date(2026, 1, 1), 13),
        (5, date(2025, 6, 1), date(2025, 5, 1), 5),
    ],
)
def test_months_since_carries_a_count_of_months_on_to_today(months_then, then, today, months):
    assert months_since(months_then, then, today) == months


@pytest.mark.parametrize(
    ("born", "today", "age"),
    [
        (date(1968, 3, 27), date(2026, 3, 26), 57),
        (date(1968, 3, 27), date(2026, 3, 27), 58),
        (date(1968, 12, 31), date(2027, 1, 1), 58),
        (date(2000, 2, 29), date(2026, 2, 28), 25),
        (date(2000, 2, 29), date(2026, 3, 1), 26),
        (date(2000, 2, 29), date(2028, 2, 29), 28),
    ],
)
def test_age_on_counts_whole_years_from_birthdays(born, today, age):
    assert age_on(born, today) == age


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0, "none"),
        (1, "mild"),
        (3, "mild"),
        (4, "moderate"),
        (6, "moderate"),
        (7, "severe"),
        (10, "severe"),
    ],
)
def test_pain_band_boundaries(score, band):
    assert pain_band(score) == band


@pytest.mark.parametrize("score", [-1, 11, 3.3, 6.7, True, None, "5"])
def test_pain_band_is_only_for_whole_scores_on_the_0_to_10_scale(score):
    with pytest.raises(ValueError, match="0-10"):
        pain_band(score)


@pytest.mark.parametrize(
    ("flags", "months", "instruction"),
    [
        (set(), None, None),
        (set(), 3, None),
        (set(), 2, "operating_team"),
        (set(), 0, "operating_team"),
        ({"saddle_numbness"}, None, "call_emergency_services"),
        ({"unsteady_walking", "wound_problem"}, 1, "call_emergency_services"),
        ({"fever_or_unwell"}, 2, "checked_today"),
        ({"wound_problem", "immunosuppressed"}, None, "checked_today"),
        ({"fever_or_unwell"}, 3, "within_days"),
        ({"fever_or_unwell"}, None, "within_days"),
        ({"cancer_history"}, 1, "within_days"),
        ({"hardware_symptoms"}, None, "within_days"),
    ],
)
def test_the_patient_is_given_the_strongest_instruction_that_applies(flags, months, instruction):
    assert clinical.patient_instruction(flags, months_since_last_operation=months) == instruction


@pytest.mark.parametrize(
    ("back", "leg", "item"),
    [(0, 0, 0), (8, 0, 8), (0, 8, 8), (5, 7, 7), (10, 10, 10)],
)
def test_the_peg_pain_item_is_the_higher_of_the_back_and_leg_averages(back, leg, item):
    assert clinical.peg_pain_item(back, leg) == item


@pytest.mark.parametrize(("back", "leg"), [(-1, 3), (3, 11), (2.5, 3), (True, 3), (None, 3)])
def test_the_peg_pain_item_takes_only_0_to_10_averages(back, leg):
    with pytest.raises(ValueError):
        clinical.peg_pain_item(back, leg)
