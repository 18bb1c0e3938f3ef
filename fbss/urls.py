from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import RedirectView

from education.sitemaps import SITEMAPS
from fbss import views
from intake import fhir_views
from outcomes import fhir as outcomes_fhir

admin.site.site_header = "Clinic administration"
admin.site.site_title = "Clinic administration"
admin.site.index_title = "Cases and guide pages"
admin.site.enable_nav_sidebar = False  # the triage list needs the width for its columns

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "favicon.ico",
        RedirectView.as_view(url=settings.STATIC_URL + "favicon.svg", permanent=True),
        name="favicon",
    ),
    path("intake/", include("intake.urls")),
    path("follow-up/", include("outcomes.urls")),
    path("guide/", include("education.urls")),
    # The intake as a FHIR Questionnaire: its canonical address (settings.FHIR_BASE_URL).
    path("fhir/Questionnaire/intake", fhir_views.questionnaire, name="fhir-questionnaire"),
    path(
        "fhir/Questionnaire/follow-up",
        fhir_views.questionnaire_view(outcomes_fhir.published),
        name="fhir-follow-up-questionnaire",
    ),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("admin/two-factor/", include("fbss.twofactor.urls")),
    # Ahead of the admin's own "view on site" address, which answers anyone on the staff.
    path(
        "admin/r/<path:content_type_id>/<path:object_id>/",
        admin.site.admin_view(views.view_on_site),
    ),
    path("admin/", admin.site.urls),
]

handler400 = "fbss.views.bad_request"
handler403 = "fbss.views.permission_denied"
handler500 = "fbss.views.server_error"
