"""Who may do what with offers and their translations: coordinators and viewers (of the
town or its Kreis) read every offer, coordinators write and delete them; an actor editor
reads, creates, edits and deletes the offers of their own actor (the provider can only be
their actor). The role look-ups are shared with strategy and actors:
municipalities/access.py."""
from teilhabe.municipalities import access


def can_view(user, municipality, offer):
    return access.can_view(user, municipality, offer)


def can_edit(user, municipality, offer):
    return access.can_edit(user, municipality, offer)


def can_delete(user, municipality, offer):
    return access.can_delete(user, municipality, offer)


def can_create(user, municipality, provider=None):
    """Any offer for a coordinator; for an actor editor one of their actor's (given a
    provider: is it theirs?)."""
    return access.can_create(user, municipality, "offer", actor=provider)


def listed(user, municipality, offers):
    """The offers of the back office's offer list: all, or those of the editor's actor."""
    r = access.roles(user, municipality)
    return offers if r.reads_all else offers.filter(provider__in=r.actor_ids)


def providers(user, municipality):
    """The providers to filter the offer list by: every actor the user may see named for
    those who read everything, else the actors the editor acts for."""
    if access.roles(user, municipality).reads_all:
        return access.visible_actors(user, municipality)
    return access.own_actors(user, municipality)


def get_for_view(request, municipality, queryset, pk):
    """The offer with pk, or 404; 403 unless can_view."""
    return access.get_for_view(request, municipality, queryset, pk)


def get_for_edit(request, municipality, queryset, pk):
    """The offer with pk, or 404; 403 unless can_edit."""
    return access.get_for_edit(request, municipality, queryset, pk)
