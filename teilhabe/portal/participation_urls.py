"""Public pages (/<slug>/events/…, /<slug>/ideas/…, /<slug>/events.ics) and private
links (/p/…). The back office is in backoffice/participation_urls.py."""
from django.urls import path

from .views import participation as public
from .views import private

app_name = "participation"
m = "<slug:slug>/"
urlpatterns = [
    path(m + "events.ics", public.events_feed, name="events_feed"),
    path(m + "events/", public.event_list, name="events"),
    path(m + "events/<int:pk>/", public.event_page, name="event"),
    path(m + "events/<int:pk>/event.ics", public.event_ics, name="event_ics"),
    path(m + "ideas/", public.idea_list, name="ideas"),
    path(m + "ideas/new/", public.idea_new, name="idea_new"),
    path(m + "ideas/sent/", public.idea_sent, name="idea_sent"),
    path(m + "ideas/<int:pk>/", public.idea_page, name="idea"),
    path(m + "ideas/<int:pk>/support/", public.idea_support, name="idea_support"),
    path(m + "ideas/<int:pk>/comments/", public.idea_comment, name="idea_comment"),
    path(m + "ideas/<int:pk>/comments/<int:comment_pk>/report/", public.comment_report, name="comment_report"),
    path("p/r/<str:token>/", private.registration_page, name="private_registration"),
    path("p/r/<str:token>/cancel/", private.registration_cancel, name="private_registration_cancel"),
    path("p/r/<str:token>/export.json", private.registration_export, name="private_registration_export"),
    path("p/r/<str:token>/delete/", private.registration_delete, name="private_registration_delete"),
    path("p/i/<str:token>/", private.idea_page, name="private_idea"),
    path("p/i/<str:token>/confirm/", private.idea_confirm, name="private_idea_confirm"),
    path("p/i/<str:token>/export.json", private.idea_export, name="private_idea_export"),
    path("p/i/<str:token>/delete/", private.idea_delete, name="private_idea_delete"),
    path("p/s/<str:token>/", private.support_page, name="private_support"),
    path("p/c/<str:token>/", private.comment_page, name="private_comment"),
]
