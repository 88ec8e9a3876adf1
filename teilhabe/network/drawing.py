"""The network as an SVG picture, laid out on the server by networkx.

Only presentation attributes (fill=, r=, stroke=), no style attributes or scripts: the CSP
forbids inline styles. Every actor has a <title> (its name, kind and figures) that screen
readers and a mouse pointer show; the page adds the same facts as a table.
"""
import math

import networkx as nx
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from teilhabe.actors.models import Actor
from teilhabe.lib.html import direction

# Okabe–Ito colours (distinguishable with the common colour-vision deficiencies) plus greys.
KIND_COLOURS = {
    Actor.Kind.ADMINISTRATION: "#0072B2",
    Actor.Kind.ASSOCIATION: "#E69F00",
    Actor.Kind.MIGRANT_ORGANISATION: "#009E73",
    Actor.Kind.RELIGIOUS_COMMUNITY: "#CC79A7",
    Actor.Kind.WELFARE: "#D55E00",
    Actor.Kind.SCHOOL: "#56B4E9",
    Actor.Kind.EDUCATION: "#F0E442",
    Actor.Kind.POLITICAL: "#000000",
    Actor.Kind.OTHER: "#999999",
}
WIDTH, HEIGHT, MARGIN = 960, 640, 40
# Names are written beside the most connected actors only; the rest carry a <title>, so the
# picture stays readable with 200 actors.
LABELS = 25
# The layout keeps an n × n distance matrix: larger networks are drawn with their most
# connected actors only (the table still lists all of them).
DRAW_LIMIT = 500


def layout(graph, *, seed=1):
    """Positions in [0, 1]². ForceAtlas2 needs numpy only (networkx's spring layout needs
    scipy from 500 nodes on); the seed makes the picture the same on every request."""
    n = len(graph)
    if n == 0:
        return {}
    if n <= 2:
        return nx.circular_layout(graph) if n == 2 else {next(iter(graph)): (0.5, 0.5)}
    pos = nx.forceatlas2_layout(graph, seed=seed, max_iter=100, strong_gravity=True)
    return pos


def _scale(pos):
    if not pos:
        return {}
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    x0, y0 = min(xs), min(ys)
    span_x, span_y = (max(xs) - x0) or 1.0, (max(ys) - y0) or 1.0
    w, h = WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN
    return {node: (MARGIN + (x - x0) / span_x * w if len(pos) > 1 else WIDTH / 2,
                   MARGIN + (y - y0) / span_y * h if len(pos) > 1 else HEIGHT / 2)
            for node, (x, y) in pos.items()}


def drawn_subgraph(graph, figures):
    if len(graph) <= DRAW_LIMIT:
        return graph
    keep = sorted(graph, key=lambda n: (-figures.degree.get(n, 0), figures.names.get(n, "")))[:DRAW_LIMIT]
    return graph.subgraph(keep)


def draw(graph, figures, *, title, seed=1):
    graph = drawn_subgraph(graph, figures)
    pos = _scale(layout(graph, seed=seed))
    max_degree = max(figures.degree.values(), default=0) or 1
    radius = {node: 4 + 12 * math.sqrt(figures.degree.get(node, 0) / max_degree) for node in graph}
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
           f'aria-labelledby="network-title network-desc" class="network-drawing">',
           f'<title id="network-title">{escape(title)}</title>',
           '<desc id="network-desc">{}</desc>'.format(escape(
               _("%(actors)s Akteure, %(ties)s Verbindungen. Farbe: Art des Akteurs; Größe: Zahl der Verbindungen. "
                 "Dieselben Angaben stehen in der Tabelle unter dem Bild.")
               % {"actors": figures.actors, "ties": figures.ties}
               + ("" if len(graph) == figures.actors else " " + _(
                   "Gezeichnet sind die %(n)s am stärksten vernetzten Akteure.") % {"n": len(graph)}))),
           f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
           '<g stroke="#8a8a8a" stroke-opacity="0.6">']
    for a, b, data in graph.edges(data=True):
        (x1, y1), (x2, y2) = pos[a], pos[b]
        width = min(1 + data.get("weight", 1) * 0.5, 4)
        out.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke-width="{width:.1f}"/>')
    out.append("</g>")
    labelled = set(sorted(graph, key=lambda n: (-figures.degree.get(n, 0), figures.names.get(n, "")))[:LABELS])
    kind_labels = dict(Actor.Kind.choices)
    for node in graph:
        x, y = pos[node]
        name = figures.names.get(node, "")
        kind = figures.kinds.get(node, Actor.Kind.OTHER)
        degree = figures.degree.get(node, 0)
        tip = ngettext("%(name)s (%(kind)s): %(degree)s Verbindung, Zwischenposition %(betweenness)s",
                       "%(name)s (%(kind)s): %(degree)s Verbindungen, Zwischenposition %(betweenness)s", degree) % {
            "name": name, "kind": kind_labels.get(kind, kind), "degree": degree,
            "betweenness": f"{figures.betweenness.get(node, 0):.3f}"}
        out.append(f'<g><title>{escape(tip)}</title>'
                   f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius[node]:.1f}" '
                   f'fill="{KIND_COLOURS.get(kind, "#999999")}" stroke="#222222" stroke-width="1"/>')
        if node in labelled:
            # Its own direction, not the page's: "1. Obergeschoss" must not read "Obergeschoss .1"
            # on an Arabic page; right of its circle either way.
            rtl = direction(name) == "rtl"
            out.append(f'<text x="{x + radius[node] + 3:.1f}" y="{y + 4:.1f}" direction="{"rtl" if rtl else "ltr"}" '
                       f'text-anchor="{"end" if rtl else "start"}" font-size="13" fill="#111111" '
                       f'stroke="#ffffff" stroke-width="3" paint-order="stroke">{escape(name)}</text>')
        out.append("</g>")
    out.append("</svg>")
    return mark_safe("".join(out))


def legend():
    """(colour, label) of every kind of actor, for the legend beside the picture."""
    return [(KIND_COLOURS[kind], label) for kind, label in Actor.Kind.choices]
