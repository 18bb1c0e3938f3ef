"""Records only superusers see: the audit trail of case access and exports, and the licensed
questionnaires; and the recording of who saw a list of patients."""

from django.contrib import admin

from fbss.admin import ReadOnlyAuditAdmin, SuperuserOnlyAdmin
from intake.audit import list_access_record
from intake.models import CaseAccess, CaseExport, Instrument


class ListReadsRecorded:
    """
    An admin list of patients: every response that shows the list is recorded once, as
    ``list_access_kind``, with the search and filters that chose it (not redirects, nor the
    downloads its actions give, which are recorded as exports).
    """

    list_access_kind = None

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        shown = getattr(response, "context_data", None) or {}
        if response.status_code == 200 and "cl" in shown:
            list_access_record(user=request.user, kind=self.list_access_kind, query=request.GET)
        return response


@admin.register(CaseAccess)
class CaseAccessAdmin(ReadOnlyAuditAdmin):
    list_display = ["accessed_at", "username", "case_reference", "kind", "query"]
    list_filter = ["kind"]
    # A list's query holds what was searched for: an auditor finds who looked for a patient.
    search_fields = ["=case_reference", "=username", "query"]
    exclude = ["case"]  # it would show the patient's name; the reference says which case
    date_hierarchy = "accessed_at"
    show_full_result_count = False


@admin.register(CaseExport)
class CaseExportAdmin(ReadOnlyAuditAdmin):
    list_display = ["exported_at", "username", "format", "case_count", "with_notes"]
    list_filter = ["format", "with_notes"]
    search_fields = ["=username"]
    date_hierarchy = "exported_at"


@admin.register(Instrument)
class InstrumentAdmin(SuperuserOnlyAdmin):
    """Licensed wording, loaded with ``manage.py load_instrument``; deleting it stops the
    questionnaire being asked."""

    list_display = ["key", "name", "version", "loaded_at"]
    readonly_fields = ["key", "name", "version", "licence", "sections", "loaded_at"]
