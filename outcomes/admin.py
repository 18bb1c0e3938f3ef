"""
Follow-ups in the admin: the case page's forms (start of care, send now, opt-out), the outcomes
by pathway with its CSV, and the record of who read them (superusers only).

The case page shows the follow-ups itself (``templatetags/outcomes_case.py``) and records its
readers as it always has; the views here change a case's follow-ups and go back to it.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.http.response import StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from fbss.admin import ReadOnlyAuditAdmin
from intake.models import Case, Pattern
from outcomes import reports, services
from outcomes.forms import OutcomesFilterForm, StartOfCareForm
from outcomes.measures import MEASURES
from outcomes.models import CarePlan, FollowUp, OutcomeReport, OutcomesRead, ReadKind


@admin.register(CarePlan)
class CarePlanAdmin(admin.ModelAdmin):
    """No pages of its own: the case page's follow-up forms post here and go back to it."""

    def has_module_permission(self, request):
        return False

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/start/", view(self.start_view), name="{}_{}_start".format(*info)
            ),
            path(
                "<path:object_id>/send-now/",
                view(self.send_now_view),
                name="{}_{}_send_now".format(*info),
            ),
            path(
                "<path:object_id>/opt-out/",
                view(self.opt_out_view),
                name="{}_{}_opt_out".format(*info),
            ),
        ]

    def _case(self, request, object_id, *permissions):
        if not request.user.has_perms(["intake.change_case", *permissions]):
            raise PermissionDenied
        if request.method != "POST":
            return None, HttpResponseNotAllowed(["POST"])
        case = Case.objects.filter(pk=unquote(object_id)).first() if object_id.isdigit() else None
        if case is None:
            raise Http404("No such case.")
        return case, None

    @staticmethod
    def _back(case):
        return HttpResponseRedirect(
            reverse("admin:intake_case_change", args=[case.pk]) + "#follow-ups"
        )

    def start_view(self, request, object_id):
        case, refused = self._case(
            request, object_id, "outcomes.add_careplan", "outcomes.change_careplan"
        )
        if refused:
            return refused
        form = StartOfCareForm(request.POST)
        if form.is_valid():
            services.care_plan_set(
                case=case, start_of_care=form.cleaned_data["start_of_care"], user=request.user
            )
            messages.success(request, "Start of care saved: the follow-ups are scheduled from it.")
        else:
            errors = "; ".join(e for errs in form.errors.values() for e in errs)
            messages.error(request, f"The start of care was not saved: {errors}")
        return self._back(case)

    def send_now_view(self, request, object_id):
        case, refused = self._case(request, object_id, "outcomes.add_followup")
        if refused:
            return refused
        try:
            services.follow_up_send_now(case=case, user=request.user)
        except services.NotSent as reason:
            messages.error(request, f"No follow-up sent: {reason}")
        else:
            messages.success(request, "A follow-up is on its way to the patient.")
        return self._back(case)

    def opt_out_view(self, request, object_id):
        case, refused = self._case(request, object_id, "outcomes.change_careplan")
        if refused:
            return refused
        if not CarePlan.objects.filter(case=case).exists():
            raise Http404("No care plan for this case.")
        if services.opt_out(case=case, user=request.user):
            messages.success(request, "Recorded: the patient gets no more follow-ups.")
        return self._back(case)


def _query_words(query):
    words = "&".join(f"{name}={value}" for name, values in query.lists() for value in values)
    return words.replace("\x00", "")[:500]


def outcomes_read_record(*, request, kind):
    return OutcomesRead.objects.create(
        user=request.user,
        username=request.user.get_username(),
        kind=kind,
        query=_query_words(request.GET),
    )


@admin.register(OutcomeReport)
class OutcomeReportAdmin(admin.ModelAdmin):
    """For each pathway and time point: due, answered, and the change from the intake."""

    report_template = "outcomes/admin/report.html"

    def has_module_permission(self, request):
        return request.user.is_active and request.user.has_perm("outcomes.view_outcomes")

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        return [
            path("", view(self.report_view), name="{}_{}_changelist".format(*info)),
            path("csv/", view(self.csv_view), name="{}_{}_csv".format(*info)),
        ]

    def _filters(self, request):
        form = OutcomesFilterForm(request.GET or None, patterns=Pattern.choices)
        return form, form.cleaned_data if form.is_bound and form.is_valid() else {}

    def report_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        form, filters = self._filters(request)
        report = reports.outcomes_report(filters)
        rows = report.rows
        outcomes_read_record(request=request, kind=ReadKind.REPORT)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Outcomes by pathway and time point",
            "form": form,
            "rows": rows,
            "worked_out_at": report.worked_out_at,
            "sections": list(zip(MEASURES, reports.measure_charts(rows), strict=True)),
            "categories": reports.CATEGORY_LABELS,
            "can_export": request.user.has_perm("outcomes.export_outcomes"),
            "csv_url": reverse("admin:outcomes_outcomereport_csv")
            + (f"?{request.GET.urlencode()}" if request.GET else ""),
        }
        return TemplateResponse(request, self.report_template, context)

    def csv_view(self, request):
        if not request.user.has_perm("outcomes.export_outcomes"):
            raise PermissionDenied
        _form, filters = self._filters(request)
        follow_ups = reports.filtered(FollowUp.objects.all(), **filters)
        outcomes_read_record(request=request, kind=ReadKind.CSV)
        now = timezone.localtime()
        response = StreamingHttpResponse(
            reports.csv_lines(follow_ups), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="outcomes-{now:%Y%m%d-%H%M}.csv"'
        response["Cache-Control"] = "no-store"
        return response


@admin.register(OutcomesRead)
class OutcomesReadAdmin(ReadOnlyAuditAdmin):
    list_display = ["read_at", "username", "kind", "query"]
    list_filter = ["kind"]
    search_fields = ["=username", "query"]
    date_hierarchy = "read_at"
    show_full_result_count = False
