from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


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


def server_error(request):
    """A 500 page in the site's look, rendered without context processors that need the database."""
    body = loader.render_to_string("500.html", {"CLINIC_NAME": settings.CLINIC_NAME})
    return HttpResponseServerError(body)
