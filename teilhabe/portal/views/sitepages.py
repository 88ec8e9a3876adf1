"""The footer's pages (sitepages app): the accessibility statement with its feedback form,
Leichte Sprache, Gebärdensprache (with the municipality's video, streamed from the
storage), Impressum and Datenschutz; and the visitor's Darstellung. The page texts are
German: they are legal texts, and German is the version that counts (the page says so in
the visitor's language)."""
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from teilhabe.lib.ranges import ranged_response
from teilhabe.participation import ratelimit
from teilhabe.sitepages import actions
from teilhabe.sitepages.models import SitePage

from .. import display
from ..cache import public_page
from ..sitepages_forms import DisplayForm, FeedbackForm
from . import active_language, context, get_municipality

SCHLICHTUNGSSTELLE = "https://www.schlichtungsstelle-bgg.de/"


def _page(request, municipality, kind, template="portal/sitepages/page.html", **extra):
    page = actions.page_for(municipality, kind)
    return render(request, template, context(municipality, section="sitepages", page=page, **extra))


def _same_site(request, address):
    return address if url_has_allowed_host_and_scheme(address, allowed_hosts={request.get_host()}) else ""


def accessibility(request, slug):
    municipality = get_municipality(slug)
    form = FeedbackForm(request.POST if request.method == "POST" else None,
                        initial={"page_url": _same_site(request, request.GET.get("page", ""))[:500]})
    if request.method == "POST":
        if form.is_spam:
            return redirect("sitepages:feedback_sent", slug)
        if form.is_valid():
            data = form.cleaned_data
            if not ratelimit.allow("accessibility_feedback", request=request, email=data["email"]):
                return render(request, "portal/participation/too_many.html", status=429)
            actions.submit_feedback(municipality=municipality, problem=data["problem"], page_url=data["page_url"],
                                    email=data["email"], language=active_language(),
                                    form_token=data["form_token"])
            return redirect("sitepages:feedback_sent", slug)
    return _page(request, municipality, SitePage.Kind.ACCESSIBILITY, "portal/sitepages/accessibility.html",
                 form=form, schlichtungsstelle=SCHLICHTUNGSSTELLE)


@require_safe
def feedback_sent(request, slug):
    municipality = get_municipality(slug)
    return render(request, "portal/sitepages/feedback_sent.html", context(municipality, section="sitepages"))


@require_safe
@public_page
def easy_language(request, slug):
    return _page(request, get_municipality(slug), SitePage.Kind.EASY_LANGUAGE)


@require_safe
@public_page
def sign_language(request, slug):
    return _page(request, get_municipality(slug), SitePage.Kind.SIGN_LANGUAGE, "portal/sitepages/sign_language.html")


def _sign_language_file(slug, field):
    """(file, size) of the sign-language page's video or captions, opened from the storage."""
    page = SitePage.objects.filter(municipality=get_municipality(slug), kind=SitePage.Kind.SIGN_LANGUAGE).first()
    if page is None or not page.video or not getattr(page, field):
        raise Http404
    stored = getattr(page, field)
    try:
        return page, stored.size, stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None


@require_safe
def sign_language_video(request, slug):
    page, size, handle = _sign_language_file(slug, "video")
    # With Range: players fetch pieces to start and to seek.
    return ranged_response(request, handle, size=size, content_type=page.video_type or "application/octet-stream")


@require_safe
def sign_language_captions(request, slug):
    page, size, handle = _sign_language_file(slug, "captions")
    return ranged_response(request, handle, size=size, content_type="text/vtt; charset=utf-8")


@require_safe
@public_page
def imprint(request, slug):
    return _page(request, get_municipality(slug), SitePage.Kind.IMPRINT)


@require_safe
@public_page
def privacy(request, slug):
    return _page(request, get_municipality(slug), SitePage.Kind.PRIVACY)


def display_settings(request, slug):
    municipality = get_municipality(slug)
    chosen = display.choices(request)
    form = DisplayForm(request.POST if request.method == "POST" else None, initial={option: True for option in chosen})
    if request.method == "POST" and form.is_valid():
        response = redirect("sitepages:display", slug)
        display.remember(response, tuple(o for o in display.OPTIONS if form.cleaned_data[o]))
        messages.success(request, _("Ihre Darstellung ist gespeichert. Sie gilt auf allen Seiten."))
        return response
    return render(request, "portal/sitepages/display.html", context(municipality, section="display", form=form))
