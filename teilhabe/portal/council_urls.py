"""The council section of the portal (/<slug>/council/…). The back office's council pages
are in backoffice/; the OParl endpoint in api/oparl/ (it also serves the files)."""
from django.urls import path

from .views import council

app_name = "council_portal"
m = "<slug:slug>/council/"
urlpatterns = [
    path(m, council.council_index, name="index"),
    path(m + "meetings/", council.meeting_list, name="meetings"),
    path(m + "meetings.ics", council.meetings_feed, name="meetings_feed"),
    path(m + "meetings/<int:pk>/", council.meeting_page, name="meeting"),
    path(m + "papers/", council.paper_list, name="papers"),
    path(m + "papers/<int:pk>/", council.paper_page, name="paper"),
]
