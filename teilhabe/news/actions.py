"""Writes of news that touch more than one object or the storage: an item with its links
and history, its translations, pictures (checked, cleaned, resized, stored) and PDF
attachments. Views, the demo and tests call these; each records its change in the history."""
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from teilhabe.municipalities import history
from teilhabe.translations.texts import save_texts

from . import jobs, media
from .models import Attachment, NewsItem, Picture, variant_name

LINKS = ("events", "measures", "fields", "ideas")


def _user(user):
    return user if user is not None and user.is_authenticated else None


@transaction.atomic
def save_item(item, *, links=None, user=None, via=""):
    """Create or change an item (and its links: {"events": [...], ...}); a scheduled
    publication queues its moment (jobs.py)."""
    stored = NewsItem.objects.filter(pk=item.pk).first() if item.pk else None
    before = history.snapshot(stored) if stored else None
    if not item.press_contact_consent:
        item.press_contact_name = ""  # a personal name only with consent: never kept without
    item.full_clean(exclude=list(LINKS))
    item.save()
    for name, objects in (links or {}).items():
        getattr(item, name).set(objects)
    history.record(item, user=_user(user), before=before, via=via)
    transaction.on_commit(lambda: jobs.schedule(item))
    return item


@transaction.atomic
def delete_item(item, *, user=None, via=""):
    """Delete an item with its translations, pictures and attachments (their stored files
    stay: an identical file elsewhere shares them, by checksum); the history keeps the record."""
    history.delete_tracked(item, user=_user(user), via=via)


@transaction.atomic
def translate(item, language, *, title, teaser="", text="", user=None, via=""):
    """Write the item's translation into `language`, made from its current German text."""
    save_texts(item, language.code, {"title": title, "teaser": teaser, "text": text}, user=_user(user), via=via)


def _store(name, content):
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(content))
    return name


@transaction.atomic
def add_picture(item, upload, *, alt_text, credit, licence, caption="", user=None, via=""):
    """Check the upload (type by content, bytes, pixels), store its cleaned variants
    and add it to the item. ValidationError naming the field on bad input; nothing stored then."""
    content = media.read_upload(upload, media.MAX_BYTES, "image")
    made = media.variants(content)
    picture = Picture(news=item, alt_text=alt_text, caption=caption, credit=credit, licence=licence,
                      width=made[-1].width, height=made[-1].height, sha1=media.digest(made[-1].content),
                      variants=[[v.width, v.height] for v in made],
                      position=item.pictures.count())
    picture.full_clean(exclude=["news"])
    for variant in made:
        _store(variant_name(picture, variant.width), variant.content)
    picture.save()
    history.record(picture, user=_user(user), via=via)
    return picture


@transaction.atomic
def remove_picture(picture, *, user=None, via=""):
    # The stored variants stay (an identical picture elsewhere shares them, by checksum).
    history.delete_tracked(picture, user=_user(user), via=via)


@transaction.atomic
def attach_pdf(item, upload, *, name, user=None, via=""):
    content = media.checked_pdf(upload)
    sha1 = media.digest(content)
    attachment = Attachment(news=item, name=name, size=len(content), sha1=sha1,
                            file=_store(f"news/{item.municipality_id}/{sha1}.pdf", content))
    attachment.full_clean(exclude=["news"])
    attachment.save()
    history.record(attachment, user=_user(user), via=via)
    return attachment
