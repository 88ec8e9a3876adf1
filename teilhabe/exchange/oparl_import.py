"""`teilhabe oparl-import`: one Body of another system's OParl endpoint into a municipality's
council part (docs/oparl.md, "Importing from an OParl endpoint").

A run reads first and writes afterwards. It reads the System, the Body and its lists
(oparl_read.py; after a successful run only what changed since that run began, deleted
objects included), then fetches the files that are new or changed, checks them (PDF, size,
the checksum and size the endpoint states) and stores them by checksum through the storage
API. Then, in one transaction, it creates, updates or soft-deletes the council objects in
the order of their references, each tied to its OParl id (council.imported), so a second
run updates instead of duplicating, and an object whose values did not change is not
written at all. Any problem — named by the object's URL and the property — rolls the
whole run back and removes the files it stored: nothing is half-written."""
import datetime
from collections import Counter

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from teilhabe.council import actions
from teilhabe.council.models import (
    MAX_FILE_BYTES, PDF, AgendaItem, Consultation, File, ImportedObject, ImportSource, LegislativeTerm, Location,
    Meeting, Membership, Organization, Paper, Person, file_path,
)
from teilhabe.lib.problems import ExchangeError, Problem
from teilhabe.municipalities import history

from .oparl_client import Client, OParlFetchError
from .oparl_read import REFERENCES, Reader, kind_of

# Each run asks for what changed since a little before the last run began: clocks of two
# servers differ, and reading an object twice changes nothing.
OVERLAP = datetime.timedelta(minutes=10)
VIA = "import"
ORDER = ["LegislativeTerm", "Location", "Organization", "Person", "Membership", "Meeting", "AgendaItem", "Paper",
         "Consultation", "File"]
MODELS = {"LegislativeTerm": LegislativeTerm, "Location": Location, "Organization": Organization,
          "Person": Person, "Membership": Membership, "Meeting": Meeting, "AgendaItem": AgendaItem,
          "Paper": Paper, "Consultation": Consultation, "File": File}
LABELS = {kind: model._meta.verbose_name_plural for kind, model in MODELS.items()}
# Model field → OParl property, to name the property in a model check's message.
PROPERTIES = {
    "name": "name", "short_name": "shortName", "start_date": "startDate", "end_date": "endDate",
    "description": "description", "street_address": "streetAddress", "room": "room", "postal_code": "postalCode",
    "locality": "locality", "family_name": "familyName", "given_name": "givenName",
    "form_of_address": "formOfAddress", "title": "title", "on_behalf_of": "teilhabe:onBehalfOf",
    "start": "start", "end": "end", "number": "number", "order": "order", "result": "result",
    "resolution_text": "resolutionText", "reference": "reference", "date": "date", "agenda_item": "agendaItem",
    "file_name": "fileName", "organization": "organization", "person": "person", "meeting": "meeting",
}

CLASSIFICATION = {"parlament": Organization.Kind.COUNCIL, "ausschuss": Organization.Kind.COMMITTEE,
                  "beirat": Organization.Kind.INTEGRATION_ADVISORY}
MEETING_STATE = {word: state for state, word in Meeting.OPARL_STATE.items()}
PAPER_KIND = {str(label).lower(): kind for kind, label in Paper.Kind.choices}


class Invalid(Exception):
    """One property of one object cannot be imported."""

    def __init__(self, prop, message):
        super().__init__(message)
        self.prop, self.message = prop, message


def _problem(oid, prop, message):
    return Problem((), str(message), location=f"{oid}, {prop}" if prop else oid)


# -- reading values --------------------------------------------------------------------

def text(data, prop, length=None):
    value = data.get(prop)
    if value is None:
        return ""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        value = " ".join(value)  # a Person's title is a list
    if not isinstance(value, str):
        raise Invalid(prop, _("kein Text"))
    value = value.replace("\x00", "").strip()
    return value[:length] if length else value


def day(data, prop, required=False):
    value = data.get(prop)
    if value is None:
        if required:
            raise Invalid(prop, _("fehlt"))
        return None
    parsed = None
    if isinstance(value, str):
        try:  # some systems give a moment where a day is asked for: its day then
            parsed = parse_date(value) or getattr(parse_datetime(value), "date", lambda: None)()
        except ValueError:
            parsed = None
    if parsed is None:
        raise Invalid(prop, _("kein Datum (JJJJ-MM-TT): %(value)s") % {"value": str(value)[:40]})
    return parsed


def moment(data, prop, required=False):
    value = data.get(prop)
    if value is None:
        if required:
            raise Invalid(prop, _("fehlt"))
        return None
    try:
        parsed = parse_datetime(value) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    if parsed is None:
        raise Invalid(prop, _("kein Zeitpunkt (JJJJ-MM-TTThh:mm:ss±hh:mm): %(value)s") % {"value": str(value)[:40]})
    return parsed if parsed.tzinfo else timezone.make_aware(parsed)


def flag(data, prop, default):
    value = data.get(prop, default)
    if not isinstance(value, bool):
        raise Invalid(prop, _("weder true noch false"))
    return value


def count(data, prop):
    value = data.get(prop)
    if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
        raise Invalid(prop, _("keine ganze Zahl ≥ 0"))
    return value


def _last_segment(url):
    return url.rstrip("/").rsplit("/", 1)[-1]


def organization_kind(data):
    """OParl's classification (strings.yml) to our kinds; what we cannot tell is a working group."""
    classification, name = text(data, "classification").lower(), text(data, "name").lower()
    if "integrationsrat" in name:
        return Organization.Kind.INTEGRATION_COUNCIL
    for word, kind in CLASSIFICATION.items():
        if word in classification:
            return kind
    return Organization.Kind.WORKING_GROUP


def membership_role(data):
    role = text(data, "role").lower()
    if "stellv" in role:
        return Membership.Role.DEPUTY
    if role.startswith("vorsitz"):
        return Membership.Role.CHAIR
    if "beratend" in role or "sachkundig" in role:
        return Membership.Role.ADVISORY
    return Membership.Role.MEMBER


def paper_kind(data):
    kind = text(data, "paperType").lower()
    if kind in PAPER_KIND:
        return PAPER_KIND[kind]
    for word, value in (("beantwortung", Paper.Kind.NOTICE), ("antrag", Paper.Kind.MOTION),
                        ("anfrage", Paper.Kind.INQUIRY), ("mitteilung", Paper.Kind.NOTICE),
                        ("bericht", Paper.Kind.NOTICE), ("information", Paper.Kind.NOTICE)):
        if word in kind:
            return value
    return Paper.Kind.PROPOSAL


def consultation_role(data):
    role = text(data, "role").lower()
    if "vorberat" in role:
        return Consultation.Role.PRELIMINARY
    if "kenntnis" in role:
        return Consultation.Role.NOTICE
    if "entscheid" in role or "beschl" in role or flag(data, "authoritative", False):
        return Consultation.Role.DECISION
    return Consultation.Role.PRELIMINARY


def meeting_state(data, start):
    if data.get("cancelled") is True:
        return Meeting.State.CANCELLED
    state = MEETING_STATE.get(text(data, "meetingState").lower())
    if state:
        return state
    return Meeting.State.HELD if start < timezone.now() else Meeting.State.PLANNED


class Run:
    def __init__(self, municipality, source, client, stderr=None):
        self.m, self.source, self.client = municipality, source, client
        mapped = ImportedObject.objects.filter(source=source) if source.pk else ImportedObject.objects.none()
        self.mapping = {oid: (kind, pk) for oid, kind, pk in mapped.values_list("oparl_id", "kind", "object_id")}
        self.local = {}  # (kind, pk) → object, loaded per kind
        self.made = {}  # oparl id → object of this run
        self.new_mappings = []
        self.problems = []
        self.counts = {kind: Counter() for kind in ORDER}
        self.notices = []
        self.contents = {}  # file's oparl id → (stored name, size, sha1, sha512)
        self.stored = []  # names this run added to the storage (removed again on failure)

    # -- references --------------------------------------------------------------------

    def _load(self, kind):
        if kind not in {k for k, _pk in self.local}:
            ids = [pk for k, pk in self.mapping.values() if k == kind]
            for obj in MODELS[kind].objects.filter(pk__in=ids):
                self.local[(kind, obj.pk)] = obj
            self.local.setdefault((kind, None), None)

    def existing(self, kind, oid):
        if oid in self.made:
            return self.made[oid]
        mapped = self.mapping.get(oid)
        if mapped is None or mapped[0] != kind:
            return None
        self._load(kind)
        return self.local.get(mapped)

    def resolve(self, record, prop, kind, required):
        oid = record.ref(prop, kind)
        if oid is None:
            if required:
                raise Invalid(prop, _("fehlt"))
            return None
        obj = self.existing(kind, oid)
        if obj is None or (obj.deleted_at is not None and required):
            if required:
                raise Invalid(prop, _("verweist auf %(url)s, das der Endpunkt nicht (mehr) liefert") % {"url": oid})
            return None
        return obj

    # -- the fields of each kind ---------------------------------------------------------

    def fields(self, record):
        d, r = record.data, record
        ref = {prop: self.resolve(r, prop, kind, required) for prop, kind, required in REFERENCES.get(r.kind, ())}
        if r.kind == "LegislativeTerm":
            start, end = day(d, "startDate", required=True), day(d, "endDate")
            return {"municipality": self.m, "start_date": start, "end_date": end,
                    "name": text(d, "name", 120) or _("Wahlperiode ab %(start)s") % {"start": start.isoformat()}}
        if r.kind == "Location":
            address = ", ".join(v for v in (text(d, "streetAddress"), text(d, "locality")) if v)
            return {"municipality": self.m, "description": (text(d, "description") or address or _("Ort"))[:200],
                    "street_address": text(d, "streetAddress", 160), "room": text(d, "room", 80),
                    "postal_code": text(d, "postalCode"), "locality": text(d, "locality", 120)}
        if r.kind == "Organization":
            return {"municipality": self.m, "kind": organization_kind(d),
                    "name": (text(d, "name") or text(d, "shortName") or _last_segment(r.id))[:200],
                    "short_name": text(d, "shortName", 60), "start_date": day(d, "startDate"),
                    "end_date": day(d, "endDate"), "location": ref["location"]}
        if r.kind == "Person":
            family, given = text(d, "familyName", 80), text(d, "givenName", 80)
            if not family:
                *first, last = text(d, "name").split() or [_("(ohne Namen)")]
                family, given = last[:80], given or " ".join(first)[:80]
            return {"municipality": self.m, "family_name": family, "given_name": given,
                    "form_of_address": text(d, "formOfAddress", 40), "title": text(d, "title", 60)}
        if r.kind == "Membership":
            return {"person": ref["person"], "organization": ref["organization"], "role": membership_role(d),
                    "on_behalf_of": text(d, "teilhabe:onBehalfOf", 160), "voting_right": flag(d, "votingRight", True),
                    "start_date": day(d, "startDate"), "end_date": day(d, "endDate")}
        if r.kind == "Meeting":
            start = moment(d, "start", required=True)
            organization = ref["organization"]
            return {"municipality": self.m, "organization": organization, "start": start, "end": moment(d, "end"),
                    "name": (text(d, "name") or f"{organization.name}, {start.date().isoformat()}")[:200],
                    "location": ref["location"], "state": meeting_state(d, start),
                    "invitation_date": day(d, "teilhabe:invitationDate"),
                    "minutes_approved_on": day(d, "teilhabe:minutesApproved")}
        if r.kind == "AgendaItem":
            public = flag(d, "public", True)
            order = count(d, "order") or 0
            placeholder = _("(nicht öffentlich)") if not public else _("(ohne Thema)")
            return {"meeting": ref["meeting"], "number": (text(d, "number") or str(order + 1))[:20], "order": order,
                    "public": public, "name": text(d, "name", 300) or placeholder, "result": text(d, "result", 120),
                    "resolution_text": text(d, "resolutionText")}
        if r.kind == "Paper":
            created = moment(d, "created")
            date = day(d, "date") or (created and timezone.localtime(created).date())
            if date is None:
                raise Invalid("date", _("fehlt"))
            reference = text(d, "reference", 40) or _last_segment(r.id)[:40]
            return {"municipality": self.m, "name": (text(d, "name") or reference)[:300], "reference": reference,
                    "date": date, "kind": paper_kind(d), "originator_person": ref["originatorPerson"],
                    "originator_organization": ref["originatorOrganization"], "is_published": True}
        if r.kind == "Consultation":
            vote = d.get("teilhabe:vote") if isinstance(d.get("teilhabe:vote"), dict) else {}
            item = ref["agendaItem"]
            return {"paper": ref["paper"], "organization": ref["organization"], "meeting": ref["meeting"],
                    "agenda_item": item, "role": consultation_role(d),
                    "authoritative": flag(d, "authoritative", False), "result": text(d, "teilhabe:result"),
                    "unanimous": vote.get("unanimous") is True, "votes_yes": count(vote, "yes"),
                    "votes_no": count(vote, "no"), "abstentions": count(vote, "abstentions")}
        return self.file_fields(record)

    def owner(self, record):
        """A file's owner: the object it was embedded in, else its back-reference (1.1)."""
        for kind, prop in (("Meeting", "meeting"), ("Paper", "paper"), ("AgendaItem", "agendaItem")):
            oid = record.ref(prop, kind)
            if oid and (record.parent is None or record.parent[0] == kind):
                return kind, oid
        return None

    def file_fields(self, record):
        d = record.data
        owner = self.owner(record)
        obj = self.existing(*owner) if owner else None
        if obj is None:
            raise Invalid("accessUrl", _("eine Datei ohne die Sitzung, Vorlage oder den Tagesordnungspunkt, zu "
                                         "der sie gehört"))
        kind = {"Meeting": "meeting", "Paper": "paper", "AgendaItem": "agenda_item"}[owner[0]]
        previous = self.existing("File", record.id)
        role = record.role or (previous.role if previous else File.Role.AUXILIARY)
        if role not in File.ROLES_OF[kind]:
            role = File.Role.AUXILIARY
        name, size, sha1, sha512 = self.contents[record.id]
        file_name = (text(d, "fileName") or _last_segment(text(d, "accessUrl")) or f"{sha1}.pdf")[:200]
        owners = {"meeting": None, "paper": None, "agenda_item": None, kind: obj}
        return {"municipality": self.m, **owners, "role": role, "name": (text(d, "name") or file_name)[:200],
                "file_name": file_name, "file": name, "size": size, "sha1": sha1, "sha512": sha512,
                "mime_type": PDF, "date": day(d, "date")}

    # -- files ---------------------------------------------------------------------------

    def fetch_files(self, records):
        """Fetch and store the content of every new or changed file before anything is written."""
        for record in records:
            if record.kind != "File" or record.deleted:
                continue
            d = record.data
            try:
                declared = text(d, "mimeType").lower()
                if declared and declared != PDF:
                    self.notices.append(_("%(url)s: übergangen – nur PDF-Dateien werden übernommen (%(type)s)") % {
                        "url": record.id, "type": declared[:80]})
                    record.deleted = None  # neither imported nor deleted
                    continue
                previous = self.existing("File", record.id)
                stated_sha1, stated_size = text(d, "sha1Checksum").lower(), count(d, "size")
                if previous is not None and previous.deleted_at is None and (
                        stated_sha1 == previous.sha1 if stated_sha1 else stated_size == previous.size):
                    self.contents[record.id] = (previous.file.name, previous.size, previous.sha1, previous.sha512)
                    continue
                url = text(d, "accessUrl") or text(d, "downloadUrl")
                if not url:
                    raise Invalid("accessUrl", _("fehlt"))
                try:
                    content, _type = self.client.content(url, MAX_FILE_BYTES)
                except OParlFetchError as error:
                    raise Invalid("accessUrl", error.message) from None
                if not content.startswith(b"%PDF-"):
                    raise Invalid("accessUrl", _("die Datei ist keine PDF-Datei"))
                if stated_size is not None and stated_size != len(content):
                    raise Invalid("size", _("angegeben %(stated)s Bytes, geliefert %(got)s") % {
                        "stated": stated_size, "got": len(content)})
                sha1, sha512 = File.digests(content)
                if stated_sha1 and stated_sha1 != sha1:
                    raise Invalid("sha1Checksum", _("stimmt nicht mit der gelieferten Datei überein"))
                name = file_path(File(municipality=self.m, sha1=sha1), f"{sha1}.pdf")
                if not default_storage.exists(name):
                    saved = default_storage.save(name, ContentFile(content))
                    self.stored.append(saved)
                    name = saved
                self.contents[record.id] = (name, len(content), sha1, sha512)
            except Invalid as error:
                self.problems.append(_problem(record.id, error.prop, error.message))
                record.deleted = None  # said; the other objects are still checked

    # -- writing -------------------------------------------------------------------------

    def write(self, record):
        model = MODELS[record.kind]
        obj = self.existing(record.kind, record.id)
        if record.deleted:
            if obj is not None and obj.deleted_at is None:
                actions.soft_delete(obj, via=VIA)
                self.counts[record.kind]["deleted"] += 1
            return
        try:
            values = self.fields(record)
        except Invalid as error:
            self.problems.append(_problem(record.id, error.prop, error.message))
            return
        new = obj is None
        if new:
            obj, before = model(), None
        else:
            same = all(_same(obj, name, value) for name, value in values.items())
            if same and obj.deleted_at is None:
                self.counts[record.kind]["unchanged"] += 1
                self.made[record.id] = obj
                return
            before = history.snapshot(obj)
        for name, value in values.items():
            setattr(obj, name, value)
        obj.deleted_at = None
        try:
            obj.full_clean(exclude=["file"])
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                prop = "" if name == NON_FIELD_ERRORS else PROPERTIES.get(name, name)
                self.problems.extend(_problem(record.id, prop, message) for message in messages)
            return
        obj.save()
        history.record(obj, before=before, via=VIA)
        self.made[record.id] = obj
        self.counts[record.kind]["created" if new else "updated"] += 1
        if new:
            self.new_mappings.append(ImportedObject(source=self.source, oparl_id=record.id, kind=record.kind,
                                                    object_id=obj.pk))


def _same(obj, name, value):
    field = obj._meta.get_field(name)
    if field.is_relation:
        return getattr(obj, field.attname) == (value.pk if value is not None else None)
    if name == "file":
        return obj.file.name == value
    return getattr(obj, name) == value


def _since(source):
    if source.last_run_started_at is None:
        return None
    return timezone.localtime(source.last_run_started_at - OVERLAP).isoformat(timespec="seconds")


def find_body(client, url, body_id=None):
    """The System at `url` (or a Body there) and the Body to import."""
    start = client.json(url)
    kind = kind_of(start)
    if kind == "Body":
        return start.get("system") or url, start
    if kind != "System" or not isinstance(start.get("body"), str):
        raise OParlFetchError(url, _("kein OParl-System (1.0 oder 1.1): es fehlen „type“ …/System "
                                     "und „body“"))
    bodies = [b for b in client.items(start["body"]) if not b.get("deleted")]
    if body_id:
        chosen = [b for b in bodies if b["id"] == body_id or _last_segment(b["id"]) == body_id]
    else:
        chosen = bodies if len(bodies) == 1 else []
    if len(chosen) != 1:
        names = "; ".join(f"{b['id']} ({str(b.get('name', ''))[:80]})" for b in bodies) or _("keine")
        message = (_("keine Körperschaft mit der Kennung „%(id)s“") % {"id": body_id} if body_id
                   else _("mehrere Körperschaften: wählen Sie eine mit --body"))
        raise OParlFetchError(start["body"], f"{message}. {_('Körperschaften')}: {names}")
    if kind_of(chosen[0]) != "Body":
        raise OParlFetchError(chosen[0]["id"], _("kein OParl-Body"))
    return start["id"] if isinstance(start.get("id"), str) else url, chosen[0]


def import_body(url, municipality, *, body_id=None, client=None):
    """Run one import; returns (counts per kind, notices). Raises ExchangeError (every
    problem named by object URL and property) or OParlFetchError; nothing is written then."""
    client = client or Client()
    started = timezone.now()
    with translation.override("de"):
        system_url, body = find_body(client, url, body_id)
        source = (ImportSource.objects.filter(municipality=municipality, body_url=body["id"]).first()
                  or ImportSource(municipality=municipality, body_url=body["id"], system_url=system_url))
        run = Run(municipality, source, client)
        reader = Reader(client, set(run.mapping))
        reader.read_body(body, since=_since(source))
        reader.fetch_missing()
        run.problems.extend(_problem(*problem) for problem in reader.problems)
        records = sorted(reader.records.values(), key=lambda r: ORDER.index(r.kind) if r.kind in ORDER else 99)
        try:
            run.fetch_files(records)
            with transaction.atomic():
                name = body.get("name") if isinstance(body.get("name"), str) else ""
                actions.open_council(municipality, name=name[:160] or municipality.name, via=VIA)
                if source.pk is None:
                    source.save()
                for record in records:
                    if record.kind in MODELS and record.deleted is not None:
                        run.write(record)
                if run.problems:
                    raise ExchangeError(run.problems)
                # A mapping whose object is gone from the database (deleted by hand) is replaced.
                ImportedObject.objects.filter(source=source, oparl_id__in=[
                    o.oparl_id for o in run.new_mappings if o.oparl_id in run.mapping]).delete()
                ImportedObject.objects.bulk_create(run.new_mappings)
                source.system_url, source.last_run_started_at = system_url, started
                source.save()
        except BaseException:
            for name in run.stored:
                default_storage.delete(name)
            raise
    return run.counts, run.notices


def summary(counts):
    lines = []
    for kind in ORDER:
        c = counts[kind]
        if any(c.values()):
            lines.append(_("%(label)s: %(created)s neu, %(updated)s geändert, %(deleted)s gelöscht, "
                           "%(unchanged)s unverändert") % {
                "label": LABELS[kind], "created": c["created"], "updated": c["updated"], "deleted": c["deleted"],
                "unchanged": c["unchanged"]})
    return lines or [_("Nichts Neues.")]
