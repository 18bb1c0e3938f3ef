"""Admin bases the project's apps share: records for superusers only, and audit trails."""

from django.contrib import admin


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
