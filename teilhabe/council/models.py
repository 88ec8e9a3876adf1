"""The council part of a municipality, shaped after OParl 1.1's objects so that the endpoint
(api/oparl/) is a plain translation: Body (the municipality's council part), LegislativeTerm,
Organization (a body: Integrationsrat, committee, council, working group), Person,
Membership, Location, Meeting, AgendaItem, Paper, Consultation, File.

Nothing is ever deleted from the database: OParl clients must learn that an object is gone
(OParl 1.1, 2.8 "Gelöschte Objekte"), so `soft_delete` sets `deleted_at`. What is not public
is treated as deleted in every public output (2.8 "Depublizierung von Objekten"): a person
without recorded consent, a paper not yet published, everything of a non-public agenda item
but its place in the agenda. `is_public` (one object, its relations loaded) and
`.public()` (a queryset) say the same thing and are pinned together by the tests.

Every object carries `created_at` and `modified_at`; an object OParl embeds in another
(a membership in its person, an agenda item in its meeting, a consultation in its paper, a
file in its meeting, paper or agenda item, a legislative term in its body) also renews
the embedding object's `modified_at` when it changes (2.8: clients of OParl 1.0 only see
the embedding object)."""
import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from teilhabe.municipalities.models import Municipality, postcode_validator

# An uploaded file may be this large; PDFs of council papers are rarely above a few MB.
MAX_FILE_BYTES = 20 * 1024 * 1024
PDF = "application/pdf"
# A person's picture: JPEG or PNG, as OParl recommends for Person `image`; told by content.
IMAGE_SIGNATURES = {"image/jpeg": b"\xff\xd8\xff", "image/png": b"\x89PNG\r\n\x1a\n"}
EXTENSIONS = {PDF: "pdf", "image/jpeg": "jpg", "image/png": "png"}


class CouncilQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True)

    def public(self):
        """What the public may see (OParl lists without modified_since show only these)."""
        return self.filter(self.model.public_q())

    def of(self, municipality):
        return self.filter(**{self.model.MUNICIPALITY_PATH: municipality})


class CouncilObject(models.Model):
    """Timestamps and soft deletion shared by all council objects."""

    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True, db_index=True)
    modified_at = models.DateTimeField(_("geändert"), auto_now=True, db_index=True)
    deleted_at = models.DateTimeField(_("gelöscht"), null=True, blank=True, editable=False)

    objects = CouncilQuerySet.as_manager()
    MUNICIPALITY_PATH = "municipality"

    class Meta:
        abstract = True

    @classmethod
    def public_q(cls):
        return Q(deleted_at__isnull=True)

    @property
    def is_public(self):
        return self.deleted_at is None

    def embedding(self):
        """The objects OParl embeds this one in: their `modified` follows this one's."""
        return []

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        for parent in self.embedding():
            if parent is not None and parent.pk:
                type(parent).objects.filter(pk=parent.pk).update(modified_at=self.modified_at)
                parent.modified_at = self.modified_at

    def soft_delete(self):
        """OParl 2.8: the object stays at its URL with `deleted: true`, `modified` = now."""
        if self.deleted_at is None:
            self.deleted_at = timezone.now()
            self.save()


class Body(CouncilObject):
    """A municipality's council part: it makes the municipality an OParl Body."""

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, related_name="council_body")
    name = models.CharField(_("Name der Körperschaft"), max_length=160, help_text=_("z. B. „Stadt Herten“"))
    website = models.URLField(_("Website des Ratsinformationssystems"), blank=True)
    contact_name = models.CharField(_("Ansprechstelle (Geschäftsstelle)"), max_length=160, blank=True)
    contact_email = models.EmailField(_("E-Mail der Geschäftsstelle"), blank=True)
    # OParl's `license` of the Body: under which licence the municipality publishes its data.
    license = models.URLField(
        _("Lizenz der Daten (URL)"), blank=True,
        help_text=_("z. B. https://creativecommons.org/licenses/by/4.0/ – erscheint über OParl"))
    # Deadlines the municipality's rules of procedure set (Geschäftsordnung): days before a meeting.
    invitation_days = models.PositiveSmallIntegerField(
        _("Einladungsfrist (Tage vor der Sitzung)"), null=True, blank=True,
        help_text=_("Bis dahin muss die Einladung verschickt sein; leer: keine Frist"))
    papers_days = models.PositiveSmallIntegerField(
        _("Frist für Vorlagen (Tage vor der Sitzung)"), null=True, blank=True,
        help_text=_("Bis dahin müssen die Vorlagen der Tagesordnung veröffentlicht sein; leer: keine Frist"))

    class Meta:
        verbose_name = _("Ratsbereich einer Kommune")
        verbose_name_plural = _("Ratsbereiche der Kommunen")

    def __str__(self):
        return self.name


class LegislativeTerm(CouncilObject):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="legislative_terms")
    name = models.CharField(_("Name"), max_length=120, help_text=_("z. B. „Wahlperiode 2020–2025“"))
    start_date = models.DateField(_("Beginn"))
    end_date = models.DateField(_("Ende"), null=True, blank=True)

    class Meta:
        ordering = ["start_date"]
        verbose_name = _("Wahlperiode")
        verbose_name_plural = _("Wahlperioden")

    def __str__(self):
        return self.name

    def clean(self):
        if self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Das Ende liegt vor dem Beginn.")})

    def embedding(self):
        return [Body.objects.filter(municipality_id=self.municipality_id).first()]


class Location(CouncilObject):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="council_locations")
    description = models.CharField(_("Bezeichnung"), max_length=200, help_text=_("z. B. „Rathaus, Ratssaal“"))
    street_address = models.CharField(_("Straße und Hausnummer"), max_length=160, blank=True)
    room = models.CharField(_("Raum"), max_length=80, blank=True)
    postal_code = models.CharField(_("Postleitzahl"), max_length=5, blank=True, validators=[postcode_validator])
    locality = models.CharField(_("Ort"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("Sitzungsort")
        verbose_name_plural = _("Sitzungsorte")

    def __str__(self):
        return self.description


class Organization(CouncilObject):
    """A body (Gremium) of the municipality."""

    class Kind(models.TextChoices):
        INTEGRATION_COUNCIL = "integration_council", _("Integrationsrat")
        INTEGRATION_ADVISORY = "integration_advisory", _("Integrationsbeirat")
        COMMITTEE = "committee", _("Fachausschuss")
        COUNCIL = "council", _("Rat")
        WORKING_GROUP = "working_group", _("Arbeitsgruppe")

    # OParl's `classification` (strings.yml: "Parlament" for the council, never "Rat").
    CLASSIFICATION = {
        Kind.INTEGRATION_COUNCIL: "Beirat", Kind.INTEGRATION_ADVISORY: "Beirat", Kind.COMMITTEE: "Ausschuss",
        Kind.COUNCIL: "Parlament", Kind.WORKING_GROUP: "AG",
    }

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="council_organizations")
    kind = models.CharField(_("Art"), max_length=24, choices=Kind.choices)
    name = models.CharField(_("Name"), max_length=200)
    short_name = models.CharField(_("Kurzname"), max_length=60, blank=True)
    start_date = models.DateField(_("gebildet am"), null=True, blank=True)
    end_date = models.DateField(_("aufgelöst am"), null=True, blank=True)
    location = models.ForeignKey(Location, verbose_name=_("Sitz"), null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="organizations")

    class Meta:
        ordering = ["name"]
        verbose_name = _("Gremium")
        verbose_name_plural = _("Gremien")

    def __str__(self):
        return self.name


class Person(CouncilObject):
    """A member of a body. Published only with the person's recorded consent (consent_at);
    without it the person is, for the public, as if deleted."""

    HISTORY_REDACTED = ("given_name", "family_name", "email")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="council_persons")
    form_of_address = models.CharField(_("Anrede"), max_length=40, blank=True)
    title = models.CharField(pgettext_lazy("Person", "Titel"), max_length=60, blank=True)
    given_name = models.CharField(_("Vorname"), max_length=80, blank=True)
    family_name = models.CharField(_("Nachname"), max_length=80)
    consent_at = models.DateTimeField(
        _("Einwilligung zur Veröffentlichung erteilt am"), null=True, blank=True,
        help_text=_("Ohne Einwilligung erscheinen Name und Mitgliedschaften nirgends öffentlich."))
    # Personal data with one purpose: invitations and reminders to the member's meetings.
    # Only the office sees it, it is never published, never logged, and deleted by the
    # daily job council.purge once every membership has ended (retention.py).
    email = models.EmailField(
        _("E-Mail-Adresse für Einladungen"), blank=True,
        help_text=_("Nur für Einladungen und Erinnerungen zu Sitzungen; nicht öffentlich; wird nach dem Ende "
                    "der letzten Mitgliedschaft gelöscht."))
    location = models.ForeignKey(
        "Location", verbose_name=_("Kontaktanschrift"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="persons", help_text=_("wird nur mit Einwilligung veröffentlicht"))

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name = _("Person im Gremium")
        verbose_name_plural = _("Personen in Gremien")

    def __str__(self):
        return self.name

    @property
    def name(self):
        return " ".join(part for part in (self.title, self.given_name, self.family_name) if part)

    @classmethod
    def public_q(cls):
        return Q(deleted_at__isnull=True, consent_at__isnull=False)

    @property
    def is_public(self):
        return self.deleted_at is None and self.consent_at is not None


class Membership(CouncilObject):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Vorsitz")
        DEPUTY = "deputy", _("stellvertretender Vorsitz")
        MEMBER = "member", _("Mitglied")
        ADVISORY = "advisory", _("beratendes Mitglied")

    MUNICIPALITY_PATH = "person__municipality"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("Rolle"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    on_behalf_of = models.CharField(_("gewählt über (Liste, Gruppe)"), max_length=160, blank=True)
    voting_right = models.BooleanField(_("stimmberechtigt"), default=True)
    start_date = models.DateField(pgettext_lazy("Datum", "von"), null=True, blank=True)
    end_date = models.DateField(_("bis"), null=True, blank=True)

    class Meta:
        ordering = ["start_date", "pk"]
        verbose_name = _("Mitgliedschaft im Gremium")
        verbose_name_plural = _("Mitgliedschaften in Gremien")

    def __str__(self):
        return f"{self.person} – {self.organization}"

    @property
    def municipality(self):
        return self.person.municipality

    def clean(self):
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Das Ende liegt vor dem Beginn.")})
        if self.person_id and self.organization_id and self.person.municipality_id != self.organization.municipality_id:
            raise ValidationError({"organization": _("Das Gremium gehört zu einer anderen Kommune.")})

    @classmethod
    def public_q(cls):
        return (Q(deleted_at__isnull=True, person__deleted_at__isnull=True, person__consent_at__isnull=False,
                  organization__deleted_at__isnull=True))

    @property
    def is_public(self):
        return self.deleted_at is None and self.person.is_public and self.organization.deleted_at is None

    def embedding(self):
        return [self.person]


class Meeting(CouncilObject):
    class State(models.TextChoices):
        PLANNED = "planned", _("geplant")
        INVITED = "invited", _("eingeladen")
        HELD = "held", _("durchgeführt")
        CANCELLED = "cancelled", _("abgesagt")

    HISTORY_REDACTED = ("participants",)  # persons' names: noted as changed, never kept

    # OParl's recommended meetingState words (strings.yml).
    OPARL_STATE = {State.PLANNED: "terminiert", State.INVITED: "eingeladen", State.HELD: "durchgeführt",
                   State.CANCELLED: "abgesagt"}

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="council_meetings")
    organization = models.ForeignKey(Organization, verbose_name=_("Gremium"), on_delete=models.PROTECT,
                                     related_name="meetings")
    name = models.CharField(_("Bezeichnung"), max_length=200, help_text=_("z. B. „12. Sitzung des Integrationsrats“"))
    start = models.DateTimeField(_("Beginn"))
    end = models.DateTimeField(_("Ende"), null=True, blank=True)
    location = models.ForeignKey(Location, verbose_name=_("Ort"), null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="meetings")
    state = models.CharField(_("Stand"), max_length=10, choices=State.choices, default=State.PLANNED)
    invitation_date = models.DateField(_("eingeladen am"), null=True, blank=True)
    minutes_approved_on = models.DateField(
        _("Niederschrift genehmigt am"), null=True, blank=True,
        help_text=_("in der folgenden Sitzung"))
    minutes_text = models.TextField(
        _("Niederschrift: allgemeiner Teil"), blank=True,
        help_text=_("Eröffnung, Feststellungen, Hinweise; die Ergebnisse stehen bei den Tagesordnungspunkten"))
    # Attendance, kept by the office; published as OParl's `participant` without the
    # persons who did not consent (serialize.meeting).
    participants = models.ManyToManyField(Person, verbose_name=_("anwesend"), blank=True,
                                          related_name="attended_meetings")

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("Sitzung")
        verbose_name_plural = _("Sitzungen")

    def __str__(self):
        return self.name

    def clean(self):
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("Das Ende liegt vor dem Beginn.")})
        if self.organization_id and self.organization.municipality_id != self.municipality_id:
            raise ValidationError({"organization": _("Das Gremium gehört zu einer anderen Kommune.")})


class AgendaItem(CouncilObject):
    """One item of a meeting's agenda. A non-public item (public=False) shows the public only
    that it exists and where: its number and position, never its name, result or files."""

    MUNICIPALITY_PATH = "meeting__municipality"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    number = models.CharField(_("Nummer"), max_length=20, help_text=_("z. B. „3“, „3.1“, „Ö 4“"))
    order = models.PositiveIntegerField(_("Position"), default=0)
    public = models.BooleanField(_("öffentlich"), default=True)
    name = models.CharField(_("Thema"), max_length=300)
    result = models.CharField(_("Ergebnis"), max_length=120, blank=True,
                              help_text=_("z. B. „einstimmig beschlossen“, „zur Kenntnis genommen“"))
    resolution_text = models.TextField(_("Beschlusstext"), blank=True)
    minutes = models.TextField(_("Niederschrift zum Punkt"), blank=True,
                               help_text=_("Verlauf in Kürze; bei nicht öffentlichen Punkten nie öffentlich"))
    # "Genehmigung der Niederschrift": the item of the next meeting that approves an earlier
    # meeting's minutes; recording its result records the approval (actions.save_agenda_item).
    approves_minutes_of = models.ForeignKey(
        "Meeting", verbose_name=_("genehmigt die Niederschrift der Sitzung"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="approval_items")

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("Tagesordnungspunkt")
        verbose_name_plural = _("Tagesordnungspunkte")

    def __str__(self):
        return f"{self.number} {self.name}"

    @property
    def municipality(self):
        return self.meeting.municipality

    @classmethod
    def public_q(cls):
        # Listed (a non-public one as a placeholder): alive, in a meeting that is alive.
        return Q(deleted_at__isnull=True, meeting__deleted_at__isnull=True)

    @property
    def is_public(self):
        return self.deleted_at is None and self.meeting.deleted_at is None

    @property
    def content_public(self):
        return self.is_public and self.public

    def embedding(self):
        return [self.meeting]


class Paper(CouncilObject):
    """A Vorlage. Not public until published (is_published): a draft stays in the office."""

    class Kind(models.TextChoices):
        PROPOSAL = "proposal", _("Beschlussvorlage")
        MOTION = "motion", _("Antrag")
        INQUIRY = "inquiry", _("Anfrage")
        NOTICE = "notice", _("Mitteilung")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="council_papers")
    name = models.CharField(_("Titel"), max_length=300)
    reference = models.CharField(_("Drucksachennummer"), max_length=40, help_text=_("z. B. „2024/0815“"))
    date = models.DateField(_("Datum"))
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices)
    originator_organization = models.ForeignKey(
        Organization, verbose_name=_("eingebracht von (Gremium, Verwaltung)"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="originated_papers")
    originator_person = models.ForeignKey(
        Person, verbose_name=_("eingebracht von (Person)"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="originated_papers")
    is_published = models.BooleanField(_("veröffentlicht"), default=False)
    locations = models.ManyToManyField(Location, verbose_name=_("Orte, um die es geht"), blank=True,
                                       related_name="papers")

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("Vorlage")
        verbose_name_plural = _("Vorlagen")
        constraints = [models.UniqueConstraint(fields=["municipality", "reference"], name="council_paper_reference")]

    def __str__(self):
        return f"{self.reference} {self.name}"

    @classmethod
    def public_q(cls):
        return Q(deleted_at__isnull=True, is_published=True)

    @property
    def is_public(self):
        return self.deleted_at is None and self.is_published


class Consultation(CouncilObject):
    """A body's dealing with a paper, in a meeting (and one of its agenda items)."""

    class Role(models.TextChoices):
        PRELIMINARY = "preliminary", _("Vorberatung")
        DECISION = "decision", _("Entscheidung")
        NOTICE = "notice", _("Kenntnisnahme")

    MUNICIPALITY_PATH = "paper__municipality"

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="consultations")
    organization = models.ForeignKey(Organization, verbose_name=_("Gremium"), on_delete=models.PROTECT,
                                     related_name="consultations")
    meeting = models.ForeignKey(Meeting, verbose_name=_("Sitzung"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="consultations")
    agenda_item = models.OneToOneField(AgendaItem, verbose_name=_("Tagesordnungspunkt"), null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="consultation")
    role = models.CharField(_("Rolle"), max_length=12, choices=Role.choices)
    authoritative = models.BooleanField(_("beschließend"), default=False)
    result = models.TextField(_("Ergebnis (Wortlaut)"), blank=True)
    votes_yes = models.PositiveSmallIntegerField(_("Ja-Stimmen"), null=True, blank=True)
    votes_no = models.PositiveSmallIntegerField(_("Nein-Stimmen"), null=True, blank=True)
    abstentions = models.PositiveSmallIntegerField(_("Enthaltungen"), null=True, blank=True)
    unanimous = models.BooleanField(_("einstimmig"), default=False)

    class Meta:
        ordering = ["paper", "meeting__start", "pk"]
        verbose_name = _("Beratung")
        verbose_name_plural = _("Beratungen")

    def __str__(self):
        return f"{self.paper} – {self.organization}"

    @property
    def municipality(self):
        return self.paper.municipality

    def clean(self):
        if self.unanimous and (self.votes_no or self.abstentions):
            raise ValidationError({"unanimous": _("Einstimmig heißt: keine Nein-Stimmen und keine Enthaltungen.")})
        if self.agenda_item_id and self.meeting_id and self.agenda_item.meeting_id != self.meeting_id:
            raise ValidationError({"agenda_item": _("Der Tagesordnungspunkt gehört zu einer anderen Sitzung.")})

    @classmethod
    def public_q(cls):
        # The dealing with a paper in a non-public item is itself not public.
        return (Q(deleted_at__isnull=True, paper__deleted_at__isnull=True, paper__is_published=True)
                & (Q(meeting__isnull=True) | Q(meeting__deleted_at__isnull=True))
                & (Q(agenda_item__isnull=True)
                   | Q(agenda_item__deleted_at__isnull=True, agenda_item__public=True)))

    @property
    def is_public(self):
        item = self.agenda_item
        return (self.deleted_at is None and self.paper.is_public
                and (self.meeting is None or self.meeting.deleted_at is None)
                and (item is None or (item.deleted_at is None and item.public)))

    def embedding(self):
        return [self.paper]

    def label(self):
        """How a form offering decisions names this one: paper, body, day."""
        day = f", {timezone.localtime(self.meeting.start):%d.%m.%Y}" if self.meeting_id else ""
        return f"{self.paper.reference} {self.paper.name} – {self.organization.name}{day}"


def public_path(paper):
    """A paper's public consultations in the order dealt with: its path through the bodies
    (not yet scheduled last, on every database: PostgreSQL sorts NULL last, SQLite first)."""
    return (Consultation.objects.public().filter(paper=paper).select_related("organization", "meeting")
            .order_by(F("meeting__start").asc(nulls_last=True), "pk"))


def public_decision(pk):
    """The consultation `pk`, with its paper, where the public may see it and its town's
    council section is open (its pages are where the links go); else None."""
    return (Consultation.objects.public().filter(pk=pk, paper__municipality__council_body__deleted_at__isnull=True)
            .select_related("paper", "organization", "meeting").first())


def public_paper(pk):
    """The paper `pk` where the public may see it and its town's council section is open."""
    return Paper.objects.public().filter(pk=pk, municipality__council_body__deleted_at__isnull=True).first()


def decisions(municipality):
    """Consultations a concept's adoption or a measure may point to: the dealings of the
    municipality's bodies with a paper that have a result or decide (drafts included: the
    office links before it publishes; the public sees only what is public)."""
    return (Consultation.objects.of(municipality).alive().filter(paper__deleted_at__isnull=True)
            .filter(Q(role=Consultation.Role.DECISION) | Q(authoritative=True) | ~Q(result=""))
            .select_related("paper", "organization", "meeting").order_by("-paper__date", "paper__reference", "pk"))


def file_path(instance, filename):
    # Named by content, never by what the uploader called it: no personal names on disk.
    return f"council/{instance.municipality_id}/{instance.sha1}.{EXTENSIONS.get(instance.mime_type, 'pdf')}"


class File(CouncilObject):
    """A PDF belonging to a meeting (invitation, minutes, attachment), a paper (main file,
    attachment) or an agenda item (resolution, attachment), or a person's picture (JPEG or
    PNG; public only with the person's consent). Stored through Django's storage."""

    class Role(models.TextChoices):
        INVITATION = "invitation", _("Einladung")
        RESULTS_PROTOCOL = "results_protocol", _("Ergebnisniederschrift")
        MAIN = "main", _("Hauptdokument")
        RESOLUTION = "resolution", _("Beschluss")
        AUXILIARY = "auxiliary", _("Anlage")
        IMAGE = "image", _("Bild der Person")

    ROLES_OF = {
        "meeting": {Role.INVITATION, Role.RESULTS_PROTOCOL, Role.AUXILIARY},
        "paper": {Role.MAIN, Role.AUXILIARY},
        "agenda_item": {Role.RESOLUTION, Role.AUXILIARY},
        "person": {Role.IMAGE},
    }

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="council_files")
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.CASCADE, related_name="files")
    paper = models.ForeignKey(Paper, null=True, blank=True, on_delete=models.CASCADE, related_name="files")
    agenda_item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.CASCADE,
                                    related_name="files")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE, related_name="pictures")
    role = models.CharField(_("Art"), max_length=20, choices=Role.choices, default=Role.AUXILIARY)
    name = models.CharField(_("Bezeichnung"), max_length=200)
    file_name = models.CharField(_("Dateiname"), max_length=200)
    file = models.FileField(_("Datei"), upload_to=file_path, max_length=200)
    mime_type = models.CharField(_("Dateityp"), max_length=80, default=PDF, editable=False)
    size = models.PositiveIntegerField(_("Größe (Bytes)"), editable=False)
    sha1 = models.CharField(max_length=40, editable=False)
    sha512 = models.CharField(max_length=128, editable=False)
    date = models.DateField(_("Datum"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("Datei")
        verbose_name_plural = _("Dateien")
        constraints = [models.CheckConstraint(
            condition=(Q(meeting__isnull=False, paper__isnull=True, agenda_item__isnull=True, person__isnull=True)
                       | Q(meeting__isnull=True, paper__isnull=False, agenda_item__isnull=True, person__isnull=True)
                       | Q(meeting__isnull=True, paper__isnull=True, agenda_item__isnull=False, person__isnull=True)
                       | Q(meeting__isnull=True, paper__isnull=True, agenda_item__isnull=True, person__isnull=False)),
            name="council_file_one_owner")]

    def __str__(self):
        return self.name

    @property
    def owner(self):
        return self.meeting or self.paper or self.agenda_item or self.person

    @classmethod
    def public_q(cls):
        return Q(deleted_at__isnull=True) & (
            Q(person__isnull=False, person__deleted_at__isnull=True, person__consent_at__isnull=False)
            | Q(meeting__isnull=False, meeting__deleted_at__isnull=True)
            | Q(paper__isnull=False, paper__deleted_at__isnull=True, paper__is_published=True)
            | Q(agenda_item__isnull=False, agenda_item__deleted_at__isnull=True, agenda_item__public=True,
                agenda_item__meeting__deleted_at__isnull=True))

    @property
    def is_public(self):
        if self.deleted_at is not None:
            return False
        if self.meeting_id:
            return self.meeting.deleted_at is None
        if self.paper_id:
            return self.paper.is_public
        if self.person_id:
            return self.person.is_public
        return self.agenda_item.content_public

    def embedding(self):
        return [self.owner]

    @staticmethod
    def checked_content(upload):
        """The bytes of an upload if it is a PDF within the size limit; else ValidationError
        naming the field. The type is read from the content, not from the name or the
        browser's word for it."""
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError({"file": _("Die Datei ist größer als %(mb)s MB.") % {
                "mb": MAX_FILE_BYTES // (1024 * 1024)}})
        upload.seek(0)
        content = upload.read()
        if not content.startswith(b"%PDF-"):
            raise ValidationError({"file": _("Nur PDF-Dateien können hochgeladen werden.")})
        return content

    @staticmethod
    def checked_image(upload):
        """(bytes, type) of an upload if it is a JPEG or PNG within the size limit; else
        ValidationError naming the field. Told by content, like a PDF."""
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError({"file": _("Die Datei ist größer als %(mb)s MB.") % {
                "mb": MAX_FILE_BYTES // (1024 * 1024)}})
        upload.seek(0)
        content = upload.read()
        for mime, signature in IMAGE_SIGNATURES.items():
            if content.startswith(signature):
                return content, mime
        raise ValidationError({"file": _("Nur Bilder im Format JPEG oder PNG können hochgeladen werden.")})

    @staticmethod
    def digests(content):
        return hashlib.sha1(content).hexdigest(), hashlib.sha512(content).hexdigest()


class MeetingMail(models.Model):
    """A mail about a meeting, recorded once: the invitation or the reminder to a member,
    a reminder of a deadline to the office (person empty). The unique constraints make
    sending idempotent — a second click, a second run of the reminder job finds the record
    and sends nothing. No address is kept here: it is read from the person when the job
    sends, so an address deleted meanwhile is never used."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Einladung")
        REMINDER = "reminder", _("Erinnerung an die Sitzung")
        INVITATION_DEADLINE = "invitation_deadline", _("Erinnerung an die Einladungsfrist")
        PAPERS_DEADLINE = "papers_deadline", _("Erinnerung an die Frist für Vorlagen")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="mails")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE, related_name="mails")
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    queued_at = models.DateTimeField(_("veranlasst"), auto_now_add=True)
    queued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("veranlasst von"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField(_("verschickt"), null=True, blank=True)

    class Meta:
        ordering = ["queued_at", "pk"]
        verbose_name = _("E-Mail zur Sitzung")
        verbose_name_plural = _("E-Mails zu Sitzungen")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "kind", "person"], condition=Q(person__isnull=False),
                                    name="council_mail_once_per_person"),
            models.UniqueConstraint(fields=["meeting", "kind"], condition=Q(person__isnull=True),
                                    name="council_mail_once_to_office"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.meeting}"

    @property
    def municipality(self):
        return self.meeting.municipality


from .imported import ImportedObject, ImportSource  # noqa: E402,F401  (the import's bookkeeping)
