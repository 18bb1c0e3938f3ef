from django.http import HttpResponse
from django.urls import path

from fbss.urls import handler400, handler403, handler500
from fbss.urls import urlpatterns as site_urlpatterns


def bare(request):
    """A view that does nothing, through the same middleware: the benchmark's yardstick."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *site_urlpatterns]

__all__ = ["handler400", "handler403", "handler500", "urlpatterns"]
