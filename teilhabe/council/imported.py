"""Where imported council objects came from: `teilhabe oparl-import` reads another
system's OParl endpoint (ALLRIS, SessionNet, another teilhabe) into a municipality's council
part. An ImportSource is one Body of one endpoint imported into one municipality, with the
moment its last successful run began (the next run asks for `modified_since` that moment);
an ImportedObject ties an OParl id to the local object made from it, so a second run
updates that object instead of making another (the command is exchange/oparl_import.py)."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from teilhabe.municipalities.models import Municipality


class ImportSource(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="oparl_sources")
    system_url = models.URLField(_("OParl-System"), max_length=500)
    body_url = models.URLField(_("OParl-Körperschaft"), max_length=500)
    last_run_started_at = models.DateTimeField(_("letzter erfolgreicher Abruf begonnen"), null=True, blank=True)

    class Meta:
        verbose_name = _("OParl-Quelle")
        verbose_name_plural = _("OParl-Quellen")
        constraints = [models.UniqueConstraint(fields=["municipality", "body_url"], name="council_import_source")]

    def __str__(self):
        return self.body_url


class ImportedObject(models.Model):
    """OParl id → local council object (model name and primary key)."""

    source = models.ForeignKey(ImportSource, verbose_name=_("OParl-Quelle"), on_delete=models.CASCADE,
                               related_name="imported")
    oparl_id = models.URLField(_("OParl-Kennung"), max_length=500)
    kind = models.CharField(_("Objektart"), max_length=20)
    object_id = models.BigIntegerField(_("Objekt-ID"))

    class Meta:
        verbose_name = _("importiertes OParl-Objekt")
        verbose_name_plural = _("importierte OParl-Objekte")
        constraints = [models.UniqueConstraint(fields=["source", "oparl_id"], name="council_imported_object")]

    def __str__(self):
        return self.oparl_id

    @property
    def municipality(self):
        return self.source.municipality
