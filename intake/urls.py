from django.urls import path

from intake import views

app_name = "intake"

urlpatterns = [
    path("", views.start, name="start"),
    path("resume/<str:token>/", views.resume, name="resume"),
    path("sent/", views.submitted, name="submitted"),
    path("privacy/", views.privacy, name="privacy"),
    path("later/", views.finish_later, name="later"),
    path("instruction/", views.instruction, name="instruction"),
    path("<slug:step>/", views.intake_wizard, name="step"),
]
