"""
Clinician review in the admin: the triage queue, the readable case, its history and exports.

Only Clinicians (and superusers) hold the intake permissions, so the admin's own checks keep
everyone else out; the print view checks the same permission itself. Patient answers are
read-only for everyone: the form holds only the clinician's fields.
"""

import re
from datetime import datetime

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import smart_split, unescape_string_literal
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from fbss.roles import CLINICIANS
from intake.audit import case_access_record, case_export_record
from intake.clinical import age_on
from intake.exports import csv_lines
from intake.models import (
    REFERENCE_ALPHABET,
    AccessKind,
    Case,
    CaseAccess,
    CaseExport,
    Instrument,
    Operation,
    Procedure,
    Status,
)
from intake.summary import (
    case_summary,
    duration_words,
    months_since_last_operation_now,
    person_name,
)

CLINICIAN_FIELDS = (
    "status",
    "assigned_to",
    "priority",
    "pathway",
    "closing_reason",
    "next_review_date",
    "clinician_notes",
)
PATIENT_DETAIL_FIELDS = (
    "reference",
    "submitted_at",
    "full_name",
    "date_of_birth",
    "email",
    "phone",
    "preferred_contact",
    "consent_to_contact",
    "privacy_consent",
    "signature_name",
)
# Dates a clinician may type into the search box, as patients type them on the intake.
SEARCH_DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")
CLOSING_NEEDS_PATHWAY_OR_REASON = (
    "To close a case, choose a recommended pathway or give a reason for closing."
)


REFERENCE_PATTERN = re.compile(
    rf"^([{REFERENCE_ALPHABET}]{{3}})-?([{REFERENCE_ALPHABET}]{{3}})$", re.IGNORECASE
)


def parse_search_reference(term):
    """
    The case reference a search term spells in full ('k7p-4qx', or 'k7p4qx' with its digits),
    or None. Six letters without a hyphen or a digit are more likely a name, such as 'Turner'.
    """
    match = REFERENCE_PATTERN.match(term)
    if match is None or ("-" not in term and not any(char.isdigit() for char in term)):
        return None
    return f"{match[1]}-{match[2]}".upper()


def parse_search_date(term):
    """The date a search term spells, such as '27/03/1968', or None."""
    for pattern in SEARCH_DATE_FORMATS:
        try:
            return datetime.strptime(term, pattern).date()  # noqa: DTZ007 - a plain date
        except ValueError:
            continue
    return None


class CaseHistoryDisplay(HistoricalRecordContextHelper):
    """Show changes in words: choice labels and people's names rather than stored codes."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if value in (None, ""):
            return "(empty)"
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if field.is_relation and field.many_to_one:
            if getattr(value, "pk", None) is None:  # simple-history's stand-in for no one
                return "(empty)"
            return person_name(value) if hasattr(value, "get_username") else value
        return super().prepare_delta_change_value(change, value)


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


class CaseClinicianForm(forms.ModelForm):
    """The clinician's part of a case; closing needs a pathway or a reason."""

    class Meta:
        model = Case
        fields = CLINICIAN_FIELDS

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("status") == Status.CLOSED
            and not cleaned.get("pathway")
            and not cleaned.get("closing_reason")
        ):
            # On the reason field, so the database constraint is not reported a second time.
            self.add_error("closing_reason", CLOSING_NEEDS_PATHWAY_OR_REASON)
        return cleaned


@admin.register(Case)
class CaseAdmin(SimpleHistoryAdmin):
    form = CaseClinicianForm
    change_form_template = "admin/intake/case/change_form.html"
    print_template = "intake/print/case.html"

    # The triage queue
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
    list_select_related = ["assigned_to"]
    list_filter = [
        "status",
        ("triage_level", UrgencyFilter),
        "pattern",
        ("odi_band", FunctionBandFilter),
        ProcedureFilter,
        AssignedFilter,
    ]
    date_hierarchy = "submitted_at"
    ordering = ["triage_rank", "submitted_at", "pk"]
    search_fields = ["reference", "full_name", "email"]
    search_help_text = "Reference, name, e-mail or date of birth (for example 27/03/1968)."
    show_full_result_count = False
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
    actions = ["export_csv", "export_csv_with_notes"]

    class Media:
        css = {"all": ["admin/css/clinic.css"]}

    # Columns

    @admin.display(description="age", ordering="-date_of_birth")
    def age(self, case):
        return age_on(case.date_of_birth, timezone.localdate())

    @admin.display(description="submitted", ordering="submitted_at")
    def submitted(self, case):
        return date_format(timezone.localtime(case.submitted_at), "j M Y, H:i")

    @admin.display(description="urgency", ordering="triage_rank")
    def urgency(self, case):
        count = len(case.red_flags or [])
        words = case.get_triage_level_display()
        if count:
            words = f"{words}: {count} red flag{'s' if count != 1 else ''}"
        return format_html('<span class="urgency urgency-{}">{}</span>', case.triage_level, words)

    @admin.display(description="back NRS", ordering="back_pain_now")
    def back_pain(self, case):
        return f"{case.back_pain_now}/10"

    @admin.display(description="leg NRS", ordering="leg_pain_now")
    def leg_pain(self, case):
        return f"{case.leg_pain_now}/10"

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
        return duration_words(months_since_last_operation_now(case, timezone.localdate()))

    @admin.display(description="assigned", ordering="assigned_to__last_name")
    def assigned(self, case):
        return person_name(case.assigned_to)

    def changelist_view(self, request, extra_context=None):
        extra_context = {"title": "Triage queue: most urgent first, then longest waiting"} | (
            extra_context or {}
        )
        return super().changelist_view(request, extra_context)

    # Search

    def get_search_results(self, request, queryset, search_term):
        """
        Search as usual, except that a term spelling a date matches the date of birth, and a
        term spelling a whole reference matches that reference (both read from an index).
        """
        other_terms = []
        for term in smart_split(search_term):
            quoted = len(term) > 1 and term[0] == term[-1] and term[0] in "\"'"
            bare = unescape_string_literal(term) if quoted else term
            if (born := parse_search_date(bare)) is not None:
                queryset = queryset.filter(date_of_birth=born)
            elif (reference := parse_search_reference(bare)) is not None:
                queryset = queryset.filter(reference=reference)
            else:
                other_terms.append(term)
        return super().get_search_results(request, queryset, " ".join(other_terms))

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

    # The case page: the summary on top, and every opening recorded.

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context["summary"] = case_summary(obj, obj.operations.all(), today=timezone.localdate())
        return super().render_change_form(request, context, add, change, form_url, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            case = response.context_data.get("original")
            if case is not None:
                case_access_record(case=case, user=request.user, kind=AccessKind.CASE_PAGE)
        return response

    # History: read-only (clinicians change a case on its page, where the form checks it).

    def history_view(self, request, object_id, extra_context=None):
        if not request.user.has_perm("auth.view_user"):
            # Name who made each change without linking to a user page they cannot open.
            extra_context = {"admin_user_view": "admin:no_user_page"} | (extra_context or {})
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

    # Export

    @admin.action(description="Export selected cases as CSV (no free text)", permissions=["export"])
    def export_csv(self, request, queryset):
        return self._export(request, queryset, with_notes=False)

    @admin.action(
        description="Export selected cases as CSV with notes and patients' own words",
        permissions=["export"],
    )
    def export_csv_with_notes(self, request, queryset):
        return self._export(request, queryset, with_notes=True)

    def _export(self, request, queryset, *, with_notes):
        cases = (
            queryset.select_related("assigned_to")
            .prefetch_related("operations")
            .order_by("triage_rank", "submitted_at", "pk")
        )
        references = list(cases.values_list("reference", flat=True))
        case_export_record(user=request.user, references=references, with_notes=with_notes)
        now = timezone.localtime()
        lines = csv_lines(cases.iterator(chunk_size=2000), with_notes=with_notes, today=now.date())
        response = StreamingHttpResponse(_with_bom(lines), content_type="text/csv; charset=utf-8")
        suffix = "-with-notes" if with_notes else ""
        response["Content-Disposition"] = (
            f'attachment; filename="cases-{now:%Y%m%d-%H%M}{suffix}.csv"'
        )
        response["Cache-Control"] = "no-store"
        return response


def _with_bom(lines):
    """Start the file with a byte-order mark so spreadsheet programs read it as UTF-8."""
    yield "\ufeff"
    yield from lines


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
