"""The change history of a model in the admin, as every history page of the site shows it."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin


class HistoryAdmin(SimpleHistoryAdmin):
    """
    simple-history's admin, with its history pages answering a malformed address with a 404
    (they would fail on ``abc/history/`` or ``history/abc/``) and someone without access with
    a 403 before any lookup, so the pages never tell them which objects or versions exist.
    """

    def history_view(self, request, object_id, extra_context=None):
        self._check_history_address(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._check_history_address(request, object_id, version_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _check_history_address(self, request, object_id, version_id=None):
        if not self.has_view_history_or_change_history_permission(request):
            raise PermissionDenied
        manager = getattr(self.model, self.model._meta.simple_history_manager_attribute)
        try:
            self.model._meta.pk.to_python(unquote(object_id))
            if version_id is not None:
                manager.model._meta.pk.to_python(version_id)
        except ValidationError as error:
            raise Http404("No such object or version.") from error
