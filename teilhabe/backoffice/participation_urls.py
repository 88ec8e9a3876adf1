"""Back office of participation, under /backoffice/<slug>/events/… and …/ideas/…."""
from django.urls import path

from .views.participation import events, ideas, registrations

app_name = "participation_backoffice"
m = "<slug:slug>/"
urlpatterns = [
    path(m + "events/", events.event_list, name="events"),
    path(m + "events/new/", events.event_edit, name="event_new"),
    path(m + "events/settings/", events.settings_edit, name="settings"),
    path(m + "events/mail/", events.mail_failures, name="mail_failures"),
    path(m + "events/<int:pk>/", events.event_detail, name="event"),
    path(m + "events/<int:pk>/edit/", events.event_edit, name="event_edit"),
    path(m + "events/<int:event_pk>/workshops/new/", events.workshop_edit, name="workshop_new"),
    path(m + "events/<int:event_pk>/workshops/<int:pk>/", events.workshop_edit, name="workshop_edit"),
    path(m + "events/<int:pk>/registrations/", registrations.registrations, name="registrations"),
    path(m + "events/<int:pk>/registrations/<int:registration_pk>/check-in/", registrations.registration_check_in,
         name="registration_check_in"),
    path(m + "events/<int:pk>/registrations/<int:registration_pk>/cancel/", registrations.registration_cancel,
         name="registration_cancel"),
    path(m + "events/<int:pk>/registrations/<int:registration_pk>/actor/", registrations.registration_actor,
         name="registration_actor"),
    path(m + "events/<int:pk>/attendance/", registrations.attendance, name="attendance"),
    path(m + "events/<int:pk>/statistics.csv", events.statistics_csv, name="statistics_csv"),
    path(m + "ideas/", ideas.idea_list, name="ideas"),
    path(m + "ideas/new/", ideas.idea_edit, name="idea_new"),
    path(m + "ideas/<int:pk>/", ideas.idea_detail, name="idea"),
    path(m + "ideas/<int:pk>/edit/", ideas.idea_edit, name="idea_edit"),
    path(m + "ideas/<int:pk>/status/", ideas.idea_status, name="idea_status"),
    path(m + "ideas/<int:pk>/measure/", ideas.idea_measure, name="idea_measure"),
    path(m + "ideas/<int:pk>/motion/", ideas.idea_motion, name="idea_motion"),
    path(m + "ideas/comments/<int:pk>/hide/", ideas.comment_hide, name="comment_hide"),
    path(m + "ideas/comments/<int:pk>/show/", ideas.comment_show, name="comment_show"),
]
