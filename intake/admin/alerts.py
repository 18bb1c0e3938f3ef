"""
The safety net in the admin: alerts acknowledged by a named clinician, and the read-only list of
intakes left unsent with a red-flag answer.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme

from intake import alerts, vocabulary
from intake.admin.records import ListReadsRecorded
from intake.audit import unsent_intake_access_record
from intake.models import AccessKind, Alert, UnsentIntake
from intake.summary import person_name

RED_FLAG_NAMES = vocabulary.clinician_labels(vocabulary.RED_FLAGS)


def open_alerts():
    """Alerts nobody has acknowledged yet, most urgent and oldest first, for the triage list
    (which names each alert's case by its reference alone: the rest of the case stays unread)."""
    return (
        Alert.objects.unacknowledged()
        .select_related("case")
        .only("case__reference", "draft", "note", "level", "raised_at")
        .order_by("level", "raised_at")  # "emergency" sorts before "urgent"
    )


def acknowledge(request, alert, *, back_to):
    """Record the signed-in clinician as having taken charge of ``alert``, then go back."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if alert is None:
        raise Http404("No such alert.")
    first = not alert.is_acknowledged
    alert = alerts.alert_acknowledge(alert=alert, user=request.user)
    if first:
        messages.success(request, "Alert acknowledged: you are recorded as dealing with it.")
    else:
        who = person_name(alert.acknowledged_by)
        messages.info(request, f"This alert had already been acknowledged by {who}.")
    wanted = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(wanted, {request.get_host()}, request.is_secure()):
        wanted = back_to
    return HttpResponseRedirect(wanted)


@admin.register(UnsentIntake)
class UnsentIntakeAdmin(ListReadsRecorded, admin.ModelAdmin):
    """
    Intakes a patient started, answered a red-flag question yes on, and did not send within
    ``UNSENT_FLAG_MINUTES``: who to call, which answers, since when. Read-only; every opening,
    and every showing of the list, is recorded like opening a case.
    """

    list_display = ["started", "name", "phone", "email", "flags", "level", "acknowledged"]
    list_access_kind = AccessKind.UNSENT_LIST
    list_display_links = ["started", "name"]
    ordering = ["-alert__raised_at"]
    show_full_result_count = False
    detail_template = "admin/intake/unsentintake/detail.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(submitted_at__isnull=True, alert__isnull=False)
            .select_related("alert", "alert__acknowledged_by")
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="started", ordering="created_at")
    def started(self, draft):
        return draft.created_at

    @admin.display(description="name")
    def name(self, draft):
        return draft.answer("about", "full_name") or "(no name yet)"

    @admin.display(description="phone")
    def phone(self, draft):
        return draft.answer("about", "phone")

    @admin.display(description="e-mail")
    def email(self, draft):
        return draft.answer("about", "email")

    @admin.display(description="red-flag answers")
    def flags(self, draft):
        return "; ".join(RED_FLAG_NAMES[flag] for flag in draft.red_flags())

    @admin.display(description="level", ordering="alert__level")
    def level(self, draft):
        return draft.alert.get_level_display()

    @admin.display(description="acknowledged")
    def acknowledged(self, draft):
        alert = draft.alert
        if not alert.is_acknowledged:
            return "Not yet"
        return f"{person_name(alert.acknowledged_by)}, {alert.acknowledged_at:%d %b %Y %H:%M}"

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/acknowledge/",
                self.admin_site.admin_view(self.acknowledge_view),
                name="{}_{}_acknowledge".format(*info),
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The unsent intake on one read-only page (never the raw saved answers)."""
        if request.method != "GET":
            raise PermissionDenied
        draft = self._draft(request, object_id)
        unsent_intake_access_record(draft=draft, user=request.user)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Unsent intake with red-flag answers",
            "draft": draft,
            "alert": draft.alert,
            "name": self.name(draft),
            "date_of_birth": draft.answer("about", "date_of_birth"),
            "phone": self.phone(draft),
            "email": self.email(draft),
            "flags": [RED_FLAG_NAMES[flag] for flag in draft.red_flags()],
            "acknowledge_url": reverse("admin:intake_unsentintake_acknowledge", args=[draft.pk]),
        }
        return TemplateResponse(request, self.detail_template, context)

    def history_view(self, request, object_id, extra_context=None):
        raise PermissionDenied  # nothing here is changed in the admin

    def acknowledge_view(self, request, object_id):
        draft = self._draft(request, object_id)
        back = reverse("admin:intake_unsentintake_change", args=[draft.pk])
        return acknowledge(request, draft.alert, back_to=back)

    def _draft(self, request, object_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        draft = self.get_object(request, unquote(object_id))
        if draft is None:
            raise Http404("No such unsent intake.")
        return draft
