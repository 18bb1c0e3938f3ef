"""The triage list's filters, in the words clinicians use."""

from django.contrib import admin
from django.db.models import Exists, OuterRef

from intake.clinical import BACK, EQUAL, LEG
from intake.models import Operation, Procedure


class UrgencyFilter(admin.ChoicesFieldListFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = "urgency"


class FunctionBandFilter(admin.ChoicesFieldListFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = "function band (ODI)"


class MmeBandFilter(admin.ChoicesFieldListFilter):
    """The daily oral morphine equivalent's band (served by the index ``case_mme_band``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = "daily morphine equivalent"


class Phq9BandFilter(admin.ChoicesFieldListFilter):
    """The PHQ-9's band, for cases whose PHQ-9 was asked in full (index ``case_phq9_band``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = "depression (PHQ-9)"


class LegDominantFilter(admin.SimpleListFilter):
    """
    Whether leg pain is worse than back pain now, from the week's averages: the first item of
    the stimulation checklist (index ``case_dominant_pain_now``). Cases from intakes that did
    not work it out are in neither choice.
    """

    title = "leg-dominant pain now"
    parameter_name = "leg_dominant"

    def lookups(self, request, model_admin):
        return [("yes", "Leg-dominant"), ("no", "Back-dominant or equal")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(dominant_pain_now=LEG)
        if self.value() == "no":
            return queryset.filter(dominant_pain_now__in=[BACK, EQUAL])
        return queryset


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
