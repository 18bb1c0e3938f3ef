"""The case in the admin: the triage queue, the case page, its history, print-out and export."""

from datetime import timedelta

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from fbss.admin_history import HistoryAdmin
from fbss.roles import CLINICIANS
from intake import alerts, services
from intake.admin.alerts import acknowledge, open_alerts
from intake.admin.changelist import ColumnsOnlyChangeList
from intake.admin.filters import (
    AssignedFilter,
    FunctionBandFilter,
    LegDominantFilter,
    MmeBandFilter,
    Phq9BandFilter,
    ProcedureFilter,
    UrgencyFilter,
)
from intake.admin.forms import CLINICIAN_FIELDS, CaseClinicianForm, FhirExportForm
from intake.admin.history import CaseHistoryDisplay
from intake.admin.paginator import EstimatedCountPaginator
from intake.admin.records import ListReadsRecorded
from intake.admin.search import filter_by_dates_and_references
from intake.audit import case_access_record
from intake.clinical import age_on
from intake.fhir.export import (
    FHIR_JSON,
    FHIR_NDJSON,
    case_fhir_export,
    cases_fhir_export,
    submitted_between,
)
from intake.models import ABOUT_FIELDS, AccessKind, Alert, Case, TriageLevel
from intake.summary import case_summary, person_name, since_last_operation_words

PATIENT_DETAIL_FIELDS = (
    "reference",
    "submitted_at",
    *ABOUT_FIELDS,
    "privacy_consent",
    "signature_name",
)
# Who made a history entry without being signed in: the patient, sending the intake.
CHANGED_WITHOUT_SIGNING_IN = "The patient, on the intake form"


@admin.register(Case)
class CaseAdmin(ListReadsRecorded, HistoryAdmin):
    form = CaseClinicianForm
    change_form_template = "admin/intake/case/change_form.html"
    print_template = "intake/print/case.html"

    # The triage queue, in the model's own order (most urgent, then longest waiting)
    list_display = [
        "reference",
        "full_name",
        "age",
        "submitted",
        "urgency",
        "pattern",
        "back_pain",
        "leg_pain",
        "function",
        "operations",
        "since_last_operation",
        "status",
        "assigned",
    ]
    list_display_links = ["reference", "full_name"]
    # Every field the columns above read, and nothing more (``ColumnsOnlyChangeList``).
    list_columns = [
        "reference",
        "full_name",
        "date_of_birth",
        "submitted_at",
        "triage_level",
        "red_flags",
        "pattern",
        "back_pain_average",
        "leg_pain_average",
        "peg_score",
        "odi_percent",
        "odi_band",
        "operation_count",
        "months_since_last_operation",
        "status",
        "assigned_to",
    ]
    list_access_kind = AccessKind.TRIAGE_LIST
    list_select_related = ["assigned_to"]
    list_filter = [
        "status",
        ("triage_level", UrgencyFilter),
        "pattern",
        ("odi_band", FunctionBandFilter),
        ("mme_band", MmeBandFilter),
        ("phq9_band", Phq9BandFilter),
        LegDominantFilter,
        ProcedureFilter,
        AssignedFilter,
    ]
    date_hierarchy = "submitted_at"
    search_fields = ["reference", "full_name", "email"]
    search_help_text = "Reference, name, e-mail or date of birth (for example 27/03/1968)."
    show_full_result_count = False
    # Counts beside each filter would be a count per choice over the whole table; without
    # them the filters depend on the address alone, and the template caches them by it.
    show_facets = admin.ShowFacets.NEVER
    paginator = EstimatedCountPaginator
    list_per_page = 50
    view_on_site = False  # the case's own address is this admin page

    # The case page
    fieldsets = [
        ("Clinician's decision", {"fields": CLINICIAN_FIELDS}),
        (
            "Patient's details as given (read only)",
            {"fields": PATIENT_DETAIL_FIELDS, "classes": ["collapse"]},
        ),
    ]
    actions = ["acknowledge_alerts", "export_csv", "export_csv_with_notes", "export_fhir"]
    fhir_export_template = "admin/intake/case/fhir_export.html"
    # How many waiting alerts the triage list shows above the queue.
    open_alerts_shown = 20

    class Media:
        css = {"all": ["admin/css/clinic.css"]}

    # Columns: each reads a ``ListedCase`` row (see ``ColumnsOnlyChangeList``).

    @admin.display(description="age", ordering="-date_of_birth")
    def age(self, case):
        return age_on(case.date_of_birth, case.listed_on)

    @admin.display(description="submitted", ordering="submitted_at")
    def submitted(self, case):
        when = timezone.localtime(case.submitted_at)
        return f"{when.day} {when:%b %Y, %H:%M}"

    @admin.display(description="urgency", ordering="triage_rank")
    def urgency(self, case):
        count = len(case.red_flags or [])
        words = TriageLevel(case.triage_level).label
        if count:
            words = f"{words}: {count} red flag{'s' if count != 1 else ''}"
        return format_html('<span class="urgency urgency-{}">{}</span>', case.triage_level, words)

    @admin.display(description="back NRS (week)", ordering="back_pain_average")
    def back_pain(self, case):
        return f"{case.back_pain_average}/10"

    @admin.display(description="leg NRS (week)", ordering="leg_pain_average")
    def leg_pain(self, case):
        return f"{case.leg_pain_average}/10"

    @admin.display(description="function", ordering="odi_percent")
    def function(self, case):
        if case.odi_percent is None:
            return f"PEG {case.peg_score:g} (ODI not asked)"
        return f"ODI {case.odi_percent:g}% ({case.odi_band})"

    @admin.display(description="ops.", ordering="operation_count")
    def operations(self, case):
        return case.operation_count

    @admin.display(description="since last op.")
    def since_last_operation(self, case):
        return since_last_operation_words(case, case.listed_on)

    @admin.display(description="assigned", ordering="assigned_to__last_name")
    def assigned(self, case):
        return person_name(case.assigned_to)

    def changelist_view(self, request, extra_context=None):
        waiting = open_alerts()
        shown = list(waiting[: self.open_alerts_shown])
        extra_context = {
            "title": "Triage queue: most urgent first, then longest waiting",
            "open_alerts": shown,
            # Counted only when there may be more than are shown.
            "open_alert_count": waiting.count()
            if len(shown) == self.open_alerts_shown
            else len(shown),
            "can_export": self.has_export_permission(request),
        } | (extra_context or {})
        return super().changelist_view(request, extra_context)

    def get_changelist(self, request, **kwargs):
        return ColumnsOnlyChangeList

    # Search

    def get_search_fields(self, request):
        """None for the admin's autocomplete, which would list cases by name unrecorded: no
        form here picks a case that way."""
        if request.resolver_match and request.resolver_match.url_name == "autocomplete":
            return []
        return super().get_search_fields(request)

    def get_search_results(self, request, queryset, search_term):
        """Search as usual, except for terms that spell a date of birth or a whole reference."""
        queryset, other_terms = filter_by_dates_and_references(queryset, search_term)
        return super().get_search_results(request, queryset, other_terms)

    # Permissions: cases come only from the intake, and what the patient said stays as said.

    def has_add_permission(self, request):
        return False

    def has_export_permission(self, request):
        return request.user.has_perm("intake.export_case")

    def get_readonly_fields(self, request, obj=None):
        return [
            field.name
            for field in Case._meta.fields
            if field.name not in CLINICIAN_FIELDS and field.editable
        ] + ["reference"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assigned_to":
            kwargs["queryset"] = (
                get_user_model()
                .objects.filter(is_active=True)
                .filter(Q(groups__name=CLINICIANS) | Q(is_superuser=True))
                .distinct()
                .order_by("last_name", "first_name", "username")
            )
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "assigned_to":
            field.label_from_instance = person_name
        return field

    # The case page: the summary on top, and every showing recorded (a rejected post shows it
    # again).

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context["summary"] = case_summary(obj, obj.operations.all(), today=timezone.localdate())
            context["alert"] = (
                Alert.objects.select_related("acknowledged_by")
                .filter(case=obj)
                .open_first()
                .first()
            )
            context["acknowledge_url"] = reverse("admin:intake_case_acknowledge", args=[obj.pk])
            context["can_export"] = self.has_export_permission(request)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if response.status_code == 200:
            case = response.context_data.get("original")
            if case is not None:
                case_access_record(case=case, user=request.user, kind=AccessKind.CASE_PAGE)
        return response

    def delete_view(self, request, object_id, extra_context=None):
        response = super().delete_view(request, object_id, extra_context)
        if response.status_code == 200:
            case_access_record(
                case=response.context_data["object"], user=request.user, kind=AccessKind.CASE_PAGE
            )
        return response

    # History: read-only (clinicians change a case on its page, where the form checks it).

    def history_view(self, request, object_id, extra_context=None):
        extra_context = {"changed_without_signing_in": CHANGED_WITHOUT_SIGNING_IN} | (
            extra_context or {}
        )
        return super().history_view(request, object_id, extra_context)

    def get_historical_record_context_helper(self, request, historical_record):
        return CaseHistoryDisplay(self.model, historical_record)

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def render_history_view(self, request, template, context, **kwargs):
        case = context.get("object") or context.get("original")
        if case is not None:
            stored = Case.objects.filter(pk=case.pk).first()
            if stored is not None:
                case_access_record(case=stored, user=request.user, kind=AccessKind.HISTORY)
        return super().render_history_view(request, template, context, **kwargs)

    # The printed summary

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/print/",
                self.admin_site.admin_view(self.print_view),
                name="{}_{}_print".format(*info),
            ),
            path(
                "fhir-export/",
                self.admin_site.admin_view(self.fhir_export_view),
                name="{}_{}_fhir_export".format(*info),
            ),
            path(
                "<path:object_id>/fhir/",
                self.admin_site.admin_view(self.fhir_view),
                name="{}_{}_fhir".format(*info),
            ),
            path(
                "<path:object_id>/acknowledge/",
                self.admin_site.admin_view(self.acknowledge_view),
                name="{}_{}_acknowledge".format(*info),
            ),
            *super().get_urls(),
        ]

    def print_view(self, request, object_id):
        """One case's summary on a clean page for the clinic's paper file."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        case = self.get_object(request, unquote(object_id))
        if case is None:
            raise Http404("No such case.")
        if not self.has_view_permission(request, case):
            raise PermissionDenied
        case_access_record(case=case, user=request.user, kind=AccessKind.PRINT)
        context = {
            "case": case,
            "summary": case_summary(case, case.operations.all(), today=timezone.localdate()),
            "assigned": person_name(case.assigned_to),
            "printed_by": person_name(request.user),
            "printed_at": timezone.now(),
            "change_url": case.get_absolute_url(),
        }
        return TemplateResponse(request, self.print_template, context)

    # Alerts

    def acknowledge_view(self, request, object_id):
        """Acknowledge a case's alert from its page or from the triage list (POST only)."""
        case = self.get_object(request, unquote(object_id))
        if case is None or not self.has_change_permission(request, case):
            raise PermissionDenied
        alert = Alert.objects.filter(case=case).open_first().first()
        return acknowledge(request, alert, back_to=case.get_absolute_url())

    @admin.action(
        description="Acknowledge the alerts of the selected cases", permissions=["change"]
    )
    def acknowledge_alerts(self, request, queryset):
        waiting = Alert.objects.unacknowledged().filter(case__in=queryset)
        count = 0
        for alert in waiting:
            alerts.alert_acknowledge(alert=alert, user=request.user)
            count += 1
        self.message_user(request, f"{count} alert(s) acknowledged in your name.")

    # Export

    @admin.action(description="Export selected cases as CSV (no free text)", permissions=["export"])
    def export_csv(self, request, queryset):
        return self.export_response(request, queryset, with_notes=False)

    @admin.action(
        description="Export selected cases as CSV with notes and patients' own words",
        permissions=["export"],
    )
    def export_csv_with_notes(self, request, queryset):
        return self.export_response(request, queryset, with_notes=True)

    def export_response(self, request, queryset, *, with_notes):
        """The export as a CSV download that no cache keeps."""
        now = timezone.localtime()
        lines = services.case_export(
            user=request.user, cases=queryset, with_notes=with_notes, today=now.date()
        )
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
        suffix = "-with-notes" if with_notes else ""
        response["Content-Disposition"] = (
            f'attachment; filename="cases-{now:%Y%m%d-%H%M}{suffix}.csv"'
        )
        response["Cache-Control"] = "no-store"
        return response

    # FHIR: one case as a Bundle, or many as NDJSON (selected on the list, or by dates)

    def fhir_view(self, request, object_id):
        """The case as a FHIR Bundle (JSON), downloaded from its page."""
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        if not self.has_export_permission(request):
            raise PermissionDenied
        case = self.get_object(request, unquote(object_id))
        if case is None:
            raise Http404("No such case.")
        body = case_fhir_export(user=request.user, case=case)
        response = HttpResponse(body, content_type=FHIR_JSON)
        response["Content-Disposition"] = f'attachment; filename="case-{case.reference}.fhir.json"'
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(
        description="Export selected cases as FHIR (NDJSON, with patients' own words)",
        permissions=["export"],
    )
    def export_fhir(self, request, queryset):
        return self.fhir_ndjson_response(request, queryset)

    def fhir_export_view(self, request):
        """A small form: the cases sent between two days, as FHIR NDJSON."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            form = FhirExportForm(request.POST)
            if form.is_valid():
                days = form.cleaned_data["first_day"], form.cleaned_data["last_day"]
                cases = submitted_between(Case.objects.all(), *days)
                if cases.exists():
                    return self.fhir_ndjson_response(request, cases)
                form.add_error(None, "No case was sent on those days.")
        else:
            form = FhirExportForm(initial=_last_month())
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Export cases as FHIR by the day they were sent",
            "form": form,
        }
        return TemplateResponse(request, self.fhir_export_template, context)

    def fhir_ndjson_response(self, request, queryset):
        """The cases as FHIR NDJSON (one resource per line), a download no cache keeps."""
        now = timezone.localtime()
        lines = cases_fhir_export(user=request.user, cases=queryset)
        response = StreamingHttpResponse(lines, content_type=FHIR_NDJSON)
        response["Content-Disposition"] = (
            f'attachment; filename="cases-{now:%Y%m%d-%H%M}.fhir.ndjson"'
        )
        response["Cache-Control"] = "no-store"
        return response


def _last_month():
    """Last calendar month: the range a clinic hands over most often."""
    first_of_this_month = timezone.localdate().replace(day=1)
    last_day = first_of_this_month - timedelta(days=1)
    return {"first_day": last_day.replace(day=1), "last_day": last_day}
