"""The Kreis's steering dashboard for integration courses and Kita language support:
waiting times, fill rates, a forecast, the recommendation of new courses, Kita coverage.
Under the Kreis's slug those who read the whole Kreis see all its towns; under a town's
slug, those who read that town see its part (courses/rules.figure_towns). Figures only,
never persons; small groups are hidden (courses/dashboard.py says why). Every chart has
its data as a table and as CSV/XLSX, through the monitoring dashboard's pieces."""
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from teilhabe.backoffice.views.common import base_context, require
from teilhabe.backoffice.views.monitoring_dashboard import _panel as panel
from teilhabe.courses import dashboard, recommend, rules
from teilhabe.courses.models import CourseType, TimeOfDay
from teilhabe.monitoring.charts import bar_chart, line_chart
from teilhabe.monitoring.downloads import FORMATS, table_response
from teilhabe.municipalities import access
from teilhabe.municipalities.models import Municipality


def _scope(request, slug):
    """(municipality of the page, its Kreis, the towns whose figures it shows)."""
    municipality = access.get_municipality(request, slug)
    kreis = rules.kreis_of(municipality)
    if kreis is None or kreis.kind != Municipality.Kind.KREIS:
        raise Http404
    if municipality == kreis:
        require(rules.may_read_whole_kreis(request.user, kreis))
        return municipality, kreis, list(kreis.towns.order_by("name"))
    require(rules.figure_towns(request.user, kreis).filter(pk=municipality.pk).exists())
    return municipality, kreis, [municipality]


def _wait_panel(key, caption, groups, *, chart_title=None):
    rows = [[g.label, g.shown_count(), g.median, g.p90] for g in groups]
    chart = ""
    if chart_title:
        bars = [(g.label, g.median) for g in groups if g.median is not None]
        chart = bar_chart(bars, title=chart_title, unit=_("Tage"), chart_id=key,
                          description=_("Median der Wartetage je Gruppe; Gruppen mit weniger als %(n)s "
                                        "Wartenden fehlen. Die Zahlen stehen in der Tabelle.") % {"n": dashboard.SMALL})
    return panel(key, caption, [_("Gruppe"), _("Wartende"), _("Median der Wartetage"),
                                _("90. Perzentil der Wartetage")], rows, chart=chart)


def _panels(kreis, towns, on_date, *, with_recommendation):
    w = dashboard.waiting(kreis, towns, on_date)
    panels = {
        "total": _wait_panel("wartende-gesamt", _("Wartende insgesamt"), [w["total"]]),
        "towns": _wait_panel("wartende-orte", _("Wartende und Wartezeit nach Wohnort"), w["towns"],
                             chart_title=_("Median der Wartetage nach Wohnort")),
        "types": _wait_panel("wartende-kursarten", _("Wartende und Wartezeit nach Kursart (wer mehrere Kursarten "
                                                     "besuchen kann, zählt bei jeder)"), w["types"],
                             chart_title=_("Median der Wartetage nach Kursart")),
        "needs": _wait_panel("wartende-bedarf", _("Wartende und Wartezeit nach Bedarf: Kinderbetreuung und "
                                                  "Tageszeit"), w["childcare"] + w["times"]),
    }
    minimum, fills = dashboard.fill_rates(kreis, towns)
    types, times = dict(CourseType.choices), dict(TimeOfDay.choices)

    def course_row(f):
        c = f.course
        return [c.external_id, str(types[c.type]), c.town.name, formats.date_format(c.starts_on, "d.m.Y"),
                str(times[c.time_of_day]), c.provider.name, c.capacity, c.booked, f.placed, f.rate,
                f.below_minimum]
    columns = [_("Kurs"), _("Kursart"), _("Ort"), _("Beginn"), _("Tageszeit"), _("Träger"), _("Plätze"),
               _("anderweitig belegt"), _("vermittelt"), _("Belegung (%)"), _("unter Mindestgröße")]
    fill_title = _("Kurse nach Belegung")
    panels["fill"] = panel(
        "kurse-belegung", fill_title, columns, [course_row(f) for f in fills],
        chart=bar_chart([(f"{f.course.external_id} {f.course.town.name}", f.rate) for f in fills],
                        title=fill_title, unit="%", chart_id="kurse-belegung",
                        description=_("Belegung je Kurs in Prozent der Plätze, am wenigsten belegte zuerst; "
                                      "die Zahlen stehen in der Tabelle.")))
    panels["below"] = panel(
        "kurse-unter-mindestgroesse",
        _("Kurse unter der Mindestgröße von %(n)s Teilnehmenden") % {"n": minimum},
        columns[:-1], [course_row(f)[:-1] for f in fills if f.below_minimum])
    inflow, months = dashboard.forecast(kreis, towns, on_date)
    labels = [formats.date_format(m.month, "YEAR_MONTH_FORMAT") for m in months]
    forecast_title = _("Nachfrage und Plätze in den nächsten sechs Monaten (geschätzt)")
    panels["forecast"] = panel(
        "prognose", forecast_title,
        [_("Monat"), _("Wartende zu Beginn"), _("Zugang (geschätzt)"), _("freie Plätze in beginnenden Kursen"),
         _("Wartende am Monatsende (geschätzt)")],
        [[label, m.waiting_before, m.inflow, m.places, m.waiting_after] for label, m in zip(labels, months)],
        chart=line_chart(
            [(_("Wartende zu Beginn + Zugang"), {f"{m.month:%Y-%m}": m.waiting_before + m.inflow for m in months}),
             (_("freie Plätze in beginnenden Kursen"), {f"{m.month:%Y-%m}": m.places for m in months})],
            title=forecast_title, chart_id="prognose",
            description=_("Je Monat die Nachfrage (Wartende und erwarteter Zugang) gegen die freien Plätze der "
                          "Kurse, die in dem Monat beginnen; die Zahlen stehen in der Tabelle.")))
    panels["inflow"] = inflow
    if with_recommendation:
        found = recommend.best_new_courses(kreis, on_date)
        panels["recommend"] = panel(
            "empfehlung", _("Welcher neue Kurs die Wartezeit am meisten verkürzen würde"),
            [_("Kursart"), _("Ort"), _("Tageszeit"), _("Kinderbetreuung"), _("Beginn ab"), _("Plätze"),
             _("zusätzlich vermittelt"), _("eingesparte Wartetage")],
            [[str(types[r.type]), r.town.name, str(times[r.time_of_day]), r.childcare,
              formats.date_format(r.starts_on, "d.m.Y"), r.capacity, r.extra_placed, r.wait_days_saved]
             for r in found])
    by_town, by_district = dashboard.kita_coverage(towns)
    coverage_columns = [_("Gebiet"), _("Kitas"), _("Kinder mit Sprachförderbedarf"),
                        _("Plätze in Sprachförderprogrammen"), _("Abdeckung (%)")]
    coverage_title = _("Abdeckung des Sprachförderbedarfs in Kitas nach Stadt")
    panels["kita_towns"] = panel(
        "kitas-orte", coverage_title, coverage_columns,
        [[c.label, c.kitas, c.needing, c.places, c.rate] for c in by_town],
        chart=bar_chart([(c.label, c.rate) for c in by_town if c.rate is not None], title=coverage_title,
                        unit="%", chart_id="kitas-orte",
                        description=_("Plätze der Sprachförderprogramme je Kind mit Förderbedarf, in Prozent; "
                                      "die Zahlen stehen in der Tabelle.")))
    panels["kita_districts"] = panel(
        "kitas-stadtteile", _("Abdeckung des Sprachförderbedarfs in Kitas nach Stadtteil"), coverage_columns,
        [[c.label, c.kitas, c.needing, c.places, c.rate] for c in by_district])
    return panels


def _wants_recommendation(request, municipality, kreis):
    # The recommendation solves the allocation once per candidate: only on request, and
    # only for the whole Kreis (it weighs all towns' learners against each other).
    return municipality == kreis and request.GET.get("empfehlung") == "1"


@login_required
@require_safe
def steering_page(request, slug):
    municipality, kreis, towns = _scope(request, slug)
    on_date = timezone.localdate()
    with_recommendation = _wants_recommendation(request, municipality, kreis)
    panels = _panels(kreis, towns, on_date, with_recommendation=with_recommendation)
    return render(request, "backoffice/courses/steering.html", base_context(
        request, municipality, section="courses", kreis=kreis, towns=towns, on_date=on_date, panels=panels,
        small=dashboard.SMALL, inflow_days=dashboard.INFLOW_DAYS, whole=municipality == kreis,
        data_url="steering:data", query="?empfehlung=1" if with_recommendation else "", formats=FORMATS))


@login_required
@require_safe
def steering_data(request, slug, key, fmt):
    """One table of the page as CSV or XLSX."""
    municipality, kreis, towns = _scope(request, slug)
    if fmt not in FORMATS:
        raise Http404
    on_date = timezone.localdate()
    panels = _panels(kreis, towns, on_date, with_recommendation=key == "empfehlung" and municipality == kreis)
    found = next((p for p in panels.values() if getattr(p, "key", None) == key), None)
    if found is None:
        raise Http404
    return table_response(found.table, fmt, filename=f"{municipality.slug}-kurse-{key}-{on_date:%Y-%m-%d}")
