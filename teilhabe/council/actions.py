"""Writes of the council part that touch more than one object or need checks a form
cannot make: the council part itself, consent, files, soft deletion. Views, commands, the
demo and tests call these; each records what it changed in the change history."""
import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.lib.languages import in_german
from teilhabe.municipalities import history

from .models import EXTENSIONS, PDF, AgendaItem, Body, Consultation, File, Meeting, MeetingMail, Membership, Paper


def _user(user):
    return user if user is not None and user.is_authenticated else None


@transaction.atomic
def open_council(municipality, *, name, user=None, via="", **fields):
    """Give a municipality its council part (it becomes an OParl Body); idempotent."""
    body, created = Body.objects.get_or_create(municipality=municipality, defaults={"name": name, **fields})
    if created:
        history.record(body, user=_user(user), via=via)
    return body


@transaction.atomic
def record_consent(person, *, at=None, user=None, via=""):
    """The person agreed to be published (name, memberships): from now on they are public."""
    before = history.snapshot(person)
    person.consent_at = at or timezone.now()
    person.save()
    history.record(person, user=_user(user), before=before, via=via)


@transaction.atomic
def withdraw_consent(person, *, user=None, via=""):
    """The person withdrew consent: for the public they are gone (OParl: deleted) at once."""
    before = history.snapshot(person)
    person.consent_at = None
    person.save()
    # Memberships are embedded in the person and follow their visibility: renew them too,
    # so that a client asking the membership list with modified_since learns they are gone.
    person.memberships.update(modified_at=person.modified_at)
    history.record(person, user=_user(user), before=before, via=via)


@transaction.atomic
def attach_file(owner, upload, *, name, role=File.Role.AUXILIARY, date=None, file_name=None, user=None, via=""):
    """Store an uploaded PDF for a meeting, paper or agenda item, or a person's picture.
    Refuses (ValidationError naming the field) anything but a PDF (a picture: JPEG or PNG)
    within the size limit, and a role the owner has no place for (an invitation belongs to
    a meeting, a main file to a paper, a picture to a person)."""
    kind = owner._meta.model_name.replace("agendaitem", "agenda_item")
    if role not in File.ROLES_OF[kind]:
        raise ValidationError({"role": _("Diese Art von Datei gehört nicht zu einem %(owner)s.") % {
            "owner": owner._meta.verbose_name}})
    if role == File.Role.IMAGE:
        content, mime = File.checked_image(upload)
    else:
        content, mime = File.checked_content(upload), PDF
    sha1, sha512 = File.digests(content)
    stored = f"{sha1}.{EXTENSIONS[mime]}"
    file = File(municipality=owner.municipality, role=role, name=name, size=len(content), sha1=sha1,
                sha512=sha512, date=date or datetime.date.today(), mime_type=mime,
                file_name=file_name or upload.name.rsplit("/", 1)[-1] or stored, **{kind: owner})
    name = file.file.field.generate_filename(file, stored)
    if file.file.storage.exists(name):
        file.file.name = name  # the same content is stored under its checksum already
    else:
        file.file.save(stored, ContentFile(content), save=False)
    file.full_clean(exclude=["file"])
    file.save()
    history.record(file, user=_user(user), via=via)
    return file


def check_reference(municipality, reference):
    """The reference number, stripped, if the municipality has not used it; else ValidationError
    on "reference" (asked before a paper's file is laid out, which takes a while)."""
    reference = reference.strip()
    if Paper.objects.filter(municipality=municipality, reference=reference).exists():
        raise ValidationError({"reference": _("Diese Drucksachennummer ist schon vergeben.")})
    return reference


@transaction.atomic
def submit_paper(municipality, *, kind, name, reference, main_file, file_name, originator=None, consulted_by=None,
                 role=Consultation.Role.PRELIMINARY, publish=False, date=None, user=None, via=""):
    """A new paper with its main file (bytes of a PDF) and, where a body is named, its first
    consultation there, not yet scheduled: the office finds it among the open papers when
    it prepares that body's next meeting. Refuses a reference number the municipality has
    used already (ValidationError on "reference"), so nothing is half-written."""
    reference = check_reference(municipality, reference)
    for organization in (originator, consulted_by):
        if organization is not None and organization.municipality_id != municipality.pk:
            raise ValidationError({"organization": _("Das Gremium gehört zu einer anderen Kommune.")})
    paper = Paper(municipality=municipality, kind=kind, name=name[:300], reference=reference,
                  date=date or timezone.localdate(), originator_organization=originator, is_published=publish)
    paper.full_clean()
    paper.save()
    history.record(paper, user=_user(user), via=via)
    attach_file(paper, ContentFile(main_file, name=file_name), name=name[:200], role=File.Role.MAIN,
                date=paper.date, file_name=file_name, user=user, via=via)
    if consulted_by is not None:
        consultation = Consultation.objects.create(paper=paper, organization=consulted_by, role=role)
        history.record(consultation, user=_user(user), via=via)
    return paper


def renew_papers(paper_ids):
    """Something outside the council part started or stopped pointing to these papers (a
    concept's adoption, a measure, an idea, the evaluation report): their OParl keywords
    changed, and with them, as OParl 1.1 requires of every change, their `modified`."""
    # Saved one by one, not by a queryset update: the saves' signals renew the kept OParl
    # list pages and the portal's cached pages, which show these links too.
    now = timezone.now()
    for paper in Paper.objects.filter(pk__in={pk for pk in paper_ids if pk}):
        paper.modified_at = now
        paper.save(update_fields=["modified_at"])


@transaction.atomic
def soft_delete(obj, *, user=None, via=""):
    """Delete for the public and for OParl clients, who then see `deleted: true`. The
    stored file of a deleted File is kept: the record of what was published stays."""
    before = history.snapshot(obj)
    obj.soft_delete()
    history.record(obj, user=_user(user), before=before, via=via)


def open_consultations(meeting):
    """Papers waiting for this meeting's body: consultations of it that have no meeting yet."""
    return (Consultation.objects.filter(organization=meeting.organization, meeting__isnull=True,
                                        agenda_item__isnull=True, deleted_at__isnull=True,
                                        paper__deleted_at__isnull=True)
            .select_related("paper").order_by("paper__date", "paper__reference"))


@transaction.atomic
def agenda_from_papers(meeting, consultations, *, user=None, via=""):
    """One agenda item per open consultation, numbered after the last item, the consultation
    placed in the meeting and on its item. The item of a paper not yet published is not
    public: its title must not reach the public before the paper does."""
    items = list(meeting.agenda_items.alive())
    order = max((item.order for item in items), default=-1) + 1
    number = max((int(item.number) for item in items if item.number.isdigit()), default=0) + 1
    made = []
    for consultation in consultations:
        item = AgendaItem.objects.create(meeting=meeting, number=str(number), order=order,
                                         name=consultation.paper.name[:300], public=consultation.paper.is_public)
        history.record(item, user=_user(user), via=via)
        before = history.snapshot(consultation)
        consultation.meeting, consultation.agenda_item = meeting, item
        consultation.save()
        history.record(consultation, user=_user(user), before=before, via=via)
        made.append(item)
        number, order = number + 1, order + 1
    return made


@transaction.atomic
@in_german  # the council's records are German, whatever the office speaks
def issue_invitation(meeting, *, user=None, via=""):
    """Lay out the invitation (PDF), store it as the meeting's invitation file and mark the
    meeting invited today. invite_members sends it to the members."""
    from .pdf import invitation_pdf

    today = timezone.localdate()
    content = invitation_pdf(meeting, today=today)
    upload = ContentFile(content, name=f"einladung-{meeting.pk}.pdf")
    file = attach_file(meeting, upload, name=(_("Einladung: %(name)s") % {"name": meeting.name})[:200],
                       role=File.Role.INVITATION, date=today, user=user, via=via)
    before = history.snapshot(meeting)
    meeting.invitation_date = today
    if meeting.state == meeting.State.PLANNED:
        meeting.state = meeting.State.INVITED
    meeting.save()
    history.record(meeting, user=_user(user), before=before, via=via)
    return file


def invitees(meeting):
    """The persons a meeting's invitation goes to: members of its body on the meeting's day."""
    day = timezone.localtime(meeting.start).date()
    memberships = (Membership.objects.alive()
                   .filter(organization=meeting.organization, person__deleted_at__isnull=True)
                   .exclude(start_date__gt=day).exclude(end_date__lt=day)
                   .select_related("person").order_by("person__family_name", "person__given_name", "pk"))
    persons = {}
    for membership in memberships:
        persons.setdefault(membership.person_id, membership.person)
    return list(persons.values())


@transaction.atomic
def invite_members(meeting, *, user=None, base_url="", via=""):
    """Send the invitation (the PDF, made first if there is none, and the agenda's files) to
    every member with an address, through the job queue. Idempotent: a member who was
    invited already (MeetingMail) is not sent it again. Returns (queued, earlier, without
    address) as lists of persons."""
    from . import mail

    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)  # two clicks: one after the other
    if not meeting.files.alive().filter(role=File.Role.INVITATION).exists():
        issue_invitation(meeting, user=user, via=via)
    queued, earlier, without = [], [], []
    for person in invitees(meeting):
        if not person.email:
            without.append(person)
            continue
        record, created = MeetingMail.objects.get_or_create(
            meeting=meeting, person=person, kind=MeetingMail.Kind.INVITATION,
            defaults={"queued_by": _user(user)})
        if created:
            mail.queue(record, base_url=base_url)
            queued.append(person)
        else:
            earlier.append(person)
    return queued, earlier, without


@transaction.atomic
def record_agenda_item(form, *, user=None, via=""):
    """Save an agenda item from its form. When it is the approval of earlier minutes
    ("Genehmigung der Niederschrift") and its result is recorded, that meeting's minutes
    are approved on the day of this meeting."""
    before = history.snapshot(AgendaItem.objects.get(pk=form.instance.pk)) if form.instance.pk else None
    item = form.save()
    history.record(item, user=_user(user), before=before, via=via)
    earlier = item.approves_minutes_of
    if earlier is not None and item.result.strip() and earlier.minutes_approved_on is None:
        before = history.snapshot(earlier)
        earlier.minutes_approved_on = timezone.localtime(item.meeting.start).date()
        earlier.save()
        history.record(earlier, user=_user(user), before=before, via=via)
    return item


@transaction.atomic
@in_german
def issue_minutes(meeting, *, user=None, via=""):
    """Lay out the minutes (results protocol) as PDF from what the office recorded and store
    it as the meeting's results protocol, which is public: non-public items appear with
    their number only. An earlier generated protocol is replaced (soft deleted)."""
    from .pdf import minutes_pdf

    content = minutes_pdf(meeting)
    for earlier in meeting.files.alive().filter(role=File.Role.RESULTS_PROTOCOL):
        soft_delete(earlier, user=user, via=via)
    upload = ContentFile(content, name=f"niederschrift-{meeting.pk}.pdf")
    return attach_file(meeting, upload, name=(_("Niederschrift: %(name)s") % {"name": meeting.name})[:200],
                       role=File.Role.RESULTS_PROTOCOL, date=timezone.localdate(), user=user, via=via)
