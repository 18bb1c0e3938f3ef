"""
Cases as CSV: one row per case with its scores, pattern, triage and counts, and the FBSS
assessment the case page shows, every answer in the clinician's words rather than its key.

Free text (clinician notes, the reason for closing, the patient's goal, their own description
of an operation, the name of a medicine not listed and where their scan was) goes out only when
asked for. Every text cell that a spreadsheet would read as a formula is defused.
"""

import csv
from datetime import date

from django.utils import timezone

from intake import summary, vocabulary
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


def _words(terms, keys):
    """Keys in the clinician's words, in the order given."""
    labels = vocabulary.clinician_labels(terms)
    return "; ".join(labels.get(key, key) for key in keys or [])


def _implants(case):
    return "; ".join(
        summary.implant_left_in_words(op, not_asked="Not asked")
        for op in chronological(case.operations.all())
    )


def _medicines(case):
    """Each medicine with its dose and how often (a medicine not listed by its label only: its
    name is the patient's own words)."""
    return "; ".join(
        f"{row['label']}: {row['dose']}" for row in summary.medicine_rows(case.medicines)
    )


def _other_medicine_names(case):
    return "; ".join(item["name"] for item in case.medicines or [] if item.get("name"))


def _item9(case):
    return summary.mood(case)["item9"]["answer"] if case.phq9_items else ""


def _treatment_responses(case):
    return "; ".join(
        f"{row['label']}: {row['response']}"
        for row in summary.treatment_rows(case.treatments_tried, case.treatment_responses)
    )


def _scs_column(item):
    label = vocabulary.clinician_labels(vocabulary.SCS_CHECKLIST)[item]

    def status(case, today):
        features = summary.nerve_pain(case)["keys"]
        rows = summary.scs_checklist_rows(case, today, features)
        return next(row["status"] for row in rows if row["key"] == item)

    return (f"SCS checklist: {label}", status)


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
    ("red flags", lambda case, today: _words(vocabulary.RED_FLAGS, case.red_flags)),
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
    ("metal or device left in after each operation", lambda case, today: _implants(case)),
    ("months since last operation at intake", lambda case, today: case.months_since_last_operation),
    # Where it hurts, and which pain is worse
    (
        "pain before the first operation",
        lambda case, today: _words(vocabulary.PAIN_REGIONS, case.pain_regions_before),
    ),
    ("pain now", lambda case, today: _words(vocabulary.PAIN_REGIONS, case.pain_regions_now)),
    ("where the pain is", lambda case, today: case.get_pain_site_display()),
    ("first operation done for", lambda case, today: case.get_first_operation_reason_display()),
    (
        "worse pain before the first operation",
        lambda case, today: case.get_dominant_pain_before_display(),
    ),
    ("worse pain now", lambda case, today: case.get_dominant_pain_now_display()),
    (
        "nerve-pain features",
        lambda case, today: "; ".join(summary.nerve_pain(case)["features"]),
    ),
    # Medicines
    ("pain medicines", lambda case, today: _medicines(case)),
    ("takes blood thinners", lambda case, today: case.get_blood_thinners_display()),
    ("daily oral morphine equivalent (mg/day)", lambda case, today: case.mme_total),
    ("MME band", lambda case, today: case.get_mme_band_display()),
    (
        "opioids not converted",
        lambda case, today: "; ".join(map(summary.not_converted_words, case.mme_not_converted)),
    ),
    (
        "co-prescription flags",
        lambda case, today: _words(vocabulary.CO_PRESCRIPTION_FLAGS, case.co_prescriptions),
    ),
    # Mood
    ("PHQ-2", lambda case, today: case.phq2_score),
    ("PHQ-9", lambda case, today: case.phq9_score),
    ("PHQ-9 band", lambda case, today: case.get_phq9_band_display()),
    ("PHQ-9 item 9 (thoughts of self-harm)", lambda case, today: _item9(case)),
    ("GAD-2", lambda case, today: case.gad2_score),
    ("GAD-7", lambda case, today: case.gad7_score),
    ("GAD-7 band", lambda case, today: case.get_gad7_band_display()),
    # Health
    ("smoking", lambda case, today: case.get_smoking_display()),
    ("diabetes", lambda case, today: case.get_diabetes_display()),
    ("height (cm)", lambda case, today: case.height_cm),
    ("weight (kg)", lambda case, today: case.weight_kg),
    ("BMI", lambda case, today: case.bmi),
    ("latest scan", lambda case, today: case.get_scan_type_display()),
    ("year of latest scan", lambda case, today: case.scan_year),
    # Treatments and wishes
    ("treatments tried count", lambda case, today: len(case.treatments_tried or [])),
    (
        "treatments tried",
        lambda case, today: _words(vocabulary.TREATMENTS_TRIED, case.treatments_tried),
    ),
    ("how each treatment worked", lambda case, today: _treatment_responses(case)),
    (
        "wants to discuss",
        lambda case, today: _words(vocabulary.DISCUSS_OPTIONS, case.discuss_options),
    ),
    # The spinal cord stimulation checklist (NICE TA159), on the day of the export
    *(_scs_column(item) for item in vocabulary.keys(vocabulary.SCS_CHECKLIST)),
    # The clinician's decision
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
    ("other medicine in the patient's words", lambda case, today: _other_medicine_names(case)),
    ("where the latest scan was", lambda case, today: case.scan_where),
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
