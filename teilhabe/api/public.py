"""What the API may show: every query of public data starts here, so that unpublished
offers and actors, internal measures and draft concepts cannot leak through a view that
forgot a filter."""
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils.translation import gettext as _

from teilhabe.actors.models import Actor, ContactPerson
from teilhabe.municipalities.models import Municipality
from teilhabe.offers.models import Offer, OfferTranslation
from teilhabe.strategy.models import Concept, FieldOfAction, Goal, Measure

from . import params
from .http import BadParameter, NotFound

PUBLIC_CONCEPT = (Concept.Status.ADOPTED, Concept.Status.SUPERSEDED)


def municipality(slug, queryset=None):
    queryset = Municipality.objects.all() if queryset is None else queryset
    found = queryset.filter(slug=slug).select_related("parent").first()
    if found is None:
        raise NotFound(_("Keine Kommune mit dem Kurznamen „%(slug)s“.") % {"slug": slug[:80]})
    return found


def concepts(m):
    return Concept.objects.filter(municipality=m, status__in=PUBLIC_CONCEPT)


def concept(request, m):
    """The version a list of fields, goals or measures is about: `concept=<version>` when
    given (adopted or superseded only), else the adopted one, else the newest superseded.
    None when the municipality has published no concept yet (drafts are never shown)."""
    raw = request.GET.get("concept")
    if raw is not None:
        version = params.positive_int(request, "concept", default=None, maximum=10**6)
        found = concepts(m).filter(version=version).first()
        if found is None:
            raise BadParameter("concept", _("Keine beschlossene oder abgelöste Konzeptversion %(version)s.") % {
                "version": version}, code="unknown_value")
        return found
    # "adopted" sorts before "superseded": the adopted version, else the newest other.
    return concepts(m).order_by("status", "-version").first()


def fields(concept):
    return FieldOfAction.objects.filter(concept=concept)


def goals(concept):
    return Goal.objects.filter(concept=concept).select_related("field", "parent")


def measures(concept=None):
    qs = Measure.objects.filter(is_public=True, concept__status__in=PUBLIC_CONCEPT)
    return qs.filter(concept=concept) if concept is not None else qs


def actors():
    return Actor.objects.filter(is_published=True)


def offers():
    # As on the portal and in the search index: a published offer is public, whoever
    # provides it (its provider then appears by name only, see serialize.offer).
    return Offer.objects.filter(is_published=True)


def offers_modified_since(qs, moment):
    """A changed translation counts as a change of the offer (see serialize.offer)."""
    changed_translation = OfferTranslation.objects.filter(offer=OuterRef("pk"), modified_at__gte=moment)
    return qs.filter(Q(modified_at__gte=moment) | Exists(changed_translation))


def with_offer_relations(qs):
    """Everything serialize.offer reads, in a fixed number of queries whatever the page size."""
    return qs.select_related(
        "municipality", "provider", "field_of_action__concept", "measure__concept",
    ).prefetch_related(
        Prefetch("translations", queryset=OfferTranslation.objects.select_related("language")),
        "target_groups", "districts", "languages",
    )


def with_actor_relations(qs):
    return qs.select_related("municipality").prefetch_related(
        "districts", "languages",
        Prefetch("contacts", queryset=ContactPerson.objects.filter(publish=True), to_attr="public_contacts"),
    )


def with_measure_relations(qs):
    return qs.select_related("concept__municipality", "responsible_actor").prefetch_related(
        "fields", "goals", "target_groups", "districts", "status_changes",
        Prefetch("partner_actors", queryset=actors(), to_attr="public_partners"),
    )
