"""The page a locked-out log-in gets (django-axes calls locked_out: AXES_LOCKOUT_CALLABLE);
the log-in pages themselves are account_urls.py."""
from django.conf import settings
from django.shortcuts import render


def locked_out(request, original_response=None, credentials=None):
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
