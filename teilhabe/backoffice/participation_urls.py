"""Back office of participation, under /backoffice/<slug>/events/… and …/ideas/…."""
from django.urls import path

from .views import participation as v

app_name = "participation_backoffice"
m = "<slug:slug>/"
urlpatterns = [
    path(m + "events/", v.event_list, name="events"),
    path(m + "events/new/", v.event_edit, name="event_new"),
    path(m + "events/settings/", v.settings_edit, name="settings"),
    path(m + "events/mail/", v.mail_failures, name="mail_failures"),
    path(m + "events/<int:pk>/", v.event_detail, name="event"),
    path(m + "events/<int:pk>/edit/", v.event_edit, name="event_edit"),
    path(m + "events/<int:event_pk>/workshops/new/", v.workshop_edit, name="workshop_new"),
    path(m + "events/<int:event_pk>/workshops/<int:pk>/", v.workshop_edit, name="workshop_edit"),
    path(m + "events/<int:pk>/registrations/", v.registrations, name="registrations"),
    path(m + "events/<int:pk>/registrations/<int:registration_pk>/check-in/", v.registration_check_in,
         name="registration_check_in"),
    path(m + "events/<int:pk>/registrations/<int:registration_pk>/cancel/", v.registration_cancel,
         name="registration_cancel"),
    path(m + "events/<int:pk>/registrations/<int:registration_pk>/actor/", v.registration_actor,
         name="registration_actor"),
    path(m + "events/<int:pk>/attendance/", v.attendance, name="attendance"),
    path(m + "events/<int:pk>/statistics.csv", v.statistics_csv, name="statistics_csv"),
    path(m + "ideas/", v.idea_list, name="ideas"),
    path(m + "ideas/new/", v.idea_edit, name="idea_new"),
    path(m + "ideas/<int:pk>/", v.idea_detail, name="idea"),
    path(m + "ideas/<int:pk>/edit/", v.idea_edit, name="idea_edit"),
    path(m + "ideas/<int:pk>/status/", v.idea_status, name="idea_status"),
    path(m + "ideas/<int:pk>/measure/", v.idea_measure, name="idea_measure"),
    path(m + "ideas/comments/<int:pk>/hide/", v.comment_hide, name="comment_hide"),
    path(m + "ideas/comments/<int:pk>/show/", v.comment_show, name="comment_show"),
]
