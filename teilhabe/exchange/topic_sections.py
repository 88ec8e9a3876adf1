"""The `topics` section of the exchange format (docs/exchange-format.md): a municipality's
topics with their information texts, icons, order and the offers assigned to them.

Planned and written through the importer's machinery (importer._Import), like
course_sections: upsert by `key` within the municipality, checks by path, one transaction,
change history. A topic's `texts` are a nested list that replaces the topic's texts in
order, matched by place, as a concept's guidelines are: a text has no key of its own, and
its place in the topic is what a reader of the document sees (translations name a text by
its topic and place, translation_sections.py)."""
from django.utils.translation import gettext as _

from teilhabe.lib.html import sanitize_html
from teilhabe.topics.models import InformationText, Topic

TOPIC_FIELDS = {"key": ("key",), "title": ("title",), "summary": ("summary",), "icon": ("icon",),
                "position": ("position",), "is_published": ("published",), "field_keys": ("fields",)}
TEXT_FIELDS = {"title": ("title",), "body": ("body",), "position": ("position",), "is_published": ("published",)}

KINDS = [("topics", "Themen"), ("topic_texts", "Informationstexte")]


def ordered_texts(texts):
    """A topic's texts in the order that names them: (position, title, id)."""
    return sorted(texts, key=lambda t: (t.position, t.title, t.pk))


def load(imp):
    imp.topics, imp.topic_texts, imp.texts_of_topic = {}, {}, {}
    if imp.m.pk is None:
        return
    for t in imp._register(list(Topic.objects.filter(municipality=imp.m))):
        t.municipality = imp.m
        imp.topics[t.key] = t
    imp._load_m2m(Topic, "offers", {"topic__municipality": imp.m})
    by_pk = {t.pk: t for t in imp.topics.values()}
    texts = {}
    for text in imp._register(list(InformationText.objects.filter(topic__municipality=imp.m))):
        text.topic = by_pk[text.topic_id]
        texts.setdefault(text.topic_id, []).append(text)
    for topic_id, found in texts.items():
        key = by_pk[topic_id].key
        imp.texts_of_topic[key] = ordered_texts(found)
        for place, text in enumerate(imp.texts_of_topic[key]):
            imp.topic_texts[(key, place)] = text


def plan(imp):
    offers = {**imp.offers, **{it.obj.external_id: it.obj for it in imp.items["offers"]}}
    seen = {}
    for i, raw, bad in imp.each_identity("topics", "key"):
        path, key = ("topics", i), raw["key"]
        if bad or imp.duplicates(seen, key, path, "key"):
            continue
        obj = imp.topics.get(key) or Topic(key=key)
        imp.topics[key] = obj
        it = imp.item("topics", obj, path)
        it.fks["municipality"] = imp.m
        if it.new and "position" not in raw:
            obj.position = i
        imp.assign(it, raw, TOPIC_FIELDS)
        imp.refs(it, raw, "offers", offers, _("unbekanntes Angebot '%(key)s'"))
        if "texts" in raw:
            _plan_texts(imp, it, raw["texts"])
        imp.tick()


def _plan_texts(imp, topic_item, texts):
    key = topic_item.obj.key
    existing = imp.texts_of_topic.get(key, []) if topic_item.obj.pk else []
    for place, raw in enumerate(texts):
        path = topic_item.path + ("texts", place)
        obj = existing[place] if place < len(existing) else InformationText()
        imp.topic_texts[(key, place)] = obj
        it = imp.item("topic_texts", obj, path)
        it.fks["topic"] = topic_item.obj
        if it.new and "position" not in raw:
            obj.position = place
        if "body" in raw:
            raw = {**raw, "body": sanitize_html(raw["body"])}
        imp.assign(it, raw, TEXT_FIELDS)
    for place, obj in enumerate(existing[len(texts):], len(texts)):
        imp.topic_texts.pop((key, place), None)
        imp.delete_item("topic_texts", obj, topic_item.path + ("texts",))


def write(imp, rows):
    """After the offers (a topic names them)."""
    rows("topics", Topic)
    imp.delete("topic_texts", InformationText)
    rows("topic_texts", InformationText)


# ---------------------------------------------------------------------- export

def export(m):
    topics = list(Topic.objects.filter(municipality=m).prefetch_related("offers", "texts").order_by("key"))
    out = [{
        "key": t.key, "title": t.title, "summary": t.summary, "icon": t.icon, "position": t.position,
        "published": t.is_published, "fields": list(t.field_keys),
        "offers": sorted(o.external_id for o in t.offers.all()),
        "texts": [{"title": x.title, "body": x.body, "position": x.position, "published": x.is_published}
                  for x in ordered_texts(t.texts.all())],
    } for t in topics]
    return {"topics": out} if out else {}
