"""Content translations for coordinators: per language the translators' file (XLIFF,
teilhabe/translations/xliff.py) to download and to upload, and a progress table."""
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _, gettext_lazy
from django.views.decorators.http import require_safe

from teilhabe.backoffice.views.common import base_context, require
from teilhabe.municipalities import access
from teilhabe.offers.models import Offer
from teilhabe.translations import rules, xliff
from teilhabe.translations.progress import progress
from teilhabe.translations.registry import KINDS

UPLOAD_LIMIT = 20 * 1024 * 1024
# Named as the models name themselves, so the catalogs need no second copy.
KIND_NAMES = {**{name: kind.model._meta.verbose_name_plural for name, kind in KINDS.items()},
              "offer": Offer._meta.verbose_name_plural}


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Übersetzte XLIFF-Datei"),
                           help_text=gettext_lazy("aus dem Download oben, höchstens 20 MB"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > UPLOAD_LIMIT:
            raise ValidationError(_("Die Datei ist größer als 20 MB."))
        return upload


def _municipality(request, slug):
    municipality = access.get_municipality(request, slug)
    require(rules.can_manage(request.user, municipality))
    return municipality


def _languages(municipality):
    return [language for language in municipality.languages.order_by("code")
            if language.code in xliff.TARGET_LANGUAGES]


@login_required
def overview(request, slug):
    municipality = _municipality(request, slug)
    form = UploadForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            _m, code, imported, flagged = xliff.import_file(form.cleaned_data["file"].read(),
                                                            municipality=municipality)
        except ValidationError as error:
            problems = error.messages
        else:
            messages.success(request, _("%(count)s Übersetzungen (%(code)s) übernommen, davon %(flagged)s "
                                        "zu prüfen.") % {"count": imported, "code": code, "flagged": len(flagged)})
            return redirect("backoffice:content_translations", municipality.slug)
    tables = [(language, [(KIND_NAMES.get(kind, kind), counts) for kind, counts in progress(municipality, language.code)])
              for language in _languages(municipality)]
    return render(request, "backoffice/translations.html", base_context(
        request, municipality, section="translations", tables=tables, form=form, problems=problems[:200]))


@require_safe
@login_required
def download(request, slug, code):
    municipality = _municipality(request, slug)
    if code not in [language.code for language in _languages(municipality)]:
        raise Http404
    response = HttpResponse(xliff.export(municipality, code), content_type="application/x-xliff+xml")
    response["Content-Disposition"] = f'attachment; filename="{municipality.slug}-{code}.xlf"'
    return response
