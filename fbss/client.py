"""The client's address, as seen through the clinic's trusted proxies."""

from ipaddress import ip_address

from django.conf import settings

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
