from django.urls import path

from outcomes import views

app_name = "outcomes"

urlpatterns = [
    path("answer/<slug:step>/", views.page, name="page"),
    path("done/", views.done, name="done"),
    path("instruction/", views.instruction, name="instruction"),
    path("<str:token>/", views.open_link, name="open"),
    path("<str:token>/opt-out/", views.opt_out, name="opt_out"),
]
