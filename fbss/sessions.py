"""Sessions that end after ``SESSION_COOKIE_AGE`` idle, without a write on every request."""

import time

from django.conf import settings

REFRESHED_AT = "_refreshed_at"


class RefreshIdleSessions:
    """
    Keep a session in use alive, as ``SESSION_SAVE_EVERY_REQUEST`` would, but save it again (and
    so push its expiry to ``SESSION_COOKIE_AGE`` from now) at most once every
    ``SESSION_REFRESH_SECONDS``. Saving on every request cost each intake step and staff page
    a database transaction; a session now ends between one refresh interval before
    ``SESSION_COOKIE_AGE`` after its last use and that age itself.

    Must come after ``SessionMiddleware``, so it decides before the session is saved.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = request.session
        if not session.accessed or session.is_empty():
            return response
        now = int(time.time())
        if session.modified:
            session[REFRESHED_AT] = now  # saved anyway: its expiry restarts now
        elif not _refreshed_since(session.get(REFRESHED_AT), now):
            session[REFRESHED_AT] = now
        return response


def _refreshed_since(refreshed_at, now):
    """Whether the session was saved within the last ``SESSION_REFRESH_SECONDS``."""
    return isinstance(refreshed_at, int) and now - refreshed_at < settings.SESSION_REFRESH_SECONDS
