"""Back office of the council part, under /backoffice/<slug>/council/; its own namespace
"council_office" (mounted beside backoffice.urls; the portal's council pages are elsewhere)."""
from django.urls import path

from .views import council as views
from .views import council_meetings as meetings

app_name = "council_office"
m = "<slug:slug>/council/"
urlpatterns = [
    path(m, views.overview, name="overview"),
    path(m + "open/", views.open_council, name="open"),
    path(m + "settings/", views.body_edit, name="body_edit"),
    path(m + "terms/new/", views.term_edit, name="term_new"),
    path(m + "terms/<int:pk>/", views.term_edit, name="term_edit"),
    path(m + "locations/new/", views.location_edit, name="location_new"),
    path(m + "locations/<int:pk>/", views.location_edit, name="location_edit"),
    path(m + "bodies/new/", views.organization_edit, name="organization_new"),
    path(m + "bodies/<int:pk>/", views.organization_edit, name="organization_edit"),
    path(m + "persons/new/", views.person_edit, name="person_new"),
    path(m + "persons/<int:pk>/", views.person, name="person"),
    path(m + "persons/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path(m + "persons/<int:pk>/consent/", views.consent, {"given": True}, name="consent_record"),
    path(m + "persons/<int:pk>/consent/withdraw/", views.consent, {"given": False}, name="consent_withdraw"),
    path(m + "persons/<int:person_pk>/memberships/new/", views.membership_edit, name="membership_new"),
    path(m + "persons/<int:person_pk>/memberships/<int:pk>/", views.membership_edit, name="membership_edit"),
    path(m + "<str:kind>/<int:pk>/delete/", views.delete, name="delete"),
]
urlpatterns += [
    path(m + "meetings/", meetings.meetings, name="meetings"),
    path(m + "meetings/new/", meetings.meeting_edit, name="meeting_new"),
    path(m + "meetings/<int:pk>/", meetings.meeting, name="meeting"),
    path(m + "meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path(m + "meetings/<int:pk>/prepare/", meetings.prepare, name="prepare"),
    path(m + "meetings/<int:pk>/invitation/", meetings.invitation, name="invitation"),
    path(m + "meetings/<int:pk>/invite/", meetings.invite, name="invite"),
    path(m + "meetings/<int:pk>/minutes/", meetings.minutes, name="minutes"),
    path(m + "meetings/<int:pk>/agenda-order/", meetings.agenda_order, name="agenda_order"),
    path(m + "meetings/<int:meeting_pk>/items/new/", meetings.agenda_item_edit, name="agenda_item_new"),
    path(m + "meetings/<int:meeting_pk>/items/<int:pk>/", meetings.agenda_item_edit, name="agenda_item_edit"),
    path(m + "papers/", meetings.papers, name="papers"),
    path(m + "papers/new/", meetings.paper_edit, name="paper_new"),
    path(m + "papers/<int:pk>/", meetings.paper, name="paper"),
    path(m + "papers/<int:pk>/edit/", meetings.paper_edit, name="paper_edit"),
    path(m + "papers/<int:paper_pk>/consultations/new/", meetings.consultation_edit, name="consultation_new"),
    path(m + "papers/<int:paper_pk>/consultations/<int:pk>/", meetings.consultation_edit,
         name="consultation_edit"),
    path(m + "files/<str:kind>/<int:pk>/new/", meetings.file_upload, name="file_upload"),
]
