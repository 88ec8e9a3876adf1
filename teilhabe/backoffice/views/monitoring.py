"""Monitoring pages of the back office. Indicators, their values and the statistics
upload: coordinators write, viewers (the council, evaluators) read, actor editors do not
see them. Measure results: the responsible actor's editors and the coordination write,
whoever may see the measure reads."""
from django.contrib.auth.decorators import login_required
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from teilhabe.backoffice.monitoring_forms import (
    UPLOAD_LIMIT, IndicatorForm, MeasureResultForm, ObservationsForm, StatisticsUploadForm, ThresholdsForm,
)
from teilhabe.backoffice.views.common import base_context, require, save_form
from teilhabe.lib.problems import ExchangeError
from teilhabe.monitoring import changes, dashboard, rules
from teilhabe.monitoring.actions import (
    FileNotKept, adopt_catalogue, delete_measure_result, delete_observations, import_statistics_file,
    record_measure_result, save_observations,
)
from teilhabe.monitoring.attainment import indicator_attainment, overview
from teilhabe.monitoring.charts import MAX_SERIES, bar_chart, line_chart
from teilhabe.monitoring.models import PERIOD_RE, Indicator, MonitoringSettings, Observation, StatisticsFile
from teilhabe.municipalities import access, history
from teilhabe.strategy.models import Measure, current_concept


def _municipality(request, slug):
    municipality = access.get_municipality(request, slug)
    require(rules.can_read(request.user, municipality))
    return municipality


@login_required
@require_safe
def indicator_list(request, slug):
    municipality = _municipality(request, slug)
    indicators = list(Indicator.objects.filter(municipality=municipality))
    concept = current_concept(municipality)
    goals = list(concept.goals.select_related("field", "carried__from_goal__concept")
                 .prefetch_related("indicators")) if concept else []
    settings, results, goal_results = overview(municipality, indicators, goals)
    indicators = [(i, results[i.pk]) for i in indicators]
    goals = [(g, goal_results[g.pk]) for g in goals]
    # A Kreis: its towns' latest whole-town values side by side (the charts are on the dashboard).
    kreis = dashboard.kreis_comparison(municipality)
    towns, comparison = kreis.towns, [(name, unit, cells) for _key, name, unit, cells in kreis.indicators]
    return render(request, "backoffice/monitoring/indicator_list.html", base_context(
        request, municipality, section="monitoring", indicators=indicators, goals=goals, concept=concept,
        settings=settings, towns=towns, comparison=comparison))


@login_required
@require_safe
def indicator_detail(request, slug, pk):
    municipality = _municipality(request, slug)
    # _municipality checked rules.can_read: whoever reads monitoring reads every indicator.
    indicator = access.get_or_404(Indicator.objects.filter(municipality=municipality), pk)
    data = dashboard.indicator_data(indicator, None, dashboard.indicator_values([indicator.pk]).get(indicator.pk, []),
                                    municipality)
    headers, rows, series, latest, comparison = data.headers, data.rows, data.series, data.latest_period, data.comparison
    chart = line_chart(series, title=indicator.name, unit=indicator.unit, chart_id=f"indicator-{indicator.pk}",
                       description=_("Verlauf nach Zeitraum für %(areas)s; die Werte stehen in der Tabelle.") % {
                           "areas": ", ".join(label for label, _v in series[:MAX_SERIES])})
    comparison_chart = bar_chart(
        comparison, title=_("%(name)s %(period)s nach Gebiet") % {"name": indicator.name, "period": latest},
        unit=indicator.unit, chart_id=f"indicator-{indicator.pk}-areas",
        description=_("Gebiete nach Wert absteigend; die Werte stehen in der Tabelle."))
    return render(request, "backoffice/monitoring/indicator_detail.html", base_context(
        request, municipality, section="monitoring", indicator=indicator, headers=headers, rows=rows,
        chart=chart, comparison_chart=comparison_chart, latest=latest, chart_left_out=max(0, len(series) - MAX_SERIES),
        attainment=indicator_attainment(indicator), goals=indicator.goals.all(),
        categories=Observation.objects.filter(indicator=indicator).exclude(category="").count(),
        value_sets=_value_sets(indicator) if rules.can_manage(request.user, municipality) else [],
        history=changes.indicator_history(indicator)))


@login_required
@require_safe
def indicator_csv(request, slug, pk):
    """All values of an indicator, categories included, as CSV (UTF-8 with BOM and ";",
    which German Excel opens as it is)."""
    from teilhabe.monitoring.downloads import csv_response

    municipality, indicator, columns, rows = _indicator_values(request, slug, pk)
    return csv_response(columns, rows, filename=f"{municipality.slug}-{indicator.key}")


@login_required
@require_safe
def indicator_xlsx(request, slug, pk):
    """The same values as XLSX: numbers as numbers, a header row."""
    from teilhabe.monitoring.downloads import xlsx_response

    municipality, indicator, columns, rows = _indicator_values(request, slug, pk)
    return xlsx_response(columns, rows, filename=f"{municipality.slug}-{indicator.key}", title=indicator.name)


def _indicator_values(request, slug, pk):
    municipality = _municipality(request, slug)
    # _municipality checked rules.can_read: whoever reads monitoring reads every indicator.
    indicator = access.get_or_404(Indicator.objects.filter(municipality=municipality), pk)
    columns = [_("Zeitraum"), _("Gebietsschlüssel"), _("Gebiet"), _("Kategorie"), _("Wert")]
    rows = [[o.period, o.district.key if o.district else "", o.district.name if o.district else municipality.name,
             o.category, o.value]
            for o in Observation.objects.filter(indicator=indicator).select_related("district").order_by(
                # The whole municipality first on both databases (PostgreSQL sorts NULL last).
                "period", F("district__key").asc(nulls_first=True), "category")]
    return municipality, indicator, columns, rows


def _managed(request, slug):
    municipality = access.get_municipality(request, slug)
    require(rules.can_manage(request.user, municipality))
    return municipality


@login_required
def thresholds(request, slug):
    municipality = _managed(request, slug)
    form = ThresholdsForm(request.POST or None, instance=MonitoringSettings.for_municipality(municipality))
    if request.method == "POST" and save_form(request, form, lambda f: f.save()):
        return redirect("monitoring:indicators", slug)
    return render(request, "backoffice/form.html", base_context(
        request, municipality, section="monitoring", form=form, title=_("Ampel der Zielerreichung")))


@login_required
@require_POST
def catalogue_adopt(request, slug):
    municipality = _managed(request, slug)
    created = adopt_catalogue(municipality=municipality)
    messages.success(request, _("%(n)s Indikatoren aus dem Katalog übernommen.") % {"n": len(created)})
    return redirect("monitoring:indicators", slug)


# --- entry forms: coordinators keep indicators and their values; the responsible actor's
# editors (and the coordination) report a measure's results ------------------------------

def _indicator(request, slug, pk):
    municipality = _managed(request, slug)
    return municipality, access.get_or_404(Indicator.objects.filter(municipality=municipality), pk)


@login_required
def indicator_edit(request, slug, pk=None):
    if pk is None:
        municipality = _managed(request, slug)
        indicator = Indicator(municipality=municipality,
                              position=Indicator.objects.filter(municipality=municipality).count())
    else:
        municipality, indicator = _indicator(request, slug, pk)
    form = IndicatorForm(request.POST or None, instance=indicator, municipality=municipality)
    if request.method == "POST":
        saved = save_form(request, form, lambda f: history.save_tracked(f, user=request.user))
        if saved:
            return redirect("monitoring:indicator", slug, saved.pk)
    return render(request, "backoffice/form.html", base_context(
        request, municipality, section="monitoring", form=form, object=indicator if pk else None,
        title=_("Indikator bearbeiten") if pk else _("Neuer Indikator"),
        history=history.history_for(indicator) if pk else None))


@login_required
def indicator_delete(request, slug, pk):
    municipality, indicator = _indicator(request, slug, pk)
    if request.method == "POST":
        history.delete_tracked(indicator, user=request.user)
        messages.success(request, _("Indikator „%(name)s“ gelöscht.") % {"name": indicator.name})
        return redirect("monitoring:indicators", slug)
    n = indicator.observations.count()
    return render(request, "backoffice/monitoring/confirm_delete.html", base_context(
        request, municipality, section="monitoring", title=_("Indikator löschen"), object=indicator,
        question=_("Den Indikator „%(name)s“ mit seinen %(n)s Werten löschen? Verknüpfungen mit Zielen "
                   "entfallen; das lässt sich nicht rückgängig machen.") % {"name": indicator.name, "n": n},
        cancel_url=reverse("monitoring:indicator", args=[slug, indicator.pk])))


def _value_sets(indicator):
    """(period, category, number of values) of an indicator, newest first: what can be edited."""
    return list(indicator.observations.values_list("period", "category").annotate(n=Count("id"))
                .order_by("-period", "category"))


def _period(period):
    if not PERIOD_RE.match(period):
        raise Http404
    return period


@login_required
def observations_edit(request, slug, pk, period=None):
    """New values for a period (nothing existing is overwritten) or the values of one
    period and category (?category=) edited; all rows are written or none."""
    municipality, indicator = _indicator(request, slug, pk)
    category = request.GET.get("category", "")
    if period is not None:
        _period(period)
        if not indicator.observations.filter(period=period, category=category).exists():
            raise Http404
    form = ObservationsForm(request.POST or None, indicator=indicator, period=period, category=category)
    if request.method == "POST" and form.is_valid():
        saved = _save_observations(form, user=request.user)
        if saved:
            written, removed = saved
            messages.success(request, _("%(n)s Werte für %(period)s gespeichert.") % {
                "n": written, "period": form.cleaned_data["period"]} + (
                " " + _("%(n)s Werte entfernt.") % {"n": removed} if removed else ""))
            return redirect("monitoring:indicator", slug, indicator.pk)
    title = _("Werte für %(period)s bearbeiten") % {"period": period} if period else _("Werte erfassen")
    return render(request, "backoffice/monitoring/observations_form.html", base_context(
        request, municipality, section="monitoring", form=form, indicator=indicator, title=title,
        period=period, category=category))


def _save_observations(form, *, user=None):
    """Writes a valid ObservationsForm; returns (written, removed), or None with the
    problem on the form when someone saved values of the same period at the same moment:
    the database's unique constraints are the final guard, and the rows that clash now
    are named."""
    data = form.cleaned_data
    try:
        with transaction.atomic():
            return save_observations(indicator=form.indicator, period=data["period"],
                                     category=data["category"] or "", values=form.values(), replace=form.editing,
                                     user=user)
    except IntegrityError:
        # A new entry names the rows that exist now; an edit met another edit of the
        # same period, which the person should look at before saving again.
        if form.editing or not form.add_clash_errors():
            form.add_error(None, _("Jemand hat die Werte dieses Zeitraums gleichzeitig geändert; nichts "
                                   "gespeichert. Bitte laden Sie die Seite neu und prüfen Sie die Werte."))
        return None


@login_required
def observations_delete(request, slug, pk, period):
    municipality, indicator = _indicator(request, slug, pk)
    category = request.GET.get("category", "")
    values = indicator.observations.filter(period=_period(period), category=category)
    n = values.count()
    if not n:
        raise Http404
    if request.method == "POST":
        n = delete_observations(indicator=indicator, period=period, category=category, user=request.user)
        messages.success(request, _("%(n)s Werte für %(period)s gelöscht.") % {"n": n, "period": period})
        return redirect("monitoring:indicator", slug, indicator.pk)
    label = f"{period} ({category})" if category else period
    return render(request, "backoffice/monitoring/confirm_delete.html", base_context(
        request, municipality, section="monitoring", title=_("Werte löschen"), object=indicator,
        question=_("Alle %(n)s Werte von „%(name)s“ für %(period)s löschen?") % {
            "n": n, "name": indicator.name, "period": label},
        cancel_url=reverse("monitoring:indicator", args=[slug, indicator.pk])))


def _measure(request, slug, pk, edit=False):
    municipality = access.get_municipality(request, slug)
    measures = Measure.objects.filter(concept__municipality=municipality).select_related(
        "concept__municipality", "responsible_actor")
    return municipality, rules.get_measure(request, municipality, measures, pk, report=edit)


@login_required
@require_safe
def measure_results(request, slug, pk):
    """A measure's results per reporting period; whoever may see the measure reads them."""
    municipality, measure = _measure(request, slug, pk)
    groups = {g.key: g.name for g in municipality.target_groups.all()}
    results = [(r, [(groups.get(key, key), n) for key, n in r.reach_by_target_group.items()])
               for r in measure.results.select_related("entered_by").order_by("-period")]
    return render(request, "backoffice/monitoring/measure_results.html", base_context(
        request, municipality, section="measures", measure=measure, results=results,
        can_edit=rules.can_report(request.user, municipality, measure), history=changes.result_history(measure)))


@login_required
def measure_result_edit(request, slug, pk, period=None):
    municipality, measure = _measure(request, slug, pk, edit=True)
    result = None
    if period is not None:
        result = measure.results.filter(period=_period(period)).first()
        if result is None:
            raise Http404
    form = MeasureResultForm(request.POST or None, measure=measure, result=result)
    if request.method == "POST" and form.is_valid():
        saved = _save_result(form, user=request.user)
        if saved:
            messages.success(request, _("Ergebnis für %(period)s gespeichert.") % {"period": saved.period})
            return redirect("monitoring:measure_results", slug, measure.pk)
    return render(request, "backoffice/monitoring/measure_result_form.html", base_context(
        request, municipality, section="measures", form=form, measure=measure, period=period,
        title=_("Ergebnis %(period)s bearbeiten") % {"period": period} if period else _("Ergebnis berichten"),
        history=changes.result_history(measure, period) if period else None))


def _save_result(form, *, user):
    """Writes a valid MeasureResultForm through record_measure_result (which holds the
    access rule); returns the result, or None with the problem on the form."""
    data = form.cleaned_data
    try:
        with transaction.atomic():
            return record_measure_result(
                measure=form.measure, period=data["period"], user=user, activities=data["activities"],
                people_reached=data["people_reached"], reach_by_target_group=form.reach(),
                target_group_reached=data["target_group_reached"], outcome_notes=data["outcome_notes"],
                step=data["step"])
    except IntegrityError:  # the same period saved at the same moment by someone else
        form.add_error("period", _("Für diesen Zeitraum wurde gerade ein Ergebnis gespeichert; bitte dort "
                                   "bearbeiten."))
    except ValidationError as error:
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    return None


@login_required
def measure_result_delete(request, slug, pk, period):
    municipality, measure = _measure(request, slug, pk, edit=True)
    result = measure.results.filter(period=_period(period)).first()
    if result is None:
        raise Http404
    if request.method == "POST":
        delete_measure_result(measure=measure, period=period, user=request.user)
        messages.success(request, _("Ergebnis für %(period)s gelöscht.") % {"period": period})
        return redirect("monitoring:measure_results", slug, measure.pk)
    return render(request, "backoffice/monitoring/confirm_delete.html", base_context(
        request, municipality, section="measures", title=_("Ergebnis löschen"), object=measure,
        question=_("Das Ergebnis für %(period)s löschen?") % {"period": period},
        cancel_url=reverse("monitoring:measure_results", args=[slug, measure.pk])))


@login_required
@require_safe
def my_measures(request, slug):
    """Meine Maßnahmen: the measures of the current concept an actor editor's organisation
    is responsible for (for the coordination: all), with their latest reported period."""
    municipality = access.get_municipality(request, slug)
    require(rules.can_report_own(request.user, municipality))
    concept = current_concept(municipality)
    measures = Measure.objects.none()
    if concept:
        measures = rules.own_measures(request.user, municipality, concept.measures.select_related(
            "responsible_actor").annotate(latest=Max("results__period"), reported=Count("results")).order_by("title"))
    return render(request, "backoffice/monitoring/my_measures.html", base_context(
        request, municipality, section="measures", concept=concept, measures=measures))


@login_required
def statistics_upload(request, slug):
    """A CSV of statistics read in the browser through the same importer as
    `teilhabe import-statistics`: all or nothing, problems by line and column. The file of
    a successful import is kept, listed below the form for download and deletion."""
    municipality = _managed(request, slug)
    form = StatisticsUploadForm(request.POST or None, request.FILES or None, municipality=municipality)
    problems, summary = [], None
    if request.method == "POST" and form.is_valid():
        try:
            summary, _kept = import_statistics_file(
                form.cleaned_data["file"], municipality=municipality, mapping=form.mapping_config(),
                user=request.user, mapping_name=form.cleaned_data["mapping"])
        except ExchangeError as error:
            problems = error.errors
        except IntegrityError:
            problems = [_("Gleichzeitig wurden Werte derselben Indikatoren gespeichert; nichts importiert. "
                          "Bitte erneut hochladen.")]
        except FileNotKept:
            problems = [_("Die Dateiablage hat die Datei nicht angenommen; nichts importiert. "
                          "Bitte später erneut hochladen.")]
    written = []
    if summary:
        names = {i.key: i for i in Indicator.objects.filter(municipality=municipality, key__in=summary.written)}
        written = [(names.get(key), key, n) for key, n in sorted(summary.written.items())]
    return render(request, "backoffice/monitoring/statistics_upload.html", base_context(
        request, municipality, section="monitoring", form=form, problems=problems[:PROBLEMS_SHOWN],
        problems_more=max(0, len(problems) - PROBLEMS_SHOWN), summary=summary, written=written,
        periods=sorted(summary.periods) if summary else [],
        unmatched=sorted(summary.unmatched_areas.items()) if summary else [],
        limit_mb=UPLOAD_LIMIT // (1024 * 1024),
        files=StatisticsFile.objects.filter(municipality=municipality).select_related("uploaded_by")[:FILES_SHOWN]))


FILES_SHOWN = 50


@login_required
@require_safe
def statistics_file(request, slug, pk):
    """An imported statistics file, streamed from the storage through this view (never by
    the storage's own address): the access check stays here, and no link to the file can
    be passed on."""
    municipality = _managed(request, slug)
    kept = get_object_or_404(StatisticsFile, pk=pk, municipality=municipality)
    if not kept.file.storage.exists(kept.file.name):
        raise Http404
    return FileResponse(kept.file.open("rb"), as_attachment=True, filename=kept.name, content_type="text/csv")


@login_required
@require_POST
def statistics_file_delete(request, slug, pk):
    """Deletes a kept statistics file; the values imported from it stay."""
    municipality = _managed(request, slug)
    kept = get_object_or_404(StatisticsFile, pk=pk, municipality=municipality)
    kept.delete()
    messages.success(request, _("Die Datei „%(name)s“ wurde gelöscht; ihre Werte bleiben.") % {"name": kept.name})
    return redirect("monitoring:upload", municipality.slug)


PROBLEMS_SHOWN = 200
