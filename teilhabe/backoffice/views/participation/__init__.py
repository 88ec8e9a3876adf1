"""Back office of participation. Coordinators (of the town or its Kreis) manage events,
registrations, ideas and comments; viewers read events, figures and ideas, but no
personal data; actor editors and everyone else are refused (participation/rules.py).
By topic: events.py (events, workshops, figures, settings, undelivered mail),
registrations.py (registrations, check-in, attendance), ideas.py (ideas and comments)."""

from django.contrib import messages

from teilhabe.municipalities import access
from teilhabe.participation import rules

from ..common import base_context, require


def base_url(request):
    return request.build_absolute_uri("/").rstrip("/")


def municipality_for(request, slug, *, manage=False):
    municipality = access.get_municipality(request, slug)
    require((rules.can_manage if manage else rules.can_read)(request.user, municipality))
    return municipality


def page_context(request, municipality, section, **extra):
    return base_context(request, municipality, **extra) | {"section": section}


def get_one(queryset, pk):
    return access.get_or_404(queryset, pk)


def error_messages(request, error):
    for message in error.messages:
        messages.error(request, message)
