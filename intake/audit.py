"""Records of who opened, listed and exported which cases: health-data access is auditable."""

from intake.models import QUERY_MAX_LENGTH, AccessKind, CaseAccess, CaseExport, ExportFormat


def case_access_record(*, case, user, kind=AccessKind.CASE_PAGE):
    """Note that ``user`` has just seen ``case`` (its page, printed summary or history)."""
    return CaseAccess.objects.create(
        case=case,
        case_reference=case.reference,
        user=user,
        username=user.get_username(),
        kind=kind,
    )


def unsent_intake_access_record(*, draft, user):
    """Note that ``user`` has just seen an intake the patient has not sent."""
    return CaseAccess.objects.create(
        draft=draft, user=user, username=user.get_username(), kind=AccessKind.UNSENT_INTAKE
    )


def list_access_record(*, user, kind, query):
    """
    Note that ``user`` has just seen a list of patients (``kind``) chosen by ``query``, the
    request's search and filters, so an auditor can answer "who looked for this patient".
    """
    words = "&".join(f"{name}={value}" for name, values in query.lists() for value in values)
    return CaseAccess.objects.create(
        user=user,
        username=user.get_username(),
        kind=kind,
        query=words.replace("\x00", "")[:QUERY_MAX_LENGTH],
    )


def case_export_record(*, user, references, with_notes, export_format=ExportFormat.CSV):
    """Note that ``user`` has just exported the cases with these references (in which format,
    and whether free text went too)."""
    references = list(references)
    return CaseExport.objects.create(
        user=user,
        username=user.get_username(),
        case_count=len(references),
        with_notes=with_notes,
        references=references,
        format=export_format,
    )
