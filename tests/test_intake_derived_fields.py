"""The fields a case is sorted and filtered on, worked out from the answers."""

from datetime import date

import pytest

from intake.services import derived_fields


def operation(year, month, relief):
    return {"year": year, "month": month, "date_precision": "month", "relief": relief}


@pytest.mark.parametrize(
    ("operations", "today", "pattern", "months"),
    [
        ([operation(2020, 5, "complete")], date(2023, 12, 15), "recurred", 43),
        (
            [operation(2024, 1, "none"), operation(2019, 3, "complete")],
            date(2025, 11, 2),
            "never_relieved",
            22,
        ),
        # two in the same month: the one the patient listed last counts as the latest
        (
            [operation(2023, 6, "complete"), operation(2023, 6, "none")],
            date(2023, 11, 27),
            "never_relieved",
            5,
        ),
        (
            [operation(2023, 6, "none"), operation(2023, 6, "partial")],
            date(2023, 11, 27),
            "recurred",
            5,
        ),
    ],
)
def test_pattern_and_time_come_from_the_latest_operation(operations, today, pattern, months):
    fields = derived_fields(
        operations=operations,
        pain_site="same",
        red_flags=[],
        peg=(5, 5, 5),
        odi_answers=None,
        today=today,
    )
    assert fields["pattern"] == pattern
    assert fields["operation_count"] == len(operations)
    assert fields["months_since_last_operation"] == months
