import sys

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import Http404, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from fbss.context_processors import clinic

RATE_LIMIT_RETRY_AFTER = 60  # seconds


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


def view_on_site(request, content_type_id, object_id):
    """
    The admin's "view on site" link (``/admin/r/<content type>/<id>/``), for staff who may view
    the object in the admin. Anyone else gets the same 404 whether or not it exists, so the
    link tells nobody which cases exist or where an unpublished guide page will be.
    """
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        model_admin = admin.site.get_model_admin(model)
    except (ContentType.DoesNotExist, ValueError, NotRegistered) as error:
        raise Http404 from error
    if not model_admin.has_view_permission(request):
        raise Http404
    obj = model_admin.get_object(request, unquote(object_id))
    if obj is None or not model_admin.has_view_permission(request, obj):
        raise Http404
    return shortcut(request, content_type_id, object_id)


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
    """
    Too many requests from one address: a friendly 429 (``429.html``). The limits count in
    windows of up to an hour, so Retry-After gives the earliest a retry is worth making.
    """
    response = render(request, "429.html", status=429)
    response["Retry-After"] = str(RATE_LIMIT_RETRY_AFTER)
    return response


def locked_out(request, original_response=None, credentials=None):
    """Sign-in locked after repeated failures (django-axes): the page, and how long to wait."""
    response = render(request, settings.AXES_LOCKOUT_TEMPLATE, status=429)
    response["Retry-After"] = str(int(get_cool_off(request).total_seconds()))
    return response


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
