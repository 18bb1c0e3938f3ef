"""
The intake as a FHIR Questionnaire: every question of every step, with a stable linkId, its
type, its answer codes and when it is asked; served publicly, cacheable, with no patient data.

The forms are walked here on their own (not through the module under test), so a question
added to a form without reaching the Questionnaire fails.
"""

import json
from pathlib import Path

import pytest
from django import forms
from fhir.resources.R4B.questionnaire import Questionnaire

from intake import vocabulary
from intake.fhir.questionnaire import build_questionnaire, canonical_reference, published
from intake.forms import DailyLifeForm, IntakeForm, only_if
from intake.models import Instrument
from intake.views import STEPS
from tests.factories import CaseFactory
from tests.test_settings_from_environment import run_python

URL = "/fhir/Questionnaire/intake"
ODI = json.loads((Path(__file__).parent / "data" / "odi_made_up.json").read_text())
ITEM_TYPES = {"group", "display", "boolean", "decimal", "integer", "date", "string", "text"}
ITEM_TYPES |= {"choice", "open-choice"}


@pytest.fixture
def served():
    """The Questionnaire as the public address serves it, parsed back with the library."""
    return Questionnaire.model_validate_json(published().body)


def every_item(items):
    for item in items or []:
        yield item
        yield from every_item(item.item)


def by_link_id(questionnaire):
    return {item.linkId: item for item in every_item(questionnaire.item)}


def intake_questions():
    """(step, field name, field, is a formset) for every question of every step, walked from
    the forms of STEPS here, independently of the Questionnaire's builder. The everyday-tasks
    step asks the ODI, once the clinic has loaded it."""
    for step, step_class in STEPS:
        form_class = getattr(step_class, "form", step_class)
        kwargs = {"instruments": {"odi": Instrument(**ODI)}} if form_class is DailyLifeForm else {}
        form = form_class(**kwargs)
        for name, field in form.fields.items():
            yield step, name, field, form_class is not step_class


def test_the_questionnaire_validates_and_round_trips(served):
    again = Questionnaire.model_validate(json.loads(served.model_dump_json()))

    assert again.model_dump() == served.model_dump()
    assert served.status == "active"
    assert served.url == "http://127.0.0.1:8000/fhir/Questionnaire/intake"
    assert served.version and len(served.version) == 12
    assert canonical_reference() == f"{served.url}|{served.version}"


def test_every_question_of_every_step_is_in_the_questionnaire_with_its_link_id(served):
    items = by_link_id(served)
    missing = [
        f"{step}.{name}" for step, name, _, _ in intake_questions() if f"{step}.{name}" not in items
    ]

    assert not missing, f"Intake questions missing from the Questionnaire: {missing}"
    assert [group.linkId for group in served.item] == [step for step, _ in STEPS]
    assert all(group.type == "group" for group in served.item)


def test_every_item_has_a_unique_link_id_and_a_known_type(served):
    items = list(every_item(served.item))
    link_ids = [item.linkId for item in items]

    assert all(link_ids), "an item without a linkId"
    assert len(link_ids) == len(set(link_ids)), "a linkId used twice"
    assert {item.type for item in items} <= ITEM_TYPES


def test_a_question_added_to_a_form_appears_and_changes_the_version():
    class TreatmentsWithMore(STEPS[-2][1]):
        newly_asked = forms.CharField(label="Anything else?", required=False)

    steps = [*STEPS[:-2], ("treatments", TreatmentsWithMore), STEPS[-1]]
    before, after = build_questionnaire(), build_questionnaire(steps)

    assert "treatments.newly_asked" in by_link_id(after)
    assert by_link_id(after)["treatments.newly_asked"].type == "string"
    assert after.version != before.version
    assert build_questionnaire().version == before.version  # the same questions, same version


def test_a_field_of_an_unknown_kind_is_refused_not_left_out():
    class WithAFile(IntakeForm):
        scan = forms.FileField()

    with pytest.raises(TypeError, match="FileField"):
        build_questionnaire([("scans", WithAFile)])


def test_answer_options_are_the_vocabulary_keys_in_the_patients_words(served, settings):
    items = by_link_id(served)

    for link_id, terms in [
        ("operations.procedure", vocabulary.PROCEDURES),
        ("operations.levels", vocabulary.SPINAL_LEVELS),
        ("operations.relief", vocabulary.RELIEF),
        ("pain.pain_site", vocabulary.PAIN_SITES),
        ("treatments.discuss_options", vocabulary.DISCUSS_OPTIONS),
    ]:
        codings = [option.valueCoding for option in items[link_id].answerOption]
        assert [(c.code, c.display) for c in codings] == vocabulary.patient_choices(terms)
        assert {c.system for c in codings} == {f"{settings.FHIR_CODE_SYSTEM_BASE}/{link_id}"}


def test_types_follow_the_fields(served):
    items = by_link_id(served)

    expected = {
        "about.full_name": "string",
        "about.date_of_birth": "date",
        "about.consent_to_contact": "boolean",
        "about.preferred_contact": "choice",
        "safety.saddle_numbness": "boolean",
        "operations.year": "integer",
        "operations.levels": "choice",
        "pain.back_pain_average": "integer",
        "pain.weakness": "boolean",
        "pain.nerve_pain_features": "choice",
        "medicines.tramadol_dose": "decimal",
        "mood.phq9_9": "choice",
        "health.weight_kg": "decimal",
        "treatments.goal": "text",
        "daily.odi_1": "integer",
    }
    assert {link_id: items[link_id].type for link_id in expected} == expected
    assert items["operations.levels"].repeats and items["treatments.treatments_tried"].repeats
    assert not items["operations.procedure"].repeats
    assert items["operations"].repeats  # one group per operation
    scale = {
        e.url.rsplit("/", 1)[-1]: e.valueInteger for e in items["pain.leg_pain_average"].extension
    }
    assert scale == {"minValue": 0, "maxValue": 10}
    assert items["treatments.goal"].maxLength == 500


def test_required_and_enable_when_follow_the_forms(served):
    items = by_link_id(served)

    assert items["about.full_name"].required and not items["about.email"].required
    assert all(
        items[f"safety.{key}"].required for key in vocabulary.keys(vocabulary.SAFETY_QUESTIONS)
    )
    assert not items["operations.relief"].enableWhen

    lasted = items["operations.relief_lasted"]
    assert lasted.required  # whenever it is asked
    assert [(w.question, w.operator, w.answerCoding.code) for w in lasted.enableWhen] == [
        ("operations.relief", "=", "complete"),
        ("operations.relief", "=", "partial"),
    ]
    assert lasted.enableBehavior == "any"

    year = items["operations.year"]
    assert [w.answerCoding.code for w in year.enableWhen] == ["month", "year", "about"]
    month = items["operations.month"]
    assert [w.answerCoding.code for w in month.enableWhen] == ["month"]
    assert month.enableBehavior is None
    other = items["operations.procedure_other"]
    assert [(w.question, w.answerCoding.code) for w in other.enableWhen] == [
        ("operations.procedure", "other")
    ]


def test_a_condition_on_a_yes_or_no_is_said_as_a_boolean():
    class Asked(IntakeForm):
        smokes = forms.ChoiceField(choices=[("yes", "Yes"), ("no", "No")])
        how_many = only_if(forms.IntegerField(required=False), "smokes", "yes")

    items = by_link_id(build_questionnaire([("habits", Asked)]))

    (when,) = items["habits.how_many"].enableWhen
    assert (when.question, when.answerBoolean) == ("habits.smokes", True)
    assert items["habits.how_many"].required


def test_hints_are_help_items_under_their_question(served):
    items = by_link_id(served)

    help_item = items["operations.levels.help"]
    assert help_item.type == "display"
    assert help_item.text == vocabulary.SPINAL_LEVEL.hint
    assert help_item.extension[0].valueCodeableConcept.coding[0].code == "help"


@pytest.mark.django_db
def test_the_licensed_odi_wording_is_never_published(client):
    Instrument.objects.create(key="odi", name=ODI["name"], sections=ODI["sections"])

    body = client.get(URL).content.decode()

    assert "Made-up" not in body and ODI["name"] not in body
    daily = Questionnaire.model_validate_json(body).item[[s for s, _ in STEPS].index("daily")]
    assert "licensed" in daily.extension[0].valueString
    assert [item.linkId for item in daily.item] == [f"daily.odi_{n}" for n in range(1, 11)] + [
        f"daily.start_back_{n}" for n in range(1, 10)
    ]


@pytest.mark.django_db
def test_it_is_served_publicly_as_cacheable_fhir_json_with_no_patient_data(client):
    CaseFactory(full_name="Zebedee Quorndon", email="zebedee@example.org")

    response = client.get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    assert "public" in response["Cache-Control"] and "max-age=3600" in response["Cache-Control"]
    assert response["ETag"]
    body = response.content.decode()
    assert "Zebedee" not in body and "zebedee@example.org" not in body
    assert not response.cookies
    assert Questionnaire.model_validate_json(body).url.endswith(URL)

    again = client.get(URL, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert "max-age=3600" in again["Cache-Control"]
    assert client.post(URL).status_code == 405


@pytest.mark.django_db
def test_its_canonical_address_and_codes_follow_the_settings(client, settings):
    settings.FHIR_BASE_URL = "https://clinic.example.org/fhir"
    settings.FHIR_CODE_SYSTEM_BASE = "https://codes.example.org/fbss"

    served = Questionnaire.model_validate_json(client.get(URL).content)

    assert served.url == "https://clinic.example.org/fhir/Questionnaire/intake"
    coding = by_link_id(served)["operations.procedure"].answerOption[0].valueCoding
    assert coding.system == "https://codes.example.org/fbss/operations.procedure"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        (
            {"SITE_URL": "https://clinic.example.org/"},
            "https://clinic.example.org/fhir https://clinic.example.org/fhir/CodeSystem",
        ),
        (
            {"SITE_URL": "https://a.example", "FHIR_BASE_URL": "https://fhir.example/r4/"},
            "https://fhir.example/r4 https://fhir.example/r4/CodeSystem",
        ),
    ],
)
def test_the_fhir_base_address_comes_from_the_sites_unless_set(env, expected):
    result = run_python(
        "from django.conf import settings; "
        "print(settings.FHIR_BASE_URL, settings.FHIR_CODE_SYSTEM_BASE)",
        **{"FHIR_BASE_URL": "", "FHIR_CODE_SYSTEM_BASE": "", **env},
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected
