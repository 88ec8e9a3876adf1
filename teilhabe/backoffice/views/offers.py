"""Offers and their translations."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from teilhabe.lib import geocode
from teilhabe.municipalities import access, history
from teilhabe.municipalities.models import Language
from teilhabe.offers import actions, rules
from teilhabe.offers.places import address_line
from teilhabe.offers.models import Offer, OfferTranslation
from teilhabe.strategy.models import current_concept

from ..forms import OfferForm, TranslationForm
from ..hours_fields import OpeningHoursField
from ..lists import Filter, ListSpec, apply_list
from .common import base_context, require, save_form


def _offers(municipality):
    return municipality.offers.select_related("provider", "field_of_action", "measure")


@login_required
@require_safe
def offer_list(request, slug):
    municipality = access.get_municipality(request, slug)
    offers = _offers(municipality).annotate(
        outdated=Count("translations", filter=Q(translations__source_revision__lt=F("text_revision")),
                       distinct=True))
    offers = rules.listed(request.user, municipality, offers)
    concept = current_concept(municipality)
    # An actor editor lists only their own offers, so only their own actors filter them.
    providers = rules.providers(request.user, municipality)
    spec = ListSpec(
        filters=[
            Filter("field", gettext_lazy("Handlungsfeld"),
                   [(f.pk, f.name) for f in concept.fields.all()] if concept else [], "field_of_action"),
            Filter("provider", gettext_lazy("Anbieter"), [(a.pk, a.name) for a in providers], "provider"),
            Filter("district", gettext_lazy("Stadtteil"),
                   [(d.pk, d.name) for d in municipality.districts.all()], "districts"),
            Filter("target_group", gettext_lazy("Zielgruppe"),
                   [(t.pk, t.name) for t in municipality.target_groups.all()], "target_groups"),
            Filter("language", gettext_lazy("Sprache"),
                   [(lang.code, lang.name) for lang in Language.objects.all()], "languages__code"),
            Filter("published", gettext_lazy("Sichtbarkeit"),
                   [("1", gettext_lazy("veröffentlicht")), ("0", gettext_lazy("nicht veröffentlicht"))], "",
                   lambda qs, v: qs.filter(is_published=v == "1")),
            Filter("translations", gettext_lazy("Übersetzungen"),
                   [("outdated", gettext_lazy("veraltet"))], "",
                   lambda qs, v: qs.filter(outdated__gt=0)),
        ],
        sorts={"title": (gettext_lazy("Titel"), ("title",)),
               "provider": (gettext_lazy("Anbieter"), ("provider__name", "title")),
               "modified": (gettext_lazy("zuletzt geändert"), ("-modified_at",))},
        default_sort="title",
        search=("title", "description", "external_id", "place_name"),
    )
    return render(request, "backoffice/offer_list.html", base_context(
        request, municipality, can_create=rules.can_create(request.user, municipality),
        **apply_list(request, offers, spec)))


@login_required
@require_safe
def offer_detail(request, slug, pk):
    municipality = access.get_municipality(request, slug)
    offer = rules.get_for_view(request, municipality, _offers(municipality), pk)
    translations = {t.language.code: t for t in offer.translations.select_related("language")}
    languages = [(lang, translations.get(lang.code))
                 for lang in municipality.translation_languages()]
    extra = [(t.language, t) for code, t in translations.items()
             if code not in {lang.code for lang, _ in languages}]
    return render(request, "backoffice/offer_detail.html", base_context(
        request, municipality, offer=offer, translations=languages + extra,
        can_edit=rules.can_edit(request.user, municipality, offer),
        can_delete=rules.can_delete(request.user, municipality, offer),
        hours_text=OpeningHoursField().prepare_value(offer.opening_hours),
        can_geocode=geocode.enabled() and bool(offer.street), history=history.history_for(offer)))


@login_required
def offer_edit(request, slug, pk=None):
    municipality = access.get_municipality(request, slug)
    if pk is None:
        require(rules.can_create(request.user, municipality))
        offer = Offer(municipality=municipality)
    else:
        offer = rules.get_for_edit(request, municipality, _offers(municipality), pk)
    initial = {}
    if pk is None and request.GET.get("provider", "").isdigit():
        initial["provider"] = request.GET["provider"]
    form = OfferForm(request.POST or None, instance=offer, municipality=municipality,
                     user=request.user, initial=initial)
    if request.method == "POST":
        obj = save_form(request, form, lambda f: history.save_tracked(f, user=request.user))
        if obj:
            return redirect("backoffice:offer", slug, obj.pk)
    return render(request, "backoffice/form.html", base_context(
        request, municipality, form=form, object=offer if pk else None,
        title=_("Angebot bearbeiten") if pk else _("Neues Angebot")))


@login_required
def translation_edit(request, slug, pk, language):
    municipality = access.get_municipality(request, slug)
    offer = rules.get_for_edit(request, municipality, _offers(municipality), pk)
    try:
        language = Language.objects.get(code=language)
    except Language.DoesNotExist:
        raise Http404 from None
    if language.code == "de":
        raise Http404
    translation = (OfferTranslation.objects.filter(offer=offer, language=language).first()
                   or OfferTranslation(offer=offer, language=language))
    form = TranslationForm(request.POST or None, instance=translation)
    if request.method == "POST":
        def save(f):
            before = history.snapshot(offer)
            f.save()
            history.record(offer, user=request.user, before=before)  # offer's history lists it
            return f.instance
        if save_form(request, form, save):
            return redirect("backoffice:offer", slug, offer.pk)
    return render(request, "backoffice/translation_form.html", base_context(
        request, municipality, form=form, offer=offer, language=language, translation=translation,
        title=_("Übersetzung: %(language)s") % {"language": language.name}))


@login_required
@require_POST
def offer_geocode(request, slug, pk):
    """Coordinates from the offer's address through the operator's geocoder: only on
    this request of someone who may edit the offer, never while a page is shown."""
    municipality = access.get_municipality(request, slug)
    offer = rules.get_for_edit(request, municipality, _offers(municipality), pk)
    if not offer.street:
        messages.error(request, _("Ohne Straße lässt sich der Ort nicht ermitteln."))
    else:
        try:
            latitude, longitude = geocode.geocode(address_line(offer))
        except geocode.GeocodeError as error:
            messages.error(request, str(error))
        else:
            actions.set_coordinates(offer, user=request.user, latitude=latitude, longitude=longitude)
            messages.success(request, _("Koordinaten aus der Anschrift übernommen: %(lat)s, %(lon)s. "
                                        "Bitte prüfen.") % {"lat": latitude, "lon": longitude})
    return redirect("backoffice:offer", slug, offer.pk)


@login_required
@require_POST
def offer_delete(request, slug, pk):
    municipality = access.get_municipality(request, slug)
    offer = rules.get_for_edit(request, municipality, _offers(municipality), pk)
    require(rules.can_delete(request.user, municipality, offer))
    history.delete_tracked(offer, user=request.user)
    messages.success(request, _("Angebot gelöscht."))
    return redirect("backoffice:offers", slug)
