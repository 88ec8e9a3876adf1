"""Back office of the actor network, under /backoffice/<slug>/network/; its own namespace
"network" (included by backoffice/urls.py) so the URL names stay as they were."""
from django.urls import path

from .views import network as views

app_name = "network"
m = "<slug:slug>/"
urlpatterns = [
    path(m + "network/", views.network, name="network"),
    path(m + "network/netzwerk.csv", views.export_csv, name="export_csv"),
    path(m + "network/netzwerk.graphml", views.export_graphml, name="export_graphml"),
]
urlpatterns += [
    path(m + "network/entries/", views.entries, name="entries"),
    path(m + "network/groups/new/", views.group_edit, name="group_new"),
    path(m + "network/groups/<int:pk>/", views.group_edit, name="group_edit"),
    path(m + "network/ties/new/", views.tie_edit, name="tie_new"),
    path(m + "network/ties/<int:pk>/", views.tie_edit, name="tie_edit"),
    path(m + "network/groups/<int:pk>/delete/", views.entry_delete, {"kind": "groups"}, name="group_delete"),
    path(m + "network/ties/<int:pk>/delete/", views.entry_delete, {"kind": "ties"}, name="tie_delete"),
]
urlpatterns += [
    path(m + "network/opening/", views.opening_overview, name="opening"),
]
urlpatterns += [
    path(m + "network/opening/<int:pk>/officer/", views.officer_edit, name="officer_edit"),
    path(m + "network/opening/<int:pk>/trainings/new/", views.training_new, name="training_new"),
]
