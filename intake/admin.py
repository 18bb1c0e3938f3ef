from django.contrib import admin

from intake.models import Case, Instrument


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["reference", "full_name", "submitted_at", "triage_level", "pattern", "status"]


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["key", "name", "version", "loaded_at"]
    readonly_fields = ["key", "name", "version", "licence", "sections", "loaded_at"]

    def has_add_permission(self, request):
        return False
