"""Council objects as OParl 1.1 JSON. Every function takes an object whose relations the
list or object view has already loaded (views.py says which), and `urls`, which makes the
absolute URLs. Properties without a value are left out (2.4: no null, no empty list or
string for optional properties); an object that is deleted or not public keeps only id,
type, created and modified, with `deleted: true` (2.8)."""
from django.conf import settings
from django.utils import timezone

from teilhabe.council.models import Meeting, Organization

SCHEMA = "https://schema.oparl.org/1.1/"
VENDOR = "teilhabe"  # prefix of our own properties (3.0 "Herstellerspezifische Erweiterungen")


def moment(value):
    return timezone.localtime(value).isoformat(timespec="seconds")


def day(value):
    return value.isoformat() if value else None


def _clean(data):
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def _head(obj, kind, urls, path):
    return {"id": urls.object(path, obj.pk), "type": SCHEMA + kind,
            "created": moment(obj.created_at), "modified": moment(obj.modified_at)}


def _gone(obj, kind, urls, path):
    """What stays of a deleted or not public object (2.8): id, type, created, modified, and
    what the schema requires beyond those, where it says nothing the public may not know
    (a file's accessUrl answers 410 Gone; an agenda item's position)."""
    data = {**_head(obj, kind, urls, path), "deleted": True}
    if kind == "File":
        data["accessUrl"] = urls.file_access(obj.pk)
    elif kind == "AgendaItem":
        data["order"] = obj.order
    return data


def system(urls, created, modified):
    return _clean({
        "id": urls.system(), "type": SCHEMA + "System", "oparlVersion": SCHEMA,
        "name": "teilhabe", "body": urls.bodies(), "license": settings.OPARL_LICENSE,
        "created": moment(created), "modified": moment(modified),
    })


def body(b, urls):
    """The Body's URL names the municipality's id (never changed, unlike its slug)."""
    head = {"id": urls.object("body", b.municipality_id), "type": SCHEMA + "Body",
            "created": moment(b.created_at), "modified": moment(b.modified_at)}
    m = b.municipality
    if b.deleted_at is not None:
        # The schema requires these; the municipality's name and the lists' URLs are public.
        return {**head, "deleted": True, "name": b.name, "legislativeTerm": [],
                **{key: urls.body_list(b.municipality_id, path) for key, path in (
                    ("organization", "organizations"), ("person", "persons"), ("meeting", "meetings"),
                    ("paper", "papers"))}}
    lists = {name: urls.body_list(b.municipality_id, path) for name, path in (
        ("organization", "organizations"), ("person", "persons"), ("meeting", "meetings"), ("paper", "papers"),
        ("agendaItem", "agenda-items"), ("consultation", "consultations"), ("file", "files"),
        ("locationList", "locations"), ("legislativeTermList", "legislative-terms"),
        ("membership", "memberships"))}
    data = _clean({
        **head, "system": urls.system(), "name": b.name, "shortName": m.name,
        "website": b.website, "ags": m.ags, "contactEmail": b.contact_email, "contactName": b.contact_name,
        "classification": m.get_kind_display(), **lists, "web": urls.web(m.slug), "license": b.license,
    })
    # Required, so given even when empty (2.4); only terms not deleted (2.5: embedded).
    data["legislativeTerm"] = [legislative_term(t, urls, embedded=True) for t in b.municipality.terms]
    return data


def legislative_term(t, urls, embedded=False):
    if not t.is_public:
        return _gone(t, "LegislativeTerm", urls, "legislative-term")
    return _clean({**_head(t, "LegislativeTerm", urls, "legislative-term"),
                   "body": None if embedded else urls.object("body", t.municipality_id),
                   "name": t.name, "startDate": day(t.start_date), "endDate": day(t.end_date)})


def location(loc, urls, embedded=False):
    if not loc.is_public:
        return _gone(loc, "Location", urls, "location")
    back = {} if embedded else {
        "organizations": [urls.object("organization", o.pk) for o in loc.alive_organizations],
        "meetings": [urls.object("meeting", mt.pk) for mt in loc.alive_meetings],
        "persons": [urls.object("person", p.pk) for p in loc.public_persons],
        "papers": [urls.object("paper", p.pk) for p in loc.public_papers]}
    return _clean({**_head(loc, "Location", urls, "location"), "description": loc.description,
                   "streetAddress": loc.street_address, "room": loc.room, "postalCode": loc.postal_code,
                   "locality": loc.locality, **back})


def organization(o, urls):
    if not o.is_public:
        return _gone(o, "Organization", urls, "organization")
    return _clean({
        **_head(o, "Organization", urls, "organization"), "body": urls.object("body", o.municipality_id),
        "name": o.name, "shortName": o.short_name, "organizationType": "Gremium",
        "classification": Organization.CLASSIFICATION[o.kind],
        "startDate": day(o.start_date), "endDate": day(o.end_date),
        "location": location(o.location, urls, embedded=True) if o.location and o.location.is_public else None,
        "membership": [urls.object("membership", m.pk) for m in o.public_memberships],
        "meeting": urls.organization_list(o.pk, "meetings"),
        "consultation": urls.organization_list(o.pk, "consultations"),
    })


def person(p, urls):
    if not p.is_public:
        return _gone(p, "Person", urls, "person")
    return _clean({
        **_head(p, "Person", urls, "person"), "body": urls.object("body", p.municipality_id), "name": p.name,
        "familyName": p.family_name, "givenName": p.given_name, "formOfAddress": p.form_of_address,
        "title": [p.title] if p.title else None,
        "membership": [membership(m, urls, embedded=True) for m in p.public_memberships],
        # 1.1 wants the contact address as a URL and (new) as the object itself, both or neither.
        # The picture (OParl 1.1 Person `image`), published with the person's consent only.
        "image": file(p.alive_pictures[-1], urls, embedded=True) if p.alive_pictures else None,
        **({"location": urls.object("location", p.location_id),
            "locationObject": location(p.location, urls, embedded=True)}
           if p.location is not None and p.location.is_public else {}),
    })


def membership(m, urls, embedded=False):
    if not embedded and not m.is_public:
        return _gone(m, "Membership", urls, "membership")
    return _clean({
        **_head(m, "Membership", urls, "membership"),
        "person": None if embedded else urls.object("person", m.person_id),
        "organization": urls.object("organization", m.organization_id), "role": m.get_role_display(),
        "votingRight": m.voting_right, "startDate": day(m.start_date), "endDate": day(m.end_date),
        # OParl's onBehalfOf names an Organization (a Fraktion) by URL; the list or group a
        # member of an Integrationsrat was elected on is a text, so it is our own property.
        f"{VENDOR}:onBehalfOf": m.on_behalf_of,
    })


def file(f, urls, embedded=False):
    if not f.is_public:
        return _gone(f, "File", urls, "file")
    owner = {}
    if not embedded and not f.person_id:  # File has no property naming a person it shows
        kind = "meeting" if f.meeting_id else "paper" if f.paper_id else "agendaItem"
        path = {"meeting": "meeting", "paper": "paper", "agendaItem": "agenda-item"}[kind]
        owner = {kind: [urls.object(path, f.meeting_id or f.paper_id or f.agenda_item_id)]}
    return _clean({
        **_head(f, "File", urls, "file"), "name": f.name, "fileName": f.file_name, "mimeType": f.mime_type,
        "date": day(f.date), "size": f.size, "sha1Checksum": f.sha1, "sha512Checksum": f.sha512,
        "accessUrl": urls.file_access(f.pk), "downloadUrl": urls.file_download(f.pk), **owner,
    })


def _files(files, role):
    return [f for f in files if f.role == role]


def agenda_item(item, urls, embedded=False):
    if not item.is_public:
        return _gone(item, "AgendaItem", urls, "agenda-item")
    data = {**_head(item, "AgendaItem", urls, "agenda-item"),
            "meeting": None if embedded else urls.object("meeting", item.meeting_id),
            "number": item.number, "order": item.order, "public": item.public}
    if not item.public:
        # A placeholder: that there is a non-public item, and where. Its name, result,
        # decision, papers and files are not public information (docs/oparl.md).
        return _clean(data)
    consultation_ = getattr(item, "consultation", None)
    resolution = _files(item.alive_files, "resolution")
    return _clean({
        **data, "name": item.name, "result": item.result, "resolutionText": item.resolution_text,
        "consultation": urls.object("consultation", consultation_.pk)
        if consultation_ is not None and consultation_.is_public else None,
        "resolutionFile": file(resolution[0], urls, embedded=True) if resolution else None,
        "auxiliaryFile": [file(f, urls, embedded=True) for f in _files(item.alive_files, "auxiliary")],
    })


def meeting(mt, urls):
    if not mt.is_public:
        return _gone(mt, "Meeting", urls, "meeting")
    invitation = _files(mt.alive_files, "invitation")
    protocol = _files(mt.alive_files, "results_protocol")
    return _clean({
        **_head(mt, "Meeting", urls, "meeting"), "name": mt.name,
        "meetingState": Meeting.OPARL_STATE[mt.state], "cancelled": mt.state == Meeting.State.CANCELLED or None,
        "start": moment(mt.start), "end": moment(mt.end) if mt.end else None,
        "location": location(mt.location, urls, embedded=True) if mt.location and mt.location.is_public else None,
        "organization": [urls.object("organization", mt.organization_id)],
        "invitation": file(invitation[0], urls, embedded=True) if invitation else None,
        "resultsProtocol": file(protocol[0], urls, embedded=True) if protocol else None,
        "auxiliaryFile": [file(f, urls, embedded=True) for f in _files(mt.alive_files, "auxiliary")],
        "agendaItem": [agenda_item(i, urls, embedded=True) for i in mt.alive_items],
        # Attendance, of the persons who consented to be published only (1.6 Datenschutz),
        # and only once the meeting was held ("erst nach dem Stattfinden der Sitzung").
        "participant": [urls.object("person", person.pk) for person in mt.public_participants]
        if mt.state == Meeting.State.HELD else None,
        f"{VENDOR}:invitationDate": day(mt.invitation_date),
        f"{VENDOR}:minutesApproved": day(mt.minutes_approved_on),
    })


def consultation(c, urls, embedded=False):
    if not c.is_public:
        return _gone(c, "Consultation", urls, "consultation")
    vote = None
    if c.unanimous:
        vote = {"unanimous": True}
    elif c.votes_yes is not None:
        vote = _clean({"yes": c.votes_yes, "no": c.votes_no, "abstentions": c.abstentions})
    return _clean({
        **_head(c, "Consultation", urls, "consultation"),
        "paper": None if embedded else urls.object("paper", c.paper_id),
        "meeting": urls.object("meeting", c.meeting_id) if c.meeting_id else None,
        "agendaItem": urls.object("agenda-item", c.agenda_item_id) if c.agenda_item_id else None,
        "organization": [urls.object("organization", c.organization_id)],
        "role": c.get_role_display(), "authoritative": c.authoritative,
        f"{VENDOR}:result": c.result, f"{VENDOR}:vote": vote,
    })


# What in teilhabe points to a paper, as its `keyword` (spec 3.1: "optionale
# Kategorisierung"); the paper's `web`, its portal page, links to those things themselves.
# Set by a link whatever the linked object's visibility (a word says nothing private), so
# that only a change of the link itself changes them (council.actions.renew_papers).
KEYWORDS = (("links_concept", "Integrationskonzept"), ("links_measure", "Maßnahme"),
            ("links_idea", "Bürgerbeteiligung"), ("links_report", "Evaluationsbericht"))


def paper(p, urls):
    if not p.is_public:
        return _gone(p, "Paper", urls, "paper")
    main = _files(p.alive_files, "main")
    originator = p.originator_person
    return _clean({
        **_head(p, "Paper", urls, "paper"), "body": urls.object("body", p.municipality_id), "name": p.name,
        "reference": p.reference, "date": day(p.date), "paperType": p.get_kind_display(),
        "mainFile": file(main[0], urls, embedded=True) if main else None,
        "auxiliaryFile": [file(f, urls, embedded=True) for f in _files(p.alive_files, "auxiliary")],
        "originatorPerson": [urls.object("person", originator.pk)]
        if originator is not None and originator.is_public else None,
        "originatorOrganization": [urls.object("organization", p.originator_organization_id)]
        if p.originator_organization_id and p.originator_organization.is_public else None,
        "consultation": [consultation(c, urls, embedded=True) for c in p.public_consultations],
        "location": [location(loc, urls, embedded=True) for loc in p.alive_locations],
        "keyword": [word for flag, word in KEYWORDS if getattr(p, flag, False)],
        "web": urls.web_paper(p.municipality.slug, p.pk),
    })
