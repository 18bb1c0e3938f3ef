"""Records only superusers see: the audit trail of case access and exports, and the licensed
questionnaires."""

from django.contrib import admin

from intake.models import CaseAccess, CaseExport, Instrument


class SuperuserOnlyAdmin(admin.ModelAdmin):
    """Records for superusers only, and never added by hand."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False


class ReadOnlyAuditAdmin(SuperuserOnlyAdmin):
    """Audit records: seen by superusers only, and changed by no one."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CaseAccess)
class CaseAccessAdmin(ReadOnlyAuditAdmin):
    list_display = ["accessed_at", "username", "case_reference", "kind"]
    list_filter = ["kind"]
    search_fields = ["=case_reference", "=username"]
    date_hierarchy = "accessed_at"
    show_full_result_count = False


@admin.register(CaseExport)
class CaseExportAdmin(ReadOnlyAuditAdmin):
    list_display = ["exported_at", "username", "case_count", "with_notes"]
    list_filter = ["with_notes"]
    search_fields = ["=username"]
    date_hierarchy = "exported_at"


@admin.register(Instrument)
class InstrumentAdmin(SuperuserOnlyAdmin):
    """Licensed wording, loaded with ``manage.py load_instrument``; deleting it stops the
    questionnaire being asked."""

    list_display = ["key", "name", "version", "loaded_at"]
    readonly_fields = ["key", "name", "version", "licence", "sections", "loaded_at"]
