"""Who may do what with topics and their information texts: coordinators (of the town or its
Kreis) write them and their translations; viewers and actor editors read them in the back
office; an offer's topics are set by whoever may edit the offer (an actor editor: only their
own actor's offers). The public sees published topics only (Topic.objects.public())."""
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from teilhabe.municipalities import access
from teilhabe.offers import rules as offer_rules


def can_read(user, municipality):
    return access.roles(user, municipality).any


def can_manage(user, municipality):
    return access.roles(user, municipality).manages


def can_assign(user, municipality, offer):
    return offer_rules.can_edit(user, municipality, offer)


def get_for_view(request, municipality, pk):
    """The topic with pk, or 404; 403 unless can_read."""
    if not can_read(request.user, municipality):
        raise PermissionDenied
    return get_object_or_404(municipality.topics.all(), pk=pk)


def get_for_edit(request, municipality, pk):
    """The topic with pk, or 404; 403 unless can_manage."""
    if not can_manage(request.user, municipality):
        raise PermissionDenied
    return get_object_or_404(municipality.topics.all(), pk=pk)
