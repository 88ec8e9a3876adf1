"""Tenants (municipalities and Kreise), their districts and vocabularies, who may do
what in them, and the change history of everything that is edited."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from teilhabe.municipalities.languages import EASY_GERMAN, content_code

key_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9_-]*$",
    _("Nur Kleinbuchstaben, Ziffern, „-“ und „_“; am Anfang ein Buchstabe oder eine Ziffer."),
)

external_id_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._:-]*$",
    _("Nur Buchstaben ohne Umlaute, Ziffern, „.“, „:“, „-“ und „_“."),
)

# German postcodes: five ASCII digits (\d would take Arabic-Indic ones; a leading zero
# stays). One validator on every postcode field: the forms and the exchange import (which
# checks fields with their own validators) refuse the same things.
postcode_validator = RegexValidator(r"^[0-9]{5}$", _("Eine Postleitzahl hat fünf Ziffern."))


# A public-transport planner's address with the place filled in (VRR's EFA, DB, …).
ROUTE_PLACEHOLDERS = ("lat", "lon", "address")


def validate_route_template(value):
    """http(s) only, and no placeholder but {lat}, {lon} and {address}."""
    import string

    if not value.startswith(("https://", "http://")):
        raise ValidationError(_("Die Adresse muss mit https:// oder http:// beginnen."))
    try:
        names = {name for _text, name, _spec, _conv in string.Formatter().parse(value) if name is not None}
    except ValueError:
        raise ValidationError(_("Geschweifte Klammern nur um {lat}, {lon} oder {address}.")) from None
    if names - set(ROUTE_PLACEHOLDERS):
        raise ValidationError(_("Unbekannter Platzhalter {%(name)s}; erlaubt sind {lat}, {lon} und {address}.")
                              % {"name": sorted(names - set(ROUTE_PLACEHOLDERS))[0]})


# The public site lives at /<slug>/: these paths belong to the system.
RESERVED_SLUGS = {"admin", "api", "backoffice", "login", "logout", "password", "static", "media", "p", "oparl",
                  "i18n", "healthz", "readyz", "metrics", "robots.txt", "favicon.ico"}


def validate_slug_not_reserved(value):
    if value in RESERVED_SLUGS:
        raise ValidationError(_("„%(slug)s“ ist für das System reserviert.") % {"slug": value})


class LocalizedText(str):
    """A text that knows its language (`.language`), so that a page can mark it."""

    def __new__(cls, value, language):
        text = super().__new__(cls, value)
        text.language = language
        return text


def localized(names, language=None):
    """The name in the active language, else German, else any: vocabularies keep their
    names as {"de": ..., "en": ..., "de-ls": ...}. Says in which language it answered.
    Leichte Sprache keeps its own key (a municipality enters names in it through the
    translators' files), as content does."""
    if not names:
        return ""
    language = content_code(language or get_language())
    for code in (language, "de", *names):
        if names.get(code):
            return LocalizedText(names[code], code)
    return ""


class Language(models.Model):
    """A language offers, actors and the portal can be held in (ISO 639-1 code)."""

    code = models.CharField(_("Code"), max_length=8, unique=True)
    name = models.CharField(_("Name (deutsch)"), max_length=60)
    native_name = models.CharField(_("Eigenname"), max_length=60)
    rtl = models.BooleanField(_("von rechts nach links"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Sprache")
        verbose_name_plural = _("Sprachen")

    def __str__(self):
        return self.name


class Municipality(models.Model):
    class Kind(models.TextChoices):
        TOWN = "town", _("Stadt / Gemeinde")
        KREIS = "kreis", _("Kreis")

    slug = models.SlugField(_("Kurzname"), max_length=60, unique=True, validators=[validate_slug_not_reserved])
    name = models.CharField(_("Name"), max_length=120)
    ags = models.CharField(
        _("Amtlicher Gemeindeschlüssel"), max_length=8, blank=True,
        validators=[RegexValidator(r"^\d{5}(\d{3})?$", _("5 oder 8 Ziffern."))],
    )
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices, default=Kind.TOWN)
    parent = models.ForeignKey(
        "self", verbose_name=_("Kreis"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="towns", limit_choices_to={"kind": "kreis"},
    )
    languages = models.ManyToManyField(Language, verbose_name=_("angebotene Sprachen"), blank=True)
    office_name = models.CharField(_("Koordinierungsstelle"), max_length=160, blank=True)
    office_email = models.EmailField(_("E-Mail der Koordinierungsstelle"), blank=True)
    office_phone = models.CharField(_("Telefon der Koordinierungsstelle"), max_length=40, blank=True)
    office_address = models.TextField(_("Anschrift der Koordinierungsstelle"), blank=True)
    transit_planner_url = models.CharField(
        _("Fahrplanauskunft (Adressvorlage)"), max_length=500, blank=True, validators=[validate_route_template],
        help_text=_("Adresse der regionalen Fahrplanauskunft mit den Platzhaltern {lat}, {lon} (Koordinaten) "
                    "oder {address} (Anschrift) für das Ziel."))
    # Set only by the demo loader (`teilhabe demo`), never by a form or an import: its pages
    # then say once, in a banner, that the data is a demo (templates/demo_banner.html).
    is_demo = models.BooleanField(_("Demo-Daten"), default=False, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Kommune")
        verbose_name_plural = _("Kommunen")

    def __str__(self):
        return self.name

    @property
    def is_kreis(self):
        return self.kind == self.Kind.KREIS

    def region(self):
        """The municipalities whose public content this one's portal, search and API show:
        a Kreis and its towns (the Kreis first, then the towns by name); a town only itself."""
        if not self.is_kreis:
            return [self]
        if not hasattr(self, "_region"):
            self._region = [self, *self.towns.order_by("name")]
        return self._region

    def translation_languages(self):
        """The languages its content is translated into, the one list every translation page
        and file uses: the languages it offers, and Leichte Sprache always (BITV 2.0 asks every
        public body's site for it), never German."""
        return Language.objects.filter(
            models.Q(pk__in=self.languages.values("pk")) | models.Q(code=EASY_GERMAN)).exclude(code="de")

    def clean(self):
        if self.parent_id:
            if self.kind == self.Kind.KREIS:
                raise ValidationError({"parent": _("Ein Kreis gehört zu keinem Kreis.")})
            if self.parent.kind != self.Kind.KREIS:
                raise ValidationError({"parent": _("Nur ein Kreis kann übergeordnet sein.")})


class District(models.Model):
    """Stadtteil or Sozialraum."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="districts")
    key = models.CharField(_("Schlüssel"), max_length=60, validators=[key_validator])
    name = models.CharField(_("Name"), max_length=120)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "key"], name="district_key_unique")]
        verbose_name = _("Stadtteil")
        verbose_name_plural = _("Stadtteile")

    def __str__(self):
        return self.name


class TargetGroup(models.Model):
    """Zielgruppe: a vocabulary per municipality, names per language."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="target_groups")
    key = models.CharField(_("Schlüssel"), max_length=60, validators=[key_validator])
    names = models.JSONField(_("Bezeichnungen"), default=dict)
    position = models.PositiveIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        ordering = ["position", "key"]
        constraints = [models.UniqueConstraint(fields=["municipality", "key"], name="target_group_key_unique")]
        verbose_name = _("Zielgruppe")
        verbose_name_plural = _("Zielgruppen")

    def __str__(self):
        return self.name

    @property
    def name(self):
        return localized(self.names) or self.key


class Membership(models.Model):
    """A person's role in one municipality. A coordinator of a Kreis acts as coordinator
    of its towns too; an actor editor is bound to one actor."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Koordination")
        ACTOR_EDITOR = "actor_editor", _("Redaktion eines Akteurs")
        VIEWER = "viewer", _("Lesezugriff")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices)
    actor = models.ForeignKey(
        "actors.Actor", verbose_name=_("Akteur"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="editors",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "municipality", "role", "actor"], name="membership_unique"),
            models.CheckConstraint(
                condition=(models.Q(role="actor_editor", actor__isnull=False)
                           | (~models.Q(role="actor_editor") & models.Q(actor__isnull=True))),
                name="membership_actor_iff_editor",
            ),
        ]
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.municipality}"


class ChangeRecord(models.Model):
    """One change to a tracked object: who, when, which fields, old → new.
    Written by teilhabe.municipalities.history, never edited."""

    class Action(models.TextChoices):
        CREATE = "create", _("angelegt")
        UPDATE = "update", _("geändert")
        DELETE = "delete", _("gelöscht")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    object_repr = models.CharField(max_length=200)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    via = models.CharField(max_length=40, blank=True, help_text="e.g. 'import', 'demo'")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    changes = models.JSONField(default=dict)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def labelled_changes(self):
        """(label, before, after) per changed field as people read them (history.rows)."""
        from teilhabe.municipalities import history

        return history.rows(self)

    def by(self):
        """Who made the change: a person's name or the source (history.author)."""
        from teilhabe.municipalities import history

        return history.author(self)
