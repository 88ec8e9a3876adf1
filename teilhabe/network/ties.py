"""The actor network of one municipality, read from the database.

Ties are derived (not stored) from what the municipality already records, plus the ties
somebody declared:

- partners on the same measure (responsible actor and partners) of the current concept,
- co-providers of offers under the same measure,
- members of the same working group,
- participants of the same event (conference, working-group meeting, information event):
  the actors present (teilhabe.participation.attendance), on the event's date; only events
  that have begun count,
- declared ties (cooperation agreements, referral relationships).

Every tie keeps its sources, each with its period (dates, None = open); a tie counts in a
period when one of its sources overlaps it.
"""
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import combinations

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from teilhabe.actors.models import Actor
from teilhabe.offers.models import Offer
from teilhabe.participation.attendance import attending_actors
from teilhabe.participation.models import Event
from teilhabe.strategy.models import Measure, current_concept

from .models import DeclaredTie, WorkingGroup

SOURCE_KINDS = {
    "measure": _("gemeinsame Maßnahme"),
    "offers": _("Angebote zur selben Maßnahme"),
    "working_group": _("gemeinsamer Arbeitskreis"),
    "event": _("gemeinsame Veranstaltung"),
    "declared": _("erklärte Verbindung"),
}


@dataclass(frozen=True)
class Source:
    kind: str
    label: str
    start: date | None = None
    end: date | None = None

    def overlaps(self, period):
        if period is None:
            return True
        start, end = period
        return (self.start is None or self.start <= end) and (self.end is None or self.end >= start)

    @property
    def kind_label(self):
        return SOURCE_KINDS[self.kind]


@dataclass
class Tie:
    a: int
    b: int
    sources: list = field(default_factory=list)

    @property
    def start(self):
        starts = [s.start for s in self.sources]
        return None if None in starts else min(starts)

    @property
    def end(self):
        ends = [s.end for s in self.sources]
        return None if None in ends else max(ends)


@dataclass
class NetworkData:
    """Actors (id → {"name", "kind", "fields", "districts"}) and ties ((a, b) → Tie, a < b)."""
    actors: dict
    ties: dict

    def restricted(self, *, field_key=None, district_id=None):
        """The actors active in a field of action and/or district, and the ties among them."""
        keep = {pk for pk, a in self.actors.items()
                if (not field_key or field_key in a["fields"]) and (not district_id or district_id in a["districts"])}
        return NetworkData({pk: a for pk, a in self.actors.items() if pk in keep},
                           {k: t for k, t in self.ties.items() if k[0] in keep and k[1] in keep})


def year_period(year):
    return (date(year, 1, 1), date(year, 12, 31))


def _add(ties, actor_ids, source, period):
    if not source.overlaps(period):
        return
    for a, b in combinations(sorted(set(actor_ids) - {None}), 2):
        ties.setdefault((a, b), Tie(a, b)).sources.append(source)


def load_network(municipality, period=None, *, public=False):
    """The network of the municipality in a period ((start, end) dates; None = all time).
    A Kreis's network holds its towns' actors and ties too; a town's holds the actors of
    its Kreis that work in it (Actor.works_in) with the ties they have there. `public=True`
    derives ties only from public measures, published offers and public events (the
    transparency page: an internal measure must not show even as a counted tie)."""
    region = municipality.region()
    actors = {pk: {"name": name, "kind": kind, "fields": set(), "districts": set()}
              for pk, name, kind in Actor.objects.filter(
                  Q(municipality__in=region) | Q(works_in=municipality)).distinct().values_list("pk", "name", "kind")}
    for actor_id, district_id in Actor.districts.through.objects.filter(
            actor__in=list(actors)).values_list("actor_id", "district_id"):
        actors[actor_id]["districts"].add(district_id)
    ties = {}
    concepts = [c for c in (current_concept(m) for m in region) if c is not None]
    measures = {}
    shown = Measure.objects.public() if public else Measure.objects
    for m in shown.filter(concept__in=concepts).prefetch_related("partner_actors", "fields", "districts"):
        members = {m.responsible_actor_id} | {a.pk for a in m.partner_actors.all()}
        members.discard(None)
        members &= actors.keys()  # an actor of the Kreis that does not work here
        measures[m.pk] = m
        source = Source("measure", m.title, m.start_date, m.end_date)
        if source.overlaps(period):
            for pk in members:
                actors[pk]["fields"].update(f.key for f in m.fields.all())
                actors[pk]["districts"].update(d.pk for d in m.districts.all())
        _add(ties, members, source, period)
    providers = {}
    offers = ((Offer.objects.public() if public else Offer.objects).filter(municipality__in=region,
                                                                           provider__in=list(actors))
              .select_related("field_of_action").prefetch_related("districts"))
    for o in offers:
        actors[o.provider_id]["districts"].update(d.pk for d in o.districts.all())
        if o.field_of_action_id:
            actors[o.provider_id]["fields"].add(o.field_of_action.key)
        if o.measure_id in measures:
            providers.setdefault(o.measure_id, set()).add(o.provider_id)
    for measure_id, ids in providers.items():
        m = measures[measure_id]
        _add(ties, ids, Source("offers", m.title, m.start_date, m.end_date), period)
    for group in WorkingGroup.objects.filter(municipality__in=region).prefetch_related("members"):
        source = Source("working_group", group.name, group.valid_from, group.valid_to)
        members = [a.pk for a in group.members.all() if a.pk in actors]
        if group.field_key and source.overlaps(period):
            for pk in members:
                actors[pk]["fields"].add(group.field_key)
        _add(ties, members, source, period)
    events = (Event.objects.public() if public else Event.objects).filter(
        municipality__in=region, starts_at__lte=timezone.now())
    if period is not None:  # events after the period cannot overlap it; Source.overlaps decides the rest
        events = events.filter(starts_at__lt=timezone.make_aware(
            datetime.combine(period[1] + timedelta(days=2), datetime.min.time())))
    present = {pk: ids & actors.keys() for pk, ids in attending_actors(events).items()}
    if present:
        for event in events.filter(pk__in=present).only("title", "starts_at", "ends_at"):
            start = timezone.localtime(event.starts_at).date()
            end = timezone.localtime(event.ends_at).date() if event.ends_at else start
            label = f"{event.title} ({date_format(start, 'SHORT_DATE_FORMAT')})"
            _add(ties, present[event.pk], Source("event", label, start, end), period)
    for tie in DeclaredTie.objects.filter(municipality__in=region, actor_a__in=list(actors),
                                          actor_b__in=list(actors)):
        label = f"{tie.get_kind_display()}" + (f": {tie.source}" if tie.source else "")
        _add(ties, (tie.actor_a_id, tie.actor_b_id), Source("declared", label, tie.valid_from, tie.valid_to), period)
    return NetworkData(actors, ties)
