"""How staff are signed in and what they may do."""

from django.contrib.auth import backends
from django.contrib.auth.models import Permission
from django.db.models import Q


class ModelBackend(backends.ModelBackend):
    """
    Django's own backend, reading a member of staff's permissions (given to them and through
    their groups) in one query instead of two: every admin page asks for them at least once.
    """

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            granted = Permission.objects.all()
            if not user_obj.is_superuser:
                granted = granted.filter(Q(user=user_obj) | Q(group__user=user_obj))
            pairs = granted.values_list("content_type__app_label", "codename")
            user_obj._perm_cache = {
                f"{app_label}.{codename}" for app_label, codename in pairs.order_by().distinct()
            }
        return user_obj._perm_cache
