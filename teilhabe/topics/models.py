"""Topics newcomers look for (Ankommen und Behörden, Deutsch lernen, …): each municipality
keeps its own list. A topic gathers offers (assigned to it, or of the fields of action it
names), upcoming events of those fields, and short information texts. Topics and texts are translated
field by field in the generic translations app (registered in apps.py), which knows when the
German changed since."""
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from teilhabe.lib.html import sanitize_html
from teilhabe.municipalities.models import Municipality, key_validator
from teilhabe.offers.models import Offer
from teilhabe.participation.models import Event
from teilhabe.translations.mixins import Translated


class Icon(models.TextChoices):
    """The shipped icons (templates/portal/topics/icons/<value>.svg); decorative only."""
    ARRIVAL = "arrival", _("Haus mit Tür (Ankommen)")
    OFFICE = "office", _("Dokument (Behörden)")
    LANGUAGE = "language", _("Sprechblase (Sprache)")
    WORK = "work", _("Aktentasche (Arbeit)")
    HOUSING = "housing", _("Haus (Wohnen)")
    HEALTH = "health", _("Herz (Gesundheit)")
    FAMILY = "family", _("Menschen (Familie)")
    ADVICE = "advice", _("Info-Zeichen (Beratung)")
    LEISURE = "leisure", _("Stern (Freizeit)")


class TopicQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_published=True)


class Topic(Translated, models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="topics")
    key = models.CharField(_("Schlüssel"), max_length=60, validators=[key_validator],
                           help_text=_("Teil der Adresse der Themenseite, z. B. „deutsch-lernen“."))
    title = models.CharField(_("Titel"), max_length=120)
    summary = models.CharField(_("Kurztext"), max_length=300, blank=True)
    icon = models.CharField(_("Symbol"), max_length=20, choices=Icon.choices, default=Icon.ADVICE)
    position = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    is_published = models.BooleanField(_("veröffentlicht"), default=True)
    offers = models.ManyToManyField(Offer, verbose_name=_("Angebote"), blank=True, related_name="topics")
    # Keys, not rows: a new version of the concept copies its fields, and the topic keeps them.
    field_keys = models.JSONField(_("Handlungsfelder"), default=list, blank=True)
    modified_at = models.DateTimeField(auto_now=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["position", "title"]
        constraints = [models.UniqueConstraint(fields=["municipality", "key"], name="topic_key_unique")]
        verbose_name = pgettext_lazy("Themenseite", "Thema")
        verbose_name_plural = _("Themen")

    def __str__(self):
        return self.title

    def public_offers(self):
        """Published offers assigned to the topic or of one of its fields of action."""
        match = Q(topics=self)
        if self.field_keys:
            match |= Q(field_of_action__key__in=self.field_keys)
        ids = Offer.objects.public().filter(match, municipality_id=self.municipality_id).values("pk")
        return Offer.objects.filter(pk__in=ids)

    def upcoming_events(self):
        if not self.field_keys:
            return Event.objects.none()
        ids = Event.objects.public().filter(
            municipality_id=self.municipality_id, fields__key__in=self.field_keys,
            starts_at__gte=timezone.now()).values("pk")
        return Event.objects.filter(pk__in=ids).order_by("starts_at")


class InformationTextQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_published=True, topic__is_published=True)


class InformationText(Translated, models.Model):
    """A short text of a topic (what to do first, where to go); rich text, cleaned on save."""
    topic = models.ForeignKey(Topic, verbose_name=pgettext_lazy("Themenseite", "Thema"), on_delete=models.CASCADE, related_name="texts")
    title = models.CharField(_("Titel"), max_length=200)
    body = models.TextField(_("Text"), blank=True,
                            help_text=_("Absätze, Listen, fett/kursiv und Links sind erlaubt."))
    position = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    is_published = models.BooleanField(_("veröffentlicht"), default=True)
    modified_at = models.DateTimeField(auto_now=True)

    objects = InformationTextQuerySet.as_manager()

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("Informationstext")
        verbose_name_plural = _("Informationstexte")

    def __str__(self):
        return self.title

    @property
    def municipality(self):  # the change history files it under the topic's municipality
        return self.topic.municipality

    def save(self, *args, **kwargs):
        self.body = sanitize_html(self.body)
        super().save(*args, **kwargs)
