"""Requests no page of the site can use, refused before anything reads them."""

from django.conf import settings
from django.shortcuts import render


def _refusal(request, status):
    return render(request, "400.html", status=status)


class RefuseOversizedBodies:
    """
    A body larger than ``REQUEST_BODY_MAX_SIZE`` gets a 413 before it is read. Django's own
    limits count only a form's fields, not the whole body; the proxy in front should refuse
    such bodies first (see the README).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _refusal(request, 400)
        if length > settings.REQUEST_BODY_MAX_SIZE:
            return _refusal(request, 413)
        return self.get_response(request)


class RefuseMalformedQueries:
    """
    A 400 for a query no page can answer, which would otherwise fail deep inside Django:

    - a NUL character in the path or the query string: no page has a use for one, and
      PostgreSQL refuses it in any query, so a filter or lookup given one would fail;
    - a date drill-down of an admin list (``<field>__year``, ``__month``, ``__day``) that is
      not a date the admin can step through (it fails on a year such as 9999 or 10**20).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            _malformed(key, value) for key, values in request.GET.lists() for value in values
        ):
            return _refusal(request, 400)
        return self.get_response(request)


DATE_PARTS = {"__year": range(1, 9999), "__month": range(1, 13), "__day": range(1, 32)}


def _malformed(key, value):
    if "\x00" in key or "\x00" in value:
        return True
    part = key[key.rfind("__") :] if "__" in key else ""
    if part not in DATE_PARTS:
        return False
    return not (value.isascii() and value.isdigit() and int(value) in DATE_PARTS[part])
