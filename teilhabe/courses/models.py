"""Integration courses of a Kreis, its Kreis-wide waiting list, confirmed allocations, and
the language support of day-care centres (Kitas).

Personal data is minimal and has a purpose: a learner is a case reference with what
decides a placement (types, towns, times, childcare, earliest start). Name and contact are
optional, only so that the provider can invite the person; nationality, origin and
migration background are never stored. Entries are deleted a fixed time after placement or
withdrawal (KreisCourseSettings.retention_days). Children needing language support are
counts per Kita, never persons."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from teilhabe.municipalities.models import District, Municipality, external_id_validator


class CourseType(models.TextChoices):
    """The integration-course types (Integrationskursverordnung)."""

    ALLGEMEIN = "allgemein", _("Allgemeiner Integrationskurs")
    JUGEND = "jugend", _("Jugendintegrationskurs")
    ELTERN = "eltern", _("Elternintegrationskurs")
    FRAUEN = "frauen", _("Frauenintegrationskurs")
    ALPHA = "alpha", _("Integrationskurs mit Alphabetisierung")
    ZWEITSCHRIFT = "zweitschrift", _("Kurs für Zweitschriftlernende")
    INTENSIV = "intensiv", _("Intensivkurs")


class TimeOfDay(models.TextChoices):
    MORNING = "morning", _("vormittags")
    AFTERNOON = "afternoon", _("nachmittags")
    EVENING = "evening", _("abends")


COURSE_TYPES = [value for value, _label in CourseType.choices]
TIMES = [value for value, _label in TimeOfDay.choices]


def validate_kreis(municipality):
    if municipality.kind != Municipality.Kind.KREIS:
        raise ValidationError(_("Kurse und Warteliste gehören zu einem Kreis."))


class KreisCourseSettings(models.Model):
    """What a Kreis sets for its course steering."""

    kreis = models.OneToOneField(Municipality, on_delete=models.CASCADE, related_name="course_settings")
    minimum_size = models.PositiveSmallIntegerField(
        _("Mindestgröße eines Kurses"), default=12, validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Kurse mit weniger Teilnehmenden erscheinen im Dashboard als gefährdet."))
    retention_days = models.PositiveSmallIntegerField(
        _("Aufbewahrung nach Vermittlung oder Rückzug (Tage)"), default=180,
        validators=[MinValueValidator(1), MaxValueValidator(730)],
        help_text=_("Danach wird der Eintrag auf der Warteliste gelöscht."))
    referring_office = models.TextField(
        _("Wie man einen Kursplatz bekommt"), blank=True,
        help_text=_("Die zuweisende Stelle (z. B. Ausländerbehörde, Jobcenter) mit Kontakt; "
                    "erscheint auf jeder Kursseite."))

    class Meta:
        verbose_name = _("Einstellungen der Kurssteuerung")
        verbose_name_plural = _("Einstellungen der Kurssteuerung")

    def __str__(self):
        return str(self.kreis)

    @classmethod
    def of(cls, kreis):
        """The Kreis's settings, or unsaved defaults."""
        return cls.objects.filter(kreis=kreis).first() or cls(kreis=kreis)


class ProviderApproval(models.Model):
    """An actor's approval as an integration-course provider (Zulassung durch das BAMF)."""

    actor = models.OneToOneField("actors.Actor", on_delete=models.CASCADE, related_name="course_approval")
    number = models.CharField(_("Zulassungsnummer"), max_length=40, blank=True)
    approved_until = models.DateField(_("zugelassen bis"), null=True, blank=True)
    note = models.TextField(_("Anmerkung zur Zulassung"), blank=True)

    class Meta:
        verbose_name = _("Zulassung als Kursträger")
        verbose_name_plural = _("Zulassungen als Kursträger")

    def __str__(self):
        return str(self.actor)


class CourseQuerySet(models.QuerySet):
    def public(self):
        """What the course finder and the API show: courses not cancelled or finished."""
        return self.filter(status__in=Course.PUBLIC_STATUSES)

    def with_places(self):
        """Annotates `placed` (learners placed from the waiting list) and `free`."""
        return self.annotate(
            placed=Count("learners", filter=Q(learners__status=Learner.Status.PLACED)),
        ).annotate(free=F("capacity") - F("booked") - F("placed"))


class Course(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("geplant")
        OPEN = "open", _("Anmeldung offen")
        RUNNING = "running", _("läuft")
        FINISHED = "finished", _("beendet")
        CANCELLED = "cancelled", _("abgesagt")

    PUBLIC_STATUSES = (Status.PLANNED, Status.OPEN, Status.RUNNING)
    # Courses the allocation may fill: not yet running, not ended.
    ALLOCATABLE_STATUSES = (Status.PLANNED, Status.OPEN)

    kreis = models.ForeignKey(
        Municipality, verbose_name=_("Kreis"), on_delete=models.CASCADE, related_name="kreis_courses")
    external_id = models.CharField(_("Externe ID"), max_length=80, validators=[external_id_validator])
    provider = models.ForeignKey(
        "actors.Actor", verbose_name=_("Kursträger"), on_delete=models.PROTECT, related_name="courses")
    type = models.CharField(_("Kursart"), max_length=20, choices=CourseType.choices)
    town = models.ForeignKey(
        Municipality, verbose_name=_("Stadt / Gemeinde"), on_delete=models.PROTECT, related_name="courses")
    district = models.ForeignKey(
        District, verbose_name=_("Stadtteil"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="courses")
    place = models.CharField(_("Kursort (Anschrift)"), max_length=200, blank=True)
    starts_on = models.DateField(_("Beginn"))
    ends_on = models.DateField(_("Ende"), null=True, blank=True)
    time_of_day = models.CharField(_("Tageszeit"), max_length=10, choices=TimeOfDay.choices)
    hours = models.PositiveSmallIntegerField(
        _("Unterrichtseinheiten"), null=True, blank=True, validators=[MaxValueValidator(2000)])
    capacity = models.PositiveSmallIntegerField(
        _("Plätze"), validators=[MinValueValidator(1), MaxValueValidator(100)])
    booked = models.PositiveSmallIntegerField(
        _("anderweitig belegte Plätze"), default=0,
        help_text=_("Plätze, die der Träger ohne die Warteliste vergeben hat."))
    childcare = models.BooleanField(_("Kinderbetreuung während des Kurses"), default=False)
    accessibility = models.TextField(_("Barrierefreiheit"), blank=True)
    registration = models.TextField(
        _("Anmeldung beim Träger"), blank=True,
        help_text=_("Wie man sich beim Träger anmeldet, wenn ein Platz zugewiesen ist."))
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    modified_at = models.DateTimeField(auto_now=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "town__name", "external_id"]
        constraints = [
            models.UniqueConstraint(fields=["kreis", "external_id"], name="course_external_id_unique"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="course_capacity_positive"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")), name="course_ends_after_start"),
        ]
        verbose_name = _("Kurs")
        verbose_name_plural = _("Kurse")

    def __str__(self):
        return f"{self.get_type_display()} – {self.town} – {self.starts_on:%d.%m.%Y}"

    @property
    def municipality(self):
        """Whose history a change belongs to (municipalities/history.py): the Kreis's."""
        return self.kreis

    def clean(self):
        errors = {}
        if self.town_id and self.kreis_id and self.town.parent_id != self.kreis_id:
            errors["town"] = _("Die Stadt gehört nicht zu diesem Kreis.")
        if self.district_id and self.town_id and self.district.municipality_id != self.town_id:
            errors["district"] = _("Der Stadtteil gehört nicht zu dieser Stadt.")
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("Das Ende liegt vor dem Beginn.")
        if self.capacity is not None and self.booked is not None and self.booked > self.capacity:
            errors["booked"] = _("Mehr belegte Plätze als Plätze.")
        if errors:
            raise ValidationError(errors)


class Allocation(models.Model):
    """One confirmed allocation: figures only — the placements are on the learners
    (Learner.course, Learner.allocation), which are deleted on schedule."""

    kreis = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="course_allocations")
    on_date = models.DateField(_("Stichtag"))
    confirmed_at = models.DateTimeField(_("bestätigt am"), auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("bestätigt von"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+")
    placed = models.PositiveIntegerField(_("vermittelt"), default=0)
    total_wait_days = models.PositiveIntegerField(_("Wartetage insgesamt"), default=0)
    changed_by_hand = models.PositiveIntegerField(_("von Hand geändert"), default=0)
    fcfs_placed = models.PositiveIntegerField(_("vermittelt nach Eingangsreihenfolge"), default=0)
    fcfs_total_wait_days = models.PositiveIntegerField(_("Wartetage nach Eingangsreihenfolge"), default=0)

    class Meta:
        ordering = ["-confirmed_at"]
        verbose_name = _("Kursvermittlung")
        verbose_name_plural = _("Kursvermittlungen")

    def __str__(self):
        return f"{self.kreis} – {self.on_date:%d.%m.%Y}"


class LearnerQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(status=Learner.Status.WAITING)


class Learner(models.Model):
    """A person waiting for an integration course, on the Kreis-wide waiting list."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("wartet")
        PLACED = "placed", _("vermittelt")
        WITHDRAWN = "withdrawn", _("zurückgezogen")

    class Entitlement(models.TextChoices):
        OBLIGED = "obliged", _("zur Teilnahme verpflichtet")
        ENTITLED = "entitled", _("teilnahmeberechtigt")

    # Personal data: noted as changed in the history, without its value.
    HISTORY_REDACTED = {"name", "contact"}

    kreis = models.ForeignKey(Municipality, verbose_name=_("Kreis"), on_delete=models.CASCADE,
                              related_name="course_learners")
    external_id = models.CharField(_("Externe ID"), max_length=80, validators=[external_id_validator])
    reference = models.CharField(
        _("Aktenzeichen der zuweisenden Stelle"), max_length=60, blank=True)
    town = models.ForeignKey(Municipality, verbose_name=_("Wohnort"), on_delete=models.PROTECT,
                             related_name="resident_learners")
    registered_on = models.DateField(_("angemeldet am"))
    types = models.JSONField(_("mögliche Kursarten"), default=list)
    towns = models.ManyToManyField(Municipality, verbose_name=_("erreichbare Orte"), related_name="+")
    times = models.JSONField(_("mögliche Tageszeiten"), default=list)
    needs_childcare = models.BooleanField(_("braucht Kinderbetreuung"), default=False)
    earliest_start = models.DateField(_("frühester Beginn"), null=True, blank=True)
    entitlement = models.CharField(_("Teilnahme"), max_length=10, choices=Entitlement.choices, blank=True)
    name = models.CharField(
        _("Name (freiwillig)"), max_length=120, blank=True,
        help_text=_("Nur damit der Kursträger einladen kann."))
    contact = models.CharField(
        _("Kontakt (freiwillig)"), max_length=200, blank=True,
        help_text=_("Telefon oder E-Mail, nur damit der Kursträger einladen kann."))
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    course = models.ForeignKey(Course, verbose_name=_("Kurs"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="learners")
    allocation = models.ForeignKey(Allocation, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="learners")
    placed_on = models.DateField(_("vermittelt am"), null=True, blank=True)
    withdrawn_on = models.DateField(_("zurückgezogen am"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    objects = LearnerQuerySet.as_manager()

    class Meta:
        ordering = ["registered_on", "external_id"]
        constraints = [
            models.UniqueConstraint(fields=["kreis", "external_id"], name="learner_external_id_unique"),
            models.CheckConstraint(
                condition=Q(status="placed", course__isnull=False) | (~Q(status="placed") & Q(course__isnull=True)),
                name="learner_course_iff_placed"),
        ]
        verbose_name = _("Person auf der Warteliste")
        verbose_name_plural = _("Warteliste")

    def __str__(self):
        return self.external_id

    @property
    def municipality(self):
        """Whose history a change belongs to (municipalities/history.py): the Kreis's."""
        return self.kreis

    def clean(self):
        errors = {}
        if self.town_id and self.kreis_id and self.town.parent_id != self.kreis_id:
            errors["town"] = _("Der Wohnort gehört nicht zu diesem Kreis.")
        unknown = [t for t in self.types or [] if t not in COURSE_TYPES]
        if not self.types or unknown:
            errors["types"] = _("Mindestens eine Kursart aus der Liste wählen.")
        if not self.times or any(t not in TIMES for t in self.times):
            errors["times"] = _("Mindestens eine Tageszeit aus der Liste wählen.")
        if errors:
            raise ValidationError(errors)


class Kita(models.Model):
    """A day-care centre with the number of children needing language support (a count
    as of `counted_on`, never a list of children)."""

    municipality = models.ForeignKey(Municipality, verbose_name=_("Stadt / Gemeinde"),
                                     on_delete=models.CASCADE, related_name="kitas")
    external_id = models.CharField(_("Externe ID"), max_length=80, validators=[external_id_validator])
    name = models.CharField(_("Name"), max_length=200)
    district = models.ForeignKey(District, verbose_name=_("Stadtteil"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="kitas")
    places = models.PositiveSmallIntegerField(_("Betreuungsplätze"), default=0,
                                              validators=[MaxValueValidator(1000)])
    children_needing_support = models.PositiveSmallIntegerField(
        _("Kinder mit Sprachförderbedarf (Anzahl)"), default=0, validators=[MaxValueValidator(1000)])
    counted_on = models.DateField(_("Stand der Zählung"), null=True, blank=True)
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "external_id"], name="kita_external_id_unique")]
        verbose_name = _("Kita")
        verbose_name_plural = _("Kitas")

    def __str__(self):
        return self.name

    def clean(self):
        if self.district_id and self.municipality_id and self.district.municipality_id != self.municipality_id:
            raise ValidationError({"district": _("Der Stadtteil gehört nicht zu dieser Stadt.")})


class KitaProgramme(models.Model):
    """A language-support programme a Kita runs, with the children it reaches."""

    class Programme(models.TextChoices):
        EVERYDAY = "alltagsintegriert", _("Alltagsintegrierte Sprachbildung")
        RUCKSACK = "rucksack", _("Rucksack KiTa")
        GRIFFBEREIT = "griffbereit", _("Griffbereit")
        SPRACH_KITA = "sprach_kita", _("Sprach-Kita")
        OTHER = "other", _("weiteres Programm")

    kita = models.ForeignKey(Kita, on_delete=models.CASCADE, related_name="programmes")
    programme = models.CharField(_("Programm"), max_length=20, choices=Programme.choices)
    places = models.PositiveSmallIntegerField(_("erreichte Kinder (Plätze)"), default=0,
                                              validators=[MaxValueValidator(1000)])

    class Meta:
        ordering = ["programme"]
        constraints = [models.UniqueConstraint(fields=["kita", "programme"], name="kita_programme_unique")]
        verbose_name = _("Sprachförderprogramm")
        verbose_name_plural = _("Sprachförderprogramme")

    def __str__(self):
        return f"{self.kita} – {self.get_programme_display()}"
