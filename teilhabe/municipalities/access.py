"""Who may do what, in one place.

Roles are per municipality. A coordinator may do everything in the municipality; a
coordinator or viewer of a Kreis holds that role in the Kreis's towns too. An actor
editor edits only their own actor, in its municipality and in each town of the Kreis
it works in too (`Actor.works_in`): its profile, contacts, offers, and the measures it is
responsible for, and reads the concept those belong to. A viewer (council, evaluators)
reads everything, published or not, and changes nothing.
"""
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from teilhabe.municipalities.models import Membership, Municipality

COORDINATOR = Membership.Role.COORDINATOR
VIEWER = Membership.Role.VIEWER
ACTOR_EDITOR = Membership.Role.ACTOR_EDITOR

# Model names (lower case) that belong to the concept: editable by coordinators only,
# readable by every role.
CONCEPT_MODELS = {"concept", "guidelinesection", "fieldofaction", "goal"}


class Roles:
    """The roles one user holds in one municipality."""

    def __init__(self, user, municipality):
        self.superuser = bool(user.is_active and user.is_superuser)
        self.coordinator = self.viewer = False
        self.actor_ids = set()
        if not user.is_authenticated or not user.is_active:
            return
        for m in _memberships(user):
            if m.role == ACTOR_EDITOR:
                if m.municipality_id == municipality.pk or municipality.pk in _works_in(user).get(m.actor_id, ()):
                    self.actor_ids.add(m.actor_id)
                continue
            inherited = m.municipality_id == municipality.parent_id
            if m.municipality_id != municipality.pk and not inherited:
                continue
            if m.role == COORDINATOR:
                self.coordinator = True
            elif m.role == VIEWER:
                self.viewer = True

    @property
    def manages(self):
        return self.superuser or self.coordinator

    @property
    def reads_all(self):
        return self.manages or self.viewer

    @property
    def any(self):
        return self.reads_all or bool(self.actor_ids)


def _memberships(user):
    # Cached on the user object for the length of one request.
    if not hasattr(user, "_teilhabe_memberships"):
        user._teilhabe_memberships = list(
            Membership.objects.filter(user=user).select_related("municipality"))
    return user._teilhabe_memberships


def _works_in(user):
    """{actor id: ids of the further municipalities it works in} for the actors the user
    edits; one query, cached like the memberships."""
    if not hasattr(user, "_teilhabe_works_in"):
        actor_ids = {m.actor_id for m in _memberships(user) if m.role == ACTOR_EDITOR}
        pairs = Municipality.objects.filter(working_actors__in=actor_ids).values_list(
            "working_actors", "pk") if actor_ids else []
        user._teilhabe_works_in = {}
        for actor_id, municipality_id in pairs:
            user._teilhabe_works_in.setdefault(actor_id, set()).add(municipality_id)
    return user._teilhabe_works_in


def roles(user, municipality):
    return Roles(user, municipality)


def edited_actor_ids(user):
    """The actors a person edits, in any municipality (an actor editor is bound to them)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    return {m.actor_id for m in _memberships(user) if m.role == ACTOR_EDITOR}


def reads_all(user, municipality):
    """Reads everything in the municipality, unpublished things and the change history
    included: coordinators and viewers."""
    return roles(user, municipality).reads_all


def can_manage_settings(user, municipality):
    """Districts, target groups and the people with their roles: coordinators."""
    return roles(user, municipality).manages


def municipalities_for(user):
    """Municipalities the user can open in the back office, Kreis towns included."""
    if user.is_superuser:
        return Municipality.objects.all()
    own = {m.municipality_id for m in _memberships(user)}
    kreise = {m.municipality_id for m in _memberships(user) if m.role in (COORDINATOR, VIEWER)}
    return Municipality.objects.filter(pk__in=own) | Municipality.objects.filter(parent_id__in=kreise)


def visible_actors(user, municipality):
    """The actors a user may see named in any list, filter or choice of the back office:
    all of them for those who read everything; for an actor editor the published ones and
    their own (an unpublished actor is not yet, or no longer, meant to be seen outside the
    coordination)."""
    r = roles(user, municipality)
    actors = municipality.actors.model.objects.working_in(municipality)
    if r.reads_all:
        return actors
    return actors.filter(Q(is_published=True) | Q(pk__in=r.actor_ids))


def own_actors(user, municipality):
    """The actors a user may act for: all for a coordinator, else the editor's own."""
    r = roles(user, municipality)
    actors = municipality.actors.model.objects.working_in(municipality)
    return actors if r.manages else actors.filter(pk__in=r.actor_ids)


def _owning_actor_ids(obj):
    """The actor ids whose editors may touch obj, by kind of object."""
    name = obj._meta.model_name
    if name == "actor":
        return {obj.pk}
    if name == "contactperson":
        return {obj.actor_id}
    if name == "offer":
        return {obj.provider_id}
    if name == "measure":
        return {obj.responsible_actor_id} - {None}
    return set()


def can_view(user, municipality, obj=None):
    r = roles(user, municipality)
    if obj is None or r.reads_all:
        return r.any
    if obj._meta.model_name in CONCEPT_MODELS:
        return bool(r.actor_ids)
    return bool(r.actor_ids & _owning_actor_ids(obj))


def can_edit(user, municipality, obj):
    r = roles(user, municipality)
    if r.manages:
        return True
    if obj._meta.model_name in CONCEPT_MODELS:
        return False
    return bool(r.actor_ids & _owning_actor_ids(obj))


def can_create(user, municipality, model_name, actor=None):
    """Coordinators create anything; actor editors create offers and contacts for
    their own actor only."""
    r = roles(user, municipality)
    if r.manages:
        return True
    if model_name in ("offer", "contactperson"):
        return actor.pk in r.actor_ids if actor is not None else bool(r.actor_ids)
    return False


def can_delete(user, municipality, obj):
    """Deleting is for coordinators, and for an actor editor's own offers and contacts."""
    r = roles(user, municipality)
    if r.manages:
        return True
    return obj._meta.model_name in ("offer", "contactperson") and can_edit(user, municipality, obj)


# Access helpers for views: 404 when the thing is not there (or not in this
# municipality), 403 when it is there but not for this user.

def get_municipality(request, slug):
    try:
        municipality = Municipality.objects.select_related("parent").get(slug=slug)
    except Municipality.DoesNotExist:
        raise Http404 from None
    if not can_view(request.user, municipality):
        raise PermissionDenied
    return municipality


def get_for_view(request, municipality, queryset, pk):
    obj = get_or_404(queryset, pk)
    if not can_view(request.user, municipality, obj):
        raise PermissionDenied
    return obj


def get_for_edit(request, municipality, queryset, pk):
    obj = get_or_404(queryset, pk)
    if not can_edit(request.user, municipality, obj):
        raise PermissionDenied
    return obj


def get_or_404(queryset, pk):
    """The object with this pk in the queryset (scoped to a municipality by the caller),
    or 404 — also for a pk that is not a number. No permission check: views that check
    their own rules use this; get_for_view/get_for_edit check can_view/can_edit."""
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError):
        raise Http404 from None
