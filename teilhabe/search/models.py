"""The search index, kept in the database so that every process (web, worker) sees the same
one and nothing has to be rebuilt on start: one Document per searchable object and language,
already analysed into terms (so SQLite and PostgreSQL hold exactly the same), its passages
for the embeddings, and the vectors by passage hash. Each process searches an in-memory copy
per municipality, reloaded when the municipality's IndexState.version changes."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from teilhabe.municipalities.models import Municipality


class Document(models.Model):
    class Kind(models.TextChoices):
        OFFER = "offer", "offer"
        MEASURE = "measure", "measure"
        ACTOR = "actor", "actor"
        CONCEPT = "concept", "concept"
        GUIDELINE = "guideline", "guideline"
        FIELD = "field", "field"
        GOAL = "goal", "goal"

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    language = models.CharField(max_length=8)
    title = models.TextField()
    body = models.TextField(blank=True, help_text="Plain text for snippets.")
    # Analysed terms, space-separated: title terms first, then "|", then body terms.
    terms = models.TextField(blank=True)
    analyzer = models.CharField(max_length=20)
    sort_key = models.CharField(max_length=200, blank=True)
    # Facet values of offers: {"field_of_action": [id], "target_group": [...], ...}
    facets = models.JSONField(default=dict, blank=True)
    needs_embedding = models.BooleanField(default=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id", "language"],
                                               name="search_document_unique")]
        indexes = [models.Index(fields=["municipality", "kind"])]

    def __str__(self):
        return f"{self.kind}:{self.object_id}[{self.language}] {self.title}"


class Passage(models.Model):
    """A piece of a document as it is embedded; its vector is found by hash."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="passages")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField()
    hash = models.CharField(max_length=40, db_index=True)

    class Meta:
        ordering = ["document", "position"]
        indexes = [models.Index(fields=["municipality"])]


class Embedding(models.Model):
    """The vector of one passage text (float16 bytes), keyed by the hash of model and text;
    kept when the passage goes away, so that a text that comes back costs nothing."""

    hash = models.CharField(max_length=40, unique=True)
    vector = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)


class IndexState(models.Model):
    """Changed whenever a municipality's documents or vectors change (to a new random
    value): the signal for every process to reload its in-memory copy."""

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveBigIntegerField(default=0)


class Synonyms(models.Model):
    """A municipality's own additions to the shipped vocabulary (vocabulary.py), edited by its
    coordinator: one set per line, its words and phrases separated by commas."""

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, related_name="search_synonyms")
    text = models.TextField(_("Eigene Synonyme"), blank=True, help_text=_(
        "Eine Gruppe je Zeile, ihre Wörter und Wendungen durch Kommas getrennt, z. B. "
        "„Stadtteilbüro, Quartiersbüro, Stadtteilladen“. Sie ergänzen das Vokabular, das Teilhabe mitbringt."))

    class Meta:
        verbose_name = _("Synonyme der Suche")
        verbose_name_plural = _("Synonyme der Suche")
