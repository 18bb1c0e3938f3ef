"""
Superusers reset a person's devices from the user list and read the record of every
enrolment, reset and wrong code. django-otp's own device admin is taken away: it would show
each person's secret key to anyone who may open it.
"""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Exists, OuterRef
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from fbss.admin import ReadOnlyAuditAdmin
from fbss.twofactor.models import SecondFactorEvent
from fbss.twofactor.services import devices_reset

User = get_user_model()

admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)
admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    list_display = [*UserAdmin.list_display, "has_second_factor"]
    actions = ["reset_second_factor"]

    def get_queryset(self, request):
        confirmed_app = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return super().get_queryset(request).annotate(second_factor=Exists(confirmed_app))

    @admin.display(boolean=True, description="Two-factor", ordering="second_factor")
    def has_second_factor(self, user):
        return user.second_factor

    @admin.action(
        permissions=["reset_second_factor"],
        description="Reset two-factor sign-in (they set up their app again at next sign-in)",
    )
    def reset_second_factor(self, request, queryset):
        for user in queryset:
            devices_reset(user=user, done_by=request.user)
        self.message_user(
            request,
            f"Two-factor sign-in reset for {len(queryset)} user(s).",
            messages.SUCCESS,
        )

    def has_reset_second_factor_permission(self, request):
        return request.user.is_superuser


@admin.register(SecondFactorEvent)
class SecondFactorEventAdmin(ReadOnlyAuditAdmin):
    """The record: seen by superusers only, and changed by no one."""

    list_display = ["at", "username", "kind", "done_by_username", "ip_address"]
    list_filter = ["kind"]
    search_fields = ["=username"]
    date_hierarchy = "at"
