"""
Reading the intake's forms back to the patient: the error summary, the "check your answers"
page before sending, and the answers as the case's fields.

Kept apart from the view so the wizard stays about moving between steps.
"""

from django import forms

from intake import clinical, vocabulary
from intake.forms import questionnaire_answers
from intake.models import ABOUT_FIELDS, NRS_FIELDS

NOT_ANSWERED = "Not answered yet"

STEP_TITLES = {
    "about": "About you",
    "safety": "Safety questions",
    "operations": "Your operations",
    "where": "Where it hurts",
    "pain": "Your pain and what it stops you doing",
    "daily": "How your back affects everyday tasks",
    "medicines": "Your medicines",
    "mood": "How you have been feeling",
    "mood_more": "More about how you have been feeling",
    "health": "Your health",
    "treatments": "What you have tried and what you want",
    "review": "Check your answers and send",
}


def _anchor(bound_field):
    """The id an error link should jump to: the first option of a group, else the input."""
    if bound_field.field.widget.use_fieldset:
        return f"{bound_field.auto_id}_0"
    return bound_field.id_for_label or bound_field.auto_id


def _naming_question(label, message):
    """An error as a summary line that says which question it is about: "Choose a number from
    0 to 10." six times in a row tells a patient nothing."""
    label = str(label).strip()
    return f"{label} {message}" if label.endswith(("?", ".")) else f"{label}: {message}"


def error_summary(form):
    """Every error on the page as (anchor id, message), in page order, for the summary box."""
    if hasattr(form, "forms"):
        entries = [(f"{form.prefix}-errors", error) for error in form.non_form_errors()]
        for number, subform in enumerate(form.forms, start=1):
            entries += [
                (anchor, f"Operation {number} – {message}")
                for anchor, message in error_summary(subform)
            ]
        return entries
    entries = [("main", error) for error in form.non_field_errors()]
    for bound_field in form:
        entries += [
            (_anchor(bound_field), _naming_question(bound_field.label, error))
            for error in bound_field.errors
        ]
    return entries


def display(field, value):
    """A stored answer as the patient would say it."""
    if value in (None, "", []):
        return "None" if isinstance(field, forms.MultipleChoiceField) else "—"
    if isinstance(field, forms.BooleanField):
        return "Yes" if value else "No"
    if isinstance(field, forms.ChoiceField):
        labels = {str(key): label for key, label in field.choices}
        if isinstance(value, list | tuple):
            return ", ".join(str(labels.get(str(item), item)) for item in value)
        return str(labels.get(str(value), value))
    if isinstance(field, forms.DateField):
        return f"{value:%d %B %Y}"
    return str(value)


def _question(label):
    """A question as a row of the review page reads it: without its instructions."""
    return str(label).removesuffix(" Tick all that apply.")


def _rows(form, names=None):
    """
    The review page's rows for a page: each question asked and its answer. A question that did
    not apply, or an optional one left empty, has no row: the page stays short enough to read.
    """
    valid = form.is_valid()
    cleaned = form.cleaned_data if form.is_bound else {}
    rows = []
    for name in names or form.fields:
        field = form.fields[name]
        condition = getattr(field, "only_if", None)
        if condition and not condition.applies(cleaned.get(condition.field, "")):
            continue
        if not (valid or name in cleaned):
            rows.append((_question(field.label), NOT_ANSWERED))
        elif field.required or cleaned.get(name) not in (None, "", []):
            rows.append((_question(field.label), display(field, cleaned.get(name))))
    return rows


def _medicine_rows(form):
    """Each medicine on one row: "Tramadol: 50 mg, 4 times a day"."""
    if not form.is_valid():
        return _rows(form)
    frequencies = vocabulary.clinician_labels(vocabulary.DOSE_FREQUENCIES)
    units = vocabulary.clinician_labels(vocabulary.DOSE_UNITS)
    medicines = vocabulary.by_key(vocabulary.PAIN_MEDICINES)
    rows = []
    for item in form.items():
        medicine = medicines[item["medicine"]]
        dose = (
            "dose not sure"
            if item["dose"] is None
            else f"{item['dose']:g} {units[medicine.dose_unit]}"
        )
        how_often = frequencies.get(item["frequency"] or "", "")
        rows.append((medicine.patient, ", ".join(filter(None, [dose, how_often.lower()]))))
    if not rows:
        rows.append((_question(form.fields["medicines"].label), "None"))
    return rows + _rows(form, ["other_medicine", "blood_thinners"])


def _when(form):
    data, fields = form.cleaned_data, form.fields
    precision = data["date_precision"]
    if precision == clinical.DATE_UNKNOWN:
        return vocabulary.by_key(vocabulary.DATE_PRECISIONS)[precision].clinician
    if precision == clinical.MONTH_KNOWN:
        return f"{display(fields['month'], data['month'])} {data['year']}"
    if precision == clinical.ABOUT_A_YEAR:
        return f"About {data['year']}"
    return str(data["year"])


def operation_summary(form):
    data = form.cleaned_data
    fields = form.fields
    parts = [_when(form), display(fields["procedure"], data["procedure"])]
    if data.get("procedure_other"):
        parts.append(data["procedure_other"])
    parts.append(display(fields["levels"], data["levels"]))
    relief = display(fields["relief"], data["relief"])
    if data.get("relief_lasted"):
        came_back = display(fields["relief_lasted"], data["relief_lasted"]).lower()
        relief += f", pain came back: {came_back}"
    parts.append(relief)
    if data.get("implant_left_in"):
        implant = display(fields["implant_left_in"], data["implant_left_in"]).lower()
        parts.append(f"metal or a device left in: {implant}")
    if data.get("hospital_or_surgeon"):
        parts.append(data["hospital_or_surgeon"])
    return " · ".join(parts)


def _safety_rows(form):
    """
    The safety answers, each yes (and each question not yet answered) on its own row and the
    noes folded into one: every question was answered on its own, and nineteen rows of "No"
    would bury the answers that matter under three screens of scrolling.
    """
    rows = [(label, value) for label, value in _rows(form) if value != "No"]
    noes = len(form.fields) - len(rows)
    if noes:
        rows.append(("Every other question" if rows else f"All {noes} questions", "No"))
    return rows


def _operation_rows(formset):
    if not formset.is_valid():
        return [("Operations", NOT_ANSWERED)]
    return [
        (f"Operation {number}", operation_summary(form))
        for number, form in enumerate(_kept_operations(formset), start=1)
    ]


def _kept_operations(formset):
    return [form for form in formset.kept_forms if form.cleaned_data]


def _rows_for(step, form):
    if hasattr(form, "forms"):
        return _operation_rows(form)
    if step == "medicines":
        return _medicine_rows(form)
    return _safety_rows(form) if step == "safety" else _rows(form)


def sections(forms_by_step):
    """The "check your answers" page: each step's answers, and whether the step is complete."""
    result = []
    for step, form in forms_by_step.items():
        result.append(
            {
                "step": step,
                "title": STEP_TITLES[step],
                "complete": form.is_bound and form.is_valid(),
                "rows": _rows_for(step, form),
            }
        )
    return result


WHERE_FIELDS = (
    "pain_regions_before",
    "pain_regions_now",
    "first_operation_reason",
    "dominant_pain_before",
)
HEALTH_FIELDS = (
    "smoking",
    "diabetes",
    "height_cm",
    "weight_kg",
    "scan_type",
    "scan_year",
    "scan_where",
)


def _licensed(form, key):
    """A licensed questionnaire's answers as asked ({"key", "answers"}), or None if not asked."""
    answers = form.answers(key) if form is not None else None
    return None if answers is None else {"key": key, "answers": answers}


def pick(data, *names):
    return {name: data[name] for name in names}


def _yes(value):
    return value == "yes"


def case_answers(form_dict):
    """Split validated forms into the case's own fields and its operations."""
    about = form_dict["about"].cleaned_data
    pain = form_dict["pain"].cleaned_data
    daily = form_dict.get("daily")
    safety = form_dict["safety"]
    where = form_dict["where"].cleaned_data
    mood = form_dict["mood"]
    more_mood = form_dict["mood_more"].cleaned_data if "mood_more" in form_dict else {}
    health = form_dict["health"].cleaned_data
    treatments = form_dict["treatments"].cleaned_data
    signed = form_dict["review"].cleaned_data
    features = pain.get("nerve_pain_features", [])
    answers = {
        **pick(about, *ABOUT_FIELDS),
        **pick(where, *WHERE_FIELDS),
        "pain_site": pain.get("pain_site")
        or clinical.pain_site_from_regions(where["pain_regions_before"], where["pain_regions_now"]),
        **pick(pain, *NRS_FIELDS, "sleep_effect", "work_status", "peg_enjoyment", "peg_activity"),
        "nerve_pain_features": features,
        "numbness": "numbness" in features,
        "pins_and_needles": "pins_and_needles" in features,
        "weakness": _yes(pain["weakness"]),
        "peg_pain": clinical.peg_pain_item(pain["back_pain_average"], pain["leg_pain_average"]),
        "odi_answers": daily.answers("odi") if daily else None,
        "start_back": _licensed(daily, "start_back"),
        "nerve_pain_score": _licensed(form_dict["pain"], "dn4"),
        "medicines": form_dict["medicines"].items(),
        "blood_thinners": form_dict["medicines"].cleaned_data["blood_thinners"],
        "phq9_items": questionnaire_answers(vocabulary.PHQ9_ITEMS, mood.cleaned_data, more_mood),
        "gad7_items": questionnaire_answers(vocabulary.GAD7_ITEMS, mood.cleaned_data, more_mood),
        **pick(health, *HEALTH_FIELDS),
        "safety_answers": {
            key: _yes(safety.cleaned_data[key]) for key in clinical.SAFETY_QUESTIONS
        },
        "red_flags": safety.red_flags() + mood.red_flags(),
        "treatments_tried": treatments["treatments_tried"],
        "treatment_responses": form_dict["treatments"].responses(),
        "discuss_options": treatments["discuss_options"],
        "goal": treatments["goal"],
        "privacy_consent": signed["privacy_consent"],
        "signature_name": signed["signature_name"],
    }
    operations = [
        {key: value for key, value in form.cleaned_data.items() if key != "DELETE"}
        for form in _kept_operations(form_dict["operations"])
    ]
    return answers, operations
