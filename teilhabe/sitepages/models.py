"""The pages a public body's website must have (BITV 2.0, § 12b BGG, TMG/DDG, DSGVO): the
accessibility statement with its feedback, the explanations in Leichte Sprache and in
Deutsche Gebärdensprache, the Impressum and the privacy statement — one row per
municipality and kind, made with a default text on first use (defaults.py).

Feedback on barriers holds personal data (an optional e-mail address for the reply): kept
for its stated purpose, the reply, and deleted after the retention period of the
municipality's participation settings (actions.purge_feedback, run daily by the worker)."""
import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teilhabe.municipalities.models import Municipality

# § 12b Abs. 4 BGG (and the state laws after it): the answer is due within one month.
REPLY_MONTHS = 1
VIDEO_TYPES = {"video/mp4": "mp4", "video/webm": "webm"}
MAX_VIDEO_BYTES = 200 * 1024 * 1024
# Captions of a few minutes' video take some kilobytes; 1 MB is far beyond any of them.
MAX_CAPTIONS_BYTES = 1024 * 1024


class SitePage(models.Model):
    class Kind(models.TextChoices):
        ACCESSIBILITY = "barrierefreiheit", _("Erklärung zur Barrierefreiheit")
        EASY_LANGUAGE = "leichte-sprache", _("Leichte Sprache")
        SIGN_LANGUAGE = "gebaerdensprache", _("Gebärdensprache")
        IMPRINT = "impressum", _("Impressum")
        PRIVACY = "datenschutz", _("Datenschutzerklärung")

    class Conformity(models.TextChoices):
        FULL = "full", _("vollständig vereinbar")
        PARTIAL = "partial", _("teilweise vereinbar")
        NONE = "none", _("nicht vereinbar")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="site_pages")
    kind = models.CharField(_("Seite"), max_length=20, choices=Kind.choices)
    body = models.TextField(_("Text"), help_text=_("Überschriften, Absätze, Listen und Links sind möglich."))
    # The accessibility statement's parts the model statement (EU 2018/1523) asks for.
    conformity = models.CharField(_("Stand der Vereinbarkeit"), max_length=10, choices=Conformity.choices,
                                  default=Conformity.PARTIAL, blank=True)
    non_accessible = models.TextField(
        _("Nicht barrierefreie Inhalte"), blank=True,
        help_text=_("Welche Inhalte nicht barrierefrei sind, warum, und welche Alternative es gibt."))
    prepared_on = models.DateField(_("Erklärung erstellt am"), null=True, blank=True)
    reviewed_on = models.DateField(_("zuletzt überprüft am"), null=True, blank=True)
    # The sign-language explanation: a video with its text alternative.
    video = models.FileField(_("Video"), upload_to="sitepages/", max_length=200, blank=True)
    video_type = models.CharField(_("Videoformat"), max_length=20, blank=True, editable=False)
    # Captions (WebVTT) beside the video: the player shows them as its track.
    captions = models.FileField(_("Untertitel (WebVTT)"), upload_to="sitepages/", max_length=200, blank=True)
    transcript = models.TextField(
        _("Textfassung des Videos"), blank=True,
        help_text=_("Was im Video gesagt wird, als Text (Pflicht, sobald es ein Video gibt)."))
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Pflichtseite")
        verbose_name_plural = _("Pflichtseiten")
        constraints = [models.UniqueConstraint(fields=["municipality", "kind"], name="sitepage_one_per_kind")]

    def __str__(self):
        return str(self.Kind(self.kind).label)


class FeedbackQuerySet(models.QuerySet):
    def of(self, municipality):
        return self.filter(municipality=municipality)


def add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue


def reply_due(received):
    return add_months(received, REPLY_MONTHS)


class Feedback(models.Model):
    """A barrier reported through the statement's feedback form."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="accessibility_feedback")
    problem = models.TextField(_("Was ist nicht barrierefrei?"))
    page_url = models.CharField(_("Adresse der Seite"), max_length=500, blank=True)
    email = models.EmailField(_("E-Mail für die Antwort"), blank=True)
    language = models.CharField(_("Sprache"), max_length=10, blank=True)
    received_on = models.DateField(_("eingegangen am"), default=datetime.date.today)
    reply_due = models.DateField(_("Antwort fällig bis"))
    answered_on = models.DateField(_("beantwortet am"), null=True, blank=True)
    note = models.TextField(_("interne Notiz"), blank=True)
    form_token = models.CharField(max_length=64, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    # What people wrote may name them: noted as changed in the history, never kept.
    HISTORY_REDACTED = ("problem", "page_url", "email")
    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("Rückmeldung zur Barrierefreiheit")
        verbose_name_plural = _("Rückmeldungen zur Barrierefreiheit")

    def __str__(self):
        return _("Rückmeldung vom %(day)s") % {"day": self.received_on}

    @property
    def overdue(self):
        return self.answered_on is None and self.reply_due < datetime.date.today()
