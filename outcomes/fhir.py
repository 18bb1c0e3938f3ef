"""
Follow-ups in the FHIR hand-off: the follow-up questionnaire as its own ``Questionnaire``
(generated from the follow-up's pages, as the intake's is from its), and each answered follow-up
in a case's Bundle as a ``QuestionnaireResponse`` and an ``Observation`` per score, dated when
the patient answered. The intake knows nothing of follow-ups: this module adds them to every
case's resources when the app is ready (``intake.fhir.bundle.RELATED_RESOURCES``).
"""

import json
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from intake.fhir.bundle import (
    _instant,
    _response_groups,
    observations,
    reference,
    resource_id,
)
from intake.fhir.questionnaire import build_questionnaire, identifier_system
from outcomes.forms import PAGES
from outcomes.models import Status

QUESTIONNAIRE_ID = "follow-up"


@dataclass(frozen=True)
class Published:
    questionnaire: object
    body: str
    items: list


@cache
def _published(base_url, code_system_base, clinic_name):
    questionnaire = build_questionnaire(
        [(page.name, page.form) for page in PAGES],
        questionnaire_id=QUESTIONNAIRE_ID,
        name="FbssFollowUp",
        title="follow-up after the start of care",
        description=(
            "The questions a patient answers at 3, 12 and 24 months after the start of care at "
            "a clinic for Failed Back Surgery Syndrome: back and leg pain, the PEG, the safety "
            "questions, the ODI where licensed, medicines, mood, work and the patient's own "
            "impression of change."
        ),
    )
    body = questionnaire.model_dump_json()
    return Published(questionnaire, body, json.loads(body)["item"])


def published():
    """The follow-up Questionnaire for the settings in force, built once per process."""
    return _published(settings.FHIR_BASE_URL, settings.FHIR_CODE_SYSTEM_BASE, settings.CLINIC_NAME)


def follow_up_response(case, follow_up, subject):
    questionnaire = published().questionnaire
    return QuestionnaireResponse.model_validate(
        {
            "resourceType": "QuestionnaireResponse",
            "id": resource_id(case, "FollowUp", follow_up.pk, "QuestionnaireResponse"),
            "identifier": {
                "system": identifier_system("follow-up"),
                "value": f"{case.reference}/{follow_up.pk}",
            },
            "questionnaire": f"{questionnaire.url}|{questionnaire.version}",
            "status": "completed",
            "subject": reference(subject),
            "source": reference(subject),
            "authored": _instant(follow_up.answered_at),
            "item": _response_groups(follow_up, [], published().items),
        }
    )


def follow_up_resources(case, subject):
    """Each answered follow-up of the case: its response and its scores, dated."""
    resources = []
    for follow_up in case.follow_ups.all():
        if follow_up.status != Status.ANSWERED:
            continue
        response = follow_up_response(case, follow_up, subject)
        resources += [
            response,
            *observations(
                case,
                subject,
                response,
                record=follow_up,
                when=follow_up.answered_at,
                part=("FollowUp", follow_up.pk),
            ),
        ]
    return resources
