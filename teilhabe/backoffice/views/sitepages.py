"""The footer's pages (sitepages) in the back office: coordinators edit them and handle
the feedback on barriers with its reply deadline; viewers read both, without the e-mail
address of the person who wrote (personal data, as in participation)."""
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from teilhabe.municipalities import access, history
from teilhabe.sitepages import actions, rules
from teilhabe.sitepages.models import Feedback, SitePage

from ..sitepages_forms import FeedbackForm, SitePageForm
from .common import base_context, require, save_form


def _municipality(request, slug, rule):
    municipality = access.get_municipality(request, slug)
    require(rule(request.user, municipality))
    return municipality


@login_required
@require_safe
def overview(request, slug):
    municipality = _municipality(request, slug, rules.can_read)
    stored = {p.kind: p for p in SitePage.objects.filter(municipality=municipality)}
    pages = [(kind, label, stored.get(kind)) for kind, label in SitePage.Kind.choices]
    feedback = Feedback.objects.of(municipality)
    return render(request, "backoffice/sitepages/overview.html", base_context(
        request, municipality, section="sitepages", pages=pages, feedback=feedback, open_count=feedback.filter(
            answered_on__isnull=True).count(), may_manage=rules.can_manage(request.user, municipality)))


@login_required
def page_edit(request, slug, kind):
    municipality = _municipality(request, slug, rules.can_manage)
    if kind not in SitePage.Kind.values:
        raise Http404
    page = actions.page_for(municipality, kind)
    form = SitePageForm(request.POST or None, request.FILES or None, instance=page)

    def save(form):
        data = form.cleaned_data
        upload, transcript = data.get("video"), data.get("transcript", "")
        if upload:
            page = actions.set_video(form.instance, upload, transcript=transcript, user=request.user)
        elif data.get("remove_video"):
            return actions.remove_video(form.instance, user=request.user)
        else:
            page = actions.save_page(form.instance, user=request.user)
        if data.get("captions"):
            return actions.set_captions(page, data["captions"], user=request.user)
        if data.get("remove_captions"):
            return actions.remove_captions(page, user=request.user)
        return page

    if request.method == "POST" and save_form(request, form, save):
        return redirect("sitepages_backoffice:overview", slug)
    return render(request, "backoffice/sitepages/edit.html", base_context(
        request, municipality, section="sitepages", form=form, page=page, title=page,
        history=history.history_for(page) if page.pk else None))


@login_required
def feedback_detail(request, slug, pk):
    municipality = _municipality(request, slug, rules.can_read)
    feedback = get_object_or_404(Feedback.objects.of(municipality), pk=pk)
    may_manage = rules.can_manage(request.user, municipality)
    form = FeedbackForm(request.POST or None, instance=feedback) if may_manage else None
    if request.method == "POST":
        require(may_manage)
        if save_form(request, form, lambda f: history.save_tracked(f, user=request.user)):
            return redirect("sitepages_backoffice:overview", slug)
    return render(request, "backoffice/sitepages/feedback.html", base_context(
        request, municipality, section="sitepages", feedback=feedback, form=form, may_manage=may_manage,
        history=history.history_for(feedback)))
