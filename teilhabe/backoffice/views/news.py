"""News in the back office: coordinators write items (draft, published, scheduled),
upload pictures and PDF attachments (translations: the generic page, views/translations.py);
viewers read everything, drafts included. Who may do what is news/rules.py; everyone else is refused."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from teilhabe.municipalities import access, history
from teilhabe.news import actions, rules
from teilhabe.news.models import NewsItem, Picture

from ..news_forms import LINKS, AttachmentForm, NewsItemForm, PictureForm
from .common import add_errors, base_context, require, save_form

SECTION = "news"


def readable(request, slug):
    municipality = access.get_municipality(request, slug)
    require(rules.may_read(request.user, municipality))
    return municipality


def editable(request, slug):
    municipality = access.get_municipality(request, slug)
    require(rules.may_edit(request.user, municipality))
    return municipality


def context(request, municipality, **extra):
    return base_context(request, municipality, section=SECTION,
                        may_edit=rules.may_edit(request.user, municipality), **extra)


def _item(municipality, pk):
    return access.get_or_404(NewsItem.objects.filter(municipality=municipality), pk)


@login_required
@require_safe
def news_list(request, slug):
    municipality = readable(request, slug)
    return render(request, "backoffice/news/list.html", context(
        request, municipality, items=NewsItem.objects.filter(municipality=municipality)))


@login_required
@require_safe
def news_item(request, slug, pk):
    municipality = readable(request, slug)
    item = _item(municipality, pk)
    return render(request, "backoffice/news/item.html", context(
        request, municipality, item=item, pictures=item.pictures.all(),
        attachments=item.attachments.all(), history=history.history_for(item)))


@login_required
def news_edit(request, slug, pk=None):
    municipality = editable(request, slug)
    instance = _item(municipality, pk) if pk else NewsItem(municipality=municipality)
    form = NewsItemForm(request.POST or None, instance=instance, municipality=municipality)
    if request.method == "POST":
        def save(f):
            item = f.save(commit=False)
            return actions.save_item(item, links={name: f.cleaned_data[name] for name in LINKS}, user=request.user)
        item = save_form(request, form, save)
        if item:
            return redirect("news_office:item", slug, item.pk)
    return render(request, "backoffice/form.html", context(
        request, municipality, form=form, title=_("Meldung bearbeiten") if pk else _("Neue Meldung"),
        object=instance if instance.pk else None))


@login_required
def picture_upload(request, slug, pk):
    municipality = editable(request, slug)
    item = _item(municipality, pk)
    form = PictureForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.add_picture(item, data["image"], alt_text=data["alt_text"], caption=data["caption"],
                                credit=data["credit"], licence=data["licence"], user=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Das Bild ist hochgeladen."))
            return redirect("news_office:item", slug, item.pk)
    return render(request, "backoffice/news/upload.html", context(
        request, municipality, form=form, item=item, title=_("Bild hochladen")))


@login_required
def attachment_upload(request, slug, pk):
    municipality = editable(request, slug)
    item = _item(municipality, pk)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.attach_pdf(item, form.cleaned_data["file"], name=form.cleaned_data["name"], user=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Die Datei ist hochgeladen."))
            return redirect("news_office:item", slug, item.pk)
    return render(request, "backoffice/news/upload.html", context(
        request, municipality, form=form, item=item, title=_("PDF anhängen")))


@login_required
@require_POST
def news_delete(request, slug, pk):
    municipality = editable(request, slug)
    item = _item(municipality, pk)
    actions.delete_item(item, user=request.user)
    messages.success(request, _("Die Meldung ist gelöscht."))
    return redirect("news_office:list", slug)


@login_required
@require_POST
def picture_delete(request, slug, pk, picture_pk):
    municipality = editable(request, slug)
    item = _item(municipality, pk)
    picture = access.get_or_404(Picture.objects.filter(news=item), picture_pk)
    actions.remove_picture(picture, user=request.user)
    messages.success(request, _("Das Bild ist entfernt."))
    return redirect("news_office:item", slug, item.pk)
