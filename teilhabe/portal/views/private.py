"""Pages behind private links (/p/…): a person's registration, idea, support or comment.
The link is the key; it changes when the data is deleted. Changes need a POST (a button),
so that mail scanners following links confirm or cancel nothing."""
import functools
import json

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from teilhabe.council.models import public_paper, public_path
from teilhabe.participation import actions
from teilhabe.participation.models import Comment, Idea, Registration, Support

from . import context
from .participation import base_url, public_measure


def private(view):
    """No indexing: the address itself is the secret; no caching either (for every answer
    under /p/, errors included: lib/middleware.private_pages). (The site-wide
    Referrer-Policy same-origin keeps it from other sites; "no-referrer" would make
    browsers send Origin: null with the page's forms, which CSRF refuses.)"""
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
    return wrapper


def _get(queryset, token):
    found = queryset.filter(token=token).first()
    if found is None:
        raise Http404
    return found


def _json(data, filename):
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- registrations -------------------------------------------------------------------

def _registration(token):
    return _get(Registration.objects.select_related("event__municipality", "workshop").filter(
        anonymised_at__isnull=True), token)


@private
@require_safe
def registration_page(request, token):
    registration = _registration(token)
    event = registration.event
    position = None
    if registration.status == Registration.Status.WAITING:
        position = event.registrations.filter(status=Registration.Status.WAITING).filter(
            created_at__lte=registration.created_at).count()
    return render(request, "portal/participation/private/registration.html", context(
        event.municipality, section="events", registration=registration, event=event, position=position))


@private
@require_POST
def registration_cancel(request, token):
    registration = _registration(token)
    actions.cancel_registration(registration=registration, base_url=base_url(request))
    messages.success(request, _("Sie sind abgemeldet. Danke, dass Sie Bescheid gesagt haben."))
    return redirect("participation:private_registration", token)


@private
@require_safe
def registration_export(request, token):
    registration = _registration(token)
    return _json(actions.export_registration(registration), "anmeldung.json")


@private
@require_POST
def registration_delete(request, token):
    registration = _registration(token)
    municipality = registration.event.municipality
    actions.anonymise_registration(registration=registration, base_url=base_url(request))
    messages.success(request, _("Ihre Angaben sind gelöscht."))
    return redirect("participation:events", municipality.slug)


# --- ideas ---------------------------------------------------------------------------

def _idea(token):
    return _get(Idea.objects.select_related("municipality", "field", "measure__concept", "motion").filter(
        anonymised_at__isnull=True), token)


@private
@require_safe
def idea_page(request, token):
    idea = _idea(token)
    # An internal measure or a draft's is not told even here (the link is shared at will).
    measure = idea.measure if idea.measure is not None and idea.measure.is_visible else None
    steps = None
    if measure is not None:
        cycle = list(measure.LIFE_CYCLE)
        steps = {"done": cycle.index(measure.status) + 1 if measure.status in cycle else 0, "total": len(cycle)}
    # The motion made of the idea: where it stands in the council, as far as that is public.
    motion = public_paper(idea.motion_id) if idea.motion_id else None
    return render(request, "portal/participation/private/idea.html", context(
        idea.municipality, section="ideas", idea=idea, changes=idea.status_changes.select_related("motion__originator_organization"), measure=measure,
        # A draft is being prepared; a deleted paper is no motion any more.
        motion=motion, motion_pending=motion is None and idea.motion is not None and idea.motion.deleted_at is None,
        consultations=public_path(motion) if motion else [],
        public_measure=public_measure(idea), steps=steps,
        measure_changes=measure.status_changes.all() if measure else [],
        needs_confirmation=idea.channel == Idea.Channel.WEB and idea.email_confirmed_at is None,
        comments=idea.comments.filter(status=Comment.Status.HIDDEN)))


@private
@require_POST
def idea_confirm(request, token):
    idea = _idea(token)
    idea = actions.confirm_idea_email(idea=idea, base_url=base_url(request))
    if idea.is_public:
        messages.success(request, _("Danke! Ihre Idee ist bestätigt und veröffentlicht."))
    else:
        messages.success(request, _("Danke! Ihre Idee ist bestätigt. Die Koordination prüft sie vor der "
                                    "Veröffentlichung."))
    return redirect("participation:private_idea", token)


@private
@require_safe
def idea_export(request, token):
    return _json(actions.export_idea(_idea(token)), "idee.json")


@private
@require_POST
def idea_delete(request, token):
    idea = _idea(token)
    slug = idea.municipality.slug
    actions.anonymise_idea(idea=idea, via="private-link")
    messages.success(request, _("Ihre Kontaktdaten sind gelöscht. Eine veröffentlichte Idee bleibt ohne Namen stehen; "
                                "eine noch nicht veröffentlichte ist ganz gelöscht."))
    return redirect("participation:ideas", slug)


# --- support and comments --------------------------------------------------------------

@private
def support_page(request, token):
    support = _get(Support.objects.select_related("idea__municipality"), token)
    if request.method == "POST":
        actions.confirm_support(support=support)
        messages.success(request, _("Danke! Ihre Unterstützung wird gezählt."))
        return redirect("participation:private_support", token)
    return render(request, "portal/participation/private/support.html", context(
        support.idea.municipality, section="ideas", support=support, idea=support.idea))


@private
def comment_page(request, token):
    comment = _get(Comment.objects.select_related("idea__municipality"), token)
    if request.method == "POST":
        if request.POST.get("action") == "delete":
            idea = comment.idea
            comment.delete()
            messages.success(request, _("Ihr Kommentar ist gelöscht."))
            if idea.is_public:
                return redirect("participation:idea", idea.municipality.slug, idea.pk)
            return redirect("participation:ideas", idea.municipality.slug)
        actions.confirm_comment(comment=comment)
        messages.success(request, _("Danke! Ihr Kommentar ist bestätigt."))
        return redirect("participation:private_comment", token)
    return render(request, "portal/participation/private/comment.html", context(
        comment.idea.municipality, section="ideas", comment=comment, idea=comment.idea))
