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
    path("password/reset/", auth_views.PasswordResetView.as_view(
        email_template_name="emails/password_reset.txt", subject_template_name="emails/password_reset_subject.txt"),
        name="password_reset"),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("password/set/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("password/set/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
