"""
A case as a FHIR Bundle: it validates, round-trips through the library, and holds every answer
(under the Questionnaire's linkIds), every score with its code, each operation with its date
only as exact as the patient knew it, and each red flag with its triage level.
"""

import json

import pytest
from fhir.resources.R4B.bundle import Bundle
from pydantic import ValidationError

from intake import vocabulary
from intake.fhir.bundle import MEASURES, RELATED_PREFETCH, case_bundle
from intake.fhir.questionnaire import canonical_reference, published
from intake.models import Case, Instrument, Operation
from tests.conftest import valid_steps
from tests.factories import CaseFactory, operation_data
from tests.test_fhir_questionnaire import ODI

pytestmark = pytest.mark.django_db

LOINC = "http://loinc.org"
ODI_ANSWERS = {f"odi_{n}": str(n % 6) for n in range(1, 11)} | {"odi_8": ""}  # one skipped
MORE_OPERATIONS = {
    "TOTAL_FORMS": "5",
    "2-date_precision": "year",
    "2-year": "2018",
    "2-procedure": "decompression",
    "2-levels": ["L3-L4"],
    "2-relief": "none",
    "3-date_precision": "about",
    "3-year": "2019",
    "3-procedure": "other",
    "3-procedure_other": "A wire put in",
    "3-levels": ["not_sure"],
    "3-relief": "worse",
    "4-date_precision": "unknown",
    "4-procedure": "discectomy",
    "4-levels": ["lumbar"],
    "4-relief": "partial",
    "4-relief_lasted": "under_3_months",
}
RED_FLAGS = {"saddle_numbness": "yes", "cancer_history": "yes"}


def sent_steps():
    return valid_steps(daily=ODI_ANSWERS, operations=MORE_OPERATIONS, safety=RED_FLAGS)


@pytest.fixture
def sent_case(patient):
    """A case sent through the intake itself, every step answered, the ODI loaded."""
    Instrument.objects.create(key="odi", name=ODI["name"], sections=ODI["sections"])
    patient.complete(sent_steps())
    return Case.objects.get()


def as_json(bundle):
    return json.loads(bundle.model_dump_json())


def resources(data, kind):
    return [e["resource"] for e in data["entry"] if e["resource"]["resourceType"] == kind]


def one(data, kind):
    (resource,) = resources(data, kind)
    return resource


def references_in(value):
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "reference":
                yield inner
            else:
                yield from references_in(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from references_in(inner)


def answered(response):
    """{(group number, linkId): [answers]} for every answered question of a response."""
    return {
        (number, item["linkId"]): item["answer"]
        for number, group in enumerate(response["item"])
        for item in group["item"]
    }


def posted_answers(steps):
    """What the patient answered, as (group number, linkId): the questions a response must hold,
    worked out from the posted pages (a blank answer is no answer)."""
    expected, number = set(), 0
    for step, fields in steps.items():
        if step == "operations":
            for row in range(int(fields["TOTAL_FORMS"])):
                prefix = f"{row}-"
                for key, value in fields.items():
                    if key.startswith(prefix) and value not in ("", []):
                        expected.add((number, f"operations.{key.removeprefix(prefix)}"))
                number += 1
            continue
        expected |= {(number, f"{step}.{key}") for key, value in fields.items() if value != ""}
        number += 1
    return expected


def test_a_sent_case_bundle_validates_and_round_trips(sent_case):
    bundle = case_bundle(sent_case)
    text = bundle.model_dump_json()

    again = Bundle.model_validate_json(text)

    assert again.model_dump_json() == text
    data = json.loads(text)
    assert data["type"] == "collection"
    assert data["identifier"]["value"] == sent_case.reference
    kinds = [e["resource"]["resourceType"] for e in data["entry"]]
    assert kinds[:2] == ["Patient", "QuestionnaireResponse"]
    assert set(kinds) == {"Patient", "QuestionnaireResponse", "Observation", "Procedure", "Flag"}


def test_every_reference_resolves_within_the_bundle(sent_case):
    data = as_json(case_bundle(sent_case))
    full_urls = {entry["fullUrl"] for entry in data["entry"]}
    for entry in data["entry"]:
        resource = entry["resource"]
        assert entry["fullUrl"].endswith(f"/{resource['resourceType']}/{resource['id']}")
    base = data["entry"][0]["fullUrl"].rsplit("/Patient/", 1)[0]

    found = list(references_in([e["resource"] for e in data["entry"]]))

    assert found and all(f"{base}/{reference}" in full_urls for reference in found)


def test_the_same_case_gives_the_same_ids(sent_case):
    first, second = as_json(case_bundle(sent_case)), as_json(case_bundle(sent_case))

    assert [e["fullUrl"] for e in first["entry"]] == [e["fullUrl"] for e in second["entry"]]
    assert len({e["fullUrl"] for e in first["entry"]}) == len(first["entry"])


def test_the_patient_has_name_birth_date_and_contact(sent_case):
    patient = one(as_json(case_bundle(sent_case)), "Patient")

    assert patient["name"] == [{"use": "usual", "text": "Morgan Ellis"}]
    assert patient["birthDate"] == "1968-03-27"
    assert patient["telecom"] == [
        {"system": "email", "value": "morgan@example.com", "rank": 1},  # preferred
        {"system": "phone", "value": "07700 900123"},
    ]


def test_the_response_holds_every_answer_under_the_questionnaires_link_ids(sent_case):
    response = one(as_json(case_bundle(sent_case)), "QuestionnaireResponse")

    assert response["questionnaire"] == canonical_reference()
    assert response["status"] == "completed"
    assert set(answered(response)) == posted_answers(sent_steps())

    questions = {}
    for group in published().items:
        questions |= {item["linkId"]: item for item in group.get("item", [])}
    for (_, link_id), answers in answered(response).items():
        question = questions[link_id]
        if question["type"] == "choice":
            options = [option["valueCoding"] for option in question["answerOption"]]
            assert all(answer["valueCoding"] in options for answer in answers), link_id
        else:
            assert all(len(answer) == 1 for answer in answers)


def test_answers_are_in_their_types(sent_case):
    got = answered(one(as_json(case_bundle(sent_case)), "QuestionnaireResponse"))

    assert got[0, "about.date_of_birth"] == [{"valueDate": "1968-03-27"}]
    assert got[0, "about.consent_to_contact"] == [{"valueBoolean": True}]
    assert got[1, "safety.saddle_numbness"] == [{"valueBoolean": True}]
    assert got[1, "safety.bowel_change"] == [{"valueBoolean": False}]
    assert got[2, "operations.month"][0]["valueCoding"]["display"] == "June"
    assert got[2, "operations.year"] == [{"valueInteger": 2016}]
    assert [a["valueCoding"]["code"] for a in got[3, "operations.levels"]] == ["L4-L5", "L5-S1"]
    assert got[5, "operations.procedure_other"] == [{"valueString": "A wire put in"}]
    assert (6, "operations.year") not in got  # not known
    assert got[8, "pain.back_pain_average"] == [{"valueInteger": 5}]
    assert got[9, "daily.odi_3"] == [{"valueInteger": 3}]
    assert (9, "daily.odi_8") not in got  # skipped
    assert got[7, "where.first_operation_reason"][0]["valueCoding"]["code"] == "leg_pain"
    assert [a["valueCoding"]["code"] for a in got[10, "medicines.medicines"]] == [
        "tramadol",
        "pregabalin",
    ]
    assert got[10, "medicines.tramadol_dose"] == [{"valueDecimal": 50.0}]
    mood = got[11, "mood.phq9_1"][0]["valueCoding"]
    assert (mood["code"], mood["display"]) == ("1", "Several days")
    assert got[12, "health.height_cm"] == [{"valueInteger": 172}]
    helped = got[13, "treatments.opioids_response"][0]["valueCoding"]["code"]
    assert helped == "helped"
    relief = got[3, "operations.relief"][0]["valueCoding"]
    assert (relief["code"], relief["display"]) == ("partial", "It helped a bit")
    assert got[13, "treatments.goal"] == [{"valueString": "Walk the dog for half an hour."}]


def codes(resource):
    return {(c["system"], c["code"]) for c in resource["code"]["coding"]}


def test_each_score_is_an_observation_with_its_code(sent_case, settings):
    observations = resources(as_json(case_bundle(sent_case)), "Observation")
    by_code = {c["code"]: o for o in observations for c in o["code"]["coding"]}
    measure = f"{settings.FHIR_CODE_SYSTEM_BASE}/measure"

    back, leg = by_code["back_pain_average"], by_code["leg_pain_average"]
    for observation, site, value in ((back, "Back", 5), (leg, "Leg", 6)):
        assert (LOINC, "72514-3") in codes(observation)
        assert observation["bodySite"] == {"text": site}
        assert observation["valueQuantity"]["value"] == value
        assert observation["valueQuantity"]["system"] == "http://unitsofmeasure.org"
    assert codes(by_code["peg_score"]) == {(measure, "peg_score")}
    assert by_code["peg_score"]["valueQuantity"]["value"] == sent_case.peg_score
    assert codes(by_code["odi_percent"]) == {(measure, "odi_percent")}
    assert by_code["odi_percent"]["valueQuantity"] == {
        "value": sent_case.odi_percent,
        "unit": "%",
        "system": "http://unitsofmeasure.org",
        "code": "%",
    }
    # Scores of earlier intakes only, which this case does not hold, are left out.
    assert "back_pain_now" not in by_code and "leg_pain_worst" not in by_code
    # The short mood screens were negative, so the full PHQ-9 and GAD-7 were not asked.
    assert "phq9_score" not in by_code and by_code["phq2_score"]["valueQuantity"]["value"] == 2
    assert (LOINC, "39156-5") in codes(by_code["bmi"]) and by_code["bmi"]["valueQuantity"][
        "value"
    ] == 28.4
    assert by_code["mme_total"]["valueQuantity"]["value"] == 40.0  # tramadol 200 mg a day x 0.2
    assert len(observations) == 8
    assert all(o["status"] == "final" and o["derivedFrom"] for o in observations)


def test_every_row_of_the_observation_table_is_a_field_of_a_case():
    fields = {field.name for field in Case._meta.get_fields()}
    assert {measure.attribute for measure in MEASURES} <= fields


def test_an_earlier_intakes_scores_are_observations_too():
    case = CaseFactory(back_pain_now=3, leg_pain_worst=8)

    observations = resources(as_json(case_bundle(case)), "Observation")
    by_code = {c["code"]: o for o in observations for c in o["code"]["coding"]}

    assert by_code["back_pain_now"]["valueQuantity"]["value"] == 3
    assert (LOINC, "72514-3") in codes(by_code["back_pain_now"])
    assert by_code["leg_pain_worst"]["bodySite"] == {"text": "Leg"}
    assert "odi_percent" not in by_code  # not asked


def test_operations_carry_only_the_date_precision_the_patient_gave(sent_case):
    text = case_bundle(sent_case).model_dump_json()
    procedures = resources(json.loads(text), "Procedure")
    again = resources(json.loads(Bundle.model_validate_json(text).model_dump_json()), "Procedure")

    for found in (procedures, again):
        assert [p.get("performedDateTime") for p in found] == [
            "2016-06",
            "2021-03",
            "2018",
            "2019",
            None,
        ]
    precisions = [p["extension"][0]["valueCoding"]["code"] for p in procedures]
    assert precisions == ["month", "month", "year", "about", "unknown"]
    notes = [[note["text"] for note in p.get("note", [])] for p in procedures]
    assert notes[3] == ["The patient gave the year as approximate."]
    assert notes[4] == ["The patient did not know the date."]
    assert notes[1] == ["Hospital or surgeon: St Elsewhere"]
    assert not notes[2]


def test_operations_say_what_was_done_where_and_whether_it_helped(sent_case):
    procedures = resources(as_json(case_bundle(sent_case)), "Procedure")
    fusion, other = procedures[1], procedures[3]

    assert fusion["code"]["coding"][0]["code"] == "fusion"
    assert fusion["code"]["text"] == "Spinal fusion (for example PLIF, TLIF)"
    assert [site["text"] for site in fusion["bodySite"]] == ["L4-L5", "L5-S1"]
    assert fusion["outcome"]["coding"][0]["code"] == "partial"
    assert fusion["outcome"]["text"] == "Some relief; relief lasted: 3 to 12 months"
    assert other["code"]["text"] == "A wire put in"
    assert [site["text"] for site in procedures[4]["bodySite"]] == ["Lumbar, level not known"]
    assert all(p["status"] == "completed" for p in procedures)


def test_each_red_flag_is_a_flag_with_its_triage_level(sent_case, settings):
    flags = resources(as_json(case_bundle(sent_case)), "Flag")
    words = vocabulary.by_key(vocabulary.RED_FLAGS)

    got = {}
    for flag in flags:
        (coding,) = flag["code"]["coding"]
        assert coding["system"] == f"{settings.FHIR_CODE_SYSTEM_BASE}/red-flag"
        assert coding["display"] == words[coding["code"]].clinician
        priority = flag["extension"][0]["valueCodeableConcept"]["coding"]
        got[coding["code"]] = [c["code"] for c in priority]
    assert got == {
        "saddle_numbness": ["PH", "emergency"],
        "cancer_history": ["PM", "urgent"],
    }


def test_a_case_without_red_flags_has_no_flag():
    assert not resources(as_json(case_bundle(CaseFactory())), "Flag")


def test_a_resource_that_does_not_validate_raises_and_no_bundle_is_made():
    case = CaseFactory()
    impossible = Operation(**operation_data(month=13), case=case)  # never saved: no such month

    with pytest.raises(ValidationError, match="performedDateTime"):
        case_bundle(case, [impossible])


def test_a_bundle_of_a_case_with_its_operations_fetched_makes_no_query(
    django_assert_num_queries,
):
    case = CaseFactory(operations=[operation_data(), operation_data(year=2021)])
    case = Case.objects.prefetch_related("operations", *RELATED_PREFETCH).get(pk=case.pk)

    with django_assert_num_queries(0):
        case_bundle(case)


def test_an_answer_kept_elsewhere_is_read_from_where_the_table_says(monkeypatch):
    from intake.fhir import bundle

    monkeypatch.setitem(bundle.ANSWER_OF_QUESTION, "treatments.goal", lambda case: "Swim again.")

    got = answered(one(as_json(case_bundle(CaseFactory())), "QuestionnaireResponse"))

    assert [answer for (_, link_id), answer in got.items() if link_id == "treatments.goal"] == [
        [{"valueString": "Swim again."}]
    ]
