"""The course finder of a Kreis (/<slug>/kurse/…) on the Kreis's and its towns' portals;
pages in portal/views/courses.py. Self-contained: mounted in teilhabe/urls.py before
portal/urls.py."""
from django.urls import path

from .views import courses

app_name = "courses"
urlpatterns = [
    path("<slug:slug>/kurse/", courses.course_finder, name="finder"),
    path("<slug:slug>/kurse/<str:external_id>/", courses.course_page, name="course"),
]
