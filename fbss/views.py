import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from fbss.context_processors import clinic


@require_safe
def home(request):
    """The public front page: what the clinic offers and the two ways in (guide, intake)."""
    return render(request, "home.html")


@never_cache
@require_safe
def healthz(request):
    """Report whether the app can reach its database, for load balancers and uptime checks."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def bad_request(request, exception):
    """A request the site cannot make sense of (``400.html``)."""
    return render(request, "400.html", status=400)


def permission_denied(request, exception):
    """A page this visitor may not open (``403.html``)."""
    return render(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    """
    A form posted without a valid security token, most often after a very long pause or with
    cookies blocked (``403_csrf.html``).
    """
    return render(request, "403_csrf.html", status=403)


def rate_limited(request, exception):
    """Too many requests from one address: a friendly 429 (``429.html``)."""
    return render(request, "429.html", status=429)


def server_error(request):
    """
    The 500 page, or a 503 when the database cannot be reached (other database errors are
    bugs, not outages). Rendered without context processors, which may need the database.
    """
    context = clinic(request)
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        response = HttpResponse(loader.render_to_string("503.html", context), status=503)
        response["Retry-After"] = "60"
        return response
    return HttpResponseServerError(loader.render_to_string("500.html", context))
