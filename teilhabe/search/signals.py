"""Keep the index in step with edits made through the ORM (forms, actions, admin): after the
transaction commits, the changed offer's documents, or the municipality's site documents,
are rebuilt. Several changes to the same thing in one transaction cost one rebuild.
Bulk writes send no signals: see index.refresh_municipality()."""
import logging

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from teilhabe.actors.models import Actor
from teilhabe.municipalities.models import District, TargetGroup
from teilhabe.offers.models import Offer, OfferTranslation
from teilhabe.search.models import Synonyms
from teilhabe.strategy.models import Concept, FieldOfAction, Goal, GuidelineSection, Measure

log = logging.getLogger(__name__)


class _Refresh:
    def __init__(self, kind, pk):
        self.key = (kind, pk)
        self.done = False

    def __call__(self):
        self.done = True
        from teilhabe.municipalities.models import Municipality
        from teilhabe.search import index

        kind, pk = self.key
        if kind == "offer":
            index.refresh_offer(pk)
        else:
            municipality = Municipality.objects.filter(pk=pk).first()
            if municipality is not None:
                index.refresh_site(municipality)


def schedule(kind, pk):
    if pk is None:
        return
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        # A rolled-back savepoint takes its callbacks with it, so this list is exact.
        for entry in connection.run_on_commit:
            if isinstance(entry[1], _Refresh) and entry[1].key == (kind, pk) and not entry[1].done:
                return
    transaction.on_commit(_Refresh(kind, pk))


@receiver(post_save, sender=Offer)
@receiver(post_delete, sender=Offer)
def _offer_changed(sender, instance, **kwargs):
    schedule("offer", instance.pk)


@receiver(post_save, sender=OfferTranslation)
@receiver(post_delete, sender=OfferTranslation)
def _translation_changed(sender, instance, **kwargs):
    schedule("offer", instance.offer_id)


def _offer_m2m(sender, instance, action, pk_set=None, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if isinstance(instance, Offer):
        schedule("offer", instance.pk)
    else:  # changed from the other side: a target group's offers, say
        for pk in pk_set or ():
            schedule("offer", pk)


for _through in (Offer.target_groups.through, Offer.districts.through, Offer.languages.through):
    m2m_changed.connect(_offer_m2m, sender=_through, dispatch_uid=f"search-{_through.__name__}")


@receiver(post_save, sender=TargetGroup)
@receiver(post_save, sender=District)
def _vocabulary_changed(sender, instance, created, **kwargs):
    # Offers are found by the names of their target groups and districts.
    if created:
        return
    for pk in instance.offer_set.values_list("pk", flat=True):
        schedule("offer", pk)


@receiver(post_save, sender=Actor)
@receiver(pre_delete, sender=Actor)
def _actor_changed(sender, instance, **kwargs):
    schedule("site", instance.municipality_id)
    if kwargs.get("created") is False:
        for pk in instance.offers.values_list("pk", flat=True):  # offers show their provider
            schedule("offer", pk)


@receiver(post_save, sender=Concept)
@receiver(pre_delete, sender=Concept)
def _concept_changed(sender, instance, **kwargs):
    schedule("site", instance.municipality_id)


@receiver(post_save, sender=GuidelineSection)
@receiver(post_save, sender=FieldOfAction)
@receiver(post_save, sender=Goal)
@receiver(post_save, sender=Measure)
@receiver(pre_delete, sender=GuidelineSection)
@receiver(pre_delete, sender=FieldOfAction)
@receiver(pre_delete, sender=Goal)
@receiver(pre_delete, sender=Measure)
def _concept_part_changed(sender, instance, **kwargs):
    municipality_id = (Concept.objects.filter(pk=instance.concept_id)
                       .values_list("municipality_id", flat=True).first())
    schedule("site", municipality_id)
    if sender is FieldOfAction and kwargs.get("created") is False:
        for pk in instance.offers.values_list("pk", flat=True):  # offers are found by field name
            schedule("offer", pk)


@receiver(post_save, sender=Synonyms)
def _synonyms_changed(sender, instance, **kwargs):
    # The segment holds the municipality's own synonyms: a new version reloads it.
    from teilhabe.search.index import bump

    bump(instance.municipality_id)
