"""Writes of the pages and of the feedback on barriers; the back office, the portal and
the worker call these."""
import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.lib.html import sanitize_html
from teilhabe.municipalities import history
from teilhabe.municipalities.signals import public_content_changed

from . import defaults
from .models import MAX_CAPTIONS_BYTES, MAX_VIDEO_BYTES, VIDEO_TYPES, Feedback, SitePage, reply_due


def page_for(municipality, kind):
    """The stored page, or an unsaved one with the default text (a public visit writes nothing)."""
    page = SitePage.objects.filter(municipality=municipality, kind=kind).first()
    if page is None:
        page = SitePage(municipality=municipality, kind=kind, body=defaults.body(kind, municipality))
        if kind == SitePage.Kind.ACCESSIBILITY:
            page.non_accessible = defaults.NON_ACCESSIBLE
    return page


def _changed(municipality):
    # The footer's pages are portal pages: the page cache must forget the old text.
    transaction.on_commit(lambda: public_content_changed.send(SitePage, municipality_ids=[municipality.pk]))


@transaction.atomic
def save_page(page, *, user, via=""):
    """Save an edited page (the form has put the values on it), rich text cleaned, with its
    history. A video needs its text alternative."""
    stored = SitePage.objects.filter(pk=page.pk).first() if page.pk else None
    before = history.snapshot(stored) if stored else None
    page.body = sanitize_html(page.body)
    page.non_accessible = sanitize_html(page.non_accessible)
    page.transcript = page.transcript.strip()
    if page.video and not page.transcript:
        raise ValidationError({"transcript": _("Zum Video gehört eine Textfassung.")})
    page.save()
    history.record(page, user=user, before=before, via=via)
    _changed(page.municipality)
    return page


def video_type(upload):
    """The video's MIME type read from its first bytes (MP4 or WebM), or ValidationError
    naming the field: neither the file's name nor the browser's word for it is trusted."""
    if upload.size > MAX_VIDEO_BYTES:
        raise ValidationError({"video": _("Das Video ist größer als %(mb)s MB.") % {
            "mb": MAX_VIDEO_BYTES // (1024 * 1024)}})
    upload.seek(0)
    head = upload.read(12)
    upload.seek(0)
    if head[4:8] == b"ftyp":
        return "video/mp4"
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return "video/webm"
    raise ValidationError({"video": _("Nur Videos im Format MP4 oder WebM können hochgeladen werden.")})


@transaction.atomic
def set_video(page, upload, *, transcript, user):
    """Store an uploaded video through the storage API, under a name of our making, and
    replace (and delete) the one before."""
    kind = video_type(upload)
    if not transcript.strip():
        raise ValidationError({"transcript": _("Zum Video gehört eine Textfassung.")})
    old = page.video.name if page.video else ""
    name = f"{page.municipality_id}-gebaerdensprache.{VIDEO_TYPES[kind]}"
    page.video.save(name, upload, save=False)
    page.video_type = kind
    page.transcript = transcript
    save_page(page, user=user)
    if old and old != page.video.name:
        storage = page.video.storage
        transaction.on_commit(lambda: storage.delete(old))
    return page


@transaction.atomic
def remove_video(page, *, user):
    """The video goes, and its captions with it."""
    old = [f.name for f in (page.video, page.captions) if f]
    storage = page.video.storage
    page.video, page.video_type, page.captions = "", "", ""
    save_page(page, user=user)
    for name in old:
        transaction.on_commit(lambda name=name: storage.delete(name))
    return page


def check_captions(upload):
    """A WebVTT file (W3C WebVTT §4.1: UTF-8, optional BOM, "WEBVTT" then a space, tab or
    line end), at most MAX_CAPTIONS_BYTES; else ValidationError naming the field."""
    if upload.size > MAX_CAPTIONS_BYTES:
        raise ValidationError({"captions": _("Die Untertitel-Datei ist größer als %(kb)s KB.") % {
            "kb": MAX_CAPTIONS_BYTES // 1024}})
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        text = ""
    if not (text.startswith("WEBVTT") and text[6:7] in ("", " ", "\t", "\n", "\r")):
        raise ValidationError({"captions": _("Nur Untertitel im Format WebVTT (UTF-8, erste Zeile „WEBVTT“) "
                                             "können hochgeladen werden.")})


def _replace_file(field, upload, name):
    """Store under a name of our making; the file before is deleted after the commit."""
    old = field.name if field else ""
    field.save(name, upload, save=False)
    if old and old != field.name:
        storage = field.storage
        transaction.on_commit(lambda: storage.delete(old))


@transaction.atomic
def set_captions(page, upload, *, user):
    """Captions for the sign-language video (a page with a video only)."""
    check_captions(upload)
    if not page.video:
        raise ValidationError({"captions": _("Untertitel gehören zu einem Video: laden Sie zuerst das Video hoch.")})
    _replace_file(page.captions, upload, f"{page.municipality_id}-gebaerdensprache.vtt")
    return save_page(page, user=user)


@transaction.atomic
def remove_captions(page, *, user):
    old = page.captions.name
    page.captions = ""
    save_page(page, user=user)
    if old:
        storage = page.captions.storage
        transaction.on_commit(lambda: storage.delete(old))
    return page


def submit_feedback(*, municipality, problem, page_url, email, language, form_token=None):
    """Keep a report of a barrier and tell the office by e-mail (the job queue sends it).
    The same form sent twice (a double click) is one report."""
    from . import mail

    today = datetime.date.today()
    try:
        with transaction.atomic():
            feedback = Feedback.objects.create(
                municipality=municipality, problem=problem, page_url=page_url, email=email, language=language,
                received_on=today, reply_due=reply_due(today), form_token=form_token or None)
            history.record(feedback, via="web")
            mail.queue(feedback)
    except IntegrityError:
        return Feedback.objects.filter(form_token=form_token).first()
    return feedback


@transaction.atomic
def purge_feedback(*, now=None):
    """Delete reports whose retention period has run out: the municipality's period for
    participation data (default 6 months), counted from the answer or, for one never
    answered, from the day the answer was due. Returns how many."""
    from teilhabe.participation.models import ParticipationSettings

    today = timezone.localdate(now)  # the municipality's day, not UTC's (they differ 23:00–24:00 UTC)
    deleted = 0
    for municipality_id in Feedback.objects.values_list("municipality", flat=True).distinct():
        months = (ParticipationSettings.objects.filter(municipality=municipality_id)
                  .values_list("retention_months", flat=True).first() or 6)
        cutoff = today - datetime.timedelta(days=30 * months)
        due = Feedback.objects.filter(municipality=municipality_id).filter(
            answered_on__lt=cutoff) | Feedback.objects.filter(
            municipality=municipality_id, answered_on__isnull=True, reply_due__lt=cutoff)
        deleted += due.delete()[0]
    return deleted
