"""Course steering under /backoffice/<slug>/kurse/: the dashboard (Kreis or town) and the
providers' CSV upload of courses. Self-contained, so that it can be mounted on its own or
included from backoffice/urls.py; app_name keeps the names steering:…"""
from django.urls import path

from teilhabe.backoffice.views import courses_steering as views
from teilhabe.backoffice.views import courses_upload

app_name = "steering"
urlpatterns = [
    path("<slug:slug>/kurse/steuerung/", views.steering_page, name="dashboard"),
    path("<slug:slug>/kurse/steuerung/daten/<str:key>/<str:fmt>/", views.steering_data, name="data"),
    path("<slug:slug>/kurse/hochladen/", courses_upload.course_upload, name="upload"),
]
