"""Providers upload their courses as CSV (exchange/csv_courses.py): the Kreis's
coordinators for any provider, a provider's editors for their own actor only (under the
slug of the municipality their actor belongs to). All or nothing, problems by line and
column; "nur prüfen" shows what the import would do without writing."""
from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from teilhabe.backoffice.views.common import base_context, require
from teilhabe.courses import rules
from teilhabe.exchange.course_sections import provider_reference
from teilhabe.exchange.csv_courses import COLUMNS, REQUIRED, import_courses_csv
from teilhabe.exchange.validate import ExchangeError
from teilhabe.municipalities import access
from teilhabe.municipalities.models import Municipality

UPLOAD_LIMIT = 5 * 1024 * 1024   # a provider's courses are a few hundred rows at most
PROBLEMS_SHOWN = 200


class CourseUploadForm(forms.Form):
    file = forms.FileField(label=_("CSV-Datei"), help_text=_("eine Zeile je Kurs; höchstens 5 MB"))
    check = forms.BooleanField(label=_("nur prüfen (Vorschau, nichts wird gespeichert)"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > UPLOAD_LIMIT:
            raise ValidationError(_("Die Datei ist größer als 5 MB."))
        if upload.size == 0:
            raise ValidationError(_("Die Datei ist leer."))
        return upload


def _providers(request, slug):
    """(municipality, Kreis, the actors the person may upload courses for; None: any)."""
    municipality = access.get_municipality(request, slug)
    kreis = rules.kreis_of(municipality)
    if kreis is None or kreis.kind != Municipality.Kind.KREIS:
        raise Http404
    providers = rules.upload_providers(request.user, municipality)
    require(providers is None or providers)
    return municipality, kreis, providers


@login_required
def course_upload(request, slug):
    municipality, kreis, providers = _providers(request, slug)
    form = CourseUploadForm(request.POST or None, request.FILES or None)
    problems, summary, checked = [], None, False
    if request.method == "POST" and form.is_valid():
        checked = form.cleaned_data["check"]
        try:
            summary = import_courses_csv(form.cleaned_data["file"].read(), kreis=kreis, providers=providers,
                                         user=request.user, via="import", check=checked)
        except ExchangeError as error:
            problems = error.errors
        except IntegrityError:
            problems = [_("Gleichzeitig wurden dieselben Kurse geändert; nichts importiert. Bitte erneut hochladen.")]
    counts = summary.counts.get("courses", {}) if summary else {}
    return render(request, "backoffice/courses/upload.html", base_context(
        request, municipality, section="courses", kreis=kreis, form=form, summary=summary, counts=counts,
        checked=checked, problems=problems[:PROBLEMS_SHOWN], problems_more=max(0, len(problems) - PROBLEMS_SHOWN),
        own=[provider_reference(a, kreis) for a in providers] if providers is not None else None,
        columns=[(column, aliases[1:], column in REQUIRED) for column, aliases in COLUMNS.items()]))
