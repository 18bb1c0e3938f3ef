"""
The clinical summary a clinician reads at the top of a case and on its printed page.

The first half is plain arithmetic and wording (bands, ages, durations); the second half
turns a case's stored answers into labelled rows, reusing the wording the patient saw
(``intake.forms``) and the choices' labels (``intake.models``).
"""

from datetime import date

from intake import clinical
from intake.forms import DISCUSS_CHOICES, SAFETY_QUESTIONS, TREATMENTS_TRIED
from intake.models import (
    OdiBand,
    PainReturned,
    PainSite,
    Pattern,
    Procedure,
    Relief,
    ReliefLasted,
    SleepEffect,
    SpinalLevel,
    TriageLevel,
    WorkStatus,
)

# What each recurrence pattern may suggest, for clinicians only. An intake category, never a
# diagnosis: shown with that caveat and never to patients.
PATTERN_MAY_SUGGEST = {
    clinical.NEVER_RELIEVED: (
        "No benefit at all from the latest operation may suggest that the pain comes from a "
        "source other than the one operated on, or that the operated problem was not fully "
        "corrected (for example residual stenosis or disc material)."
    ),
    clinical.RECURRED: (
        "Pain returning in the same area after a better interval may suggest a new problem at "
        "the operated level: recurrent disc herniation, epidural scarring, segmental "
        "instability or a fusion that has not healed."
    ),
    clinical.NEW_SITE: (
        "Pain in a different area from before may suggest a problem away from the operated "
        "level: degeneration of the level next to a fusion, or the sacroiliac joint after "
        "lumbar fusion."
    ),
    clinical.MIXED: (
        "Some of the original pain alongside pain in a new area may suggest more than one "
        "process at once: consider the causes of both recurrence at the operated level and "
        "pain from a new site."
    ),
}
PATTERN_CAVEAT = "An intake category from the patient's answers, not a diagnosis."

URGENCY_MEANING = {
    clinical.EMERGENCY: (
        "Same-day assessment: the answers raise the possibility of cauda equina syndrome or "
        "worsening nerve compression."
    ),
    clinical.URGENT: (
        "Review within days: the answers raise the possibility of infection, malignancy or "
        "fracture."
    ),
    clinical.ROUTINE: "No red-flag answers.",
}

# What a yes to each urgent red flag may point to.
FLAG_CONCERN = {
    "fever_or_unwell": "possible infection",
    "wound_problem": "possible infection",
    "cancer_history": "possible malignancy",
    "weight_loss": "possible malignancy",
    "significant_injury": "possible fracture",
    "osteoporosis_or_steroids": "possible fracture",
    **dict.fromkeys(clinical.EMERGENCY_FLAGS, "possible cauda equina or cord compromise"),
}

PAIN_BANDS = ((0, "none"), (3, "mild"), (6, "moderate"), (10, "severe"))


def pain_band(score: float) -> str:
    """Conventional wording for a 0-10 pain score: none, mild (1-3), moderate (4-6), severe."""
    if not 0 <= score <= 10:
        raise ValueError(f"Pain scores are 0-10, got {score!r}")
    for upper, name in PAIN_BANDS:
        if score <= upper:
            return name
    return PAIN_BANDS[-1][1]  # pragma: no cover - the loop always returns


def age_on(born: date, today: date) -> int:
    """Whole years of age on ``today``."""
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def duration_words(months: int) -> str:
    """A number of months as a clinician would say it: '8 months', '2 years 3 months'."""
    if months < 0:
        raise ValueError(f"A duration cannot be negative, got {months!r}")
    years, rest = divmod(months, 12)
    parts = []
    if years:
        parts.append(f"{years} year{'s' if years != 1 else ''}")
    if rest or not years:
        parts.append(f"{rest} month{'s' if rest != 1 else ''}")
    return " ".join(parts)


def months_since_last_operation_now(case, today: date) -> int:
    """
    Months from the latest operation to ``today``: the figure stored at submission, plus the
    months that have passed since.
    """
    return case.months_since_last_operation + clinical.months_between(
        case.submitted_at.date(), today
    )


def person_name(user):
    """How a member of staff is named on screens, exports and print-outs."""
    return (user.get_full_name() or user.get_username()) if user else ""


def _label(choices, value):
    return str(dict(choices).get(value, value)) if value else ""


def _labels(choices, values):
    labels = dict(choices)
    return [str(labels.get(value, value)) for value in values or []]


def red_flag_rows(red_flags):
    """Each red flag answered yes, in the order of severity, with the question the patient saw."""
    present = set(red_flags or [])
    return [
        {
            "key": key,
            "question": SAFETY_QUESTIONS.get(key, key),
            "level": str(
                TriageLevel.EMERGENCY.label
                if key in clinical.EMERGENCY_FLAGS
                else TriageLevel.URGENT.label
            ),
            "concern": FLAG_CONCERN.get(key, ""),
        }
        for key in clinical.RED_FLAGS
        if key in present
    ]


def _nrs_row(label, now, average, worst):
    return {
        "label": label,
        "now": now,
        "average": average,
        "worst": worst,
        "band": pain_band(now),
        "average_band": pain_band(average),
    }


def _operation_row(operation, previous):
    levels = _labels(SpinalLevel.choices, operation.levels)
    when = date(operation.year, operation.month, 1)
    row = {
        "when": f"{when:%B %Y}",
        "procedure": _label(Procedure.choices, operation.procedure),
        "procedure_other": operation.procedure_other,
        "levels": ", ".join(levels) or "Not given",
        "relief": _label(Relief.choices, operation.relief),
        "relief_lasted": _label(ReliefLasted.choices, operation.relief_lasted),
        "hospital_or_surgeon": operation.hospital_or_surgeon,
        "after_previous": "",
    }
    if previous is not None:
        gap = clinical.months_between(date(previous.year, previous.month, 1), when)
        row["after_previous"] = f"{duration_words(gap)} after the previous operation"
    return row


def operation_rows(operations):
    """The surgery timeline, oldest first."""
    ordered = sorted(operations, key=lambda op: (op.year, op.month, op.pk or 0))
    return [
        _operation_row(operation, ordered[index - 1] if index else None)
        for index, operation in enumerate(ordered)
    ]


def _yes_no(value):
    return "Yes" if value else "No"


def case_summary(case, operations, *, today: date):
    """Everything the summary shows, as labelled values ready for a template."""
    flags = red_flag_rows(case.red_flags)
    odi = None
    if case.odi_percent is not None:
        odi = {"percent": case.odi_percent, "band": _label(OdiBand.choices, case.odi_band)}
    since_last = months_since_last_operation_now(case, today)
    return {
        "reference": case.reference,
        "name": case.full_name,
        "date_of_birth": case.date_of_birth,
        "age": age_on(case.date_of_birth, today),
        "submitted_at": case.submitted_at,
        "contact": {
            "email": case.email,
            "phone": case.phone,
            "preferred": case.get_preferred_contact_display(),
            "consent": _yes_no(case.consent_to_contact),
        },
        "urgency": {
            "level": case.triage_level,
            "label": case.get_triage_level_display(),
            "meaning": URGENCY_MEANING.get(case.triage_level, ""),
            "flags": flags,
            "questions_answered": len(case.safety_answers or {}),
        },
        "pattern": {
            "key": case.pattern,
            "label": _label(Pattern.choices, case.pattern),
            "may_suggest": PATTERN_MAY_SUGGEST.get(case.pattern, ""),
            "caveat": PATTERN_CAVEAT,
            "pain_returned": _label(PainReturned.choices, case.pain_returned),
            "pain_site": _label(PainSite.choices, case.pain_site),
        },
        "scores": {
            "back": _nrs_row(
                "Back pain", case.back_pain_now, case.back_pain_average, case.back_pain_worst
            ),
            "leg": _nrs_row(
                "Leg pain", case.leg_pain_now, case.leg_pain_average, case.leg_pain_worst
            ),
            "peg": {
                "score": case.peg_score,
                "items": (case.peg_pain, case.peg_enjoyment, case.peg_activity),
            },
            "odi": odi,
        },
        "operations": operation_rows(operations),
        "operation_count": case.operation_count,
        "since_last_operation": duration_words(since_last),
        "symptoms": [
            ("Numbness", _yes_no(case.numbness)),
            ("Pins and needles", _yes_no(case.pins_and_needles)),
            ("Weakness in legs or feet", _yes_no(case.weakness)),
            ("Sleep", _label(SleepEffect.choices, case.sleep_effect)),
            ("Work", _label(WorkStatus.choices, case.work_status)),
        ],
        "treatments_tried": _labels(TREATMENTS_TRIED, case.treatments_tried),
        "discuss": _labels(DISCUSS_CHOICES, case.discuss_options),
        "goal": case.goal,
    }
