"""One generic table rather than one per model (as OfferTranslation): concept, guidelines,
fields, goals, measures, events and the kinds still to come (topics, news) all need the same
thing — a text per field and language and whether the German changed since — and one table
lets the XLIFF files, the progress table and the pages treat every kind alike; a new kind is
one `registry.register` call, no migration. The German source is fingerprinted rather than
revision-counted, so no model has to count its own revisions; the German itself is kept
too (`source`), so that the back office can show what changed since."""
import hashlib

from django.contrib.contenttypes.models import ContentType
from django.db import models

from teilhabe.municipalities.models import Municipality


def fingerprint(text):
    return hashlib.sha256((text or "").encode()).hexdigest()


class Translation(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    field = models.CharField(max_length=60)
    language = models.CharField(max_length=8)
    text = models.TextField()
    source_fingerprint = models.CharField(
        max_length=64, help_text="fingerprint() of the German text this translation was made from.")
    source = models.TextField(blank=True, help_text="The German text this translation was made from "
                                                    "(empty where it is not known: translations made before it was kept).")
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id", "field", "language"],
                                               name="translation_unique")]
        indexes = [models.Index(fields=["municipality", "language"])]

    def __str__(self):
        return f"{self.content_type.model}.{self.object_id}.{self.field} [{self.language}]"

    def is_outdated_for(self, german):
        return self.source_fingerprint != fingerprint(german)
