"""What a resident can use. The German text lives on the offer; each translation
remembers which revision of the German text it was made from, so it knows whether it
is up to date or outdated."""
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from teilhabe.actors.models import Actor
from teilhabe.municipalities.models import (
    District, Language, LocalizedText, Municipality, TargetGroup, external_id_validator,
    postcode_validator,
)
from teilhabe.strategy.models import FieldOfAction, Measure

from .hours import validate_closing_days, validate_opening_hours

# The German source fields that translations carry; changing any of them makes
# existing translations outdated.
TRANSLATED_FIELDS = ("title", "description", "schedule", "cost", "accessibility")


class OfferQuerySet(models.QuerySet):
    def public(self):
        """Published, whoever provides it: an unpublished provider appears by name only."""
        return self.filter(is_published=True)

    def serving(self, town):
        """The offers of the town's Kreis that serve it: those naming it in `serves`, and
        those naming no town (a Kreis's offer is for the whole Kreis unless it says
        otherwise). None for a town outside a Kreis, or a Kreis."""
        if town.is_kreis or not town.parent_id:
            return self.none()
        named = Offer.serves.through.objects.values("offer_id")
        return self.filter(models.Q(pk__in=named.filter(municipality=town)) | ~models.Q(pk__in=named),
                           municipality=town.parent_id)

    def shown_in(self, municipality):
        """The offers a municipality's portal, search and API list hold: a Kreis's own and
        its towns'; a town's own and its Kreis's that serve it (serving())."""
        if municipality.is_kreis:
            return self.filter(municipality__in=municipality.region())
        return self.filter(municipality=municipality) | self.serving(municipality)

    def with_translations(self):
        """Each offer's translations loaded with their language, for in_language() in a list."""
        return self.prefetch_related(
            models.Prefetch("translations", queryset=OfferTranslation.objects.select_related("language")))


class Offer(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="offers")
    external_id = models.CharField(_("Externe ID"), max_length=80, validators=[external_id_validator])
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    field_of_action = models.ForeignKey(FieldOfAction, verbose_name=_("Handlungsfeld"), null=True,
                                        blank=True, on_delete=models.SET_NULL, related_name="offers")
    provider = models.ForeignKey(Actor, verbose_name=_("Anbieter"), on_delete=models.PROTECT,
                                 related_name="offers")
    measure = models.ForeignKey(Measure, verbose_name=_("Maßnahme"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="offers")
    target_groups = models.ManyToManyField(TargetGroup, verbose_name=_("Zielgruppen"), blank=True)
    districts = models.ManyToManyField(District, verbose_name=_("Stadtteile"), blank=True)
    languages = models.ManyToManyField(Language, verbose_name=_("Sprachen des Angebots"), blank=True,
                                       related_name="offers")
    place_name = models.CharField(_("Ort / Einrichtung"), max_length=160, blank=True)
    street = models.CharField(_("Straße und Hausnummer"), max_length=120, blank=True)
    postcode = models.CharField(_("PLZ"), max_length=10, blank=True, validators=[postcode_validator])
    city = models.CharField(_("Ort"), max_length=80, blank=True)
    # WGS 84, six decimals (about 10 cm): entered, or geocoded on the coordinator's request.
    latitude = models.DecimalField(_("Breitengrad"), max_digits=8, decimal_places=6, null=True, blank=True,
                                   validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.DecimalField(_("Längengrad"), max_digits=9, decimal_places=6, null=True, blank=True,
                                    validators=[MinValueValidator(-180), MaxValueValidator(180)])
    # Rows {"day": "Mo", "opens": "09:00", "closes": "12:00"} (offers/hours.py).
    opening_hours = models.JSONField(_("Öffnungszeiten"), default=list, blank=True,
                                     validators=[validate_opening_hours])
    by_appointment = models.BooleanField(_("nur nach Vereinbarung"), default=False)
    closed_on_holidays = models.BooleanField(_("an Feiertagen geschlossen"), default=True)
    closing_days = models.JSONField(_("Schließtage"), default=list, blank=True, validators=[validate_closing_days])
    schedule = models.TextField(_("Termine / Zeiten"), blank=True)
    cost = models.CharField(_("Kosten"), max_length=200, blank=True)
    accessibility = models.TextField(_("Barrierefreiheit"), blank=True)
    contact_name = models.CharField(_("Kontakt (Funktion)"), max_length=120, blank=True,
                                    help_text=_("Eine Funktion wie „Beratungsstelle“, keine Privatperson ohne Einwilligung."))
    contact_email = models.EmailField(_("Kontakt-E-Mail"), blank=True)
    contact_phone = models.CharField(_("Kontakt-Telefon"), max_length=40, blank=True)
    website = models.URLField(_("Website"), blank=True)
    is_published = models.BooleanField(_("veröffentlicht"), default=True)
    # Only on a Kreis's offers (the form offers the Kreis's towns): which towns' portals
    # show it too. None named = every town of the Kreis, as a coordinator expects of an
    # offer of the Kreis (docs/roles.md).
    serves = models.ManyToManyField(
        Municipality, verbose_name=_("für die Städte und Gemeinden"), blank=True, related_name="served_offers",
        help_text=_("Die Portale dieser Städte und Gemeinden zeigen das Angebot als Angebot des Kreises. "
                    "Keine gewählt: alle Städte und Gemeinden des Kreises."))
    text_revision = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [models.UniqueConstraint(fields=["municipality", "external_id"], name="offer_external_id_unique")]
        verbose_name = _("Angebot")
        verbose_name_plural = _("Angebote")

    def __str__(self):
        return self.title

    def source_texts(self):
        return {name: getattr(self, name) for name in TRANSLATED_FIELDS}

    def in_language(self, code):
        """The offer's texts in `code` where a translation has them, German otherwise;
        `.language` per field says which (the page marks German text with lang="de").
        Uses prefetched translations when there are some."""
        translation = next((t for t in self.translations.all() if t.language.code == code), None) \
            if code and code != "de" else None
        texts = {}
        for name in TRANSLATED_FIELDS:
            value = getattr(translation, name, "") if translation else ""
            texts[name] = LocalizedText(value, code) if value else LocalizedText(getattr(self, name), "de")
        texts["outdated"] = bool(translation and translation.source_revision < self.text_revision)
        return texts

    def history_extra(self):
        """Translations count as the offer's own fields in its history (title_en …)."""
        data = {}
        for translation in self.translations.select_related("language"):
            for name in TRANSLATED_FIELDS:
                data[f"{name}_{translation.language.code}"] = getattr(translation, name)
        return data

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        if not instance.get_deferred_fields():
            instance._loaded_texts = instance.source_texts()
        return instance

    def save(self, *args, **kwargs):
        # A changed German text makes every translation outdated: bump the revision.
        loaded = getattr(self, "_loaded_texts", None)
        if loaded is not None and loaded != self.source_texts():
            self.text_revision += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "text_revision"}
        super().save(*args, **kwargs)
        self._loaded_texts = self.source_texts()


class OfferTranslation(models.Model):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="translations")
    language = models.ForeignKey(Language, on_delete=models.PROTECT)
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    schedule = models.TextField(_("Termine / Zeiten"), blank=True)
    cost = models.CharField(_("Kosten"), max_length=200, blank=True)
    accessibility = models.TextField(_("Barrierefreiheit"), blank=True)
    source_revision = models.PositiveIntegerField(
        help_text="The offer's text_revision this translation was made from.")
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["language__code"]
        constraints = [models.UniqueConstraint(fields=["offer", "language"], name="offer_translation_unique")]
        verbose_name = _("Übersetzung")
        verbose_name_plural = _("Übersetzungen")

    def __str__(self):
        return f"{self.offer} [{self.language.code}]"

    @property
    def is_outdated(self):
        return self.source_revision < self.offer.text_revision


def search_scope(municipality):
    """What a municipality's offer search reads (search.search_offers(municipality=…,
    within=…)): the municipalities whose index segments count, and {municipality id: offer
    ids} for those counted only in part. A Kreis: its region whole; a town of a Kreis: its own
    and the offers of its Kreis that serve it (the same as Offer.objects.shown_in)."""
    if municipality.is_kreis or not municipality.parent_id:
        return municipality.region(), None
    kreis = list(Offer.objects.public().serving(municipality).values_list("pk", flat=True))
    if not kreis:
        return [municipality], None
    return [municipality, municipality.parent], {municipality.parent_id: kreis}
