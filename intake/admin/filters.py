"""The triage list's filters, in the words clinicians use."""

from django.contrib import admin
from django.db.models import Exists, OuterRef

from intake.models import Operation, Procedure


class UrgencyFilter(admin.ChoicesFieldListFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = "urgency"


class FunctionBandFilter(admin.ChoicesFieldListFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = "function band (ODI)"


class ProcedureFilter(admin.SimpleListFilter):
    """Cases with at least one operation of the chosen kind, each case listed once."""

    title = "procedure type"
    parameter_name = "procedure"

    def lookups(self, request, model_admin):
        return Procedure.choices

    def queryset(self, request, queryset):
        if self.value() not in Procedure.values:
            return queryset
        return queryset.filter(
            Exists(Operation.objects.filter(case=OuterRef("pk"), procedure=self.value()))
        )


class AssignedFilter(admin.SimpleListFilter):
    title = "assigned clinician"
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [("me", "Assigned to me"), ("none", "Unassigned"), ("others", "Assigned to others")]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(assigned_to=request.user)
        if self.value() == "none":
            return queryset.filter(assigned_to__isnull=True)
        if self.value() == "others":
            return queryset.filter(assigned_to__isnull=False).exclude(assigned_to=request.user)
        return queryset
