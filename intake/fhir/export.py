"""
Cases as FHIR for the clinic's record system, every export recorded first.

- one case as a Bundle (JSON): also recorded as a showing of that case, like its page;
- many cases as NDJSON, as FHIR bulk data is: one resource per line, each case's Patient first.

Both carry the patient's own words (their goal, an operation described in their words), so
each is recorded as an export with free text.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from intake.audit import case_access_record, case_export_record
from intake.fhir.bundle import RELATED_PREFETCH, case_bundle, case_resources
from intake.models import AccessKind, ExportFormat

FHIR_JSON = "application/fhir+json"
FHIR_NDJSON = "application/fhir+ndjson"
EXPORT_CHUNK_SIZE = 500


def case_fhir_export(*, user, case):
    """Record the download of one case, then give its Bundle as JSON text."""
    operations = list(case.operations.all())
    bundle = case_bundle(case, operations)
    case_export_record(
        user=user,
        references=[case.reference],
        with_notes=True,
        export_format=ExportFormat.FHIR_JSON,
    )
    case_access_record(case=case, user=user, kind=AccessKind.FHIR)
    return bundle.model_dump_json()


def cases_fhir_export(*, user, cases):
    """
    Record who exported which cases, then give their resources as NDJSON lines, in triage
    order. The operations are fetched with the cases, a chunk at a time, so the number of
    queries does not grow with the number of cases. Each resource is checked as it is built:
    one that does not validate stops the export with an error, never a line that is wrong.
    """
    cases = cases.prefetch_related("operations", *RELATED_PREFETCH).triage_queue()
    case_export_record(
        user=user,
        references=cases.values_list("reference", flat=True),
        with_notes=True,
        export_format=ExportFormat.FHIR_NDJSON,
    )
    return ndjson_lines(cases.iterator(chunk_size=EXPORT_CHUNK_SIZE))


def ndjson_lines(cases):
    for case in cases:
        for resource in case_resources(case):
            yield resource.model_dump_json() + "\n"


def submitted_between(queryset, first_day, last_day):
    """The cases sent from the start of ``first_day`` to the end of ``last_day``, local time."""
    start = timezone.make_aware(datetime.combine(first_day, time.min))
    end = timezone.make_aware(datetime.combine(last_day + timedelta(days=1), time.min))
    return queryset.filter(submitted_at__gte=start, submitted_at__lt=end)
