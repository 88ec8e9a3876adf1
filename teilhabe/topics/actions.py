"""Writes across objects: a municipality's default topics, an offer's topics, translations."""
from django.db import transaction

from teilhabe.municipalities import history

from .models import Icon, Topic

# (key, title, short text, icon) — the topics issue 14 names; each municipality edits its own copy.
DEFAULTS = [
    ("ankommen", "Ankommen und Behörden", "Anmelden, Aufenthalt, Ausweise: die ersten Wege in der Stadt.",
     Icon.ARRIVAL),
    ("deutsch-lernen", "Deutsch lernen", "Integrationskurse, Sprachcafés und Deutsch für Kinder.", Icon.LANGUAGE),
    ("arbeit", "Arbeit und Ausbildung", "Arbeit finden, Abschlüsse anerkennen lassen, eine Ausbildung beginnen.",
     Icon.WORK),
    ("wohnen", "Wohnen", "Eine Wohnung finden, Miete, Strom und Nachbarschaft.", Icon.HOUSING),
    ("gesundheit", "Gesundheit", "Ärztinnen und Ärzte, Krankenversicherung und Hilfe in Krisen.", Icon.HEALTH),
    ("familie", "Kinder und Familie", "Kita, Schule, Familienzentren und Hilfe für Eltern.", Icon.FAMILY),
    ("beratung", "Beratung", "Wer bei Fragen hilft – kostenlos und vertraulich.", Icon.ADVICE),
    ("freizeit", "Freizeit und Begegnung", "Sport, Vereine, Treffpunkte und Feste.", Icon.LEISURE),
]


@transaction.atomic
def ensure_default_topics(municipality):
    """The default topics for a municipality that has none yet; returns those created."""
    if municipality.topics.exists():
        return []
    return Topic.objects.bulk_create([
        Topic(municipality=municipality, key=key, title=title, summary=summary, icon=icon, position=n)
        for n, (key, title, summary, icon) in enumerate(DEFAULTS, 1)])


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


@transaction.atomic
def save_translation(form, source, *, user):
    """Save a translation form of `source` (a topic or a text): made from its current German
    revision, noted in the source's history."""
    before = history.snapshot(source)
    translation = form.save(commit=False)
    translation.source_revision = source.text_revision
    translation.save()
    history.record(source, user=user, before=before)
    return translation
