"""The wording and arithmetic behind the clinical summary."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from intake import clinical
from intake.summary import (
    PATTERN_MAY_SUGGEST,
    age_on,
    case_summary,
    duration_words,
    months_since_last_operation_now,
    pain_band,
    red_flag_rows,
)
from tests.factories import CaseFactory, operation_data


@pytest.mark.parametrize(
    ("score", "band"),
    [(0, "none"), (1, "mild"), (3, "mild"), (3.3, "moderate"), (4, "moderate")]
    + [(6, "moderate"), (6.7, "severe"), (7, "severe"), (10, "severe")],
)
def test_pain_band(score, band):
    assert pain_band(score) == band


@pytest.mark.parametrize("score", [-1, 10.5, 11])
def test_pain_band_refuses_scores_off_the_scale(score):
    with pytest.raises(ValueError, match="0-10"):
        pain_band(score)


@pytest.mark.parametrize(
    ("born", "today", "age"),
    [
        (date(1968, 3, 27), date(2026, 3, 26), 57),
        (date(1968, 3, 27), date(2026, 3, 27), 58),
        (date(2000, 2, 29), date(2026, 2, 28), 25),
        (date(2000, 2, 29), date(2026, 3, 1), 26),
    ],
)
def test_age_on(born, today, age):
    assert age_on(born, today) == age


@pytest.mark.parametrize(
    ("months", "words"),
    [
        (0, "0 months"),
        (1, "1 month"),
        (11, "11 months"),
        (12, "1 year"),
        (13, "1 year 1 month"),
        (26, "2 years 2 months"),
    ],
)
def test_duration_words(months, words):
    assert duration_words(months) == words


def test_every_pattern_has_a_may_suggest_text_and_never_states_a_diagnosis():
    assert set(PATTERN_MAY_SUGGEST) == set(clinical.PATTERNS)
    for text in PATTERN_MAY_SUGGEST.values():
        assert "may suggest" in text


def test_red_flags_are_listed_emergency_first_with_the_question_and_what_it_may_mean():
    rows = red_flag_rows(["weight_loss", "progressive_weakness"])

    assert [row["key"] for row in rows] == ["progressive_weakness", "weight_loss"]
    assert [row["level"] for row in rows] == ["Emergency", "Urgent"]
    assert rows[1]["concern"] == "possible malignancy"
    assert rows[1]["question"] == "Have you lost weight recently without trying?"


@pytest.mark.django_db
def test_time_since_last_operation_counts_on_from_the_submission():
    submitted = timezone.make_aware(datetime(2025, 1, 10, 12, 0))
    case = CaseFactory(
        submitted_at=submitted,
        operations=[operation_data(year=2024, month=1)],
    )
    assert case.months_since_last_operation == 12

    assert months_since_last_operation_now(case, date(2025, 1, 31)) == 12
    assert months_since_last_operation_now(case, date(2025, 7, 1)) == 18


@pytest.mark.django_db
def test_summary_of_a_routine_case_without_odi():
    case = CaseFactory(odi_answers=None, submitted_at=timezone.now() - timedelta(days=1))

    summary = case_summary(case, case.operations.all(), today=timezone.localdate())

    assert summary["urgency"]["label"] == "Routine"
    assert summary["urgency"]["flags"] == []
    assert summary["urgency"]["questions_answered"] == 12
    assert summary["scores"]["odi"] is None
    assert summary["pattern"]["label"] == "Recurred after relief"
    assert summary["operations"][0]["after_previous"] == ""
