"""Writes across objects: a municipality's default topics, an offer's topics."""
from django.db import transaction

from teilhabe.municipalities import history
from teilhabe.municipalities.models import Language
from teilhabe.translations.texts import add_new

from .defaults import DEFAULTS
from .models import Topic


@transaction.atomic
def ensure_default_topics(municipality):
    """The default topics for a municipality that has none yet, with their translations into
    the portal's languages; returns the topics created."""
    if municipality.topics.exists():
        return []
    topics = Topic.objects.bulk_create([
        Topic(municipality=municipality, key=key, title=texts["de"][0], summary=texts["de"][1], icon=icon,
              position=n)
        for n, (key, icon, texts) in enumerate(DEFAULTS, 1)])
    languages = set(Language.objects.exclude(code="de").values_list("code", flat=True))
    add_new(municipality, [
        (topic, field, code, text)
        for topic, (_key, _icon, texts) in zip(topics, DEFAULTS)
        for code, pair in texts.items() if code in languages
        for field, text in zip(("title", "summary"), pair)])
    return topics


def topics_for_new_municipality(sender, instance, created, raw=False, **kwargs):
    """post_save of Municipality: a new one starts with the default topics."""
    if created and not raw:
        ensure_default_topics(instance)


@transaction.atomic
def set_offer_topics(offer, topics, *, user):
    """Assign `offer` to exactly `topics` (the caller checked it may edit the offer); each
    topic that gains or loses it notes that in its history."""
    before = set(offer.topics.all())
    changed = before ^ set(topics)
    snapshots = {topic.pk: history.snapshot(topic) for topic in changed}
    offer.topics.set(topics)
    for topic in changed:
        history.record(topic, user=user, before=snapshots[topic.pk])
    return offer
