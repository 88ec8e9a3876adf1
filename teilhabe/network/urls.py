"""Back office of the actor network, under /backoffice/<slug>/network/."""
from django.urls import path

from . import views

app_name = "network"
m = "<slug:slug>/"
urlpatterns = [
    path(m + "network/", views.network, name="network"),
    path(m + "network/netzwerk.csv", views.export_csv, name="export_csv"),
    path(m + "network/netzwerk.graphml", views.export_graphml, name="export_graphml"),
]
