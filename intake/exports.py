"""
Cases as CSV: one row per case with its scores, pattern, triage and counts.

Free text (clinician notes, the reason for closing, the patient's goal and their own
description of an operation) goes out only when asked for. Every text cell that a spreadsheet
would read as a formula is defused.
"""

import csv
from datetime import date

from django.utils import timezone

from intake.clinical import age_on
from intake.models import Procedure
from intake.summary import chronological, person_name

# Spreadsheets read the full-width forms (＝ ＋ － ＠) as the ASCII ones.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_cell(value):
    """A value as a CSV cell that a spreadsheet shows as text, never runs as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _procedures(case):
    labels = dict(Procedure.choices)
    return "; ".join(
        str(labels.get(op.procedure, op.procedure)) for op in chronological(case.operations.all())
    )


def _operation_dates(case):
    """Each operation's date as exactly as the patient knew it, oldest first."""
    return "; ".join(op.when for op in chronological(case.operations.all()))


def _reliefs(case):
    return "; ".join(op.get_relief_display() for op in chronological(case.operations.all()))


def _procedures_in_own_words(case):
    ordered = chronological(case.operations.all())
    return "; ".join(op.procedure_other for op in ordered if op.procedure_other)


COLUMNS = [
    ("reference", lambda case, today: case.reference),
    (
        "submitted",
        lambda case, today: timezone.localtime(case.submitted_at).strftime("%Y-%m-%d %H:%M"),
    ),
    ("age", lambda case, today: age_on(case.date_of_birth, today)),
    ("triage level", lambda case, today: case.get_triage_level_display()),
    ("red flag count", lambda case, today: len(case.red_flags or [])),
    ("red flags", lambda case, today: "; ".join(case.red_flags or [])),
    ("pattern", lambda case, today: case.get_pattern_display()),
    ("back pain now", lambda case, today: case.back_pain_now),
    ("back pain average", lambda case, today: case.back_pain_average),
    ("back pain worst", lambda case, today: case.back_pain_worst),
    ("leg pain now", lambda case, today: case.leg_pain_now),
    ("leg pain average", lambda case, today: case.leg_pain_average),
    ("leg pain worst", lambda case, today: case.leg_pain_worst),
    ("PEG score", lambda case, today: case.peg_score),
    ("ODI %", lambda case, today: case.odi_percent),
    ("ODI band", lambda case, today: case.get_odi_band_display()),
    ("operation count", lambda case, today: case.operation_count),
    ("procedures", lambda case, today: _procedures(case)),
    ("operation dates", lambda case, today: _operation_dates(case)),
    ("relief after each operation", lambda case, today: _reliefs(case)),
    ("months since last operation at intake", lambda case, today: case.months_since_last_operation),
    ("treatments tried count", lambda case, today: len(case.treatments_tried or [])),
    ("treatments tried", lambda case, today: "; ".join(case.treatments_tried or [])),
    ("wants to discuss", lambda case, today: "; ".join(case.discuss_options or [])),
    ("status", lambda case, today: case.get_status_display()),
    ("triage priority", lambda case, today: case.get_priority_display()),
    ("recommended pathway", lambda case, today: case.get_pathway_display()),
    ("assigned clinician", lambda case, today: person_name(case.assigned_to)),
    (
        "next review",
        lambda case, today: case.next_review_date.isoformat() if case.next_review_date else "",
    ),
]
FREE_TEXT_COLUMNS = [
    ("patient's goal", lambda case, today: case.goal),
    ("procedures in the patient's words", lambda case, today: _procedures_in_own_words(case)),
    ("clinician notes", lambda case, today: case.clinician_notes),
    ("reason for closing", lambda case, today: case.closing_reason),
]


def columns(*, with_notes):
    return COLUMNS + (FREE_TEXT_COLUMNS if with_notes else [])


def header(*, with_notes):
    return [name for name, _ in columns(with_notes=with_notes)]


def case_row(case, *, with_notes, today: date):
    return [safe_cell(get(case, today)) for _, get in columns(with_notes=with_notes)]


class _Echo:
    """A file-like object whose write returns the line, for streaming CSV."""

    def write(self, value):
        return value


def csv_lines(cases, *, with_notes, today: date):
    """The CSV, line by line: the header, then one line per case."""
    writer = csv.writer(_Echo())
    yield writer.writerow(header(with_notes=with_notes))
    for case in cases:
        yield writer.writerow(case_row(case, with_notes=with_notes, today=today))
