"""Meetings and papers of the council part in the back office: a meeting with its agenda
(numbered items, public or not, the papers they deal with, reordered by number fields),
a paper with its path through the bodies (its consultations), files (PDF, checked by
council/actions) for a meeting, a paper or an agenda item. Rules: council/rules.py."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from teilhabe.council import actions, deadlines, rules
from teilhabe.council.models import AgendaItem, Consultation, Meeting, Paper, Person
from teilhabe.monitoring.models import EvaluationReport
from teilhabe.municipalities import access
from teilhabe.participation.models import Idea
from teilhabe.strategy.models import Concept, Measure

from ..council_forms import AgendaItemForm, ConsultationForm, FileForm, MeetingForm, PaperForm
from .common import add_errors
from .council import context, edit_page, editable, readable


@login_required
@require_safe
def meetings(request, slug):
    municipality = readable(request, slug)
    return render(request, "backoffice/council/meetings.html", context(
        request, municipality,
        meetings=Meeting.objects.of(municipality).alive().select_related("organization", "location")
        .order_by("-start")))


@login_required
@require_safe
def meeting(request, slug, pk):
    municipality = readable(request, slug)
    meeting = access.get_or_404(Meeting.objects.of(municipality).alive().select_related("organization"), pk)
    items = meeting.agenda_items.alive().select_related("consultation__paper", "approves_minutes_of") \
        .prefetch_related("files")
    may_edit = rules.may_edit(request.user, municipality)
    return render(request, "backoffice/council/meeting.html", context(
        request, municipality, meeting=meeting, items=items, files=meeting.files.alive(),
        participants=meeting.participants.alive(), deadlines=deadlines.for_meeting(meeting),
        today=timezone.localdate(),
        # who was written to, and when: the office's record (addresses only for those who edit)
        mails=meeting.mails.select_related("person", "queued_by"),
        invitees=actions.invitees(meeting) if may_edit else None))


@login_required
def meeting_edit(request, slug, pk=None):
    municipality = editable(request, slug)
    instance = access.get_or_404(Meeting.objects.of(municipality).alive(), pk) if pk else Meeting()
    form = MeetingForm(request.POST or None, instance=instance, municipality=municipality)
    return edit_page(request, municipality, form, instance=instance,
                     title=_("Sitzung bearbeiten") if pk else _("Neue Sitzung"),
                     done=lambda obj: reverse("council_office:meeting", args=[slug, obj.pk]))


@login_required
def agenda_item_edit(request, slug, meeting_pk, pk=None):
    municipality = editable(request, slug)
    meeting = access.get_or_404(Meeting.objects.of(municipality).alive().select_related("organization"),
                                meeting_pk)
    instance = access.get_or_404(meeting.agenda_items.alive(), pk) if pk else AgendaItem()
    form = AgendaItemForm(request.POST or None, instance=instance, municipality=municipality, meeting=meeting)
    return edit_page(request, municipality, form, instance=instance, parent=meeting,
                     save=lambda f: actions.record_agenda_item(f, user=request.user),
                     title=_("Tagesordnungspunkt bearbeiten") if pk else _("Neuer Tagesordnungspunkt"),
                     done=lambda obj: reverse("council_office:meeting", args=[slug, meeting.pk]))


@login_required
@require_POST
def agenda_order(request, slug, pk):
    """The agenda in the order of the positions typed beside its items (no JavaScript)."""
    municipality = editable(request, slug)
    meeting = access.get_or_404(Meeting.objects.of(municipality).alive(), pk)
    items = list(meeting.agenda_items.alive())
    positions = {}
    for item in items:
        value = request.POST.get(f"position-{item.pk}", "").strip()
        if not value.isdigit() or len(value) > 4:
            messages.error(request, _("Position von TOP %(number)s: bitte eine ganze Zahl angeben.") % {
                "number": item.number})
            return redirect("council_office:meeting", slug, pk)
        positions[item.pk] = int(value)
    for order, item in enumerate(sorted(items, key=lambda i: (positions[i.pk], i.order, i.pk))):
        if item.order != order:
            item.order = order
            item.save(update_fields=["order", "modified_at"])
    messages.success(request, _("Die Reihenfolge ist gespeichert."))
    return redirect("council_office:meeting", slug, pk)


@login_required
@require_safe
def papers(request, slug):
    municipality = readable(request, slug)
    return render(request, "backoffice/council/papers.html", context(
        request, municipality, papers=Paper.objects.of(municipality).alive().order_by("-date", "-pk")))


@login_required
@require_safe
def paper(request, slug, pk):
    """A paper and its path through the bodies: every consultation in the order of its meeting."""
    municipality = readable(request, slug)
    paper = access.get_or_404(Paper.objects.of(municipality).alive().select_related(
        "originator_organization", "originator_person"), pk)
    return render(request, "backoffice/council/paper.html", context(
        request, municipality, paper=paper, files=paper.files.alive(), **_links(paper),
        consultations=paper.consultations.alive().select_related("organization", "meeting", "agenda_item")))


def _links(paper):
    """What in the strategy, participation and monitoring points to this paper."""
    return {"linked_concepts": Concept.objects.filter(adoption__paper=paper).order_by("-version"),
            "linked_measures": Measure.objects.filter(council_decision__paper=paper).select_related("concept"),
            "linked_idea": Idea.objects.filter(motion=paper).first(),
            "linked_report": EvaluationReport.objects.filter(council_paper=paper).first()}


@login_required
def paper_edit(request, slug, pk=None):
    municipality = editable(request, slug)
    instance = access.get_or_404(Paper.objects.of(municipality).alive(), pk) if pk else Paper()
    form = PaperForm(request.POST or None, instance=instance, municipality=municipality)
    return edit_page(request, municipality, form, instance=instance,
                     title=_("Vorlage bearbeiten") if pk else _("Neue Vorlage"),
                     done=lambda obj: reverse("council_office:paper", args=[slug, obj.pk]))


@login_required
def consultation_edit(request, slug, paper_pk, pk=None):
    municipality = editable(request, slug)
    paper = access.get_or_404(Paper.objects.of(municipality).alive(), paper_pk)
    instance = access.get_or_404(paper.consultations.alive(), pk) if pk else Consultation()
    form = ConsultationForm(request.POST or None, instance=instance, municipality=municipality, paper=paper)
    return edit_page(request, municipality, form, instance=instance, parent=paper,
                     title=_("Beratung bearbeiten") if pk else _("Neue Beratung"),
                     done=lambda obj: reverse("council_office:paper", args=[slug, paper.pk]))


# owner kind in the URL → (the municipality's living owner, the page to return to)
def _owner(municipality, kind, pk):
    if kind == "meeting":
        owner = access.get_or_404(Meeting.objects.of(municipality).alive(), pk)
        return owner, reverse("council_office:meeting", args=[municipality.slug, owner.pk])
    if kind == "paper":
        owner = access.get_or_404(Paper.objects.of(municipality).alive(), pk)
        return owner, reverse("council_office:paper", args=[municipality.slug, owner.pk])
    if kind == "person":
        owner = access.get_or_404(Person.objects.of(municipality).alive(), pk)
        return owner, reverse("council_office:person", args=[municipality.slug, owner.pk])
    if kind != "agenda_item":
        raise Http404
    owner = access.get_or_404(AgendaItem.objects.of(municipality).alive(), pk)
    return owner, reverse("council_office:meeting", args=[municipality.slug, owner.meeting_id])


@login_required
def file_upload(request, slug, kind, pk):
    municipality = editable(request, slug)
    owner, back = _owner(municipality, kind, pk)
    form = FileForm(request.POST or None, request.FILES or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.attach_file(owner, data["file"], name=data["name"], role=data["role"], date=data["date"],
                                user=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Die Datei ist hochgeladen."))
            return redirect(back)
    return render(request, "backoffice/council/upload.html", context(
        request, municipality, form=form, parent=owner, back=back, picture=kind == "person",
        title=_("Bild hochladen") if kind == "person" else _("Datei hochladen")))


@login_required
def prepare(request, slug, pk):
    """Prepare a meeting: its agenda from the papers waiting for its body, its invitation."""
    municipality = editable(request, slug)
    meeting = access.get_or_404(Meeting.objects.of(municipality).alive().select_related("organization"), pk)
    waiting = actions.open_consultations(meeting)
    if request.method == "POST":
        chosen = {value for value in request.POST.getlist("consultation") if value.isdigit() and len(value) < 19}
        selected = [c for c in waiting if str(c.pk) in chosen]
        if not selected:
            messages.error(request, _("Bitte mindestens eine Vorlage auswählen."))
        else:
            actions.agenda_from_papers(meeting, selected, user=request.user)
            messages.success(request, _("Die Tagesordnung ist ergänzt."))
            return redirect("council_office:meeting", slug, pk)
    return render(request, "backoffice/council/prepare.html", context(
        request, municipality, meeting=meeting, waiting=waiting))


@login_required
@require_POST
def invitation(request, slug, pk):
    municipality = editable(request, slug)
    meeting = access.get_or_404(Meeting.objects.of(municipality).alive(), pk)
    actions.issue_invitation(meeting, user=request.user)
    messages.success(request, _("Die Einladung ist als PDF bei der Sitzung abgelegt."))
    return redirect("council_office:meeting", slug, pk)


@login_required
@require_POST
def invite(request, slug, pk):
    """Send the invitation to the members by e-mail (through the job queue); a member
    invited before is not sent it again, however often the button is pressed."""
    municipality = editable(request, slug)
    meeting = access.get_or_404(Meeting.objects.of(municipality).alive(), pk)
    queued, earlier, without = actions.invite_members(meeting, user=request.user,
                                                      base_url=request.build_absolute_uri("/"))
    if queued:
        messages.success(request, ngettext("Die Einladung geht an %(n)s Mitglied.",
                                           "Die Einladung geht an %(n)s Mitglieder.", len(queued)) % {"n": len(queued)})
    if earlier and not queued:
        messages.info(request, _("Alle Mitglieder mit E-Mail-Adresse sind schon eingeladen; niemand erhält sie "
                                 "ein zweites Mal."))
    if without:
        messages.warning(request, _("Ohne E-Mail-Adresse, bitte auf anderem Weg einladen: %(names)s") % {
            "names": ", ".join(person.name for person in without)})
    if not (queued or earlier or without):
        messages.error(request, _("Das Gremium hat am Tag der Sitzung keine Mitglieder."))
    return redirect("council_office:meeting", slug, pk)


@login_required
@require_POST
def minutes(request, slug, pk):
    """The minutes as PDF from what is recorded: stored as the meeting's results protocol."""
    municipality = editable(request, slug)
    meeting = access.get_or_404(Meeting.objects.of(municipality).alive(), pk)
    actions.issue_minutes(meeting, user=request.user)
    messages.success(request, _("Die Niederschrift ist als PDF bei der Sitzung abgelegt."))
    return redirect("council_office:meeting", slug, pk)
