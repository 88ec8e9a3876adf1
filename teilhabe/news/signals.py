"""Every saved or deleted news item, picture or attachment changes what the public pages
show: tell the page cache (through the ground's signal, as the search does). Translations
tell it themselves (teilhabe.translations.texts)."""
from django.db.models.signals import m2m_changed, post_delete, post_save

from teilhabe.municipalities.signals import public_content_changed

from .models import Attachment, NewsItem, Picture


def _changed(sender, instance, **kwargs):
    if isinstance(instance, NewsItem):
        ids = [instance.municipality_id]
    else:
        # By id, not instance.news: when a municipality is deleted, its items may be gone
        # before their pictures' post_delete runs (the item's own signal covers that).
        ids = list(NewsItem.objects.filter(pk=instance.news_id).values_list("municipality_id", flat=True))
    if ids:
        public_content_changed.send(sender=sender, municipality_ids=ids)


def _links_changed(sender, instance, action, **kwargs):
    # Links are set from the item's form (instance: the item); a link made from the other
    # side (an event's news) is not offered anywhere.
    if action.startswith("post_") and isinstance(instance, NewsItem):
        public_content_changed.send(sender=sender, municipality_ids=[instance.municipality_id])


def connect():
    for model in (NewsItem, Picture, Attachment):
        post_save.connect(_changed, sender=model, dispatch_uid=f"news-public-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"news-public-{model.__name__}-del")
    for field in ("events", "measures", "fields", "ideas"):
        through = getattr(NewsItem, field).through
        m2m_changed.connect(_links_changed, sender=through, dispatch_uid=f"news-public-{field}")
