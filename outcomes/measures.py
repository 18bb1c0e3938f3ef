"""
The measures a follow-up repeats from the intake, and how each is compared with it.

Plain Python with no Django, like ``intake.clinical``: a measure names the intake's column it
starts from (the baseline), the follow-up's column, the change rule that judges it
(``clinical.change_category``) and its range, and the follow-up keeps its change and category
in ``<key>_change`` and ``<key>_category``.
"""

from dataclasses import dataclass
from datetime import date

from intake import clinical


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    rule: str  # a measure of clinical.CHANGE_RULES
    column: str  # on the case (the intake's baseline) and on the follow-up alike
    top: int

    @property
    def change_column(self):
        return f"{self.key}_change"

    @property
    def category_column(self):
        return f"{self.key}_category"


MEASURES = (
    Measure(
        "back_pain", "Back pain, average last week (0-10)", clinical.NRS, "back_pain_average", 10
    ),
    Measure("leg_pain", "Leg pain, average last week (0-10)", clinical.NRS, "leg_pain_average", 10),
    Measure("peg", "PEG: pain, enjoyment, activity (0-10)", clinical.PEG, "peg_score", 10),
    Measure("odi", "Oswestry Disability Index (%)", clinical.ODI, "odi_percent", 100),
)
BY_KEY = {measure.key: measure for measure in MEASURES}

# After the invitation: the reminders, and when the link stops working.
REMINDER_DAYS = (7, 21)
LINK_DAYS = 60
# A time point already this long past when the start of care is recorded is not sent: its
# answers would describe another time.
LATE_DAYS = 30


def change(measure: Measure, baseline, follow_up):
    """
    ``(change, category)`` of one measure from the intake to a follow-up: the change is the
    follow-up minus the baseline (lower is better on every measure, so a fall is negative), to
    one decimal; the category is ``clinical.change_category``'s. ``(None, None)`` when either
    value is missing.
    """
    if baseline is None or follow_up is None:
        return None, None
    category = clinical.change_category(measure.rule, baseline, follow_up)
    return round(follow_up - baseline, 1), category


def due_dates(start: date, months, today: date):
    """
    ``(months, due date)`` for each time point after a start of care, leaving out those whose
    date passed more than ``LATE_DAYS`` before ``today`` (the start of care was recorded late).
    """
    months = tuple(months)
    return [
        (count, due)
        for count, due in zip(months, clinical.follow_up_dates(start, months), strict=True)
        if (today - due).days <= LATE_DAYS
    ]


def time_point_label(months):
    """How screens and the CSV name a time point: "3 months", or a follow-up sent by hand."""
    if months is None:
        return "Sent by a clinician"
    return f"{months} month{'s' if months != 1 else ''}"
