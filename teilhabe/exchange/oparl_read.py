"""Reading one Body of an OParl endpoint into records for `teilhabe oparl-import`: every
object of the Body's external lists (OParl 1.0 and 1.1) and the objects embedded in them
(a Person's memberships, a Meeting's agenda items and files, a Paper's consultations …),
each once by its id, with what its embedding tells (the meeting of an agenda item, the role
of a file). A reference to an object no list delivered is fetched at its URL (2.3: every
object answers at its id)."""
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .oparl_client import OParlFetchError

SCHEMAS = ("https://schema.oparl.org/1.0/", "https://schema.oparl.org/1.1/")

# The Body's external lists, in OParl 1.0 (the first four) and 1.1.
BODY_LISTS = [("legislativeTermList", "LegislativeTerm"), ("locationList", "Location"),
              ("organization", "Organization"), ("person", "Person"), ("membership", "Membership"),
              ("meeting", "Meeting"), ("agendaItem", "AgendaItem"), ("paper", "Paper"),
              ("consultation", "Consultation"), ("file", "File")]

# Objects embedded in others: property, kind, and for files the role the property gives.
EMBEDDED = {
    "Body": [("legislativeTerm", "LegislativeTerm", None)],
    "Organization": [("location", "Location", None)],
    "Person": [("membership", "Membership", None)],
    "Meeting": [("location", "Location", None), ("invitation", "File", "invitation"),
                ("resultsProtocol", "File", "results_protocol"), ("auxiliaryFile", "File", "auxiliary"),
                ("agendaItem", "AgendaItem", None)],
    "AgendaItem": [("resolutionFile", "File", "resolution"), ("auxiliaryFile", "File", "auxiliary")],
    "Paper": [("mainFile", "File", "main"), ("auxiliaryFile", "File", "auxiliary"),
              ("consultation", "Consultation", None)],
}

# References to other objects: property, kind, required. An embedded object's parent
# stands in for the property that points back to it (an agenda item's meeting).
REFERENCES = {
    "Organization": [("location", "Location", False)],
    "Membership": [("person", "Person", True), ("organization", "Organization", True)],
    "Meeting": [("organization", "Organization", True), ("location", "Location", False)],
    "AgendaItem": [("meeting", "Meeting", True)],
    "Paper": [("originatorPerson", "Person", False), ("originatorOrganization", "Organization", False)],
    "Consultation": [("paper", "Paper", True), ("organization", "Organization", True),
                     ("meeting", "Meeting", False), ("agendaItem", "AgendaItem", False)],
}


@dataclass
class Record:
    kind: str
    id: str
    data: dict
    parent: tuple = None  # (kind, id) of the object it was embedded in
    role: str = None  # a file's role, from the property it was embedded as
    deleted: bool = False
    problems: list = field(default_factory=list)

    def ref(self, prop, kind):
        """The id this record points to under `prop` (the first of a list)."""
        value = self.data.get(prop)
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, dict):
            value = value.get("id")
        if value is None and self.parent and self.parent[0] == kind:
            value = self.parent[1]
        return value if isinstance(value, str) else None


def kind_of(obj):
    """'Meeting' for https://schema.oparl.org/1.1/Meeting (1.0 too); None for anything else."""
    value = obj.get("type")
    if isinstance(value, str):
        for schema in SCHEMAS:
            if value.startswith(schema):
                return value[len(schema):]
    return None


class Reader:
    def __init__(self, client, known):
        self.client = client
        self.known = known  # ids imported by earlier runs: no need to fetch them
        self.records = {}
        self.problems = []

    def add(self, kind, obj, parent=None, role=None):
        oid = obj.get("id")
        if not isinstance(oid, str):
            where = parent[1] if parent else "?"
            self.problems.append((where, kind, _("ein eingebettetes Objekt ohne „id“")))
            return
        stated = kind_of(obj)
        if stated is not None and stated != kind:
            self.problems.append((oid, "type", _("erwartet: %(kind)s, geliefert: %(type)s") % {
                "kind": kind, "type": stated}))
            return
        record = self.records.get(oid)
        if record is None:
            record = self.records[oid] = Record(kind, oid, {})
        for key, value in obj.items():  # the first occurrence wins; later ones fill gaps
            record.data.setdefault(key, value)
        record.deleted = record.deleted or obj.get("deleted") is True
        record.parent = record.parent or parent
        record.role = record.role or role
        if record.deleted:
            return
        for prop, child_kind, child_role in EMBEDDED.get(kind, ()):
            value = obj.get(prop)
            for child in value if isinstance(value, list) else [value]:
                if isinstance(child, dict):
                    self.add(child_kind, child, (kind, oid), child_role)

    def read_body(self, body, since=None):
        """Every list of the Body; with `since`, only what changed since then (deleted
        objects included: 2.5 "Aktualisierungsmechanismus")."""
        params = {"modified_since": since} if since else None
        for prop, kind, _role in EMBEDDED["Body"]:
            for obj in body.get(prop) or ():
                if isinstance(obj, dict):
                    self.add(kind, obj)
        for prop, kind in BODY_LISTS:
            url = body.get(prop)
            if isinstance(url, str):
                for obj in self.client.items(url, params):
                    self.add(kind, obj)

    def fetch_missing(self):
        """Fetch each object referred to that neither this run nor an earlier one has."""
        tried = set()
        while True:
            missing = [(ref, kind) for record in list(self.records.values()) if not record.deleted
                       for prop, kind, _required in REFERENCES.get(record.kind, ())
                       for ref in [record.ref(prop, kind)]
                       if ref and ref not in self.records and ref not in self.known and ref not in tried]
            if not missing:
                return
            for ref, kind in dict(missing).items():
                tried.add(ref)
                try:
                    self.add(kind, self.client.json(ref))
                except OParlFetchError:
                    pass  # the record that refers to it says so, naming its property
