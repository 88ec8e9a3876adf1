from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.urls import path

from teilhabe.municipalities.models import Municipality


def index(request):
    """The municipalities on this installation, towns grouped under their Kreis."""
    municipalities = Municipality.objects.select_related("parent").order_by("name")
    kreise = [m for m in municipalities if m.kind == Municipality.Kind.KREIS]
    groups = [(k, [m for m in municipalities if m.parent_id == k.pk]) for k in kreise]
    independent = [m for m in municipalities if m.kind == Municipality.Kind.TOWN and not m.parent_id]
    return render(request, "portal/index.html", {"groups": groups, "independent": independent})


urlpatterns = [
    path("", index, name="index"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
