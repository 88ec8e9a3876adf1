"""The `news` section of the exchange format (docs/exchange-format.md): news items with
their links into the concept, press contact and media (pictures and PDF attachments).

Identity: an item's `uid` within the municipality (a title or date may change). Pictures
and attachments are nested lists that replace the item's, matched by place, as a concept's
guidelines are. Planned and written through the importer's machinery (importer._Import).

Media travel as references in the document (file name, SHA-1, type, size, texts) and as
bytes in a companion directory beside it (`teilhabe export --files DIR`, `teilhabe import
--files DIR`), named by content (`news/<sha1>-<width>.webp`, `news/<sha1>.pdf`), never by
database ids. Why not inside the JSON: base64 makes pictures a third larger, a document of a
few kilobytes would become megabytes nobody can read or diff, and the round trip compares the
document itself. An import takes the bytes from the directory, or, where the municipality
already holds the same file (importing again into the same installation), from the storage;
a file found in neither, or whose checksum differs, is a problem naming the entry.

Personal data: the press contact is a role (with the office's e-mail and phone, which the
portal shows); a person's name only with recorded consent — the export leaves it out
without, and the import refuses a name without consent."""
import io
import json
import uuid
import warnings
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image

from teilhabe.lib.html import sanitize_html
from teilhabe.news import jobs, media
from teilhabe.news.models import Attachment, NewsItem, Picture

from . import participation_sections
from .stored_files import _local

NEWS_FIELDS = {
    "title": ("title",), "teaser": ("teaser",), "text": ("text",), "date": ("date",), "office": ("office",),
    "status": ("status",), "publish_at": ("publish_at",),
    "press_contact_role": ("press_contact", "role"), "press_contact_name": ("press_contact", "name"),
    "press_contact_consent": ("press_contact", "consent"), "press_contact_email": ("press_contact", "email"),
    "press_contact_phone": ("press_contact", "phone"),
}
PICTURE_FIELDS = {"alt_text": ("alt_text",), "caption": ("caption",), "credit": ("credit",),
                  "licence": ("licence",), "sha1": ("sha1",), "width": ("width",), "height": ("height",)}
ATTACHMENT_FIELDS = {"name": ("name",), "sha1": ("sha1",), "size": ("size",)}
PICTURE_TYPE, PDF_TYPE = "image/webp", "application/pdf"

# The links of an item, each a many-to-many field of NewsItem: how the document names a linked
# object, and which object a name means in an import (planned: it may be new). Events and
# ideas are named by their uid (participation_sections, planned before this section).
@dataclass(frozen=True)
class Link:
    name: object    # linked object → its name in the document
    find: object    # (importer, name) → the object, or None


LINKS = {
    "measures": Link(lambda x: {"concept": x.concept.version, "external_id": x.external_id},
                     lambda imp, ref: imp.measures.get((ref["concept"], ref["external_id"]))),
    "fields": Link(lambda f: {"concept": f.concept.version, "key": f.key},
                   lambda imp, ref: imp.fields.get((ref["concept"], ref["key"]))),
    "events": Link(lambda e: str(e.uid), lambda imp, ref: imp.events.get(ref.lower())),
    "ideas": Link(lambda i: str(i.uid), lambda imp, ref: imp.ideas.get(ref.lower())),
}

KINDS = [("news", "Meldungen"), ("news_pictures", "Bilder der Meldungen"),
         ("news_attachments", "Anhänge der Meldungen")]


def picture_file(sha1, width):
    """A picture variant's name in the companion directory."""
    return f"news/{sha1}-{width}.webp"


def attachment_file(sha1):
    return f"news/{sha1}.pdf"


def stored_picture_name(municipality_id, sha1, width):
    # As news.models.variant_name names it.
    return f"news/{municipality_id}/{sha1}-{width}.webp"


def stored_attachment_name(municipality_id, sha1):
    # As news.actions.attach_pdf names it.
    return f"news/{municipality_id}/{sha1}.pdf"


def load(imp):
    imp.news, imp.news_pictures, imp.news_attachments = {}, {}, {}
    imp.media_copies = []  # (picture or attachment, "picture"/"attachment", width, file in the directory)
    if imp.m.pk is None:
        return
    for n in imp._register(list(NewsItem.objects.filter(municipality=imp.m))):
        n.municipality = imp.m
        imp.news[str(n.uid)] = n
    for name in LINKS:
        imp._load_m2m(NewsItem, name, {"newsitem__municipality": imp.m})
    by_pk = {n.pk: n for n in imp.news.values()}
    for p in imp._register(list(Picture.objects.filter(news__municipality=imp.m).order_by("position", "pk"))):
        p.news = by_pk[p.news_id]
        imp.news_pictures.setdefault(p.news_id, []).append(p)
    for a in imp._register(list(Attachment.objects.filter(news__municipality=imp.m).order_by("pk"))):
        a.news = by_pk[a.news_id]
        imp.news_attachments.setdefault(a.news_id, []).append(a)


def plan(imp):
    seen = {}
    for i, raw, bad in imp.each_identity("news", "uid"):
        path = ("news", i)
        uid = None if bad else participation_sections.parse_uid(imp, path, raw["uid"])
        if uid is None or imp.duplicates(seen, uid, path, "uid"):
            continue
        obj = imp.news.get(uid) or NewsItem()
        imp.news[uid] = obj
        it = imp.item("news", obj, path)
        it.fks["municipality"] = imp.m
        if "text" in raw:
            raw = {**raw, "text": sanitize_html(raw["text"])}
        contact = raw.get("press_contact") or {}
        if contact.get("name") and not contact.get("consent", obj.press_contact_consent):
            imp.problem(path + ("press_contact", "name"), _(
                "ein Name nur mit Einwilligung der Person (consent: true); sonst nur die Funktion"))
        obj.uid = uuid.UUID(uid)
        imp.assign(it, raw, NEWS_FIELDS)
        if not obj.press_contact_consent:
            obj.press_contact_name = ""  # consent withdrawn: the name goes too (as news.actions.save_item)
        for name, link in LINKS.items():
            if name in raw:
                _links(imp, it, raw[name], name, link)
        if "pictures" in raw:
            _plan_pictures(imp, it, raw["pictures"])
        if "attachments" in raw:
            _plan_attachments(imp, it, raw["attachments"])
        imp.tick()


def _links(imp, it, refs, name, link):
    targets = []
    for j, ref in enumerate(refs):
        target = link.find(imp, ref)
        if target is None:
            imp.problem(it.path + (name, j), _("unbekannt: %(ref)s") % {"ref": json.dumps(ref, ensure_ascii=False)})
        else:
            targets.append(target)
    it.m2m[name] = targets


def _source(imp, path, name, stored, check):
    """Where the bytes of `name` (in the companion directory) come from: the directory (its
    content checked by `check`, which returns a problem or None), or the storage where the
    municipality holds it already under `stored`. Reports a problem when neither has it."""
    if imp.files is not None:
        try:
            local = _local(imp.files, name)
        except ValueError:
            local = None
        if local is not None and local.is_file():
            problem = check(local.read_bytes())
            if problem:
                imp.problem(path, problem)
            return local
    if stored is not None and default_storage.exists(stored):
        return None
    imp.problem(path, _("Datei '%(name)s' fehlt: weder im Verzeichnis der Dateien (--files) noch gespeichert") % {
        "name": name})
    return None


def _picture_check(sha1, width, height, largest):
    def check(content):
        if largest and media.digest(content) != sha1:
            return _("Prüfsumme stimmt nicht (SHA-1 %(sha1)s erwartet)") % {"sha1": sha1}
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            try:
                image = Image.open(io.BytesIO(content))
            except Exception:  # noqa: BLE001  any unreadable file is the same problem
                return _("kein WebP-Bild")
        if image.format != "WEBP" or image.size != (width, height):
            return _("kein WebP-Bild von %(width)s × %(height)s Bildpunkten") % {"width": width, "height": height}
        return None
    return check


def _plan_pictures(imp, news_item, pictures):
    existing = imp.news_pictures.get(news_item.obj.pk, []) if news_item.obj.pk else []
    for place, raw in enumerate(pictures):
        path = news_item.path + ("pictures", place)
        obj = existing[place] if place < len(existing) else Picture()
        it = imp.item("news_pictures", obj, path)
        it.fks["news"] = news_item.obj
        obj.position = place
        if raw.get("type", PICTURE_TYPE) != PICTURE_TYPE:
            imp.problem(path + ("type",), _("erwartet %(type)s") % {"type": PICTURE_TYPE})
        if not imp.assign(it, raw, PICTURE_FIELDS):
            continue
        variants = [[v["width"], v["height"]] for v in raw["variants"]]
        widths = [w for w, _h in variants]
        if widths != sorted(set(widths)) or variants[-1] != [raw["width"], raw["height"]]:
            imp.problem(path + ("variants",), _(
                "die Größen aufsteigend, die letzte so groß wie das Bild (%(width)s × %(height)s)") % {
                "width": raw["width"], "height": raw["height"]})
            continue
        obj.variants = variants
        for j, (width, height) in enumerate(variants):
            name = picture_file(raw["sha1"], width)
            where = path + ("variants", j, "file")
            if raw["variants"][j].get("file", name) != name:
                imp.problem(where, _("erwartet '%(name)s'") % {"name": name})
                continue
            stored = stored_picture_name(imp.m.pk, raw["sha1"], width) if imp.m.pk is not None else None
            check = _picture_check(raw["sha1"], width, height, j == len(variants) - 1)
            local = _source(imp, where, name, stored, check)
            if local is not None:
                imp.media_copies.append((obj, "picture", width, local))
    for obj in existing[len(pictures):]:
        imp.delete_item("news_pictures", obj, news_item.path + ("pictures",))


def _plan_attachments(imp, news_item, attachments):
    existing = imp.news_attachments.get(news_item.obj.pk, []) if news_item.obj.pk else []
    for place, raw in enumerate(attachments):
        path = news_item.path + ("attachments", place)
        obj = existing[place] if place < len(existing) else Attachment()
        it = imp.item("news_attachments", obj, path)
        it.fks["news"] = news_item.obj
        if raw.get("type", PDF_TYPE) != PDF_TYPE:
            imp.problem(path + ("type",), _("erwartet %(type)s") % {"type": PDF_TYPE})
        if not imp.assign(it, raw, ATTACHMENT_FIELDS):
            continue
        name = attachment_file(raw["sha1"])
        if raw.get("file", name) != name:
            imp.problem(path + ("file",), _("erwartet '%(name)s'") % {"name": name})
            continue

        def check(content, sha1=raw["sha1"], size=raw["size"]):
            if media.digest(content) != sha1 or len(content) != size:
                return _("Prüfsumme oder Größe stimmt nicht (SHA-1 %(sha1)s, %(size)s Bytes erwartet)") % {
                    "sha1": sha1, "size": size}
            if not content.startswith(b"%PDF-"):
                return _("keine PDF-Datei")
            return None
        stored = stored_attachment_name(imp.m.pk, raw["sha1"]) if imp.m.pk is not None else None
        local = _source(imp, path + ("file",), name, stored, check)
        if local is not None:
            imp.media_copies.append((obj, "attachment", None, local))
        # The stored name follows the municipality's id, known once it is written.
        obj.file = stored or ""
    for obj in existing[len(attachments):]:
        imp.delete_item("news_attachments", obj, news_item.path + ("attachments",))


def write(imp, rows):
    """After measures and fields (links)."""
    rows("news", NewsItem)
    for it in imp.items["news_attachments"]:
        it.obj.file = stored_attachment_name(imp.m.pk, it.obj.sha1)
    for obj, kind, width, local in imp.media_copies:
        if kind == "picture":
            stored = stored_picture_name(imp.m.pk, obj.sha1, width)
        else:
            stored = stored_attachment_name(imp.m.pk, obj.sha1)
        if not default_storage.exists(stored):
            saved = default_storage.save(stored, ContentFile(local.read_bytes()))
            if saved != stored:
                raise RuntimeError(f"the storage kept {stored!r} as {saved!r}")
    imp.delete("news_pictures", Picture)
    rows("news_pictures", Picture)
    imp.delete("news_attachments", Attachment)
    rows("news_attachments", Attachment)
    due = [it.obj for it in imp.items["news"] if (it.new or it.changed) and it.obj.publish_at is not None
           and it.obj.publish_at > timezone.now()]
    # A scheduled item must tell the page cache when it appears, as one saved in the back office does.
    transaction.on_commit(lambda: [jobs.schedule(item) for item in due])


# ---------------------------------------------------------------------- export

def _names(link, objs):
    names = [link.name(obj) for obj in objs]
    return sorted(names, key=lambda ref: tuple(ref.values()) if isinstance(ref, dict) else (ref,))


def export(m):
    items = list(NewsItem.objects.filter(municipality=m).order_by("uid").prefetch_related(
        *LINKS, "measures__concept", "fields__concept", "pictures", "attachments"))
    out = [{
        "uid": str(n.uid), "title": n.title, "teaser": n.teaser, "text": n.text, "date": n.date.isoformat(),
        "office": n.office, "status": n.status,
        "publish_at": timezone.localtime(n.publish_at).isoformat() if n.publish_at else None,
        "press_contact": {"role": n.press_contact_role, "name": n.press_contact_public_name,
                          "consent": n.press_contact_consent, "email": n.press_contact_email,
                          "phone": n.press_contact_phone},
        **{name: _names(link, getattr(n, name).all()) for name, link in LINKS.items()},
        "pictures": [{
            "alt_text": p.alt_text, "caption": p.caption, "credit": p.credit, "licence": p.licence,
            "type": PICTURE_TYPE, "sha1": p.sha1, "width": p.width, "height": p.height,
            "variants": [{"width": w, "height": h, "file": picture_file(p.sha1, w)} for w, h in p.variants],
        } for p in sorted(n.pictures.all(), key=lambda p: (p.position, p.pk))],
        "attachments": [{"name": a.name, "type": PDF_TYPE, "sha1": a.sha1, "size": a.size,
                         "file": attachment_file(a.sha1)}
                        for a in sorted(n.attachments.all(), key=lambda a: a.pk)],
    } for n in items]
    return {"news": out} if out else {}


def stored_media(m):
    """(name in the companion directory, name in the storage) of every file `m`'s news use."""
    for p in Picture.objects.filter(news__municipality=m).select_related("news"):
        for width, _h in p.variants:
            yield picture_file(p.sha1, width), stored_picture_name(m.pk, p.sha1, width)
    for a in Attachment.objects.filter(news__municipality=m):
        yield attachment_file(a.sha1), a.file.name
