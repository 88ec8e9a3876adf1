"""Content translations: per language the translators' file (XLIFF, teilhabe/translations/
xliff.py) to download and to upload, and a progress table (coordinators); and per object of
a registered kind a page with each field's German beside its translation (coordinators
write, viewers read)."""
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _, gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from teilhabe.backoffice import plain_language
from teilhabe.backoffice.views.common import base_context, require, save_form
from teilhabe.lib.textdiff import word_diff
from teilhabe.municipalities import access
from teilhabe.offers.models import Offer
from teilhabe.translations import rules, xliff
from teilhabe.translations.progress import progress, states
from teilhabe.translations.registry import KINDS, NAMED, label_of
from teilhabe.translations.texts import save_texts, translations_of

UPLOAD_LIMIT = 20 * 1024 * 1024
# Named as the models name themselves, so the catalogs need no second copy.
KIND_NAMES = {**{name: label_of(kind) for name, kind in {**KINDS, **NAMED}.items()},
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


def content_languages(municipality):
    """The languages of the files, the progress table and the translations pages: the
    municipality's translation languages (Leichte Sprache always) that the files know."""
    return [language for language in municipality.translation_languages().order_by("code")
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
              for language in content_languages(municipality)]
    return render(request, "backoffice/translations.html", base_context(
        request, municipality, section="translations", tables=tables, form=form, problems=problems[:200]))


@require_safe
@login_required
def download(request, slug, code):
    municipality = _municipality(request, slug)
    if code not in [language.code for language in content_languages(municipality)]:
        raise Http404
    response = HttpResponse(xliff.export(municipality, code), content_type="application/x-xliff+xml")
    response["Content-Disposition"] = f'attachment; filename="{municipality.slug}-{code}.xlf"'
    return response


# Where each kind's object lives in the back office: (URL name, the pks of its path).
PAGES = {
    "concept": ("backoffice:concept", lambda o: [o.pk]),
    "guideline": ("backoffice:concept", lambda o: [o.concept_id]),
    "field": ("backoffice:concept", lambda o: [o.concept_id]),
    "goal": ("backoffice:goal", lambda o: [o.pk]),
    "measure": ("backoffice:measure", lambda o: [o.pk]),
    "event": ("participation_backoffice:event", lambda o: [o.pk]),
    "topic": ("topics_backoffice:topic", lambda o: [o.pk]),
    "text": ("topics_backoffice:topic", lambda o: [o.topic_id]),
    "news": ("news_office:item", lambda o: [o.pk]),
}


def object_url(kind_name, obj, municipality):
    name, pks = PAGES[kind_name]
    return reverse(name, args=[municipality.slug, *pks(obj)])


class TextsForm(forms.Form):
    """One field per translatable field of the kind, typed in the target language. The texts
    (all but the title, as the German forms check them) get the language checker's hints in
    Leichte Sprache, none in other languages (backoffice/plain_language.py)."""

    def __init__(self, *args, kind, names, language, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality  # its own names are no rare words to the checker
        self.plain_language = tuple(name for name in names if name != "title")
        plain_language.for_language(self, language.code)
        for name in names:
            field = kind.model._meta.get_field(name)
            long = isinstance(field, models.TextField)
            self.fields[name] = forms.CharField(
                label=f"{capfirst(field.verbose_name)} ({language.name})", required=False, max_length=field.max_length,
                widget=forms.Textarea(attrs={"rows": 8}) if long else forms.TextInput)
            self.fields[name].widget.attrs.update(lang=language.code, dir="rtl" if language.rtl else "ltr")


def _state(row, german):
    if row is None:
        return "missing"
    return "outdated" if row.is_outdated_for(german) else "translated"


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request, slug, kind, pk):
    """The translations of one object into the language picked (?language=, the first of the
    municipality's languages by default), each field beside its German; an outdated field
    shows what changed in the German since. Saving writes all fields or none."""
    municipality = access.get_municipality(request, slug)
    require(rules.can_read(request.user, municipality))
    registered = KINDS.get(kind)
    if registered is None or kind not in PAGES:
        raise Http404
    obj = access.get_or_404(registered.of(municipality), pk)
    may_write = rules.can_manage(request.user, municipality)
    if request.method == "POST":
        require(may_write)
    languages = content_languages(municipality)
    chosen = request.POST.get("language") or request.GET.get("language")
    language = next((lang for lang in languages if lang.code == chosen), None)
    if chosen and language is None:
        raise Http404
    language = language or (languages[0] if languages else None)
    back = object_url(kind, obj, municipality)
    form, rows = None, []
    if language is not None:
        current = {t.field: t for t in translations_of(obj) if t.language == language.code}
        names = [name for name in registered.fields if getattr(obj, name)]  # no German, nothing to translate
        form = TextsForm(request.POST or None, kind=registered, names=names, language=language,
                         municipality=municipality, initial={name: t.text for name, t in current.items()})
        if request.method == "POST":
            if save_form(request, form, lambda f: save_texts(obj, language.code, f.cleaned_data,
                                                             user=request.user) or obj):
                return redirect(f"{request.path}?language={language.code}")
        for name in names:
            german = getattr(obj, name)
            html = name in registered.html
            row = current.get(name)
            state = _state(row, german)
            rows.append({
                "name": name, "label": capfirst(registered.model._meta.get_field(name).verbose_name),
                "field": form[name], "state": state, "html": html,
                "german": mark_safe(german) if html else german,  # sanitised on save
                "changes": word_diff(row.source, german, html=html) if state == "outdated" and row.source else None,
            })
    return render(request, "backoffice/content_translation.html", base_context(
        request, municipality, section="translations", obj=obj, kind=kind, kind_name=KIND_NAMES.get(kind, kind),
        back=back, languages=languages, language=language, form=form, rows=rows, may_write=may_write,
        states=states(obj, [lang.code for lang in languages]),
        title=_("Übersetzungen: %(name)s") % {"name": obj}))
