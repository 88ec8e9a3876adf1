"""Back office of Kreis course steering, under /backoffice/<slug>/kurse/… where the slug is
the Kreis's or one of its towns' (a town's coordinator works under the town's). Who may do
what comes from courses/rules.py alone. By topic: courses.py (courses, providers'
approval), learners.py (the waiting list), kitas.py (Kitas and the Kreis's settings),
allocation.py (propose, change, confirm)."""
from django.contrib import messages
from django.http import Http404

from teilhabe.courses import rules
from teilhabe.municipalities import access

from ..common import base_context, require


def kreis_for(request, slug, rule=None):
    """(municipality of the URL, its Kreis); 404 where there is no Kreis, 403 unless
    `rule(user, kreis)` holds."""
    municipality = access.get_municipality(request, slug)
    kreis = rules.kreis_of(municipality)
    if kreis is None:
        raise Http404
    if rule is not None:
        require(rule(request.user, kreis))
    return municipality, kreis


def page_context(request, municipality, kreis, **extra):
    # subnav: the shared form template shows course steering's own navigation too
    return base_context(request, municipality, **extra) | {
        "section": "courses", "kreis": kreis, "subnav": "backoffice/courses/_nav.html"}


def error_messages(request, error):
    for message in error.messages:
        messages.error(request, message)
