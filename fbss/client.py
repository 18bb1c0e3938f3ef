"""The client's address, as seen through the clinic's trusted proxies."""

from django.conf import settings


def client_ip(request):
    """
    The address rate limits count against. Behind ``PROXY_COUNT`` trusted proxies it is the
    entry those proxies added to X-Forwarded-For; a client cannot forge it by adding its own.
    """
    if settings.PROXY_COUNT:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= settings.PROXY_COUNT:
            return forwarded[-settings.PROXY_COUNT]
    return request.META.get("REMOTE_ADDR") or "unknown"
