"""The open datasets of a municipality — offers, measures, indicators, events — as rows of
a fixed column order, for the CSV downloads and the DCAT-AP.de catalogue (its titles,
descriptions and dct:modified). Only what the portal and the API show publicly, and nothing
personal: no contact person's name, no registration, nothing about who sent an idea.
Internal indicators (Indicator.is_public off) are not in any dataset."""
import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Max, Q
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from teilhabe.monitoring import public as monitoring
from teilhabe.monitoring.models import Observation
from teilhabe.offers.models import Offer
from teilhabe.participation.models import Event, Registration
from teilhabe.strategy.models import Measure


@dataclass(frozen=True)
class Dataset:
    name: str
    title: object
    description: object
    columns: tuple
    rows: object        # municipality → iterable of tuples in column order
    modified: object    # municipality → the newest change among the rows, or None


def _day(value):
    return value.isoformat() if value else ""


def _moment(value):
    return value.astimezone(datetime.timezone.utc).isoformat().replace("+00:00", "Z") if value else ""


def _join(values):
    return "; ".join(v for v in values if v)


def _number(value):
    return "" if value is None else format(value.normalize(), "f") if hasattr(value, "normalize") else str(value)


def _offers(m):
    qs = Offer.objects.public().filter(municipality=m).select_related(
        "provider", "field_of_action__concept").prefetch_related("target_groups", "districts", "languages")
    for o in qs.order_by("external_id", "pk"):
        field = o.field_of_action
        yield (o.external_id, o.title, o.description, o.provider.name if o.provider.is_published else "",
               field.key if field and field.is_visible else "",
               _join(t.key for t in o.target_groups.all()), _join(d.key for d in o.districts.all()),
               _join(x.code for x in o.languages.all()), o.schedule, o.cost, o.place_name, o.street, o.postcode,
               o.city, _number(o.latitude), _number(o.longitude), o.contact_email, o.contact_phone, o.website,
               f"/{m.slug}/offers/{o.external_id}/", _moment(o.modified_at))


def _measures(m):
    qs = Measure.objects.public().filter(concept__municipality=m).select_related(
        "concept", "responsible_actor").prefetch_related("fields", "goals", "target_groups")
    for x in qs.order_by("concept__version", "external_id", "pk"):
        actor = x.responsible_actor
        yield (x.external_id, x.concept.version, x.title, x.description, x.status,
               _join(f.key for f in x.fields.all()), _join(g.key for g in x.goals.all()),
               _join(t.key for t in x.target_groups.all()), actor.name if actor and actor.is_published else "",
               _day(x.start_date), _day(x.end_date), f"/{m.slug}/measures/{x.external_id}/", _moment(x.modified_at))


def _indicators(m):
    values = Observation.objects.filter(indicator__in=monitoring.indicators(m)).select_related(
        "indicator", "district").order_by("indicator__position", "indicator__key", "period",
                                          # the whole municipality first, on PostgreSQL too
                                          F("district__key").asc(nulls_first=True), "category", "pk")
    for v in values:
        i = v.indicator
        yield (i.key, i.name, i.unit, i.direction, v.period, v.district.key if v.district_id else "",
               v.district.name if v.district_id else "", v.category, _number(v.value))


def _events(m):
    qs = Event.objects.public().filter(municipality=m).select_related("district").prefetch_related(
        "fields__concept").annotate(taken=Count("registrations", filter=Q(
            registrations__status=Registration.Status.REGISTERED)))
    for e in qs.order_by("starts_at", "pk"):
        free = "" if e.capacity is None else max(e.capacity - e.taken, 0)
        yield (e.pk, e.kind, e.title, e.description, _moment(e.starts_at), _moment(e.ends_at), e.place_name,
               e.street, e.postcode, e.city, e.district.key if e.district_id else "", e.organiser,
               _join(f.key for f in e.fields.all() if f.is_visible),
               "" if e.capacity is None else e.capacity, free, f"/{m.slug}/events/{e.pk}/", _moment(e.modified_at))


def _newest(qs, field="modified_at"):
    return qs.aggregate(newest=Max(field))["newest"]


DATASETS = {d.name: d for d in (
    Dataset("offers", pgettext_lazy("dataset", "Angebote"), _("Veröffentlichte Angebote für Zugewanderte: Träger, Handlungsfeld, "
                                       "Zielgruppen, Stadtteile, Sprachen, Ort und Kontakt."),
            ("external_id", "title", "description", "provider", "field_of_action", "target_groups", "districts",
             "languages", "schedule", "cost", "place_name", "street", "postcode", "city", "latitude", "longitude",
             "email", "phone", "website", "url", "modified_at"),
            _offers, lambda m: _newest(Offer.objects.public().filter(municipality=m))),
    Dataset("measures", pgettext_lazy("dataset", "Maßnahmen"), _("Öffentliche Maßnahmen des Integrationskonzepts mit Stand, "
                                          "Handlungsfeldern, Zielen und Zeitraum."),
            ("external_id", "concept_version", "title", "description", "status", "fields_of_action", "goals",
             "target_groups", "responsible_actor", "start_date", "end_date", "url", "modified_at"),
            _measures, lambda m: _newest(Measure.objects.public().filter(concept__municipality=m))),
    Dataset("indicators", pgettext_lazy("dataset", "Indikatoren"), _("Werte der öffentlichen Indikatoren des Integrationsmonitorings, "
                                              "je Zeitraum, Stadtteil und Kategorie."),
            ("indicator", "name", "unit", "direction", "period", "district", "district_name", "category", "value"),
            _indicators, lambda m: _newest(monitoring.indicators(m))),
    Dataset("events", pgettext_lazy("dataset", "Veranstaltungen"), _("Öffentliche Veranstaltungen mit Ort, Zeit und freien Plätzen "
                                              "(keine Anmeldungen)."),
            ("id", "kind", "title", "description", "starts_at", "ends_at", "place_name", "street", "postcode",
             "city", "district", "organiser", "fields_of_action", "capacity", "free_places", "url", "modified_at"),
            _events, lambda m: _newest(Event.objects.public().filter(municipality=m))),
)}
