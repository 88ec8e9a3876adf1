"""The evaluation report in the back office: a list of years, the report as a page and as
a PDF (coordinators and viewers), and the coordinator's recommendations (coordinators)."""
from django.contrib.auth.decorators import login_required
from django.db.models.functions import Substr
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from teilhabe.backoffice.monitoring_report_forms import EvaluationReportForm, ReportSubmissionForm
from teilhabe.backoffice.views.common import base_context, require, save_form
from teilhabe.monitoring import actions, rules
from teilhabe.monitoring.models import EvaluationReport, MeasureResult, Observation
from teilhabe.monitoring.report import ReportError, parse_period, render_html, render_pdf
from teilhabe.municipalities import access, history

YEARS_LISTED = 12


def _reader(request, slug):
    municipality = access.get_municipality(request, slug)
    require(rules.can_read(request.user, municipality))
    return municipality


def _year(year):
    try:
        return parse_period(year)
    except ReportError:
        raise Http404 from None


@login_required
@require_safe
def report_index(request, slug):
    municipality = _reader(request, slug)
    this_year = timezone.localdate().year
    years = {this_year, this_year - 1}
    years |= {int(y) for y in Observation.objects.filter(indicator__municipality=municipality)
              .annotate(y=Substr("period", 1, 4)).values_list("y", flat=True).distinct()}
    years |= {int(y) for y in MeasureResult.objects.filter(measure__concept__municipality=municipality)
              .annotate(y=Substr("period", 1, 4)).values_list("y", flat=True).distinct()}
    written = {r.period: r for r in EvaluationReport.objects.filter(municipality=municipality).select_related(
        "council_paper")}
    years |= {int(y) for y in written}
    rows = [(str(y), written.get(str(y))) for y in sorted((y for y in years if y <= this_year), reverse=True)]
    return render(request, "backoffice/monitoring/report_index.html", base_context(
        request, municipality, section="monitoring", rows=rows[:YEARS_LISTED], council_open=_council_open(municipality),
        may_submit=_may_submit(request.user, municipality)))


def _council_open(municipality):
    body = getattr(municipality, "council_body", None)
    return body is not None and body.deleted_at is None


def _may_submit(user, municipality):
    return rules.can_submit_report(user, municipality) and _council_open(municipality)


@login_required
@require_safe
def report_html(request, slug, year):
    municipality = _reader(request, slug)
    year = _year(year)
    html = render_html(municipality, year, web=True, request=request, extra={
        "can_write": rules.can_manage(request.user, municipality)})
    return HttpResponse(html)


@login_required
@require_safe
def report_pdf(request, slug, year):
    municipality = _reader(request, slug)
    year = _year(year)
    response = HttpResponse(render_pdf(municipality, year), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="evaluationsbericht-{municipality.slug}-{year}.pdf"'
    return response


@login_required
def report_edit(request, slug, year):
    municipality = access.get_municipality(request, slug)
    require(rules.can_manage(request.user, municipality))
    year = _year(year)
    instance = (EvaluationReport.objects.filter(municipality=municipality, period=year).first()
                or EvaluationReport(municipality=municipality, period=year))
    form = EvaluationReportForm(request.POST or None, instance=instance)

    def save(f):
        f.instance.modified_by = request.user
        return history.save_tracked(f, user=request.user)

    if request.method == "POST" and save_form(request, form, save):
        return redirect("monitoring:report", slug, year)
    return render(request, "backoffice/form.html", base_context(
        request, municipality, section="monitoring", form=form,
        title=_("Evaluationsbericht %(year)s: Einordnung und Empfehlungen") % {"year": year},
        history=history.history_for(instance) if instance.pk else None))


@login_required
def report_submit(request, slug, year):
    """The report of a year to the council as a Mitteilung (monitoring.actions.submit_report)."""
    municipality = access.get_municipality(request, slug)
    require(_may_submit(request.user, municipality))
    year = _year(year)
    form = ReportSubmissionForm(request.POST or None, municipality=municipality)
    if request.method == "POST":
        paper = save_form(request, form, lambda f: actions.submit_report(
            municipality=municipality, year=year, user=request.user, **f.cleaned_data))
        if paper:
            return redirect("council_office:paper", slug, paper.pk)
    return render(request, "backoffice/form.html", base_context(
        request, municipality, section="monitoring", form=form,
        title=_("Evaluationsbericht %(year)s dem Rat vorlegen") % {"year": year}))
