"""Writes across several objects of the concept: a new version, its adoption, and the
life cycle of a measure. Views, commands and tests all call these."""
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from teilhabe.council import actions as council_actions
from teilhabe.council.models import Consultation
from teilhabe.municipalities import history
from teilhabe.offers.models import Offer
from teilhabe.strategy.models import (
    Concept, FieldOfAction, Goal, GuidelineSection, Measure, MeasureStatusChange,
)


@transaction.atomic
def start_new_version(*, concept, user, title=None):
    """Fortschreibung: a draft copy of `concept` whose guidelines, fields, goals and
    measures are carried forward, each linked to the one it came from."""
    if concept.status == Concept.Status.DRAFT:
        raise ValidationError(_("Ein Entwurf wird weiterbearbeitet, nicht fortgeschrieben."))
    if Concept.objects.filter(predecessor=concept).exists():
        raise ValidationError(_("Von dieser Version gibt es bereits eine Fortschreibung."))
    latest = Concept.objects.filter(municipality=concept.municipality).order_by("-version").first()
    with translation.override("de"):  # the copied measures' status note is content: German
        carried_over = _("aus Version %(version)s übernommen") % {"version": concept.version}
    new = Concept.objects.create(
        municipality=concept.municipality, version=latest.version + 1,
        title=title or concept.title, summary=concept.summary,
        period_start=concept.period_end or concept.period_start, period_end=None,
        status=Concept.Status.DRAFT, predecessor=concept,
    )
    GuidelineSection.objects.bulk_create(
        GuidelineSection(concept=new, position=s.position, title=s.title, body=s.body)
        for s in concept.guidelines.all()
    )
    fields = {}
    for old in concept.fields.all():
        fields[old.pk] = FieldOfAction.objects.create(
            concept=new, key=old.key, names=old.names, description=old.description,
            position=old.position, predecessor=old)
    goals = {}
    # Parents first, so children can point at their carried-forward parent.
    pending = list(concept.goals.all())
    while pending:
        ready = [g for g in pending if g.parent_id is None or g.parent_id in goals]
        if not ready:  # a cycle cannot be stored by the forms, but never loop forever
            ready = pending
        for old in ready:
            goals[old.pk] = Goal.objects.create(
                concept=new, key=old.key, kind=old.kind, title=old.title,
                description=old.description, position=old.position, predecessor=old,
                field=fields.get(old.field_id), parent=goals.get(old.parent_id))
        pending = [g for g in pending if g.pk not in goals]
    for old in concept.measures.prefetch_related(
            "fields", "goals", "partner_actors", "target_groups", "districts"):
        measure = Measure.objects.create(
            concept=new, external_id=old.external_id, title=old.title,
            description=old.description, status=old.status,
            responsible_actor_id=old.responsible_actor_id, start_date=old.start_date,
            end_date=old.end_date, funding_source=old.funding_source, budget=old.budget,
            is_public=old.is_public, council_decision_id=old.council_decision_id, predecessor=old)
        measure.fields.set([fields[f.pk] for f in old.fields.all()])
        measure.goals.set([goals[g.pk] for g in old.goals.all()])
        measure.partner_actors.set(old.partner_actors.all())
        measure.target_groups.set(old.target_groups.all())
        measure.districts.set(old.districts.all())
        MeasureStatusChange.objects.create(
            measure=measure, from_status="", to_status=measure.status,
            changed_on=datetime.date.today(), changed_by=_user(user),
            note=carried_over)
    # Local import: monitoring builds on strategy. Goals keep their indicators, and those not
    # yet reached are marked as carried forward.
    from teilhabe.monitoring.actions import carry_forward_goals

    carry_forward_goals(new_concept=new)
    history.record(new, user=user, before=None)
    return new


# The link of each kind to a council decision (a consultation).
COUNCIL_LINKS = {Concept: "adoption_id", Measure: "council_decision_id"}


@transaction.atomic
def save_linked(form, *, user, save=None):
    """Save a concept's or a measure's form (through `save`, else as a tracked change) and,
    where its council decision changed, renew the papers concerned: their OParl keywords
    say what points to them (api/oparl/serialize.py)."""
    model = type(form.instance)
    attname = COUNCIL_LINKS[model]
    stored = model.objects.filter(pk=form.instance.pk).values_list(attname, flat=True).first() \
        if form.instance.pk else None
    obj = (save or (lambda f: history.save_tracked(f, user=user)))(form)
    if getattr(obj, attname) != stored:
        council_actions.renew_papers(Consultation.objects.filter(
            pk__in=[pk for pk in (stored, getattr(obj, attname)) if pk]).values_list("paper_id", flat=True))
    return obj


@transaction.atomic
def adopt_concept(*, concept, user, adopted_on, adopted_by, adoption=None):
    """The council adopted this version: the previously adopted one is superseded, and
    offers are moved to the carried-forward fields of action."""
    concept = Concept.objects.select_for_update().get(pk=concept.pk)
    if concept.status != Concept.Status.DRAFT:
        raise ValidationError(_("Nur ein Entwurf kann beschlossen werden."))
    for previous in Concept.objects.select_for_update().filter(
            municipality=concept.municipality, status=Concept.Status.ADOPTED):
        before = history.snapshot(previous)
        previous.status = Concept.Status.SUPERSEDED
        previous.save(update_fields=["status", "modified_at"])
        history.record(previous, user=user, before=before)
    before = history.snapshot(concept)
    concept.status = Concept.Status.ADOPTED
    concept.adopted_on = adopted_on
    concept.adopted_by = adopted_by
    linked = adoption is not None and adoption.pk != concept.adoption_id
    if adoption is not None:
        concept.adoption = adoption
    concept.full_clean()
    concept.save()
    history.record(concept, user=user, before=before)
    if linked:
        council_actions.renew_papers([adoption.paper_id])
    for field in concept.fields.exclude(predecessor=None):
        Offer.objects.filter(field_of_action=field.predecessor_id).update(field_of_action=field)
    return concept


@transaction.atomic
def change_measure_status(*, measure, to_status, user, changed_on=None, note=""):
    """Move a measure along its life cycle; the row lock keeps two simultaneous
    changes from both applying to the same starting state."""
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    if to_status not in measure.allowed_transitions():
        raise ValidationError({"to_status": _("Von „%(from)s“ nach „%(to)s“ ist kein zulässiger Schritt.") % {
            "from": measure.get_status_display(), "to": Measure.Status(to_status).label
            if to_status in Measure.Status.values else to_status}})
    changed_on = changed_on or datetime.date.today()
    last = measure.status_changes.order_by("-changed_on", "-id").first()
    if last and changed_on < last.changed_on:
        raise ValidationError({"changed_on": _("Das Datum liegt vor der letzten Statusänderung (%(date)s).") % {
            "date": last.changed_on.strftime("%d.%m.%Y")}})
    before = history.snapshot(measure)
    change = MeasureStatusChange.objects.create(
        measure=measure, from_status=measure.status, to_status=to_status,
        changed_on=changed_on, changed_by=_user(user), note=note)
    measure.status = to_status
    measure.save(update_fields=["status", "modified_at"])
    history.record(measure, user=user, before=before)
    return change


@transaction.atomic
def create_measure(*, form, user):
    """Save a new measure from its form and open its status history. Measures are often
    entered after they began, so the first entry is dated at the start, if that is past."""
    measure = history.save_tracked(form, user=user)
    today = datetime.date.today()
    MeasureStatusChange.objects.create(
        measure=measure, from_status="", to_status=measure.status,
        changed_on=min(measure.start_date or today, today), changed_by=_user(user))
    return measure


def _user(user):
    return user if user is not None and user.is_authenticated else None
