"""The wording and arithmetic behind the clinical summary."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from intake import vocabulary
from intake.clinical import SAFETY_QUESTIONS
from intake.summary import (
    case_summary,
    duration_words,
    months_since_last_operation_now,
    red_flag_rows,
)
from tests.factories import CaseFactory, operation_data


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


def test_red_flags_are_listed_emergency_first_with_the_question_and_what_it_may_mean():
    rows = red_flag_rows(["weight_loss", "progressive_weakness"])

    assert [row["key"] for row in rows] == ["progressive_weakness", "weight_loss"]
    assert [row["level"] for row in rows] == ["Emergency", "Urgent"]
    assert rows[1]["label"] == "Unexplained weight loss"
    assert rows[1]["concern"] == "possible malignancy"
    assert rows[1]["question"] == vocabulary.by_key(vocabulary.RED_FLAGS)["weight_loss"].patient


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
    assert summary["urgency"]["questions_answered"] == len(SAFETY_QUESTIONS)
    assert summary["scores"]["odi"] is None
    assert summary["pattern"]["label"] == "Recurred after relief"
    assert summary["operations"][0]["after_previous"] == ""
