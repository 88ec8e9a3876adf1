"""Topics (issue 14): a topic's page with its information texts, offers and upcoming events,
and the welcome folder — a PDF of chosen topics for one language, district and target
group. Public, and the same for every visitor; the folder's form is a GET form (no CSRF
token, no cookie) because it only chooses what to print.

A folder costs about a second of CPU to lay out: each is kept in the shared cache under its
choice and the municipality's page-cache generation (renewed by every change of what it
shows, portal/cache.py), and laying out a new one is rate-limited per client."""
import hashlib

from django import forms
from django.conf import settings
from django.core.cache import caches
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from teilhabe.offers.models import OfferTranslation
from teilhabe.participation import ratelimit
from teilhabe.topics.models import InformationText
from teilhabe.topics.welcome import folder_topics
from teilhabe.translations.texts import prefetch

from .. import cache as page_cache
from . import active_language, context, get_municipality


def public_topics(municipality):
    return municipality.topics.public()


def _texts():
    return Prefetch("texts", queryset=InformationText.objects.filter(is_published=True))


@require_safe
def topic_page(request, slug, key):
    municipality = get_municipality(slug)
    topic = get_object_or_404(public_topics(municipality).prefetch_related(_texts()), key=key)
    code = active_language()
    offers = topic.public_offers().select_related("provider").prefetch_related(
        Prefetch("translations", queryset=OfferTranslation.objects.select_related("language")))
    return render(request, "portal/topics/topic.html", context(
        municipality, topic=topic, texts=topic.in_language(code),
        information=[(text, text.in_language(code)) for text in prefetch(topic.texts.all(), code)],
        offers=[(offer, offer.in_language(code)) for offer in offers[:30]], offer_total=offers.count(),
        events=topic.upcoming_events().select_related("district")[:5], lang=code))


class WelcomeForm(forms.Form):
    language = forms.ChoiceField(label=_("Sprache der Mappe"))
    topics = forms.MultipleChoiceField(label=_("Themen"), widget=forms.CheckboxSelectMultiple)
    district = forms.ChoiceField(label=_("Stadtteil"), required=False)
    target_group = forms.ChoiceField(label=_("Zielgruppe"), required=False)

    def __init__(self, data, *, municipality, topics, initial=None):
        super().__init__(data, initial=initial)
        self.fields["language"].choices = list(settings.LANGUAGES)
        self.fields["topics"].choices = [(t.key, t.in_language(active_language())["title"])
                                         for t in prefetch(topics, active_language())]
        self.fields["district"].choices = [("", _("alle Stadtteile"))] + [
            (d.key, d.name) for d in municipality.districts.all()]
        self.fields["target_group"].choices = [("", _("alle"))] + [
            (t.key, t.name) for t in municipality.target_groups.all()]


@require_safe
def welcome(request, slug):
    """The form; with a valid choice (`?language=…&topics=…`) the PDF itself."""
    municipality = get_municipality(slug)
    topics = list(public_topics(municipality))
    # A topic's page links here with ?topics=<key>: preselected, not yet a choice to check.
    bound = "language" in request.GET
    form = WelcomeForm(request.GET if bound else None, municipality=municipality, topics=topics,
                       initial={"topics": request.GET.getlist("topics"), "language": active_language()})
    if form.is_valid():
        data = form.cleaned_data
        key = _folder_key(municipality, data)
        pdf = caches["default"].get(key) if key else None
        if pdf is None:
            if not ratelimit.allow("welcome_folder", request=request):
                response = render(request, "portal/topics/too_many.html", context(municipality), status=429)
                response["Retry-After"] = str(ratelimit.retry_after("welcome_folder", request))
                return response
            chosen = [t for t in topics if t.key in data["topics"]]
            pdf = welcome_pdf(
                municipality, chosen, language=data["language"],
                district=municipality.districts.filter(key=data["district"]).first(),
                target_group=municipality.target_groups.filter(key=data["target_group"]).first())
            if key:
                caches["default"].set(key, pdf, settings.TEILHABE_PAGE_CACHE_SECONDS)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="willkommensmappe-{municipality.slug}-{data["language"]}.pdf"'
        return response
    return render(request, "portal/topics/welcome.html", context(municipality, form=form),
                  status=400 if bound else 200)


def _folder_key(municipality, data):
    """The folder's cache key, or None when nothing may be kept (page cache off, or no
    generation: then a change could not make a kept folder stale)."""
    if settings.TEILHABE_PAGE_CACHE_SECONDS <= 0:
        return None
    generation = page_cache.ensure_generation(municipality.slug)
    if not generation:
        return None
    choice = [municipality.slug, data["language"], data["district"], data["target_group"],
              *sorted(data["topics"]), generation]
    return "welcome-folder:" + hashlib.sha256("\n".join(choice).encode()).hexdigest()


def welcome_pdf(municipality, topics, *, language, district, target_group):
    """The folder in `language`: interface strings, numbers and direction (rtl for ar, fa)."""
    from weasyprint import HTML  # loaded on first use: it takes a moment

    with translation.override(language):
        document = render_to_string("portal/topics/welcome_pdf.html", {
            "municipality": municipality, "district": district, "target_group": target_group,
            "lang": language, "rtl": translation.get_language_bidi(),
            "topics": folder_topics(topics, language=language, district=district, target_group=target_group)})
    # No base_url: the folder fetches nothing (no images, no style sheets from elsewhere).
    return HTML(string=document).write_pdf()
