"""
Follow-ups in the FHIR hand-off: the follow-up questionnaire published as its own
Questionnaire, and each answered follow-up in the case's Bundle as a QuestionnaireResponse and
an Observation per score, dated when the patient answered; the bulk export stays flat in
queries with follow-ups.
"""

import json
from datetime import datetime

import pytest
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.questionnaire import Questionnaire

from intake.fhir.bundle import case_bundle
from outcomes.fhir import published
from outcomes.models import Status
from tests.factories import CaseFactory, follow_up_sent
from tests.test_fhir_export import queries_to_export

pytestmark = pytest.mark.django_db

LOINC = "http://loinc.org"
ANSWERED = timezone.make_aware(datetime(2026, 3, 2, 10, 30))


def answered_follow_up(case, **answers):
    follow_up, _ = follow_up_sent(case, months=3)
    for name, value in {
        "status": Status.ANSWERED,
        "answered_at": ANSWERED,
        "back_pain_average": 3,
        "leg_pain_average": 2,
        "peg_pain": 3,
        "peg_enjoyment": 2,
        "peg_activity": 2,
        "peg_score": 2.3,
        "work_status": "working",
        "global_change": "much_better",
        "red_flags": [],
        "triage_level": "routine",
        "phq9_items": [1, 0, None, None, None, None, None, None, 0],
        "phq2_score": 1,
        "mme_total": 20.0,
        "medicines": [{"medicine": "tramadol", "dose": 50.0, "frequency": "twice_a_day"}],
        **answers,
    }.items():
        setattr(follow_up, name, value)
    follow_up.save()
    return follow_up


def resources(case, kind):
    data = json.loads(case_bundle(case).model_dump_json())
    return [e["resource"] for e in data["entry"] if e["resource"]["resourceType"] == kind]


def test_the_follow_up_questionnaire_is_published_and_validates(client):
    response = client.get("/fhir/Questionnaire/follow-up")
    assert response.status_code == 200 and response["Content-Type"] == "application/fhir+json"
    questionnaire = Questionnaire.model_validate_json(response.content)
    assert questionnaire.url.endswith("/Questionnaire/follow-up")
    link_ids = {item.linkId for group in questionnaire.item for item in group.item or []}
    assert {"pain.back_pain_average", "change.global_change", "mood.phq9_9"} <= link_ids
    assert "public" in response["Cache-Control"] and response["ETag"]


def test_an_answered_follow_up_is_a_dated_response_and_observations(client):
    case = CaseFactory()
    answered_follow_up(case)
    follow_up_sent(case, months=12)  # sent, not answered: nothing of it is exported

    responses = resources(case, "QuestionnaireResponse")
    assert len(responses) == 2  # the intake's and the 3-month follow-up's
    follow_up = next(r for r in responses if "follow-up" in r["questionnaire"])
    questionnaire = published().questionnaire
    assert follow_up["questionnaire"] == f"{questionnaire.url}|{questionnaire.version}"
    assert follow_up["authored"].startswith("2026-03-02T10:30")
    answers = {
        item["linkId"]: item["answer"] for group in follow_up["item"] for item in group["item"]
    }
    assert answers["pain.back_pain_average"] == [{"valueInteger": 3}]
    assert answers["change.global_change"][0]["valueCoding"]["code"] == "much_better"
    assert answers["safety.saddle_numbness"] == [{"valueBoolean": False}]

    dated = [
        o for o in resources(case, "Observation") if o["effectiveDateTime"].startswith("2026-03-02")
    ]
    by_code = {c["code"]: o for o in dated for c in o["code"]["coding"]}
    assert by_code["72514-3"]["valueQuantity"]["value"] in (3, 2)
    assert by_code["mme_total"]["valueQuantity"]["value"] == 20.0
    assert by_code["phq2_score"]["valueQuantity"]["value"] == 1
    assert all(
        o["derivedFrom"] == [{"reference": f"QuestionnaireResponse/{follow_up['id']}"}]
        for o in dated
    )


def test_a_bundle_with_follow_ups_validates_and_round_trips():
    case = CaseFactory()
    answered_follow_up(case)
    text = case_bundle(case).model_dump_json()
    assert Bundle.model_validate_json(text).model_dump_json() == text


def test_the_bulk_export_stays_flat_in_queries_with_follow_ups(clinician_client):
    few = queries_to_export(clinician_client, 5)
    many = queries_to_export(clinician_client, 50)
    assert many == few
