"""Participation: events with registration and anonymous attendance figures, ideas from
every channel with support and comments, and the link from an idea to a measure.

People's data here (registrations, idea submitters, supporters, commenters) is kept for
a stated purpose and removed by `teilhabe purge-personal-data` after the municipality's
retention period (docs/participation.md). Self-descriptions (migration history and the
municipality's own categories) are never stored per person: only as AttendanceTally rows.
"""
import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teilhabe.actors.models import Actor
from teilhabe.municipalities.models import District, Municipality, TargetGroup, postcode_validator
from teilhabe.strategy.models import FieldOfAction, Measure

MIGRATION_HISTORY = "migration"


def new_token():
    return secrets.token_urlsafe(24)


def new_code():
    # Short, unambiguous check-in code (no 0/O, 1/I/L) read out or shown at the door.
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(6))


class ParticipationSettings(models.Model):
    """A municipality's choices for participation; made on first use with defaults."""

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE,
                                        related_name="participation_settings")
    moderation = models.BooleanField(
        _("Ideen vor der Veröffentlichung prüfen"), default=False,
        help_text=_("Ein Vorschlag aus dem Web erscheint erst, nachdem die Koordination ihn freigegeben hat."))
    retention_months = models.PositiveSmallIntegerField(
        _("Aufbewahrung personenbezogener Daten (Monate)"), default=6,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Nach der Veranstaltung bzw. nach der Entscheidung über eine Idee werden Namen "
                    "und Kontaktdaten gelöscht."))
    categories = models.JSONField(
        _("weitere Kategorien der Selbstauskunft"), default=list, blank=True,
        help_text=_("Fragen, die Teilnehmende freiwillig und anonym beantworten (ja / nein / keine Angabe)."))

    class Meta:
        verbose_name = _("Beteiligungseinstellungen")
        verbose_name_plural = _("Beteiligungseinstellungen")

    def __str__(self):
        return str(self.municipality)

    @classmethod
    def for_municipality(cls, municipality):
        found = cls.objects.filter(municipality=municipality).first()
        return found or cls(municipality=municipality)

    def all_categories(self):
        """[(key, German label)]: migration history first, then the municipality's own."""
        own = [(c["key"], c["label"]) for c in self.categories if c.get("key") and c.get("label")]
        return [(MIGRATION_HISTORY, str(_("mit Zuwanderungs- bzw. Migrationsgeschichte")))] + own


class EventQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)


class Event(models.Model):
    class Kind(models.TextChoices):
        CONFERENCE = "conference", _("Integrationskonferenz")
        WORKING_GROUP = "working_group", _("Arbeitskreis")
        INFORMATION = "information", _("Informationsveranstaltung")
        COUNCIL = "council", _("Sitzung des Integrationsrats")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="events")
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.CONFERENCE)
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"), null=True, blank=True)
    place_name = models.CharField(_("Ort"), max_length=200, blank=True)
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postcode = models.CharField(_("Postleitzahl"), max_length=10, blank=True, validators=[postcode_validator])
    city = models.CharField(_("Stadt"), max_length=100, blank=True)
    # As an offer's place (offers/models.py): for the route links of the event's page.
    latitude = models.DecimalField(_("Breitengrad"), max_digits=8, decimal_places=6, null=True, blank=True,
                                   validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.DecimalField(_("Längengrad"), max_digits=9, decimal_places=6, null=True, blank=True,
                                    validators=[MinValueValidator(-180), MaxValueValidator(180)])
    district = models.ForeignKey(District, verbose_name=_("Stadtteil"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="events")
    organiser = models.CharField(_("Veranstalter"), max_length=200, blank=True)
    organiser_actor = models.ForeignKey(Actor, verbose_name=_("Veranstalter (Akteur)"), null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="events")
    fields = models.ManyToManyField(FieldOfAction, verbose_name=_("Handlungsfelder"), blank=True,
                                    related_name="events")
    capacity = models.PositiveIntegerField(_("Plätze"), null=True, blank=True,
                                           help_text=_("leer lassen, wenn die Zahl nicht begrenzt ist"))
    registration_open = models.BooleanField(_("Anmeldung möglich"), default=True)
    is_public = models.BooleanField(_("öffentlich"), default=True)
    consent_text = models.TextField(
        _("Einwilligungstext"), blank=True,
        help_text=_("leer lassen für den Standardtext"))
    # Head count at the door, for events without (complete) registration, e.g. "über 100 Gäste".
    guests_counted = models.PositiveIntegerField(_("gezählte Gäste"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("Veranstaltung")
        verbose_name_plural = _("Veranstaltungen")
        constraints = [models.CheckConstraint(condition=models.Q(ends_at__isnull=True)
                                              | models.Q(ends_at__gte=models.F("starts_at")),
                                              name="event_ends_after_start")]

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.starts_at):%d.%m.%Y})"

    def clean(self):
        if self.ends_at and self.starts_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("Das Ende liegt vor dem Beginn.")})

    @property
    def address(self):
        town = " ".join(p for p in (self.postcode, self.city) if p)
        return ", ".join(p for p in (self.place_name, self.street, town) if p)

    @property
    def is_past(self):
        return (self.ends_at or self.starts_at) < timezone.now()

    def default_consent_text(self):
        return _("Ich bin einverstanden, dass die Stadt meine Angaben zur Organisation dieser Veranstaltung "
                 "speichert. Sie werden %(months)s Monate nach der Veranstaltung gelöscht. Ich kann die "
                 "Anmeldung jederzeit über den Link in der Bestätigung ansehen, herunterladen und löschen.")

    def consent(self, months):
        return self.consent_text or self.default_consent_text() % {"months": months}


class Workshop(models.Model):
    """A workshop or table of a conference, usually for one field of action."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="workshops")
    title = models.CharField(_("Titel"), max_length=200)
    field = models.ForeignKey(FieldOfAction, verbose_name=_("Handlungsfeld"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="workshops")
    capacity = models.PositiveIntegerField(_("Plätze"), null=True, blank=True)
    position = models.PositiveIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("Arbeitsgruppe / Tisch")
        verbose_name_plural = _("Arbeitsgruppen / Tische")

    def __str__(self):
        return self.title

    @property
    def municipality(self):
        return self.event.municipality


class Registration(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "registered", _("angemeldet")
        WAITING = "waiting", _("Warteliste")
        CANCELLED = "cancelled", _("abgemeldet")

    ACTIVE = (Status.REGISTERED, Status.WAITING)
    # The actor too: after anonymisation the history must not tie the row to an organisation.
    HISTORY_REDACTED = ("name", "email", "organisation", "actor", "access_needs", "interpreting_needs")
    # The check-in code lets its bearer in at the door: never in the history.
    HISTORY_SECRET = ("check_in_code",)

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    workshop = models.ForeignKey(Workshop, verbose_name=_("Arbeitsgruppe / Tisch"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="registrations")
    status = models.CharField(_("Status"), max_length=12, choices=Status.choices)
    name = models.CharField(_("Name"), max_length=120)
    email = models.EmailField(_("E-Mail"))
    organisation = models.CharField(_("Organisation"), max_length=200, blank=True)
    # The organisation as one of the municipality's actors: chosen by the person or matched
    # by staff. Organisational, not personal: it yields the "same event" ties of the network.
    actor = models.ForeignKey(Actor, verbose_name=_("Akteur"), null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="event_registrations")
    access_needs = models.CharField(_("Barrierefreiheit"), max_length=500, blank=True)
    interpreting_needs = models.CharField(_("Dolmetschen"), max_length=300, blank=True)
    consent_at = models.DateTimeField(_("eingewilligt am"))
    language = models.CharField(max_length=8, default="de")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    check_in_code = models.CharField(_("Einlass-Code"), max_length=8, default=new_code)
    checked_in_at = models.DateTimeField(_("eingelassen um"), null=True, blank=True)
    # Whether a self-description was given (never what it was): it is counted once.
    self_described = models.BooleanField(default=False)
    form_token = models.CharField(max_length=64, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("Anmeldung")
        verbose_name_plural = _("Anmeldungen")
        constraints = [
            # Anonymised rows (e-mail emptied, status kept as a count) are not someone's registration.
            models.UniqueConstraint(fields=["event", "email"],
                                    condition=models.Q(status__in=["registered", "waiting"], anonymised_at__isnull=True),
                                    name="registration_one_active_per_email"),
            models.UniqueConstraint(fields=["event", "check_in_code"], name="registration_code_unique"),
        ]

    def __str__(self):
        return _("Anmeldung Nr. %(pk)s") % {"pk": self.pk}

    @property
    def municipality(self):
        return self.event.municipality

    def clean(self):
        if self.actor_id and self.event_id and self.actor.municipality_id != self.event.municipality_id:
            raise ValidationError({"actor": _("Der Akteur gehört zu einer anderen Kommune.")})


class AttendingActor(models.Model):
    """An organisation that was at an event, kept when the registrations it came from are
    anonymised by the retention job: the tie between organisations outlives the personal
    data. No person, no time, no count (see docs/participation.md)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attending_actors")
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("anwesende Organisation")
        verbose_name_plural = _("anwesende Organisationen")
        constraints = [models.UniqueConstraint(fields=["event", "actor"], name="attending_actor_once")]


class AttendanceTally(models.Model):
    """How many people answered a self-description question how, per event. No link to a
    person, no time stamp: only the count."""

    class Answer(models.TextChoices):
        YES = "yes", _("ja")
        NO = "no", _("nein")
        NONE = "none", _("keine Angabe")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="tallies")
    category = models.CharField(max_length=60)
    answer = models.CharField(max_length=8, choices=Answer.choices)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "category", "answer"], name="tally_unique")]


class Idea(models.Model):
    class Channel(models.TextChoices):
        WEB = "web", _("Website")
        EMAIL = "email", _("E-Mail")
        LETTER = "letter", _("Brief")
        PHONE = "phone", _("Telefon")
        CONVERSATION = "conversation", _("Gespräch")
        CONFERENCE = "conference", _("Konferenz / Veranstaltung")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("eingereicht")
        UNDER_REVIEW = "under_review", _("in Prüfung")
        PUBLISHED = "published", _("veröffentlicht")
        IN_DISCUSSION = "in_discussion", _("in Diskussion")
        ACCEPTED = "accepted", _("angenommen")
        REJECTED = "rejected", _("abgelehnt")
        IMPLEMENTED = "implemented", _("umgesetzt")

    class Contact(models.TextChoices):
        EMAIL = "email", _("per E-Mail")
        LETTER = "letter", _("per Brief")
        PHONE = "phone", _("per Telefon")
        NONE = "none", _("keine Rückmeldung gewünscht")

    PUBLIC = (Status.PUBLISHED, Status.IN_DISCUSSION, Status.ACCEPTED, Status.REJECTED, Status.IMPLEMENTED)
    DECIDED = (Status.ACCEPTED, Status.REJECTED, Status.IMPLEMENTED)
    TRANSITIONS = {
        Status.SUBMITTED: (Status.UNDER_REVIEW, Status.PUBLISHED, Status.REJECTED),
        Status.UNDER_REVIEW: (Status.PUBLISHED, Status.REJECTED),
        Status.PUBLISHED: (Status.IN_DISCUSSION, Status.ACCEPTED, Status.REJECTED),
        Status.IN_DISCUSSION: (Status.ACCEPTED, Status.REJECTED),
        Status.ACCEPTED: (Status.IMPLEMENTED,),
        Status.REJECTED: (),
        Status.IMPLEMENTED: (),
    }
    NEEDS_REASON = (Status.ACCEPTED, Status.REJECTED)
    HISTORY_REDACTED = ("submitter_name", "submitter_email", "submitter_phone", "submitter_address")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="ideas")
    # The idea's identity in the exchange format: neither a database id nor a secret.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"))
    field = models.ForeignKey(FieldOfAction, verbose_name=_("Handlungsfeld"), on_delete=models.PROTECT,
                              related_name="ideas")
    district = models.ForeignKey(District, verbose_name=_("Stadtteil"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="ideas")
    target_group = models.ForeignKey(TargetGroup, verbose_name=_("Zielgruppe"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="ideas")
    channel = models.CharField(_("Eingangsweg"), max_length=20, choices=Channel.choices, default=Channel.WEB)
    received_on = models.DateField(_("eingegangen am"), default=timezone.localdate)
    transcribed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("erfasst von"), null=True,
                                       blank=True, on_delete=models.SET_NULL, related_name="+")
    event = models.ForeignKey(Event, verbose_name=_("Veranstaltung"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="ideas")
    workshop = models.ForeignKey(Workshop, verbose_name=_("Arbeitsgruppe / Tisch"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="ideas")
    status = models.CharField(_("Status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    decision_reason = models.TextField(_("Begründung"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    measure = models.ForeignKey(Measure, verbose_name=_("Maßnahme"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="source_ideas")
    # The motion (Antrag) made of the idea: participation.actions.idea_to_motion.
    motion = models.OneToOneField("council.Paper", verbose_name=_("Antrag im Rat"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="source_idea", editable=False)
    # The submitter: optional for staff-entered ideas, e-mail required on the web.
    submitter_name = models.CharField(_("Name"), max_length=120, blank=True)
    submitter_email = models.EmailField(_("E-Mail"), blank=True)
    submitter_phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    submitter_address = models.TextField(_("Postanschrift"), blank=True)
    contact_preference = models.CharField(_("Rückmeldung"), max_length=10, choices=Contact.choices,
                                          default=Contact.EMAIL)
    consent_at = models.DateTimeField(_("Einwilligung am"), null=True, blank=True)
    consent_note = models.CharField(_("Einwilligung dokumentiert"), max_length=200, blank=True,
                                    help_text=_("z. B. „im Brief vom 3.5. erteilt“"))
    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=8, default="de")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    form_token = models.CharField(max_length=64, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("Idee")
        verbose_name_plural = _("Ideen")
        indexes = [models.Index(fields=["municipality", "status"])]

    def __str__(self):
        return self.title

    @property
    def is_public(self):
        return self.status in self.PUBLIC

    def allowed_transitions(self):
        return self.TRANSITIONS.get(self.status, ())

    @property
    def has_contact(self):
        return bool(self.submitter_email or self.submitter_phone or self.submitter_address)


class IdeaStatusChange(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=16, choices=Idea.Status.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=Idea.Status.choices)
    reason = models.TextField(blank=True)
    # Set where the change is "a motion was made of the idea": the page composes that
    # sentence in the reader's language from the paper (body, reference), no stored text.
    motion = models.ForeignKey("council.Paper", null=True, blank=True, editable=False,
                               on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["changed_at", "id"]


class Support(models.Model):
    """"I support this": one per e-mail address and idea, counted once confirmed. The
    address is kept only until it is confirmed; afterwards only a keyed hash remains."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports")
    email_hash = models.CharField(max_length=64)
    email = models.EmailField(blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    language = models.CharField(max_length=8, default="de")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["idea", "email_hash"], name="support_once_per_person")]


class Comment(models.Model):
    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("unbestätigt")
        VISIBLE = "visible", _("sichtbar")
        HIDDEN = "hidden", _("ausgeblendet")

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    author_name = models.CharField(_("angezeigter Name"), max_length=80, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    body = models.TextField(_("Kommentar"), max_length=2000)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.UNCONFIRMED)
    hidden_reason = models.CharField(_("Grund"), max_length=300, blank=True)
    hidden_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    reports = models.PositiveIntegerField(default=0)
    language = models.CharField(max_length=8, default="de")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    form_token = models.CharField(max_length=64, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("Kommentar")
        verbose_name_plural = _("Kommentare")


class CommentReport(models.Model):
    """A reader's report of a comment; the reason only, nothing about the reader."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="report_set")
    reason = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)


class RateLimitCounter(models.Model):
    """The attempts counted in the current window of one key: a keyed hash of an IP or
    e-mail address (never the value). In the database so that all app server processes
    share it; ratelimit.allow counts with one conditional write, so parallel requests
    cannot both see the last free attempt."""

    key = models.CharField(max_length=64, unique=True)
    count = models.PositiveIntegerField(default=0)
    window_ends = models.BigIntegerField(db_index=True, help_text="Unix time")
