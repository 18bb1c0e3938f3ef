from django.urls import path

from fbss.twofactor import views

app_name = "twofactor"
urlpatterns = [
    path("", views.verify, name="verify"),
    path("set-up/", views.enrol, name="enrol"),
]
