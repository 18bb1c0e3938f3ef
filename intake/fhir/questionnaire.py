"""
The intake as a FHIR R4 ``Questionnaire``, generated from the intake's own forms.

The forms of ``intake.views.STEPS`` are walked in order: one group item per step, one item per
field, so a question added to a form is in the Questionnaire with no code here. Each item has a
stable ``linkId``, ``<step>.<field>``; the operations step is a repeating group ``operations``
whose items are ``operations.<field>``. An item's type follows its field's class, its answer
options are the vocabulary's keys as codes with the patient's wording as display (one code
system per question, under ``settings.FHIR_CODE_SYSTEM_BASE``), and a question asked only after
some answers (``intake.forms.only_if``) carries the matching ``enableWhen``.

A step whose questions are a licensed instrument's (the everyday-tasks step: the Oswestry
Disability Index) is published by section number only, never in its licensed wording, with an
extension saying that it is asked only when the clinic has loaded that wording.

``version`` is a short hash of the items: a change of questions changes the version.
"""

import hashlib
import json
from dataclasses import dataclass
from functools import cache

from django import forms
from django.conf import settings
from django.forms.utils import pretty_name
from fhir.resources.R4B.questionnaire import Questionnaire

from intake import clinical, readback
from intake.forms import DailyLifeForm
from intake.views import STEPS

QUESTIONNAIRE_ID = "intake"
HASH_LENGTH = 12
YES, NO = "yes", "no"

ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"


@dataclass(frozen=True)
class LicensedInstrument:
    """A step whose questions are a licensed instrument's: published by number only."""

    name: str
    sections: int
    max_score: int
    field_prefix: str


# The steps asked only when a clinic has loaded a licence's wording, by their form.
LICENSED_STEPS = {
    DailyLifeForm: (
        LicensedInstrument(
            name="Oswestry Disability Index",
            sections=clinical.ODI_SECTIONS,
            max_score=clinical.ODI_SECTION_MAX,
            field_prefix="odi_",
        ),
        LicensedInstrument(
            name="STarT Back",
            sections=clinical.START_BACK_ITEMS,
            max_score=len(clinical.START_BACK_BOTHER_SCORES) - 1,
            field_prefix="start_back_",
        ),
    ),
}


def canonical_url(questionnaire_id=QUESTIONNAIRE_ID):
    """A Questionnaire's canonical address, which is also where it is served."""
    return f"{settings.FHIR_BASE_URL}/Questionnaire/{questionnaire_id}"


def code_system(name):
    """The clinic's code system for one question's answers (or a list: measures, red flags)."""
    return f"{settings.FHIR_CODE_SYSTEM_BASE}/{name}"


def identifier_system(name):
    """The clinic's system for one kind of identifier (a case's reference)."""
    return f"{settings.FHIR_BASE_URL}/identifier/{name}"


def extension_url(name):
    """The address of one of the clinic's own extensions."""
    return f"{settings.FHIR_BASE_URL}/StructureDefinition/{name}"


# Fields to items


def _options(field):
    return [(str(value), str(label)) for value, label in field.choices if value != ""]


def _is_yes_no(field):
    return sorted(value for value, _ in _options(field)) == [NO, YES]


def _is_scale(field):
    """A score picked from numbered buttons (0 to 10): every option is its own number."""
    options = _options(field)
    return bool(options) and all(value.isdigit() and label == value for value, label in options)


def item_type(field):
    """The FHIR item type for a form field (a yes or no is a boolean, a score an integer)."""
    if isinstance(field, forms.BooleanField):
        return "boolean"
    if isinstance(field, forms.MultipleChoiceField):
        return "choice"
    if isinstance(field, forms.ChoiceField):
        if _is_yes_no(field):
            return "boolean"
        return "integer" if _is_scale(field) else "choice"
    # Django's decimal and float fields are integer fields too: ask for them first.
    if isinstance(field, forms.DecimalField | forms.FloatField):
        return "decimal"
    if isinstance(field, forms.IntegerField):
        return "integer"
    if isinstance(field, forms.DateField):
        return "date"
    if isinstance(field, forms.CharField):
        return "text" if isinstance(field.widget, forms.Textarea) else "string"
    raise TypeError(
        f"No FHIR item type for {type(field).__name__}: say in item_type() how it is answered"
    )


def _bounds(field, kind):
    if kind == "integer" and isinstance(field, forms.ChoiceField):
        numbers = [int(value) for value, _ in _options(field)]
        return min(numbers), max(numbers)
    if kind in ("integer", "decimal"):
        return getattr(field, "min_value", None), getattr(field, "max_value", None)
    return None, None


def _value_extensions(field, kind):
    low, high = _bounds(field, kind)
    value_key = "valueInteger" if kind == "integer" else "valueDecimal"
    return [
        {"url": url, value_key: bound}
        for url, bound in ((MIN_VALUE, low), (MAX_VALUE, high))
        if bound is not None
    ]


def _answer_value(kind, link_id, value):
    """How an answer ``value`` (as a form posts it) is said in an ``enableWhen``."""
    if kind == "boolean":
        return {"answerBoolean": str(value) == YES}
    if kind == "integer":
        return {"answerInteger": int(value)}
    return {"answerCoding": {"system": code_system(link_id), "code": str(value)}}


def _enable_when(step, fields, condition):
    controller = f"{step}.{condition.field}"
    kind = item_type(fields[condition.field])
    return [
        {"question": controller, "operator": "=", **_answer_value(kind, controller, value)}
        for value in condition.values
    ]


def _help(link_id, text):
    return {
        "linkId": f"{link_id}.help",
        "type": "display",
        "text": str(text),
        "extension": [
            {
                "url": ITEM_CONTROL,
                "valueCodeableConcept": {
                    "coding": [{"system": ITEM_CONTROL_SYSTEM, "code": "help"}]
                },
            }
        ],
    }


def question_item(step, name, field, fields):
    """One form field as a Questionnaire item."""
    link_id = f"{step}.{name}"
    kind = item_type(field)
    condition = getattr(field, "only_if", None)
    item = {
        "linkId": link_id,
        "text": str(field.label or pretty_name(name)),
        "type": kind,
        # A question asked only if: required whenever it is asked.
        "required": bool(field.required or condition),
    }
    if isinstance(field, forms.MultipleChoiceField):
        item["repeats"] = True
    if kind == "choice":
        item["answerOption"] = [
            {"valueCoding": {"system": code_system(link_id), "code": code, "display": label}}
            for code, label in _options(field)
        ]
    if kind in ("string", "text") and getattr(field, "max_length", None):
        item["maxLength"] = field.max_length
    if extensions := _value_extensions(field, kind):
        item["extension"] = extensions
    if condition is not None:
        item["enableWhen"] = _enable_when(step, fields, condition)
        if len(condition.values) > 1:
            item["enableBehavior"] = "any"
    if field.help_text:
        item["item"] = [_help(link_id, field.help_text)]
    return item


def _licensed_items(step, instrument):
    """A licensed instrument's sections by number, with no licensed wording."""
    return [
        {
            "linkId": f"{step}.{instrument.field_prefix}{number}",
            "text": f"{instrument.name}, section {number}",
            "type": "integer",
            "required": False,
            "extension": [
                {"url": MIN_VALUE, "valueInteger": 0},
                {"url": MAX_VALUE, "valueInteger": instrument.max_score},
            ],
        }
        for number in range(1, instrument.sections + 1)
    ]


def _licensed_note(instrument):
    return {
        "url": extension_url("licensed-instrument"),
        "valueString": (
            f"Asked only when the clinic has loaded its licensed {instrument.name} wording, "
            "which is not published here: each section is scored 0 to "
            f"{instrument.max_score} in the order of the licensed form."
        ),
    }


def _form_of(step_class):
    """The form a step asks (a formset's one form, repeated): a blank instance."""
    form_class = getattr(step_class, "form", step_class)
    return form_class()


def step_item(step, step_class):
    """One step of the intake as a group item."""
    form = _form_of(step_class)
    group = {"linkId": step, "text": readback.STEP_TITLES.get(step, step), "type": "group"}
    licensed = next(
        (found for kind, found in LICENSED_STEPS.items() if isinstance(form, kind)), None
    )
    if licensed is not None:
        group["extension"] = [_licensed_note(instrument) for instrument in licensed]
        group["item"] = [
            item for instrument in licensed for item in _licensed_items(step, instrument)
        ]
        return group
    if step_class is not type(form):  # a formset: the same questions once per row
        group["repeats"] = True
        group["required"] = bool(getattr(step_class, "min_num", 0))
    group["item"] = [
        question_item(step, name, field, form.fields) for name, field in form.fields.items()
    ]
    return group


def intake_items(steps=None):
    """The Questionnaire's items: a group per step of the intake, in the order asked."""
    return [step_item(step, step_class) for step, step_class in (steps or STEPS)]


def items_version(items):
    """A short hash of the items: the same questions give the same version."""
    text = json.dumps(items, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:HASH_LENGTH]


INTAKE_DESCRIPTION = (
    "The questions a patient answers before their first appointment at a clinic for Failed Back "
    "Surgery Syndrome: about them, safety questions, each previous operation, where it hurts, "
    "their pain now, everyday tasks (licensed questionnaires, when the clinic has loaded them), "
    "medicines, mood, health, what they have tried and what they want."
)


def build_questionnaire(
    steps=None,
    *,
    questionnaire_id=QUESTIONNAIRE_ID,
    name="FbssIntake",
    title="intake for pain after back surgery",
    description=INTAKE_DESCRIPTION,
):
    """A questionnaire of the clinic's pages (the intake's unless ``steps`` says), validated
    (raises if it does not validate)."""
    items = intake_items(steps)
    return Questionnaire.model_validate(
        {
            "resourceType": "Questionnaire",
            "id": questionnaire_id,
            "url": canonical_url(questionnaire_id),
            "version": items_version(items),
            "name": name,
            "title": f"{settings.CLINIC_NAME}: {title}",
            "status": "active",
            "subjectType": ["Patient"],
            "publisher": settings.CLINIC_NAME,
            "description": description,
            "item": items,
        }
    )


@dataclass(frozen=True)
class Published:
    questionnaire: Questionnaire
    body: str
    items: list


@cache
def _published(base_url, code_system_base, clinic_name):
    questionnaire = build_questionnaire()
    body = questionnaire.model_dump_json()
    return Published(questionnaire, body, json.loads(body)["item"])


def published():
    """The Questionnaire for the settings in force, built once per process: the model, its
    JSON text as served, and its items as plain data (for the responses that answer it)."""
    return _published(settings.FHIR_BASE_URL, settings.FHIR_CODE_SYSTEM_BASE, settings.CLINIC_NAME)


def intake_questionnaire():
    return published().questionnaire


def canonical_reference():
    """``url|version``: how a response names the Questionnaire it answers."""
    questionnaire = intake_questionnaire()
    return f"{questionnaire.url}|{questionnaire.version}"
