"""
A case as a FHIR R4 ``Bundle`` (type ``collection``), for the clinic's record system.

- ``Patient``: name, birth date, e-mail and phone (the preferred one ranked first);
- ``QuestionnaireResponse``: every answer, under the ``linkId``s of the intake's Questionnaire,
  naming it by ``url|version``;
- ``Observation``: one per score, from the table ``MEASURES`` (one row per score: adding a
  score is adding a row), coded in LOINC where a code exists and always in the clinic's own
  code system;
- ``Procedure``: one per previous operation, its date only as exact as the patient knew it;
- ``Flag``: one per red flag, with the triage level it calls for.

Every resource is built with the library's models, which check it as it is built: a resource
that does not validate raises, and nothing is sent. Ids are derived from the case's reference,
so the same case exported twice gives the same ids (a record system updates, not duplicates),
and references are relative (``Patient/<id>``), which resolve within the Bundle and in NDJSON.
"""

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.flag import Flag
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.procedure import Procedure
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from intake import clinical, vocabulary
from intake.fhir.questionnaire import (
    canonical_reference,
    code_system,
    extension_url,
    identifier_system,
    published,
)
from intake.models import PreferredContact

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
FLAG_CATEGORY = "http://terminology.hl7.org/CodeSystem/flag-category"
FLAG_PRIORITY = "http://hl7.org/fhir/StructureDefinition/flag-priority"
FLAG_PRIORITY_CODES = "http://terminology.hl7.org/CodeSystem/flag-priority-code"
# Fixed for ever: the ids of a case's resources are derived from it.
ID_NAMESPACE = uuid.UUID("6f2b7c1e-3d7a-5b8e-9c41-0a5d2e8f7b13")

PAIN_SEVERITY = ("72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported")
SCORE = ("{score}", "score")
PERCENT = ("%", "%")


@dataclass(frozen=True)
class Measure:
    """
    One score of a case as an Observation: the case's attribute that holds it, what it is in
    words, its unit (UCUM code, unit shown), its LOINC code where one exists (code, display),
    and the body site it is about. Its code in the clinic's system is the attribute's name.
    """

    attribute: str
    text: str
    unit: tuple[str, str] = SCORE
    loinc: tuple[str, str] | None = None
    body_site: str = ""


# A case's scores as Observations: one row each. A score the case does not hold (an earlier
# intake's, or the ODI when it was not asked) is left out.
MEASURES = (
    Measure(
        "back_pain_average",
        "Back pain on average over the last week (0-10)",
        loinc=PAIN_SEVERITY,
        body_site="Back",
    ),
    Measure(
        "leg_pain_average",
        "Leg pain on average over the last week (0-10)",
        loinc=PAIN_SEVERITY,
        body_site="Leg",
    ),
    Measure("back_pain_now", "Back pain now (0-10)", loinc=PAIN_SEVERITY, body_site="Back"),
    Measure("leg_pain_now", "Leg pain now (0-10)", loinc=PAIN_SEVERITY, body_site="Leg"),
    Measure("back_pain_worst", "Back pain at its worst in the last week (0-10)", body_site="Back"),
    Measure("leg_pain_worst", "Leg pain at its worst in the last week (0-10)", body_site="Leg"),
    Measure("peg_score", "PEG score: pain, enjoyment of life and general activity (0-10)"),
    Measure("odi_percent", "Oswestry Disability Index", unit=PERCENT),
    Measure(
        "phq9_score",
        "PHQ-9 total score",
        loinc=("44261-6", "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]"),
    ),
    Measure(
        "gad7_score",
        "GAD-7 total score",
        loinc=("70274-6", "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]"),
    ),
    Measure("phq2_score", "PHQ-2 score (the PHQ-9's first two items)"),
    Measure("gad2_score", "GAD-2 score (the GAD-7's first two items)"),
    Measure(
        "bmi",
        "Body mass index",
        unit=("kg/m2", "kg/m2"),
        loinc=("39156-5", "Body mass index (BMI) [Ratio]"),
    ),
    Measure("mme_total", "Daily oral morphine equivalent", unit=("mg/d", "mg/day")),
)


# Where an answer is kept when it is not the case's field of the question's name: for one
# question (its linkId: a function of the case), or for a whole step (a mapping of question to
# answer, or a licensed instrument's list of section scores).
def _medicine_answer(key, part):
    def read(case):
        item = next((item for item in case.medicines if item["medicine"] == key), None)
        return None if item is None else item.get(part)

    return read


def _mood_answer(attribute, index):
    def read(case):
        items = getattr(case, attribute) or []
        return items[index] if index < len(items) else None

    return read


def _licensed_answer(attribute, index):
    def read(case):
        answers = (getattr(case, attribute, None) or {}).get("answers") or []
        return answers[index] if index < len(answers) else None

    return read


def _treatment_response(key):
    return lambda case: (case.treatment_responses or {}).get(key)


ANSWER_OF_QUESTION = {
    # Not asked when the two pain maps tell where the pain is: worked out, not answered.
    "pain.pain_site": lambda case: (
        None if case.pain_regions_before and case.pain_regions_now else case.pain_site
    ),
    "medicines.medicines": lambda case: [item["medicine"] for item in case.medicines],
    "medicines.other_medicine": _medicine_answer("other", "name"),
    **{
        f"medicines.{medicine.key}_{part}": _medicine_answer(medicine.key, part)
        for medicine in vocabulary.PAIN_MEDICINES
        for part in ("dose", "frequency")
    },
    **{
        f"{step}.{item.key}": _mood_answer(attribute, index)
        for attribute, items in (
            ("phq9_items", vocabulary.PHQ9_ITEMS),
            ("gad7_items", vocabulary.GAD7_ITEMS),
        )
        for index, item in enumerate(items)
        for step in ("mood", "mood_more")
    },
    **{
        f"daily.start_back_{number}": _licensed_answer("start_back", number - 1)
        for number in range(1, clinical.START_BACK_ITEMS + 1)
    },
    **{
        f"pain.dn4_{number}": _licensed_answer("nerve_pain_score", number - 1)
        for number in range(1, clinical.DN4_ITEMS + 1)
    },
    **{
        f"treatments.{treatment.key}_response": _treatment_response(treatment.key)
        for treatment in vocabulary.TREATMENTS_TRIED
    },
}
ANSWERS_BY_KEY = {"safety": "safety_answers"}
ANSWERS_BY_SECTION = {"daily": ("odi_answers", "odi_")}
# Each operation's answers are an Operation's fields.
OPERATIONS = "operations"

TRIAGE_PRIORITY = {
    clinical.EMERGENCY: ("PH", "High priority"),
    clinical.URGENT: ("PM", "Medium priority"),
    clinical.ROUTINE: ("PL", "Low priority"),
}
RED_FLAGS = vocabulary.by_key(vocabulary.RED_FLAGS)
TRIAGE_WORDS = vocabulary.clinician_labels(vocabulary.TRIAGE_LEVELS)
PROCEDURE_WORDS = vocabulary.clinician_labels(vocabulary.PROCEDURES)
LEVEL_WORDS = vocabulary.clinician_labels(vocabulary.SPINAL_LEVELS)
RELIEF_WORDS = vocabulary.clinician_labels(vocabulary.RELIEF)
RELIEF_LASTED_WORDS = vocabulary.clinician_labels(vocabulary.RELIEF_LASTED)
PRECISION_WORDS = vocabulary.clinician_labels(vocabulary.DATE_PRECISIONS)


def resource_id(case, *parts):
    """A stable id for one of a case's resources."""
    name = "/".join([settings.FHIR_BASE_URL, case.reference, *map(str, parts)])
    return str(uuid.uuid5(ID_NAMESPACE, name))


def reference(resource):
    return {"reference": f"{resource.get_resource_type()}/{resource.id}"}


def _instant(moment):
    return timezone.localtime(moment).isoformat(timespec="seconds")


def _is_empty(value):
    return value is None or value == "" or value == [] or value == {}


# The Patient


def patient(case):
    preferred = case.preferred_contact
    telecom = []
    for system, value, prefers in (
        ("email", case.email, PreferredContact.EMAIL),
        ("phone", case.phone, PreferredContact.PHONE),
    ):
        if value:
            telecom.append(
                {"system": system, "value": value, **({"rank": 1} if preferred == prefers else {})}
            )
    return Patient.model_validate(
        {
            "resourceType": "Patient",
            "id": resource_id(case, "Patient"),
            "name": [{"use": "usual", "text": case.full_name}],
            "birthDate": case.date_of_birth.isoformat(),
            "telecom": telecom,
        }
    )


# The QuestionnaireResponse


def _answers(question, value):
    """A stored answer in the item's type; a multiple choice gives one answer per option."""
    kind = question["type"]
    if kind == "boolean":
        return [{"valueBoolean": value if isinstance(value, bool) else value == "yes"}]
    if kind == "integer":
        return [{"valueInteger": int(value)}]
    if kind == "decimal":
        return [{"valueDecimal": value}]
    if kind == "date":
        return [{"valueDate": value.isoformat()}]
    if kind in ("string", "text"):
        return [{"valueString": str(value)}]
    options = {
        option["valueCoding"]["code"]: option["valueCoding"]
        for option in question.get("answerOption", [])
    }
    values = value if isinstance(value, list | tuple) else [value]
    return [
        {
            "valueCoding": options.get(
                str(one), {"system": code_system(question["linkId"]), "code": str(one)}
            )
        }
        for one in values
    ]


def _answer_items(questions, answer_of):
    items = []
    for question in questions:
        if question["type"] in ("group", "display"):
            continue
        value = answer_of(question["linkId"].rsplit(".", 1)[-1])
        if _is_empty(value):
            continue
        items.append(
            {
                "linkId": question["linkId"],
                "text": question["text"],
                "answer": _answers(question, value),
            }
        )
    return items


def _case_answer_reader(case, step):
    reader = _step_answer_reader(case, step)

    def answer(name):
        read = ANSWER_OF_QUESTION.get(f"{step}.{name}")
        return read(case) if read is not None else reader(name)

    return answer


def _step_answer_reader(case, step):
    if step in ANSWERS_BY_KEY:
        answers = getattr(case, ANSWERS_BY_KEY[step]) or {}
        return answers.get
    if step in ANSWERS_BY_SECTION:
        attribute, prefix = ANSWERS_BY_SECTION[step]
        scores = getattr(case, attribute) or []

        def section(name):
            number = int(name.removeprefix(prefix))
            return scores[number - 1] if number <= len(scores) else None

        return section
    return lambda name: getattr(case, name, None)


def _response_groups(case, operations, questions=None):
    """The response's groups, one per page answered (a row per operation), for the intake's
    Questionnaire unless ``questions`` (another's items) says."""
    groups = []
    for group in questions or published().items:
        step, questions = group["linkId"], group.get("item", [])
        if step == OPERATIONS:
            rows = [
                _answer_items(questions, lambda name, op=op: getattr(op, name, None))
                for op in operations
            ]
        else:
            rows = [_answer_items(questions, _case_answer_reader(case, step))]
        groups += [
            {"linkId": step, "text": group["text"], "item": items} for items in rows if items
        ]
    return groups


def questionnaire_response(case, operations, subject):
    return QuestionnaireResponse.model_validate(
        {
            "resourceType": "QuestionnaireResponse",
            "id": resource_id(case, "QuestionnaireResponse"),
            "identifier": {"system": identifier_system("case-reference"), "value": case.reference},
            "questionnaire": canonical_reference(),
            "status": "completed",
            "subject": reference(subject),
            "source": reference(subject),
            "authored": _instant(case.submitted_at),
            "item": _response_groups(case, operations),
        }
    )


# Observations


def _measure_code(measure):
    coding = []
    if measure.loinc:
        coding.append({"system": LOINC, "code": measure.loinc[0], "display": measure.loinc[1]})
    coding.append(
        {"system": code_system("measure"), "code": measure.attribute, "display": measure.text}
    )
    return {"coding": coding, "text": measure.text}


def observation(case, measure, subject, response, *, record=None, when=None, part=()):
    """A score as an Observation: the case's, or ``record``'s (a follow-up: then ``part``
    tells its resources apart, and ``when`` is when it was answered)."""
    value = getattr(record or case, measure.attribute)
    code, unit = measure.unit
    resource = {
        "resourceType": "Observation",
        "id": resource_id(case, *part, "Observation", measure.attribute),
        "status": "final",
        "category": [
            {"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}
        ],
        "code": _measure_code(measure),
        "subject": reference(subject),
        "effectiveDateTime": _instant(when or case.submitted_at),
        "valueQuantity": {"value": value, "unit": unit, "system": UCUM, "code": code},
        "derivedFrom": [reference(response)],
    }
    if measure.body_site:
        resource["bodySite"] = {"text": measure.body_site}
    return Observation.model_validate(resource)


def observations(case, subject, response, *, record=None, when=None, part=()):
    return [
        observation(case, measure, subject, response, record=record, when=when, part=part)
        for measure in MEASURES
        if getattr(record or case, measure.attribute, None) is not None
    ]


# Procedures


def performed(operation):
    """
    The operation's date only as exact as the patient knew it: "2016-06" for a month,
    "2018" for a year (also a year given as approximate, which says so in a note), nothing
    when they did not know it.
    """
    if operation.date_precision == clinical.MONTH_KNOWN:
        return f"{operation.year:04d}-{operation.month:02d}"
    if operation.date_precision in (clinical.YEAR_KNOWN, clinical.ABOUT_A_YEAR):
        return f"{operation.year:04d}"
    return None


def _procedure_notes(operation):
    notes = []
    if operation.date_precision == clinical.ABOUT_A_YEAR:
        notes.append("The patient gave the year as approximate.")
    elif operation.date_precision == clinical.DATE_UNKNOWN:
        notes.append("The patient did not know the date.")
    if operation.hospital_or_surgeon:
        notes.append(f"Hospital or surgeon: {operation.hospital_or_surgeon}")
    return [{"text": text} for text in notes]


def _relief(operation):
    words = RELIEF_WORDS.get(operation.relief, operation.relief)
    if operation.relief_lasted:
        lasted = RELIEF_LASTED_WORDS.get(operation.relief_lasted, operation.relief_lasted)
        words = f"{words}; relief lasted: {lasted[:1].lower()}{lasted[1:]}"
    return {
        "coding": [
            {
                "system": code_system(f"{OPERATIONS}.relief"),
                "code": operation.relief,
                "display": RELIEF_WORDS.get(operation.relief, operation.relief),
            }
        ],
        "text": words,
    }


def procedure(case, operation, number, subject):
    words = PROCEDURE_WORDS.get(operation.procedure, operation.procedure)
    resource = {
        "resourceType": "Procedure",
        "id": resource_id(case, "Procedure", number),
        "extension": [
            {
                "url": extension_url("date-precision"),
                "valueCoding": {
                    "system": code_system(f"{OPERATIONS}.date_precision"),
                    "code": operation.date_precision,
                    "display": PRECISION_WORDS.get(
                        operation.date_precision, operation.date_precision
                    ),
                },
            }
        ],
        "status": "completed",
        "code": {
            "coding": [
                {
                    "system": code_system(f"{OPERATIONS}.procedure"),
                    "code": operation.procedure,
                    "display": words,
                }
            ],
            "text": operation.procedure_other or words,
        },
        "subject": reference(subject),
        "bodySite": [
            {
                "coding": [
                    {
                        "system": code_system(f"{OPERATIONS}.levels"),
                        "code": level,
                        "display": LEVEL_WORDS.get(level, level),
                    }
                ],
                "text": LEVEL_WORDS.get(level, level),
            }
            for level in operation.levels or []
        ],
        "outcome": _relief(operation),
        "note": _procedure_notes(operation),
    }
    if when := performed(operation):
        resource["performedDateTime"] = when
    return Procedure.model_validate(resource)


# Flags


def flag(case, key, subject):
    term = RED_FLAGS.get(key) or vocabulary.Term(key, clinician=key)
    words = f"{term.clinician} ({term.points_to})" if term.points_to else term.clinician
    months = case.months_since_last_operation
    level = clinical.triage_level({key}, months_since_last_operation=months)
    priority, priority_words = TRIAGE_PRIORITY[level]
    return Flag.model_validate(
        {
            "resourceType": "Flag",
            "id": resource_id(case, "Flag", key),
            "extension": [
                {
                    "url": FLAG_PRIORITY,
                    "valueCodeableConcept": {
                        "coding": [
                            {
                                "system": FLAG_PRIORITY_CODES,
                                "code": priority,
                                "display": priority_words,
                            },
                            {
                                "system": code_system("triage-level"),
                                "code": level,
                                "display": TRIAGE_WORDS[level],
                            },
                        ],
                        "text": TRIAGE_WORDS[level],
                    },
                }
            ],
            "status": "active",
            "category": [
                {"coding": [{"system": FLAG_CATEGORY, "code": "clinical", "display": "Clinical"}]}
            ],
            "code": {
                "coding": [
                    {"system": code_system("red-flag"), "code": key, "display": term.clinician}
                ],
                "text": words,
            },
            "subject": reference(subject),
            "period": {"start": _instant(case.submitted_at)},
        }
    )


# The whole case


# Other apps add a case's further resources (the follow-ups): each a function of the case and
# its Patient giving resources, with the related objects to fetch with a bulk export's cases
# so that its number of queries stays flat.
RELATED_RESOURCES = []
RELATED_PREFETCH = []


def case_resources(case, operations=None):
    """Every resource of a case, the Patient first. Pass ``operations`` already fetched (or
    prefetch them) to make no query."""
    operations = list(case.operations.all() if operations is None else operations)
    subject = patient(case)
    response = questionnaire_response(case, operations, subject)
    return [
        subject,
        response,
        *observations(case, subject, response),
        *(procedure(case, op, number, subject) for number, op in enumerate(operations, 1)),
        *(flag(case, key, subject) for key in case.red_flags or []),
        *(resource for related in RELATED_RESOURCES for resource in related(case, subject)),
    ]


def full_url(resource):
    return f"{settings.FHIR_BASE_URL}/{resource.get_resource_type()}/{resource.id}"


def case_bundle(case, operations=None):
    """The case as a validated Bundle of type collection."""
    return Bundle.model_validate(
        {
            "resourceType": "Bundle",
            "id": resource_id(case, "Bundle"),
            "identifier": {"system": identifier_system("case-reference"), "value": case.reference},
            "type": "collection",
            "timestamp": _instant(timezone.now()),
            "entry": [
                {"fullUrl": full_url(resource), "resource": resource}
                for resource in case_resources(case, operations)
            ],
        }
    )
