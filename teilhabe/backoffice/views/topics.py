"""Topics of the public site and their information texts, and which topics an offer
belongs to (their translations: the generic page, views/translations.py). Coordinators write; viewers and actor editors read; an actor
editor sets the topics of their own actor's offers only (topics/rules.py)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from teilhabe.municipalities import access, history
from teilhabe.offers import rules as offer_rules
from teilhabe.topics import actions, rules
from teilhabe.topics.models import InformationText, Topic
from teilhabe.translations.texts import prefetch_all

from ..topics_forms import InformationTextForm, OfferTopicsForm, TopicForm
from .common import base_context, require, save_form


@login_required
@require_safe
def topic_list(request, slug):
    municipality = access.get_municipality(request, slug)
    require(rules.can_read(request.user, municipality))
    return render(request, "backoffice/topics/list.html", base_context(
        request, municipality, topics=prefetch_all(municipality.topics.prefetch_related("texts")),
        can_manage=rules.can_manage(request.user, municipality)))


@login_required
@require_POST
def topic_defaults(request, slug):
    municipality = access.get_municipality(request, slug)
    require(rules.can_manage(request.user, municipality))
    created = actions.ensure_default_topics(municipality)
    messages.success(request, _("%(n)s Standardthemen angelegt.") % {"n": len(created)})
    return redirect("topics_backoffice:topics", slug)


@login_required
@require_safe
def topic_detail(request, slug, pk):
    municipality = access.get_municipality(request, slug)
    topic = rules.get_for_view(request, municipality, pk)
    return render(request, "backoffice/topics/detail.html", base_context(
        request, municipality, topic=topic, texts=prefetch_all(topic.texts.all()),
        offers=topic.offers.all(), can_manage=rules.can_manage(request.user, municipality),
        history=history.history_for(topic)))


@login_required
def topic_edit(request, slug, pk=None):
    municipality = access.get_municipality(request, slug)
    if pk is None:
        require(rules.can_manage(request.user, municipality))
        topic = Topic(municipality=municipality)
    else:
        topic = rules.get_for_edit(request, municipality, pk)
    form = TopicForm(request.POST or None, instance=topic, municipality=municipality)
    if request.method == "POST":
        obj = save_form(request, form, lambda f: history.save_tracked(f, user=request.user))
        if obj:
            return redirect("topics_backoffice:topic", slug, obj.pk)
    return render(request, "backoffice/form.html", base_context(
        request, municipality, form=form, object=topic if pk else None,
        title=_("Thema bearbeiten") if pk else _("Neues Thema")))


@login_required
def text_edit(request, slug, topic_pk, pk=None):
    municipality = access.get_municipality(request, slug)
    topic = rules.get_for_edit(request, municipality, topic_pk)
    text = get_object_or_404(topic.texts.all(), pk=pk) if pk else InformationText(topic=topic)
    form = InformationTextForm(request.POST or None, instance=text)
    if request.method == "POST":
        if save_form(request, form, lambda f: history.save_tracked(f, user=request.user)):
            return redirect("topics_backoffice:topic", slug, topic.pk)
    return render(request, "backoffice/form.html", base_context(
        request, municipality, form=form, parent=topic,
        title=_("Informationstext bearbeiten") if pk else _("Neuer Informationstext")))


@login_required
def offer_topics(request, slug, pk):
    """Which topics an offer belongs to: whoever may edit the offer."""
    municipality = access.get_municipality(request, slug)
    offer = offer_rules.get_for_edit(request, municipality, municipality.offers.all(), pk)
    require(rules.can_assign(request.user, municipality, offer))
    form = OfferTopicsForm(request.POST or None, municipality=municipality,
                           initial={"topics": list(offer.topics.all())})
    if request.method == "POST":
        if save_form(request, form, lambda f: actions.set_offer_topics(
                offer, list(f.cleaned_data["topics"]), user=request.user)):
            return redirect("backoffice:offer", slug, offer.pk)
    return render(request, "backoffice/form.html", base_context(
        request, municipality, form=form, parent=offer, title=_("Themen des Angebots")))
