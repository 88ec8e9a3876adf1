"""Who may do what with the concept and its measures: every role reads the concept
(versions, guidelines, fields of action, goals), only coordinators write it. Coordinators
and viewers (of the town or its Kreis) read every measure, coordinators write them; an actor
editor reads and edits (status included) the measures their actor is responsible for. The
role look-ups are shared with actors and offers: municipalities/access.py."""
from django.db.models import Q

from teilhabe.municipalities import access


def can_view(user, municipality, obj):
    return access.can_view(user, municipality, obj)


def can_edit(user, municipality, obj):
    return access.can_edit(user, municipality, obj)


def can_create_concept(user, municipality):
    return access.can_create(user, municipality, "concept")


def can_create_measure(user, municipality):
    return access.can_create(user, municipality, "measure")


def may_leave_measure_unassigned(user, municipality):
    """Only a coordinator may save a measure without a responsible actor."""
    return access.roles(user, municipality).manages


def listed_measures(user, municipality, measures):
    """The measures of a list or count the user may see: all, or their actor's."""
    r = access.roles(user, municipality)
    return measures if r.reads_all else measures.filter(responsible_actor__in=r.actor_ids)


def choosable_measures(user, municipality, measures):
    """The measures an offer may name: all for a coordinator; for an actor editor the
    public ones and their own actor's, not internal ones."""
    r = access.roles(user, municipality)
    return measures if r.manages else measures.filter(Q(is_public=True) | Q(responsible_actor__in=r.actor_ids))


def get_for_view(request, municipality, queryset, pk):
    """The concept part or measure with pk, or 404; 403 unless can_view."""
    return access.get_for_view(request, municipality, queryset, pk)


def get_for_edit(request, municipality, queryset, pk):
    """The concept part or measure with pk, or 404; 403 unless can_edit."""
    return access.get_for_edit(request, municipality, queryset, pk)
