"""The actor network in the back office: figures, picture, table, coverage, recommendations,
exports. For coordinators and viewers (of the town or its Kreis); actor editors and
everyone else are refused."""
import csv
import io

import networkx as nx
from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from teilhabe.actors.models import Actor
from teilhabe.lib.html import isolate, quoted
from teilhabe.monitoring.downloads import safe_text
from teilhabe.municipalities import access, history
from teilhabe.network import analysis, drawing, opening, rules
from teilhabe.network.models import DeclaredTie, IntegrationOfficer, Training, WorkingGroup
from teilhabe.network.ties import SOURCE_KINDS, load_network, year_period
from teilhabe.strategy.models import current_concept

from ..network_forms import DeclaredTieForm, IntegrationOfficerForm, TrainingForm, WorkingGroupForm
from .common import base_context, require, save_form

FIRST_YEAR = 2000


class FilterForm(forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("Jahr"), coerce=int, required=False)
    field = forms.ChoiceField(label=gettext_lazy("Handlungsfeld"), required=False)
    district = forms.TypedChoiceField(label=gettext_lazy("Stadtteil"), coerce=int, required=False)

    def __init__(self, data, *, municipality):
        super().__init__(data)
        this_year = timezone.localdate().year
        self.fields["year"].choices = [("", _("alle Jahre"))] + [
            (y, str(y)) for y in range(this_year + 1, FIRST_YEAR - 1, -1)]
        concept = current_concept(municipality)
        self.fields["field"].choices = [("", _("alle"))] + (
            [(f.key, f.name) for f in concept.fields.all()] if concept else [])
        self.fields["district"].choices = [("", _("alle"))] + [
            (d.pk, d.name) for d in municipality.districts.all()]

    def selection(self):
        """(year, field key, district id); invalid values count as "all"."""
        data = self.cleaned_data if self.is_valid() else {}
        return data.get("year") or None, data.get("field") or None, data.get("district") or None


def _municipality(request, slug):
    municipality = access.get_municipality(request, slug)
    require(rules.can_read(request.user, municipality))
    return municipality


def _network(request, municipality):
    form = FilterForm(request.GET or None, municipality=municipality)
    year, field_key, district_id = form.selection()
    data = load_network(municipality, year_period(year) if year else None)
    view = data.restricted(field_key=field_key, district_id=district_id)
    return form, year, field_key, district_id, data, view


@login_required
@require_safe
def network(request, slug):
    municipality = _municipality(request, slug)
    form, year, field_key, district_id, data, view = _network(request, municipality)
    graph = analysis.build_graph(view)
    figures = analysis.analyse(graph)
    change = None
    if year:
        before = load_network(municipality, year_period(year - 1)).restricted(
            field_key=field_key, district_id=district_id)
        change = analysis.compare(analysis.build_graph(before), graph)
    # Coverage and recommendations look at the whole municipality in the period: a gap is a
    # gap of the town, not of the filtered picture.
    full_figures = figures if view is data else analysis.analyse(analysis.build_graph(data))
    cover = analysis.coverage(municipality, data)
    kind_labels = dict(Actor.Kind.choices)
    rows = []
    for pk in sorted(graph, key=lambda n: (-figures.degree[n], figures.names[n])):
        rows.append({
            "name": figures.names[pk], "kind": kind_labels.get(figures.kinds[pk], figures.kinds[pk]),
            "degree": figures.degree[pk], "degree_centrality": figures.degree_centrality[pk],
            "betweenness": figures.betweenness[pk], "broker": pk in figures.brokers,
            "neighbours": sorted(_neighbour(figures.names[n], view.ties[(min(pk, n), max(pk, n))])
                                 for n in graph[pk])})
    title = _("Akteursnetzwerk %(name)s") % {"name": municipality.name}
    query = request.GET.urlencode()
    return render(request, "backoffice/network/network.html", base_context(
        request, municipality, section="network", form=form, year=year, figures=figures, change=change,
        names=figures.names, svg=drawing.draw(graph, figures, title=title), legend=drawing.legend(), rows=rows,
        brokers=[figures.names[pk] for pk in figures.brokers],
        isolated=[figures.names[pk] for pk in figures.isolated],
        peripheral=[figures.names[pk] for pk in figures.peripheral],
        joined=[figures.names.get(pk, "") for pk in change.joined] if change else [],
        cover=cover, recommendations=analysis.recommendations(municipality, data, full_figures, cover),
        query=f"?{query}" if query else "", title=title))


def _neighbour(name, tie):
    """"Caritas (gemeinsame Maßnahme „Sprachkurse“; …)": a partner and where the tie comes from,
    the names isolated for a right-to-left page."""
    return format_html("{} ({})", isolate(name), mark_safe("; ".join(
        format_html("{} {}", s.kind_label, quoted(isolate(s.label))) for s in tie.sources)))


def _ties_rows(view):
    for (a, b), tie in sorted(view.ties.items(), key=lambda i: (view.actors[i[0][0]]["name"],
                                                                 view.actors[i[0][1]]["name"])):
        yield (view.actors[a]["name"], view.actors[b]["name"],
               "; ".join(str(SOURCE_KINDS[s.kind]) for s in tie.sources),
               "; ".join(s.label for s in tie.sources),
               tie.start.isoformat() if tie.start else "", tie.end.isoformat() if tie.end else "")


@login_required
@require_safe
def export_csv(request, slug):
    municipality = _municipality(request, slug)
    view = _network(request, municipality)[5]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Akteur"), _("Partner"), _("Art der Verbindung"), _("Quellen"), pgettext("Datum", "von"), _("bis")])
    for row in _ties_rows(view):
        writer.writerow([safe_text(v) for v in row])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="netzwerk-{municipality.slug}.csv"'
    return response


@login_required
@require_safe
def export_graphml(request, slug):
    municipality = _municipality(request, slug)
    view = _network(request, municipality)[5]
    graph = nx.Graph()
    for pk, actor in view.actors.items():
        graph.add_node(pk, name=actor["name"], kind=actor["kind"])
    for (a, b), tie in view.ties.items():
        graph.add_edge(a, b, weight=len(tie.sources), kinds=";".join(s.kind for s in tie.sources),
                       sources="; ".join(s.label for s in tie.sources),
                       start=tie.start.isoformat() if tie.start else "", end=tie.end.isoformat() if tie.end else "")
    figures = analysis.analyse(graph)
    nx.set_node_attributes(graph, figures.degree, "degree")
    nx.set_node_attributes(graph, figures.betweenness, "betweenness")
    response = HttpResponse("\n".join(nx.generate_graphml(graph)), content_type="application/graphml+xml")
    response["Content-Disposition"] = f'attachment; filename="netzwerk-{municipality.slug}.graphml"'
    return response


# --- working groups and declared ties: read by coordinators and viewers, written by
# coordinators ------------------------------------------------------------------------

@login_required
@require_safe
def entries(request, slug):
    municipality = _municipality(request, slug)
    return render(request, "backoffice/network/entries.html", base_context(
        request, municipality, section="network",
        can_manage=rules.can_manage(request.user, municipality),
        groups=WorkingGroup.objects.filter(municipality=municipality).prefetch_related("members"),
        ties=DeclaredTie.objects.filter(municipality=municipality).select_related("actor_a", "actor_b")))


def _managed(request, slug):
    municipality = access.get_municipality(request, slug)
    require(rules.can_manage(request.user, municipality))
    return municipality


def _edit(request, slug, pk, model, form_class, title_new, title_edit):
    municipality = _managed(request, slug)
    instance = access.get_or_404(model.objects.filter(municipality=municipality), pk) if pk else model()
    form = form_class(request.POST or None, instance=instance, municipality=municipality)
    if request.method == "POST" and save_form(request, form, lambda f: history.save_tracked(f, user=request.user)):
        return redirect("network:entries", slug)
    return render(request, "backoffice/form.html", base_context(
        request, municipality, section="network", form=form, object=instance if pk else None,
        title=title_edit if pk else title_new, history=history.history_for(instance) if pk else None))


@login_required
def group_edit(request, slug, pk=None):
    return _edit(request, slug, pk, WorkingGroup, WorkingGroupForm, _("Neuer Arbeitskreis"),
                 _("Arbeitskreis bearbeiten"))


@login_required
def tie_edit(request, slug, pk=None):
    return _edit(request, slug, pk, DeclaredTie, DeclaredTieForm, _("Neue Kooperation"),
                 _("Kooperation bearbeiten"))


@login_required
@require_POST
def entry_delete(request, slug, kind, pk):
    municipality = _managed(request, slug)
    model = {"groups": WorkingGroup, "ties": DeclaredTie}[kind]
    history.delete_tracked(access.get_or_404(model.objects.filter(municipality=municipality), pk), user=request.user)
    messages.success(request, _("Gelöscht."))
    return redirect("network:entries", slug)


@login_required
@require_safe
def opening_overview(request, slug):
    """Intercultural opening: a town's departments; a Kreis sees its own and its towns'."""
    municipality = _municipality(request, slug)
    if municipality.kind == municipality.Kind.KREIS:
        tables = opening.kreis_overview(municipality)
    else:
        tables = [(municipality, opening.departments(municipality))]
    return render(request, "backoffice/network/opening.html", base_context(
        request, municipality, section="network", tables=tables,
        can_manage=rules.can_manage(request.user, municipality)))


def _department(request, slug, pk):
    municipality = _managed(request, slug)
    department = access.get_or_404(municipality.actors.filter(kind=Actor.Kind.ADMINISTRATION), pk)
    return municipality, department


@login_required
def officer_edit(request, slug, pk):
    municipality, department = _department(request, slug, pk)
    instance = IntegrationOfficer.objects.filter(department=department).first() or IntegrationOfficer()
    form = IntegrationOfficerForm(request.POST or None, instance=instance, department=department)
    if request.method == "POST" and save_form(request, form, lambda f: history.save_tracked(f, user=request.user)):
        return redirect("network:opening", slug)
    return render(request, "backoffice/form.html", base_context(
        request, municipality, section="network", form=form, parent=department,
        title=_("Integrationsbeauftragte*r"),
        privacy_note=_("Ein Name wird nur gezeigt, wenn die Ansprechperson der Veröffentlichung zugestimmt hat; "
                       "sonst steht hier nur die Funktion.")))


@login_required
def training_new(request, slug, pk):
    municipality, department = _department(request, slug, pk)
    form = TrainingForm(request.POST or None, instance=Training(), department=department)
    if request.method == "POST" and save_form(request, form, lambda f: history.save_tracked(f, user=request.user)):
        return redirect("network:opening", slug)
    return render(request, "backoffice/form.html", base_context(
        request, municipality, section="network", form=form, parent=department, title=_("Neue Schulung")))
