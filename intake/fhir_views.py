"""
The public FHIR address: the intake's Questionnaire (``intake.fhir.questionnaire``).

It holds the questions and their answer codes, no patient's data, so anyone may read it and
caches may keep it for an hour; its ETag changes whenever the Questionnaire does.
"""

import hashlib

from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_safe

from intake.fhir.export import FHIR_JSON
from intake.fhir.questionnaire import published

CACHE_SECONDS = 60 * 60


def questionnaire_view(published):
    """A view serving a published Questionnaire (a function giving it) as FHIR JSON: public,
    cacheable for an hour, with an ETag that changes whenever the Questionnaire does."""

    def etag(request):
        return hashlib.sha256(published().body.encode()).hexdigest()[:32]

    @require_safe
    @cache_control(public=True, max_age=CACHE_SECONDS)
    @condition(etag_func=etag)
    def view(request):
        return HttpResponse(published().body, content_type=FHIR_JSON)

    return view


questionnaire = questionnaire_view(published)
