"""News items of a municipality (a Kreis is a municipality too), their pictures and PDF
attachments. The German text lives on the item; its translations, field by field, in the
generic translations app (registered in apps.py), which knows when the German changed
since. Pictures keep no original: only the cleaned variants (media.py says why)."""
import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teilhabe.lib.html import sanitize_html
from teilhabe.municipalities.models import Municipality
from teilhabe.participation.models import Event, Idea
from teilhabe.strategy.models import FieldOfAction, Measure
from teilhabe.translations.mixins import Translated

TRANSLATED_FIELDS = ("title", "teaser", "text")


class NewsQuerySet(models.QuerySet):
    def public(self, now=None):
        """Published and due: a scheduled item is public from its publish_at on."""
        now = now or timezone.now()
        return self.filter(status=NewsItem.Status.PUBLISHED).filter(
            Q(publish_at__isnull=True) | Q(publish_at__lte=now))

    def changed_since(self, moment):
        """Changed, or (scheduled) become public, after `moment`: a client asking what is
        new learns of an item the moment it appears, though nobody saved it then."""
        return self.filter(Q(modified_at__gte=moment) | Q(publish_at__gte=moment))


class NewsItem(Translated, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        PUBLISHED = "published", _("veröffentlicht")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="news")
    # Its identity in the exchange format (a title or date may change, a database id does not travel).
    uid = models.UUIDField(default=uuid.uuid4, editable=False)
    title = models.CharField(_("Titel"), max_length=200)
    teaser = models.TextField(_("Vorspann"), max_length=600, blank=True,
                              help_text=_("Ein, zwei Sätze für die Liste, die Startseite und den Feed."))
    text = models.TextField(_("Text"), blank=True)
    date = models.DateField(_("Datum der Meldung"), default=timezone.localdate)
    office = models.CharField(_("Verfasst von (Stelle)"), max_length=160, blank=True,
                              help_text=_("Die Stelle, z. B. „Kommunales Integrationszentrum“."))
    press_contact_role = models.CharField(_("Pressekontakt (Funktion)"), max_length=160, blank=True,
                                          help_text=_("Eine Funktion wie „Pressestelle“."))
    press_contact_name = models.CharField(_("Pressekontakt (Name)"), max_length=120, blank=True,
                                          help_text=_("Nur mit Einwilligung der Person."))
    press_contact_consent = models.BooleanField(_("Einwilligung zur Nennung des Namens liegt vor"), default=False)
    press_contact_email = models.EmailField(_("Pressekontakt (E-Mail)"), blank=True)
    press_contact_phone = models.CharField(_("Pressekontakt (Telefon)"), max_length=40, blank=True)
    events = models.ManyToManyField(Event, verbose_name=_("Veranstaltungen"), blank=True, related_name="news")
    measures = models.ManyToManyField(Measure, verbose_name=_("Maßnahmen"), blank=True, related_name="news")
    fields = models.ManyToManyField(FieldOfAction, verbose_name=_("Handlungsfelder"), blank=True,
                                    related_name="news")
    ideas = models.ManyToManyField(Idea, verbose_name=_("Ideen"), blank=True, related_name="news")
    status = models.CharField(_("Status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(_("erscheint am"), null=True, blank=True,
                                      help_text=_("Leer: sofort beim Veröffentlichen. Sonst erscheint die Meldung "
                                                  "zu dieser Zeit von selbst."))
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = NewsQuerySet.as_manager()
    HISTORY_REDACTED = ("press_contact_name", "press_contact_email", "press_contact_phone")

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("Meldung")
        verbose_name_plural = _("Meldungen")
        indexes = [models.Index(fields=["municipality", "status", "date"], name="news_public_idx")]
        constraints = [models.UniqueConstraint(fields=["municipality", "uid"], name="news_uid_unique")]

    def __str__(self):
        return self.title

    def is_public(self, now=None):
        return self.status == self.Status.PUBLISHED and (
            self.publish_at is None or self.publish_at <= (now or timezone.now()))

    @property
    def press_contact_public_name(self):
        """The person's name only where they consented; else nothing."""
        return self.press_contact_name if self.press_contact_consent else ""

    def save(self, *args, **kwargs):
        self.text = sanitize_html(self.text)
        super().save(*args, **kwargs)


def variant_name(picture, width):
    # Named by content, never by what the uploader called the file.
    return f"news/{picture.news.municipality_id}/{picture.sha1}-{width}.webp"


class Picture(models.Model):
    news = models.ForeignKey(NewsItem, on_delete=models.CASCADE, related_name="pictures")
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    alt_text = models.CharField(_("Alternativtext"), max_length=300,
                                help_text=_("Was das Bild zeigt, für Menschen, die es nicht sehen."))
    caption = models.CharField(_("Bildunterschrift"), max_length=300, blank=True)
    credit = models.CharField(_("Bildnachweis"), max_length=160)
    licence = models.CharField(_("Lizenz"), max_length=120)
    width = models.PositiveIntegerField(editable=False)
    height = models.PositiveIntegerField(editable=False)
    # [[width, height], …] of the stored variants, narrowest first.
    variants = models.JSONField(default=list, editable=False)
    sha1 = models.CharField(max_length=40, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("Bild")
        verbose_name_plural = _("Bilder")

    def __str__(self):
        return self.alt_text

    @property
    def municipality(self):
        return self.news.municipality

    def widths(self):
        return [w for w, _h in self.variants]


class Attachment(models.Model):
    news = models.ForeignKey(NewsItem, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(_("Bezeichnung"), max_length=200)
    file = models.FileField(_("Datei"), max_length=200)
    size = models.PositiveIntegerField(editable=False)
    sha1 = models.CharField(max_length=40, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("Anhang (PDF)")
        verbose_name_plural = _("Anhänge (PDF)")

    def __str__(self):
        return self.name

    @property
    def municipality(self):
        return self.news.municipality
