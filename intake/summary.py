"""
The clinical summary a clinician reads at the top of a case and on its printed page.

It turns a case's stored answers into labelled rows in the clinician's wording from
``intake.vocabulary``; the arithmetic behind them (ages, bands, months) is in ``intake.clinical``.
"""

from datetime import date

from intake import clinical, vocabulary

PATTERN_CAVEAT = "An intake category from the patient's answers, not a diagnosis."
DATE_NOT_KNOWN = "not known"


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


def months_since_last_operation_now(case, today: date) -> int | None:
    """
    Months from the latest operation to ``today``: the figure stored at submission, plus the
    months that have passed since; ``None`` when the patient knew no operation's date.
    """
    if case.months_since_last_operation is None:
        return None
    return clinical.months_since(case.months_since_last_operation, case.submitted_at.date(), today)


def since_last_operation_words(case, today: date) -> str:
    """How long ago the last operation was, as the triage list says it."""
    return _since_last_operation(case, today) or DATE_NOT_KNOWN


def _since_last_operation(case, today):
    months = months_since_last_operation_now(case, today)
    return "" if months is None else duration_words(months)


def operation_date_words(year: int | None, month: int | None, precision: str) -> str:
    """
    An operation's date as exactly as the patient knew it: "June 2016", "2016 (year only)",
    "2016 (approximate year)" or "Date not known".
    """
    if precision == clinical.DATE_UNKNOWN:
        return _label(vocabulary.DATE_PRECISIONS, precision)
    if precision == clinical.MONTH_KNOWN:
        return f"{date(year, month, 1):%B %Y}"
    return f"{year} ({_label(vocabulary.DATE_PRECISIONS, precision).lower()})"


def person_name(user):
    """How a member of staff is named on screens, exports and print-outs."""
    return (user.get_full_name() or user.get_username()) if user else ""


def _label(terms, key):
    return vocabulary.clinician_labels(terms).get(key, key) if key else ""


def _labels(terms, keys):
    labels = vocabulary.clinician_labels(terms)
    return [labels.get(key, key) for key in keys or []]


def _term(terms, key):
    return vocabulary.by_key(terms).get(key) or vocabulary.Term(key, clinician=key)


def _urgency(flag):
    return clinical.TRIAGE_LEVELS.index(clinical.triage_level({flag.key}))


def red_flag_rows(red_flags):
    """
    Each red flag answered yes, most urgent first, in the clinician's words with the question
    the patient saw and what it may point to.
    """
    present = set(red_flags or [])
    flags = sorted((flag for flag in vocabulary.RED_FLAGS if flag.key in present), key=_urgency)
    return [
        {
            "key": flag.key,
            "label": flag.clinician,
            "question": flag.patient,
            "level": _label(vocabulary.TRIAGE_LEVELS, clinical.triage_level({flag.key})),
            "concern": flag.points_to,
        }
        for flag in flags
    ]


def _nrs_row(label, average, worst, now):
    """A pain score's row; ``worst`` and ``now`` only for earlier intakes that asked them."""
    return {
        "label": label,
        "average": average,
        "worst": worst,
        "average_band": clinical.pain_band(average),
        "now": now,
        "band": None if now is None else clinical.pain_band(now),
    }


def _operation_row(operation, previous):
    levels = _labels(vocabulary.SPINAL_LEVELS, operation.levels)
    row = {
        "when": operation_date_words(operation.year, operation.month, operation.date_precision),
        "procedure": _label(vocabulary.PROCEDURES, operation.procedure),
        "procedure_other": operation.procedure_other,
        "levels": ", ".join(levels) or "Not given",
        "relief": _label(vocabulary.RELIEF, operation.relief),
        "relief_lasted": _label(vocabulary.RELIEF_LASTED, operation.relief_lasted),
        "hospital_or_surgeon": operation.hospital_or_surgeon,
        "after_previous": "",
    }
    if previous and operation.date_precision == previous.date_precision == clinical.MONTH_KNOWN:
        gap = clinical.months_between(
            date(previous.year, previous.month, 1), date(operation.year, operation.month, 1)
        )
        row["after_previous"] = f"{duration_words(gap)} after the previous operation"
    return row


def chronological(operations):
    """Operations oldest first, as ``clinical.chronological_order`` places them."""
    listed = sorted(operations, key=lambda op: op.pk or 0)
    order = clinical.chronological_order([(op.year, op.month, op.date_precision) for op in listed])
    return [listed[index] for index in order]


def operation_rows(operations):
    """The surgery timeline, oldest first."""
    ordered = chronological(operations)
    return [
        _operation_row(operation, ordered[index - 1] if index else None)
        for index, operation in enumerate(ordered)
    ]


def _latest_relief(operations):
    ordered = chronological(operations)
    return _label(vocabulary.RELIEF, ordered[-1].relief) if ordered else ""


def _yes_no(value):
    return "Yes" if value else "No"


def case_summary(case, operations, *, today: date):
    """Everything the summary shows, as labelled values ready for a template."""
    flags = red_flag_rows(case.red_flags)
    odi = None
    if case.odi_percent is not None:
        odi = {"percent": case.odi_percent, "band": _label(vocabulary.ODI_BANDS, case.odi_band)}
    urgency = _term(vocabulary.TRIAGE_LEVELS, case.triage_level)
    pattern = _term(vocabulary.PATTERNS, case.pattern)
    return {
        "reference": case.reference,
        "name": case.full_name,
        "date_of_birth": case.date_of_birth,
        "age": clinical.age_on(case.date_of_birth, today),
        "submitted_at": case.submitted_at,
        "contact": {
            "email": case.email,
            "phone": case.phone,
            "preferred": case.get_preferred_contact_display(),
            "consent": _yes_no(case.consent_to_contact),
        },
        "urgency": {
            "level": case.triage_level,
            "label": urgency.clinician,
            "meaning": urgency.points_to,
            "flags": flags,
            "questions_answered": len(case.safety_answers or {}),
        },
        "pattern": {
            "key": case.pattern,
            "label": pattern.clinician,
            "may_suggest": pattern.points_to,
            "caveat": PATTERN_CAVEAT,
            "pain_returned": _label(vocabulary.PAIN_RETURNED, case.pain_returned),
            "latest_relief": _latest_relief(operations),
            "pain_site": _label(vocabulary.PAIN_SITES, case.pain_site),
        },
        "scores": {
            "back": _nrs_row(
                "Back pain", case.back_pain_average, case.back_pain_worst, case.back_pain_now
            ),
            "leg": _nrs_row(
                "Leg pain", case.leg_pain_average, case.leg_pain_worst, case.leg_pain_now
            ),
            "earlier": case.back_pain_now is not None or case.back_pain_worst is not None,
            "peg": {
                "score": case.peg_score,
                "items": (case.peg_pain, case.peg_enjoyment, case.peg_activity),
            },
            "odi": odi,
        },
        "operations": operation_rows(operations),
        "operation_count": case.operation_count,
        "since_last_operation": _since_last_operation(case, today),
        "symptoms": [
            ("Numbness", _yes_no(case.numbness)),
            ("Pins and needles", _yes_no(case.pins_and_needles)),
            ("Weakness in legs or feet", _yes_no(case.weakness)),
            ("Sleep", _label(vocabulary.SLEEP_EFFECTS, case.sleep_effect)),
            ("Work", _label(vocabulary.WORK_STATUSES, case.work_status)),
        ],
        "treatments_tried": _labels(vocabulary.TREATMENTS_TRIED, case.treatments_tried),
        "discuss": _labels(vocabulary.DISCUSS_OPTIONS, case.discuss_options),
        "goal": case.goal,
    }
