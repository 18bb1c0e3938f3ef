"""
Public guide responses, kept whole in the shared cache (Redis in production).

Every cached response belongs to a generation of the guide. Any change to a page or an old
address starts a new generation, so publishing and unpublishing show at once; and a response
is kept no longer than until the next scheduled go-live or expiry, so a page due at 09:00 is
public at 09:00. Visitors with a session (patients mid-intake, staff) get a fresh response:
it may carry a message meant for them alone.
"""

import hashlib
import uuid
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db.models import Min, Q
from django.utils import timezone

from education.models import GuidePage, Status

GENERATION_KEY = "education:guide-generation"


def guide_changed(**kwargs):
    """Start a new generation: every cached guide response is stale from now on."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def _generation():
    return cache.get_or_set(GENERATION_KEY, lambda: uuid.uuid4().hex, None)


def _seconds_until_the_next_scheduled_change(now):
    upcoming = GuidePage.objects.filter(status=Status.PUBLISHED).aggregate(
        publish=Min("publish_at", filter=Q(publish_at__gt=now)),
        expire=Min("expires_at", filter=Q(expires_at__gt=now)),
    )
    times = [when for when in upcoming.values() if when is not None]
    return min((when - now).total_seconds() for when in times) if times else None


def _cacheable_request(request):
    return request.method in ("GET", "HEAD") and not any(
        name in request.COOKIES for name in (settings.SESSION_COOKIE_NAME, "messages")
    )


def cache_public_guide(view):
    """Serve the view's response from the shared cache while the guide has not changed."""

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"education:response:{_generation()}:{request.method}:{path}"
        response = cache.get(key)
        if response is not None:
            return response
        response = view(request, *args, **kwargs)
        if response.status_code in (200, 301) and not response.streaming and not response.cookies:
            timeout = settings.GUIDE_CACHE_SECONDS
            until_change = _seconds_until_the_next_scheduled_change(timezone.now())
            if until_change is not None:
                timeout = min(timeout, max(1, int(until_change)))
            cache.set(key, response, timeout)
        return response

    return cached_view
