"""Who a request comes from: the client's address as seen through the clinic's trusted proxies, and
the username a sign-in attempt is counted under."""

from ipaddress import ip_address

from axes.conf import settings
from axes.models import AccessAttempt

UNKNOWN = "0.0.0.0"  # noqa: S104 - a placeholder address, not a bind address


def _valid(address):
    try:
        return str(ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request):
    """
    The address login lockouts and rate limits count against. Behind ``PROXY_COUNT`` trusted
    proxies it is the entry those proxies added to X-Forwarded-For, so a client cannot forge
    it by adding its own; anything that is not an address is ignored.
    """
    if settings.PROXY_COUNT:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if len(forwarded) >= settings.PROXY_COUNT:
            address = _valid(forwarded[-settings.PROXY_COUNT])
            if address:
                return address
    return _valid(request.META.get("REMOTE_ADDR") or "") or UNKNOWN


def login_username(request, credentials=None):
    """
    The username a sign-in attempt is recorded and locked out under, cut to the length the
    lockout records hold: a longer one cannot be an account, and would not fit in the database.
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    username = (credentials or request.POST).get(field)
    if username is None:
        return None
    return str(username)[: AccessAttempt._meta.get_field("username").max_length]
