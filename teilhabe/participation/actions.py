"""Writes of participation: registering, the waiting list, check-in and attendance
figures; ideas, their states, support and comments; the step from an idea to a measure;
export and deletion of a person's data. Views, commands, the demo and tests call these.

Every registration change locks the event row first (SELECT … FOR UPDATE on PostgreSQL;
SQLite's IMMEDIATE transactions serialise writers), so two people can never both take the
last place."""
import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from teilhabe.council import actions as council_actions
from teilhabe.council.models import Paper, public_paper, public_path
from teilhabe.council.pdf import paper_pdf
from teilhabe.municipalities import history
from teilhabe.strategy import actions as strategy_actions

from . import mail
from .attendance import attending_actors
from .models import (
    AttendanceTally, AttendingActor, Comment, CommentReport, Event, Idea, IdeaStatusChange, ParticipationSettings,
    Registration, Support, new_code, new_token,
)
from .ratelimit import keyed_hash


def _user(user):
    return user if user is not None and user.is_authenticated else None


def _normalise(email):
    return (email or "").strip().lower()


# --- events and registrations -------------------------------------------------------

def _locked_event(event):
    return Event.objects.select_for_update().select_related("municipality").get(pk=event.pk)


def _add_tallies(event, answers):
    """Count one self-description: one +1 per answered question, nothing else kept."""
    counted = False
    known = dict(ParticipationSettings.for_municipality(event.municipality).all_categories())
    for category, answer in (answers or {}).items():
        if category not in known or answer not in AttendanceTally.Answer.values:
            continue
        tally, _created = AttendanceTally.objects.get_or_create(event=event, category=category, answer=answer)
        AttendanceTally.objects.filter(pk=tally.pk).update(count=F("count") + 1)
        counted = True
    return counted


@transaction.atomic
def register(*, event, name, email, consent, organisation="", actor=None, access_needs="", interpreting_needs="",
             workshop=None, self_description=None, language="de", form_token=None, base_url=""):
    """Register for an event, or join its waiting list when it is full. Returns
    (registration, created); an earlier active registration with the same e-mail address
    is returned (and its link mailed again) instead of a second one."""
    if form_token:
        earlier = Registration.objects.filter(form_token=form_token).first()
        if earlier:
            return earlier, False
    event = _locked_event(event)
    if form_token:  # the same form sent twice at once: the second waited for the lock
        earlier = Registration.objects.filter(form_token=form_token).first()
        if earlier:
            return earlier, False
    if not consent:
        raise ValidationError({"consent": _("Bitte stimmen Sie der Verarbeitung Ihrer Angaben zu.")})
    if not event.registration_open or event.is_past:
        raise ValidationError(_("Für diese Veranstaltung ist keine Anmeldung (mehr) möglich."))
    email = _normalise(email)
    earlier = event.registrations.filter(email=email, status__in=Registration.ACTIVE).first()
    if earlier:
        kind = "registration_confirmed" if earlier.status == Registration.Status.REGISTERED else "registration_waiting"
        mail.queue(kind, earlier, municipality=event.municipality, base_url=base_url)
        return earlier, False
    if actor is not None and actor.municipality_id != event.municipality_id:
        raise ValidationError({"actor": _("Diese Organisation gehört zu einer anderen Kommune.")})
    if workshop is not None:
        if workshop.event_id != event.pk:
            raise ValidationError({"workshop": _("Diese Arbeitsgruppe gehört nicht zu der Veranstaltung.")})
        if workshop.capacity is not None and workshop.registrations.filter(
                status=Registration.Status.REGISTERED).count() >= workshop.capacity:
            raise ValidationError({"workshop": _("Diese Arbeitsgruppe ist voll – bitte wählen Sie eine andere.")})
    taken = event.registrations.filter(status=Registration.Status.REGISTERED).count()
    full = event.capacity is not None and taken >= event.capacity
    codes = set(event.registrations.values_list("check_in_code", flat=True))
    code = new_code()
    while code in codes:
        code = new_code()
    registration = Registration.objects.create(
        event=event, workshop=workshop, name=name.strip(), email=email, organisation=organisation.strip(), actor=actor,
        access_needs=access_needs.strip(), interpreting_needs=interpreting_needs.strip(),
        consent_at=timezone.now(), language=language, form_token=form_token or None, check_in_code=code,
        status=Registration.Status.WAITING if full else Registration.Status.REGISTERED)
    if _add_tallies(event, self_description):
        Registration.objects.filter(pk=registration.pk).update(self_described=True)
        registration.self_described = True
    mail.queue("registration_waiting" if full else "registration_confirmed", registration,
               municipality=event.municipality, base_url=base_url)
    return registration, True


def _move_up(event, base_url):
    """Fill free places from the waiting list, first come first served."""
    moved = []
    while True:
        taken = event.registrations.filter(status=Registration.Status.REGISTERED).count()
        if event.capacity is not None and taken >= event.capacity:
            break
        waiting = event.registrations.filter(status=Registration.Status.WAITING).order_by("created_at", "id").first()
        if waiting is None:
            break
        waiting.status = Registration.Status.REGISTERED
        waiting.save(update_fields=["status"])
        mail.queue("registration_moved_up", waiting, municipality=event.municipality, base_url=base_url)
        moved.append(waiting)
    return moved


@transaction.atomic
def cancel_registration(*, registration, base_url=""):
    """Cancel (by the person's private link or by staff); a freed place goes to the
    first on the waiting list, who is told by e-mail. Returns those moved up."""
    event = _locked_event(registration.event)
    registration = Registration.objects.get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        return []
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    if registration.email:
        mail.queue("registration_cancelled", registration, municipality=event.municipality, base_url=base_url)
    return _move_up(event, base_url)


@transaction.atomic
def save_event(*, form, user, base_url=""):
    """Create or edit an event; more places move people up from the waiting list."""
    event = history.save_tracked(form, user=user)
    _move_up(_locked_event(event), base_url)
    return event


@transaction.atomic
def check_in(*, registration, self_description=None):
    """Mark a registration as present; a self-description is counted only once per person.
    The registration returned says whether this was its first_check_in (a code entered
    twice is let in once, at the time of the first)."""
    event = _locked_event(registration.event)
    registration = Registration.objects.get(pk=registration.pk)
    if registration.status != Registration.Status.REGISTERED:
        raise ValidationError(_("Nur angemeldete Personen können eingelassen werden (Status: %(status)s).") % {
            "status": registration.get_status_display()})
    fields = []
    registration.first_check_in = registration.checked_in_at is None
    if registration.first_check_in:
        registration.checked_in_at = timezone.now()
        fields.append("checked_in_at")
    if not registration.self_described and _add_tallies(event, self_description):
        registration.self_described = True
        fields.append("self_described")
    if fields:
        registration.save(update_fields=fields)
    return registration


@transaction.atomic
def set_registration_actor(*, registration, actor, user):
    """Staff match a registration to one of the municipality's actors (or take the match
    away). The history notes who changed it, not which organisation (the registration is
    anonymised later; the history must not link it to an organisation then)."""
    registration = Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
    if actor is not None and actor.municipality_id != registration.event.municipality_id:
        raise ValidationError({"actor": _("Der Akteur gehört zu einer anderen Kommune.")})
    if registration.anonymised_at is not None:
        raise ValidationError(_("Diese Anmeldung ist anonymisiert."))
    if registration.actor_id == (actor.pk if actor else None):
        return registration
    before = history.snapshot(registration)
    registration.actor = actor
    registration.save(update_fields=["actor"])
    history.record(registration, user=user, before=before)
    return registration


def check_in_by_code(*, event, code, self_description=None):
    code = (code or "").strip().upper().replace(" ", "")
    registration = event.registrations.filter(check_in_code=code).first()
    if registration is None:
        raise ValidationError({"code": _("Kein Eintrag mit diesem Code für diese Veranstaltung.")})
    return check_in(registration=registration, self_description=self_description)


@transaction.atomic
def record_attendance(*, event, user, guests_counted, tallies):
    """Staff enter a head count and the counted answers (e.g. from a show of hands or
    cards at the door). `tallies` = {category: {answer: n}} replaces the stored counts."""
    event = _locked_event(event)
    before = history.snapshot(event)
    event.guests_counted = guests_counted
    event.save(update_fields=["guests_counted", "modified_at"])
    for category, answers in tallies.items():
        for answer, count in answers.items():
            AttendanceTally.objects.update_or_create(event=event, category=category, answer=answer,
                                                     defaults={"count": count or 0})
    history.record(event, user=user, before=before)
    return event


# --- ideas ---------------------------------------------------------------------------

def _notify(idea, kind, base_url):
    """Mail the submitter, when they want e-mail and (for web ideas) confirmed the address."""
    if not idea.submitter_email or idea.contact_preference != Idea.Contact.EMAIL:
        return
    if idea.channel == Idea.Channel.WEB and idea.email_confirmed_at is None and kind != "idea_received":
        return
    mail.queue(kind, idea, municipality=idea.municipality, base_url=base_url)


@transaction.atomic
def submit_idea(*, municipality, title, description, field, email, consent, name="", district=None,
                target_group=None, language="de", form_token=None, base_url=""):
    """A resident's idea from the web: it waits for the e-mail confirmation (and, with
    moderation, for staff) before it is published."""
    if form_token:
        earlier = Idea.objects.filter(form_token=form_token).first()
        if earlier:
            return earlier, False
    if not consent:
        raise ValidationError({"consent": _("Bitte stimmen Sie der Verarbeitung Ihrer Angaben zu.")})
    try:
        with transaction.atomic():
            idea = Idea.objects.create(
                municipality=municipality, title=title.strip(), description=description.strip(), field=field,
                district=district, target_group=target_group, channel=Idea.Channel.WEB,
                submitter_name=name.strip(), submitter_email=_normalise(email),
                contact_preference=Idea.Contact.EMAIL, consent_at=timezone.now(),
                consent_note=_("auf der Website erteilt"), language=language, form_token=form_token or None)
    except IntegrityError:  # the same form, sent twice at the same moment
        return Idea.objects.get(form_token=form_token), False
    IdeaStatusChange.objects.create(idea=idea, from_status="", to_status=idea.status)
    history.record(idea, user=None, before=None, via="web")
    _notify(idea, "idea_received", base_url)
    return idea, True


@transaction.atomic
def confirm_idea_email(*, idea, base_url=""):
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    if idea.email_confirmed_at:
        return idea
    idea.email_confirmed_at = timezone.now()
    idea.save(update_fields=["email_confirmed_at", "modified_at"])
    if idea.status == Idea.Status.SUBMITTED and not ParticipationSettings.for_municipality(idea.municipality).moderation:
        # No person publishes it: the confirmed address does (named so in the history).
        return change_idea_status(idea=idea, to_status=Idea.Status.PUBLISHED, user=None, via="confirmation",
                                  base_url=base_url)
    return idea


@transaction.atomic
def enter_idea(*, form, user, base_url=""):
    """An idea staff transcribed from a letter, an e-mail, a call or a conference table."""
    form.instance.transcribed_by = _user(user)
    idea = history.save_tracked(form, user=user, via="")
    IdeaStatusChange.objects.create(idea=idea, from_status="", to_status=idea.status, changed_by=_user(user))
    _notify(idea, "idea_received", base_url)
    return idea


@transaction.atomic
def change_idea_status(*, idea, to_status, user, reason="", via="", base_url=""):
    """Move an idea along submitted → under review → published → in discussion →
    accepted / rejected → implemented. A decision needs a reason; the submitter is told."""
    idea = Idea.objects.select_for_update().select_related("municipality").get(pk=idea.pk)
    if to_status not in idea.allowed_transitions():
        label = Idea.Status(to_status).label if to_status in Idea.Status.values else to_status
        raise ValidationError({"to_status": _("Von „%(from)s“ nach „%(to)s“ ist kein zulässiger Schritt.") % {
            "from": idea.get_status_display(), "to": label}})
    reason = (reason or "").strip()
    if to_status in Idea.NEEDS_REASON and not reason:
        raise ValidationError({"reason": _("Bitte begründen Sie die Entscheidung – die Begründung wird veröffentlicht "
                                           "und der einreichenden Person mitgeteilt.")})
    before = history.snapshot(idea)
    IdeaStatusChange.objects.create(idea=idea, from_status=idea.status, to_status=to_status, reason=reason,
                                    changed_by=_user(user))
    idea.status = to_status
    if to_status in Idea.NEEDS_REASON:
        idea.decision_reason = reason
        idea.decided_at = timezone.now()
    idea.save()
    history.record(idea, user=user, before=before, via=via)
    _notify(idea, "idea_status", base_url)
    return idea


@transaction.atomic
def idea_to_measure(*, idea, user, measure=None, measure_form=None, base_url=""):
    """From an accepted idea to a measure in one step: a new measure (from its form, in
    the current concept, via strategy.actions.create_measure) or an existing one."""
    idea = Idea.objects.select_for_update().select_related("municipality").get(pk=idea.pk)
    if idea.status not in (Idea.Status.ACCEPTED, Idea.Status.IMPLEMENTED):
        raise ValidationError(_("Nur eine angenommene Idee wird zur Maßnahme."))
    if measure is None:
        if measure_form is None:
            raise ValidationError({"measure": _("Bitte wählen Sie eine Maßnahme oder legen Sie eine neue an.")})
        measure = strategy_actions.create_measure(form=measure_form, user=user)
    elif measure.concept.municipality_id != idea.municipality_id:
        raise ValidationError({"measure": _("Diese Maßnahme gehört zu einer anderen Kommune.")})
    before = history.snapshot(idea)
    idea.measure = measure
    idea.save(update_fields=["measure", "modified_at"])
    with translation.override("de"):  # stored and shown to the public: German, as all content
        reason = _("Daraus wird die Maßnahme „%(title)s“.") % {"title": measure.title}
    IdeaStatusChange.objects.create(idea=idea, from_status=idea.status, to_status=idea.status, reason=reason,
                                    changed_by=_user(user))
    history.record(idea, user=user, before=before)
    _notify(idea, "idea_status", base_url)
    return measure


@transaction.atomic
def idea_to_motion(*, idea, user, organization, reference, title, text, name_author=False, publish=False,
                   base_url="", date=None, layout=paper_pdf, via=""):
    """From an accepted idea to a motion (Antrag) of `organization` (the Integrationsrat) in
    one step: the paper with the motion's text as its main file, its first consultation in
    that body (open, for the office to put on the next agenda), and the link idea ↔ paper.
    The coordinator writes title and text (the idea's, to start with): no personal data of
    the author goes into the paper, except their name where `name_author` is asked for and
    the author consented (the consent recorded with the idea). `layout` makes the PDF (the
    demo passes a quicker one than WeasyPrint)."""
    idea = Idea.objects.select_for_update().select_related("municipality").get(pk=idea.pk)
    if idea.status not in (Idea.Status.ACCEPTED, Idea.Status.IMPLEMENTED):
        raise ValidationError(_("Nur eine angenommene Idee wird zum Antrag."))
    if idea.motion_id is not None and idea.motion.deleted_at is None:
        raise ValidationError(_("Aus dieser Idee ist schon ein Antrag geworden."))
    if name_author and not (idea.submitter_name and idea.consent_at):
        raise ValidationError({"name_author": _("Die Person hat keinen Namen angegeben oder nicht eingewilligt.")})
    reference = council_actions.check_reference(idea.municipality, reference)
    with translation.override("de"):  # the council's documents are German
        origin = _("Dieser Antrag geht auf eine Idee aus der Bürgerbeteiligung zurück (eingegangen am %(date)s).") % {
            "date": idea.received_on.strftime("%d.%m.%Y")}
        if name_author:
            origin += " " + _("Eingereicht von: %(name)s.") % {"name": idea.submitter_name}
    date = date or timezone.localdate()
    content = layout(body_name=idea.municipality.name, kind=str(Paper.Kind.MOTION.label), reference=reference,
                     day=date, name=title, originator=organization.name, text=f"{text.strip()}\n\n{origin}")
    paper = council_actions.submit_paper(
        idea.municipality, kind=Paper.Kind.MOTION, name=title, reference=reference, main_file=content,
        file_name=f"antrag-{reference.strip().replace('/', '-')}.pdf"[:200], originator=organization,
        consulted_by=organization, publish=publish, date=date, user=user, via=via)
    before = history.snapshot(idea)
    idea.motion = paper
    idea.save(update_fields=["motion", "modified_at"])
    IdeaStatusChange.objects.create(
        idea=idea, from_status=idea.status, to_status=idea.status, changed_by=_user(user), motion=paper)
    history.record(idea, user=user, before=before, via=via)
    _notify(idea, "idea_status", base_url)
    return paper


@transaction.atomic
def support_idea(*, idea, email, language="de", base_url=""):
    """Ask to support an idea; it counts after the e-mail is confirmed. Returns
    (support, state) with state "new", "pending" or "confirmed"."""
    email = _normalise(email)
    digest = keyed_hash(f"support:{email}")
    support = Support.objects.filter(idea=idea, email_hash=digest).first()
    if support and support.confirmed_at:
        return support, "confirmed"
    state = "pending"
    if support is None:
        try:
            with transaction.atomic():
                support = Support.objects.create(idea=idea, email_hash=digest, email=email, language=language)
        except IntegrityError:  # the same person, a moment ago (double click)
            return Support.objects.get(idea=idea, email_hash=digest), "pending"
        state = "new"
    mail.queue("support_confirm", support, municipality=idea.municipality, base_url=base_url)
    return support, state


@transaction.atomic
def confirm_support(*, support):
    support = Support.objects.select_for_update().get(pk=support.pk)
    if support.confirmed_at is None:
        support.confirmed_at = timezone.now()
        support.email = ""  # counted now; the address is no longer needed
        support.save(update_fields=["confirmed_at", "email"])
    return support


@transaction.atomic
def add_comment(*, idea, body, email, author_name="", language="de", form_token=None, base_url=""):
    if form_token:
        earlier = Comment.objects.filter(form_token=form_token).first()
        if earlier:
            return earlier, False
    try:
        with transaction.atomic():
            comment = Comment.objects.create(idea=idea, body=body.strip(), email=_normalise(email),
                                             author_name=author_name.strip(), language=language,
                                             form_token=form_token or None)
    except IntegrityError:  # the same form, sent twice at the same moment
        return Comment.objects.get(form_token=form_token), False
    mail.queue("comment_confirm", comment, municipality=idea.municipality, base_url=base_url)
    return comment, True


@transaction.atomic
def confirm_comment(*, comment):
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.status == Comment.Status.UNCONFIRMED:
        comment.status = Comment.Status.VISIBLE
        comment.save(update_fields=["status"])
    return comment


@transaction.atomic
def report_comment(*, comment, reason):
    CommentReport.objects.create(comment=comment, reason=reason.strip()[:300])
    Comment.objects.filter(pk=comment.pk).update(reports=F("reports") + 1)


@transaction.atomic
def hide_comment(*, comment, reason, user, base_url=""):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Bitte nennen Sie den Grund – die verfassende Person erfährt ihn.")})
    comment = Comment.objects.select_for_update().select_related("idea__municipality").get(pk=comment.pk)
    comment.status = Comment.Status.HIDDEN
    comment.hidden_reason = reason
    comment.hidden_by = _user(user)
    comment.save(update_fields=["status", "hidden_reason", "hidden_by"])
    if comment.email:
        mail.queue("comment_hidden", comment, municipality=comment.idea.municipality, base_url=base_url)
    return comment


@transaction.atomic
def show_comment(*, comment, user):
    Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.VISIBLE, hidden_reason="", hidden_by=None)


# --- a person's data -------------------------------------------------------------------

def export_registration(registration):
    event = registration.event
    return {
        "purpose": _("Anmeldung zu einer Veranstaltung"),
        "event": {"title": event.title, "starts_at": event.starts_at.isoformat(), "place": event.address},
        "registration": {
            "status": registration.status, "name": registration.name, "email": registration.email,
            "organisation": registration.organisation,
            "organisation_from_list": registration.actor.name if registration.actor else None,
            "access_needs": registration.access_needs,
            "interpreting_needs": registration.interpreting_needs,
            "workshop": registration.workshop.title if registration.workshop else None,
            "consent_at": registration.consent_at.isoformat(), "created_at": registration.created_at.isoformat(),
            "checked_in_at": registration.checked_in_at.isoformat() if registration.checked_in_at else None,
            "language": registration.language,
        },
        "note": _("Eine freiwillige Selbstauskunft wird nur anonym als Zahl gezählt und ist keiner Person zugeordnet."),
    }


def export_idea(idea):
    return {
        "purpose": _("Idee / Vorschlag an die Stadt"),
        "idea": {"title": idea.title, "description": idea.description, "status": idea.status,
                 "decision_reason": idea.decision_reason, "received_on": idea.received_on.isoformat(),
                 "channel": idea.channel},
        "submitter": {"name": idea.submitter_name, "email": idea.submitter_email, "phone": idea.submitter_phone,
                      "address": idea.submitter_address, "contact_preference": idea.contact_preference,
                      "consent_at": idea.consent_at.isoformat() if idea.consent_at else None},
        "status_changes": [{"from": c.from_status, "to": c.to_status, "at": c.changed_at.isoformat(),
                            "reason": c.reason, "motion": c.motion.reference if c.motion else None}
                           for c in idea.status_changes.select_related("motion")],
        "motion": _export_motion(idea),
    }


def _export_motion(idea):
    """Where the idea stands in the council, as the author's private page shows it: the
    paper's reference and body, its state, and only its public consultations — no person's
    name (originator person, members) goes out."""
    paper = idea.motion
    if paper is None:
        return None
    public = public_paper(paper.pk)
    state = "withdrawn" if paper.deleted_at else "public" if public else "in_preparation"
    body = paper.originator_organization
    return {"reference": paper.reference, "title": paper.name, "body": body.name if body else None, "state": state,
            "consultations": [{"body": c.organization.name, "role": c.role, "result": c.result,
                               "meeting": c.meeting.start.isoformat() if c.meeting else None}
                              for c in (public_path(public) if public else [])]}


@transaction.atomic
def anonymise_registration(*, registration, base_url=""):
    """Remove the person from a registration; the row stays as a count (registered,
    checked in). An active registration is cancelled first, so its place moves up."""
    if registration.status != Registration.Status.CANCELLED:
        cancel_registration(registration=registration, base_url=base_url)
    # The person's own deletion takes the organisation with it: no anonymous trace is kept
    # (unlike the retention job below, which keeps the set of organisations present).
    Registration.objects.filter(pk=registration.pk).update(
        name="", email="", organisation="", actor=None, access_needs="", interpreting_needs="", form_token=None,
        token=new_token(), anonymised_at=timezone.now(), status=Registration.Status.CANCELLED)


@transaction.atomic
def anonymise_idea(*, idea, user=None, via="retention"):
    """Remove the submitter's name and contact data; the idea itself stays, as it was
    published with consent. An idea nobody has seen yet is deleted entirely."""
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    if idea.status in (Idea.Status.SUBMITTED, Idea.Status.UNDER_REVIEW) and idea.channel == Idea.Channel.WEB:
        history.delete_tracked(idea, user=user, via=via)
        return None
    before = history.snapshot(idea)
    idea.submitter_name = idea.submitter_email = idea.submitter_phone = idea.submitter_address = ""
    idea.contact_preference = Idea.Contact.NONE
    idea.form_token = None
    idea.token = new_token()
    idea.anonymised_at = timezone.now()
    idea.save()
    history.record(idea, user=user, before=before, via=via)
    return idea


@transaction.atomic
def purge_personal_data(*, now=None):
    """Retention: remove what is no longer needed, per municipality's period (default
    6 months after the event or the decision). Returns counts by kind."""
    now = now or timezone.now()
    counts = {"registrations": 0, "ideas": 0, "comments": 0, "supports": 0, "rate_limits": 0}
    for settings_row in _all_settings():
        cutoff = now - datetime.timedelta(days=30 * settings_row.retention_months)
        m = settings_row.municipality
        due = [r for r in Registration.objects.filter(event__municipality=m, anonymised_at__isnull=True,
                                                      event__starts_at__lt=cutoff).select_related("event")
               if (r.event.ends_at or r.event.starts_at) < cutoff]
        # Which organisations were there outlives the registrations: kept per event as a set
        # of actors (no person, no time), so the network keeps its "same event" ties.
        events = Event.objects.filter(pk__in={r.event_id for r in due})
        AttendingActor.objects.bulk_create(
            [AttendingActor(event_id=event_id, actor_id=actor_id)
             for event_id, actors in attending_actors(events).items() for actor_id in actors],
            ignore_conflicts=True)
        for registration in due:  # one by one: every row gets its own new token
            Registration.objects.filter(pk=registration.pk).update(
                name="", email="", organisation="", actor=None, access_needs="", interpreting_needs="",
                form_token=None, token=new_token(), anonymised_at=now)
            counts["registrations"] += 1
        for idea in Idea.objects.filter(municipality=m, anonymised_at__isnull=True, decided_at__lt=cutoff):
            if idea.has_contact or idea.submitter_name:
                anonymise_idea(idea=idea)
                counts["ideas"] += 1
        counts["comments"] += Comment.objects.filter(idea__municipality=m, created_at__lt=cutoff).exclude(
            email="").update(email="")
    # Never confirmed: web ideas after 30 days, supports and comments after 7.
    for idea in Idea.objects.filter(channel=Idea.Channel.WEB, email_confirmed_at__isnull=True,
                                    status=Idea.Status.SUBMITTED, created_at__lt=now - datetime.timedelta(days=30)):
        anonymise_idea(idea=idea)
        counts["ideas"] += 1
    week = now - datetime.timedelta(days=7)
    counts["supports"] = Support.objects.filter(confirmed_at__isnull=True, created_at__lt=week).delete()[0]
    counts["comments"] += Comment.objects.filter(status=Comment.Status.UNCONFIRMED, created_at__lt=week).delete()[0]
    from .ratelimit import forget_expired
    counts["rate_limits"] = forget_expired()
    return counts


def _all_settings():
    """Every municipality's settings, defaults for those that never saved any."""
    from teilhabe.municipalities.models import Municipality

    stored = {s.municipality_id: s for s in ParticipationSettings.objects.select_related("municipality")}
    return [stored.get(m.pk) or ParticipationSettings(municipality=m) for m in Municipality.objects.all()]
