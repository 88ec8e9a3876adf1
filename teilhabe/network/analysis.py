"""Network figures (networkx), coverage of fields, districts and target groups, and the
recommendations that follow from them.

The graph functions take plain data (teilhabe.network.ties.NetworkData) so that they can be
tested on small networks with known answers and benchmarked without a database.
"""
from dataclasses import dataclass, field
from statistics import median

import networkx as nx
from django.utils.formats import number_format
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from teilhabe.actors.models import Actor
from teilhabe.lib.html import isolate
from teilhabe.offers.models import Offer
from teilhabe.strategy.models import Measure, current_concept

# Exact betweenness costs one breadth-first search per actor. Above this many actors it is
# estimated from a sample of sources (networkx's k), keeping a large network under seconds.
EXACT_BETWEENNESS_LIMIT = 1000
# Sample size budget: sources × ties visited.
BETWEENNESS_BUDGET = 2_000_000
BROKERS = 5
# Kinds whose absence from a field of action the KGSt asked about first.
WATCHED_KINDS = (Actor.Kind.MIGRANT_ORGANISATION, Actor.Kind.RELIGIOUS_COMMUNITY)


def build_graph(data):
    graph = nx.Graph()
    for pk, actor in data.actors.items():
        graph.add_node(pk, name=actor["name"], kind=actor["kind"])
    for (a, b), tie in data.ties.items():
        graph.add_edge(a, b, weight=len(tie.sources))
    return graph


@dataclass
class Figures:
    actors: int
    ties: int
    density: float
    components: list          # sizes, largest first (an isolated actor is a component of 1)
    degree: dict              # node → number of ties
    degree_centrality: dict
    betweenness: dict         # normalised
    betweenness_sample: int | None  # None: exact
    brokers: list             # nodes, highest betweenness first (only > 0)
    isolated: list
    peripheral: list          # exactly one tie
    names: dict = field(default_factory=dict)
    kinds: dict = field(default_factory=dict)

    @property
    def component_count(self):
        return len(self.components)


def analyse(graph, *, seed=1):
    n, m = graph.number_of_nodes(), graph.number_of_edges()
    sample = None
    if n > EXACT_BETWEENNESS_LIMIT:
        sample = min(n, max(10, BETWEENNESS_BUDGET // max(m, 1)))
        betweenness = nx.betweenness_centrality(graph, k=sample, seed=seed)
    else:
        betweenness = nx.betweenness_centrality(graph)
    degree = dict(graph.degree())
    names = nx.get_node_attributes(graph, "name")
    by_name = lambda pk: (names.get(pk, ""), pk)  # noqa: E731 - stable order for equal figures
    brokers = sorted((pk for pk, value in betweenness.items() if value > 0),
                     key=lambda pk: (-betweenness[pk], by_name(pk)))[:BROKERS]
    return Figures(
        actors=n, ties=m, density=nx.density(graph) if n > 1 else 0.0,
        components=sorted((len(c) for c in nx.connected_components(graph)), reverse=True),
        degree=degree, degree_centrality=nx.degree_centrality(graph) if n > 1 else dict.fromkeys(graph, 0.0),
        betweenness=betweenness, betweenness_sample=sample, brokers=brokers,
        isolated=sorted((pk for pk, d in degree.items() if d == 0), key=by_name),
        peripheral=sorted((pk for pk, d in degree.items() if d == 1), key=by_name),
        names=names, kinds=nx.get_node_attributes(graph, "kind"))


@dataclass
class Change:
    actors_before: int
    actors_after: int
    ties_before: int
    ties_after: int
    density_before: float
    density_after: float
    ties_added: int
    ties_ended: int
    joined: list   # actors with ties now that had none before
    left: list     # actors with ties before that have none now


def compare(before, after):
    """How the network changed from one period's graph to the next's. Actors count when they
    have at least one tie."""
    def active(g):
        return {pk for pk, d in g.degree() if d > 0}

    def edges(g):
        return {tuple(sorted(e)) for e in g.edges()}

    eb, ea = edges(before), edges(after)
    ab, aa = active(before), active(after)
    names = nx.get_node_attributes(after, "name") | nx.get_node_attributes(before, "name")
    return Change(
        actors_before=len(ab), actors_after=len(aa), ties_before=len(eb), ties_after=len(ea),
        density_before=nx.density(before) if len(before) > 1 else 0.0,
        density_after=nx.density(after) if len(after) > 1 else 0.0,
        ties_added=len(ea - eb), ties_ended=len(eb - ea),
        joined=sorted(aa - ab, key=lambda pk: names.get(pk, "")),
        left=sorted(ab - aa, key=lambda pk: names.get(pk, "")))


# --- coverage ------------------------------------------------------------------------

@dataclass
class Coverage:
    label: str
    key: str
    actors: int
    offers: int
    measures: int = 0
    missing_kinds: list = field(default_factory=list)
    gap: bool = False

    @property
    def missing_kind_labels(self):
        return [Actor.Kind(k).label for k in self.missing_kinds]


def _mark_gaps(rows):
    """A row is a gap when it has no actors or offers, or fewer actors than half the median."""
    if not rows:
        return rows
    mid = median(r.actors for r in rows)
    for r in rows:
        r.gap = r.actors == 0 or r.offers == 0 or r.actors < mid / 2
    return rows


def coverage(municipality, data):
    """Per field of action, district and target group: how many actors and offers, and which
    watched kinds of actor are missing from each field."""
    concept = current_concept(municipality)
    offers = Offer.objects.filter(municipality=municipality)
    fields = []
    if concept is not None:
        offer_counts = {}
        for key in offers.filter(field_of_action__isnull=False).values_list("field_of_action__key", flat=True):
            offer_counts[key] = offer_counts.get(key, 0) + 1
        for f in concept.fields.all():
            present = [a for a in data.actors.values() if f.key in a["fields"]]
            kinds = {a["kind"] for a in present}
            fields.append(Coverage(
                label=f.name, key=f.key, actors=len(present), offers=offer_counts.get(f.key, 0),
                measures=f.measures.count(), missing_kinds=[k for k in WATCHED_KINDS if k not in kinds]))
    districts = []
    for d in municipality.districts.all():
        districts.append(Coverage(
            label=d.name, key=d.key, actors=sum(1 for a in data.actors.values() if d.pk in a["districts"]),
            offers=offers.filter(districts=d).count()))
    groups = []
    measures = Measure.objects.filter(concept=concept) if concept is not None else Measure.objects.none()
    for t in municipality.target_groups.all():
        tg_offers = offers.filter(target_groups=t)
        tg_measures = measures.filter(target_groups=t)
        actor_ids = set(tg_offers.values_list("provider_id", flat=True))
        actor_ids |= set(tg_measures.exclude(responsible_actor=None).values_list("responsible_actor_id", flat=True))
        actor_ids |= set(tg_measures.exclude(partner_actors=None).values_list("partner_actors", flat=True))
        groups.append(Coverage(label=str(t), key=t.key, actors=len(actor_ids), offers=tg_offers.count(),
                               measures=tg_measures.count()))
    return {"fields": _mark_gaps(fields), "districts": _mark_gaps(districts), "target_groups": _mark_gaps(groups)}


# --- recommendations -----------------------------------------------------------------

@dataclass
class Recommendation:
    kind: str     # invite | strengthen_field | strengthen_district | missing_kind | isolated
    text: str     # HTML: the names in it isolated (_named)
    figure: str   # the figure that supports it


INVITES_PER_GROUP = 3


def _named(message, **names):
    """The message as HTML with the names people typed isolated (<bdi>): on a right-to-left
    page "1. Obergeschoss" would otherwise read "Obergeschoss .1"."""
    return mark_safe(conditional_escape(message) % {key: isolate(value) for key, value in names.items()})


def recommendations(municipality, data, figures, cover):
    from .models import WorkingGroup

    result = []
    for group in WorkingGroup.objects.filter(municipality=municipality).prefetch_related("members"):
        if not group.field_key:
            continue
        members = {a.pk for a in group.members.all()}
        candidates = [pk for pk, a in data.actors.items() if group.field_key in a["fields"] and pk not in members]
        candidates.sort(key=lambda pk: (-figures.degree.get(pk, 0), data.actors[pk]["name"]))
        for pk in candidates[:INVITES_PER_GROUP]:
            result.append(Recommendation(
                "invite",
                _named(_("%(actor)s in den Arbeitskreis „%(group)s“ einladen"), actor=data.actors[pk]["name"],
                       group=group.name),
                ngettext("im Handlungsfeld aktiv, nicht Mitglied; %(n)s Verbindung im Netzwerk",
                         "im Handlungsfeld aktiv, nicht Mitglied; %(n)s Verbindungen im Netzwerk",
                         figures.degree.get(pk, 0)) % {"n": figures.degree.get(pk, 0)}))
    field_median = median([r.actors for r in cover["fields"]]) if cover["fields"] else 0
    for row in cover["fields"]:
        if row.gap:
            result.append(Recommendation(
                "strengthen_field", _named(_("Handlungsfeld „%(field)s“ stärken"), field=row.label),
                _("%(actors)s Akteure, %(offers)s Angebote (Median der Handlungsfelder: %(median)s Akteure)")
                % {"actors": row.actors, "offers": row.offers, "median": _number(field_median)}))
        for kind in row.missing_kinds:
            result.append(Recommendation(
                "missing_kind", _named(_("%(kind)s für das Handlungsfeld „%(field)s“ gewinnen"),
                                       kind=Actor.Kind(kind).label, field=row.label),
                _("0 von %(actors)s Akteuren im Handlungsfeld") % {"actors": row.actors}))
    district_median = median([r.offers for r in cover["districts"]]) if cover["districts"] else 0
    for row in cover["districts"]:
        if row.gap:
            result.append(Recommendation(
                "strengthen_district", _named(_("Stadtteil „%(district)s“ stärken"), district=row.label),
                _("%(actors)s Akteure, %(offers)s Angebote (Median der Stadtteile: %(median)s Angebote)")
                % {"actors": row.actors, "offers": row.offers, "median": _number(district_median)}))
    if figures.isolated:
        names = [figures.names[pk] for pk in figures.isolated]
        shown = mark_safe(", ".join(conditional_escape(isolate(n)) for n in names[:5]) + (" …" if len(names) > 5 else ""))
        result.append(Recommendation(
            "isolated", _named(_("Akteure ohne Verbindung einbinden: %(names)s"), names=shown),
            _("%(n)s von %(total)s Akteuren ohne Verbindung") % {"n": len(names), "total": figures.actors}))
    return result


def _number(value):
    return number_format(value, decimal_pos=0 if float(value).is_integer() else 1)
