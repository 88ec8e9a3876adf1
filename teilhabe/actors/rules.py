"""Who may do what with actors and their contact persons: coordinators and viewers (of the
town or its Kreis) read every actor, coordinators write them; an actor editor reads and
edits their own actor's profile and contact persons, adds and deletes its contacts. Where
an actor is named to choose from, an editor sees the published actors and their own. The
role look-ups are shared with strategy and offers: municipalities/access.py.

An actor working in several towns of a Kreis (Actor.works_in) is listed and read in each
of them; it is written by those who administer its own municipality and by its editors,
from whichever town's back office they open it."""
from django.core.exceptions import PermissionDenied

from teilhabe.actors.models import Actor
from teilhabe.municipalities import access


def _owner(obj):
    return obj.municipality if hasattr(obj, "municipality_id") else obj.actor.municipality


def can_view(user, municipality, obj):
    return access.can_view(user, municipality, obj)


def can_edit(user, municipality, obj):
    # Judged in the actor's own municipality: a town it merely works in reads it only.
    return access.can_edit(user, _owner(obj), obj)


def can_create(user, municipality):
    return access.can_create(user, municipality, "actor")


def can_create_contact(user, municipality, actor):
    return access.can_create(user, actor.municipality, "contactperson", actor=actor)


def can_delete_contact(user, municipality, contact):
    return access.can_delete(user, contact.actor.municipality, contact)


def listed(user, municipality, actors):
    """The actors of the back office's actor list: all, or the editor's own."""
    r = access.roles(user, municipality)
    return actors if r.reads_all else actors.filter(pk__in=r.actor_ids)


def editors_own(user, municipality):
    """The actors the user edits as an actor editor (none for other roles)."""
    return working_here(municipality).filter(pk__in=access.roles(user, municipality).actor_ids)


def edits_an_actor(user, municipality):
    """Holds the role of an actor editor here (and so reports their actor's measures)."""
    return bool(access.roles(user, municipality).actor_ids)


def visible(user, municipality):
    """The actors the user may see named in any list, filter or choice."""
    return access.visible_actors(user, municipality)


def hidden_names(user, municipality):
    """The names of the actors the user may not see named (none for those who read
    everything: no query then)."""
    if access.roles(user, municipality).reads_all:
        return set()
    return set(municipality.actors.exclude(pk__in=visible(user, municipality)).values_list("name", flat=True))


def own(user, municipality):
    """The actors the user may act for: all for a coordinator, else the editor's own."""
    return access.own_actors(user, municipality)


def working_here(municipality):
    """The actors a municipality's back office shows: its own and those working in it."""
    return Actor.objects.working_in(municipality)


def get_for_view(request, municipality, queryset, pk):
    """The actor or contact with pk, or 404; 403 unless can_view."""
    return access.get_for_view(request, municipality, queryset, pk)


def get_for_edit(request, municipality, queryset, pk):
    """The actor or contact with pk, or 404; 403 unless can_edit."""
    obj = access.get_or_404(queryset, pk)
    if not can_edit(request.user, municipality, obj):
        raise PermissionDenied
    return obj
