"""Log-in, log-out and password pages of the back office's accounts (the people a
coordinator adds; a log-in leads to the back office). Mounted at the root (/login/,
/password/…), not under /backoffice/: the URLs stay what they were. The lock-out page
is lockout.py."""
from django.contrib.auth import views as auth_views
from django.urls import path

urlpatterns = [
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
