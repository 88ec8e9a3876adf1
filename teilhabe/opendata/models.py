"""What a municipality publishes as open data (under which licence) and whether its
transparency page is on. Without a row: CC BY 4.0, no transparency page."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from teilhabe.municipalities.models import Municipality

# The licences of DCAT-AP.de's vocabulary (http://dcat-ap.de/def/licenses/) that suit open
# data of a municipality: key → (name, the vocabulary's URI).
LICENCES = {
    "cc-by/4.0": ("Creative Commons Namensnennung – 4.0 International (CC BY 4.0)",
                  "http://dcat-ap.de/def/licenses/cc-by/4.0"),
    "cc-by-sa/4.0": ("Creative Commons Namensnennung – Weitergabe unter gleichen Bedingungen 4.0 International "
                     "(CC BY-SA 4.0)", "http://dcat-ap.de/def/licenses/cc-by-sa/4.0"),
    "cc-zero": ("Creative Commons CC Zero License (cc-zero)", "http://dcat-ap.de/def/licenses/cc-zero"),
    "dl-by-de/2.0": ("Datenlizenz Deutschland Namensnennung 2.0", "http://dcat-ap.de/def/licenses/dl-by-de/2.0"),
    "dl-zero-de/2.0": ("Datenlizenz Deutschland – Zero – Version 2.0",
                       "http://dcat-ap.de/def/licenses/dl-zero-de/2.0"),
}
# Licences that ask users to name the source (DCAT-AP.de: dcatde:licenseAttributionByText).
ATTRIBUTION = {"cc-by/4.0", "cc-by-sa/4.0", "dl-by-de/2.0"}
DEFAULT_LICENCE = "cc-by/4.0"


class OpenDataSettings(models.Model):
    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, related_name="open_data_settings")
    licence = models.CharField(_("Lizenz der offenen Daten"), max_length=20, default=DEFAULT_LICENCE,
                               choices=[(key, name) for key, (name, _uri) in LICENCES.items()])
    # DCAT-AP.de's dcatde:contributorID: the URI GovData gave the portal that harvests the
    # catalogue (http://dcat-ap.de/def/contributors/…); no municipality has one of its own.
    contributor_id = models.URLField(
        _("Datenbereitsteller-ID (DCAT-AP.de)"), blank=True,
        help_text=_("z. B. http://dcat-ap.de/def/contributors/openNRW – die Kennung des Datenportals, das den "
                    "Katalog einsammelt; leer lassen, wenn keines."))
    transparency_page = models.BooleanField(
        _("Transparenzseite zeigen"), default=False,
        help_text=_("Eine öffentliche Seite mit Ampeln der Ziele, Maßnahmen nach Stand, Reichweite bei "
                    "Zielgruppen und Kennzahlen des Netzwerks – nur öffentliche Indikatoren und Maßnahmen."))
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Einstellungen der offenen Daten")
        verbose_name_plural = _("Einstellungen der offenen Daten")

    def __str__(self):
        return str(self.municipality)

    @classmethod
    def of(cls, municipality):
        return cls.objects.filter(municipality=municipality).first() or cls(municipality=municipality)

    @property
    def licence_uri(self):
        return LICENCES[self.licence][1]

    @property
    def licence_name(self):
        return LICENCES[self.licence][0]

    @property
    def needs_attribution(self):
        return self.licence in ATTRIBUTION
