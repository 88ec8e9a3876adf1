"""The change history: every change to a tracked object is one ChangeRecord with
who (a person or a source: public form, import, demo loader …), when, which fields and
old → new. Writers call `record` (or `save_tracked` for a ModelForm); `history_for` reads
it back for the object's page, `rows` and `author` say it as people read it.

What is never kept: secrets (fields that grant access, `is_secret`) are left out of every
snapshot, so no record holds one; personal data (a model's HISTORY_REDACTED) is noted as
changed without its value."""
import datetime
import decimal
import re

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import formats, timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teilhabe.municipalities.models import ChangeRecord

# Bookkeeping fields whose changes are not worth a line in the history (uid: an
# event's calendar identifier, made once, never typed).
SKIPPED = {"id", "modified_at", "created_at", "text_revision", "uid"}

# Fields that grant access to something — a private link's token, a form token (it finds
# the private link again), a password, a keyed hash — by their name, everywhere. A model
# names further ones in HISTORY_SECRET (a registration's check-in code lets one in).
SECRET_NAME = re.compile(r"(?:^|_)(?:token|password|secret|hash)$")

REDACTED = "•••"

# Who made a change when no person did: ChangeRecord.via as the history's byline says it.
SOURCES = {
    "web": gettext_lazy("über das öffentliche Formular"),
    "confirmation": gettext_lazy("durch Bestätigung der E-Mail-Adresse"),
    "private-link": gettext_lazy("durch die Person selbst (privater Link)"),
    "retention": gettext_lazy("durch Löschung nach Ablauf der Aufbewahrungsfrist"),
    "import": gettext_lazy("durch einen Import"),
    "command": gettext_lazy("durch einen Befehl auf dem Server"),
    "demo": gettext_lazy("beim Laden der Demo-Daten"),
}

# Labels of fields that declare no verbose name of their own (no form shows them).
LABELS = {
    "municipality": gettext_lazy("Kommune"),
    "concept": gettext_lazy("Konzept"),
    "predecessor": gettext_lazy("frühere Fassung"),
    "event": gettext_lazy("Veranstaltung"),
    "actor": gettext_lazy("Akteur"),
    "user": gettext_lazy("Person"),
    "language": gettext_lazy("Sprache"),
    "self_described": gettext_lazy("Selbstauskunft gegeben"),
    "cancelled_at": gettext_lazy("abgemeldet am"),
    "anonymised_at": gettext_lazy("anonymisiert am"),
    "decided_at": gettext_lazy("entschieden am"),
    "email_confirmed_at": gettext_lazy("E-Mail-Adresse bestätigt am"),
    "catalogue_key": gettext_lazy("Katalogschlüssel"),
    "modified_by": gettext_lazy("zuletzt geändert von"),
    "file": gettext_lazy("Datei"),
    "uploaded_by": gettext_lazy("hochgeladen von"),
    "uploaded_at": gettext_lazy("hochgeladen am"),
    "allocation": gettext_lazy("Kursvermittlung"),
    "person": gettext_lazy("Mitglied"),  # a membership's person
    "organization": gettext_lazy("Gremium"),
    "meeting": gettext_lazy("Sitzung"),
    "paper": gettext_lazy("Vorlage"),
    "agenda_item": gettext_lazy("Tagesordnungspunkt"),
    "sha1": gettext_lazy("Prüfsumme (SHA-1)"),
    "sha512": gettext_lazy("Prüfsumme (SHA-512)"),
    # news pictures and attachments, content translations (teilhabe/news, teilhabe/translations)
    "news": gettext_lazy("Meldung"),
    "width": gettext_lazy("Breite (Pixel)"),
    "height": gettext_lazy("Höhe (Pixel)"),
    "variants": gettext_lazy("Bildgrößen"),
    "size": gettext_lazy("Größe (Bytes)"),
    "content_type": gettext_lazy("Art des Inhalts"),
    "object_id": gettext_lazy("Inhalt (Nummer)"),
    "field": gettext_lazy("Feld"),
    "text": gettext_lazy("übersetzter Text"),
    "source_fingerprint": gettext_lazy("Fassung des deutschen Textes"),
    "source": gettext_lazy("deutscher Text der Übersetzung"),
}


def is_secret(model, name):
    return bool(SECRET_NAME.search(name)) or name in getattr(model, "HISTORY_SECRET", ())


def recorded_fields(model):
    """The concrete fields a snapshot of `model` holds: no bookkeeping, no secrets."""
    return [f for f in model._meta.concrete_fields if f.name not in SKIPPED and not is_secret(model, f.name)]


def snapshot_value(value):
    """A field's value as a snapshot stores it (JSON: dates and decimals as text)."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (datetime.date, datetime.datetime, decimal.Decimal)):
        return str(value)
    if isinstance(value, (dict, list)):
        return value
    return str(value)


def snapshot(obj):
    """Field name → plain value; relations as their names, many-to-many sorted."""
    data = {}
    for field in recorded_fields(type(obj)):
        if isinstance(field, models.ForeignKey):
            related_id = getattr(obj, field.attname)
            data[field.name] = str(getattr(obj, field.name)) if related_id is not None else None
        else:
            data[field.name] = snapshot_value(field.value_from_object(obj))
    if obj.pk:
        for field in obj._meta.many_to_many:
            data[field.name] = sorted(str(o) for o in getattr(obj, field.name).all())
        if hasattr(obj, "history_extra"):
            data.update(obj.history_extra())
    return data


def diff(before, after):
    before = before or {}
    return {name: [before.get(name), value] for name, value in after.items()
            if before.get(name) != value and not (name not in before and value in (None, "", [], {}))}


def scrub(model, changes):
    """What may be kept of `changes` to a `model`: no secret at all; personal data (the
    model's HISTORY_REDACTED fields) noted as changed, never kept — deleting a person
    must not leave their details in the history."""
    changes = {name: values for name, values in changes.items() if not is_secret(model, name)}
    for name in getattr(model, "HISTORY_REDACTED", ()):
        if name in changes:
            changes[name] = [REDACTED if v not in (None, "") else v for v in changes[name]]
    return changes


def record(obj, *, user=None, before=None, via="", action=None):
    """Store what changed on obj since `before` (a snapshot, or None for a new object).
    Who: `user`, or for a change no person made, `via` (a key of SOURCES)."""
    if action == ChangeRecord.Action.DELETE:
        changes = {name: [value, None] for name, value in (before or {}).items() if value not in (None, "", [])}
    else:
        changes = diff(before, snapshot(obj))
        action = action or (ChangeRecord.Action.CREATE if before is None else ChangeRecord.Action.UPDATE)
    changes = scrub(type(obj), changes)
    if not changes and action != ChangeRecord.Action.DELETE:
        return None
    return ChangeRecord.objects.create(
        municipality=obj.municipality,
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=obj.pk,
        object_repr=str(obj)[:200],
        user=user if user is not None and user.is_authenticated else None,
        via=via,
        action=action,
        changes=changes,
    )


@transaction.atomic
def save_tracked(form, *, user, via=""):
    """Save a ModelForm and record what it changed."""
    # Validating the form has already put the posted values on form.instance: what was
    # there before is what the database still holds.
    stored = type(form.instance)._default_manager.filter(pk=form.instance.pk).first() if form.instance.pk else None
    before = snapshot(stored) if stored else None
    obj = form.save()
    record(obj, user=user, before=before, via=via)
    return obj


@transaction.atomic
def delete_tracked(obj, *, user, via=""):
    before, pk = snapshot(obj), obj.pk
    obj.delete()
    obj.pk = pk  # the record still names the object that was deleted
    return record(obj, user=user, before=before, via=via, action=ChangeRecord.Action.DELETE)


def history_for(obj):
    return ChangeRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk,
    ).select_related("user")


# --- reading it back ---------------------------------------------------------------

def author(record):
    """Who made the change, as the byline ends: "von <the person's name>", a source
    ("über das öffentliche Formular", "durch einen Import" …), a free-text source
    (`teilhabe import --via …`) as its text."""
    if record.user is not None:
        return _("von %(name)s") % {"name": record.user.get_full_name() or record.user.get_username()}
    if record.via in SOURCES:
        return str(SOURCES[record.via])
    if record.via:
        return _("durch „%(source)s“") % {"source": record.via}
    return _("(Urheber nicht erfasst)")


def _fields(model):
    return {f.name: f for f in (model._meta.get_fields() if model else ()) if hasattr(f, "verbose_name")}


def label(model, name, fields=None):
    """A changed field's name as its form shows it (in the reader's language), a
    translation's field as "Titel (en)"; a name that is no field as it was written."""
    fields = _fields(model) if fields is None else fields
    field = fields.get(name)
    if field is not None:
        declared = field.verbose_name != field.name.replace("_", " ")
        return capfirst(field.verbose_name if declared or name not in LABELS else LABELS[name])
    base, _sep, code = name.rpartition("_")
    if base in fields and len(code) == 2:
        return f"{label(model, base, fields)} ({code})"
    return name


def value(model, name, raw, fields=None):
    """A recorded value as people read it: a choice's label, ja/nein, a date or time in
    the reader's format, numbers with the reader's decimal sign, amounts in euros, lists
    as names separated by commas. None for nothing."""
    if raw in (None, "", [], {}):
        return None
    if raw == REDACTED:
        return raw
    if isinstance(raw, list):
        return ", ".join(str(value(model, None, item, fields) or "–") for item in raw)
    if isinstance(raw, dict):
        return "; ".join(f"{key}: {value(model, None, item, fields) or '–'}" for key, item in raw.items())
    field = (_fields(model) if fields is None else fields).get(name) if name else None
    if field is None or not getattr(field, "concrete", False):
        return raw if not isinstance(raw, bool) else (_("ja") if raw else _("nein"))
    if field.choices:
        return str(dict(field.flatchoices).get(raw, raw))
    if name == "language" and isinstance(raw, str):  # a person's language, kept as its code
        try:
            return translation.get_language_info(raw)["name_translated"]
        except KeyError:
            return raw
    if isinstance(raw, bool):
        return _("ja") if raw else _("nein")
    if isinstance(field, models.DateTimeField):
        moment = parse_datetime(str(raw))
        if moment is not None:
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
    elif isinstance(field, models.DateField):
        day = parse_date(str(raw))
        if day is not None:
            return formats.date_format(day, "SHORT_DATE_FORMAT")
    elif isinstance(field, models.DecimalField):
        try:
            number = decimal.Decimal(str(raw))
        except decimal.InvalidOperation:
            return raw
        if name in getattr(model, "HISTORY_EUROS", ()):
            return f"{formats.number_format(number, 2, force_grouping=True)} €"
        return formats.number_format(number.normalize())  # 12.5000 → 12,5
    return raw


def rows(record, model=None):
    """(label, before, after) per changed field of a ChangeRecord, as people read them;
    a secret an old record still holds is never shown."""
    model = model or ContentType.objects.get_for_id(record.content_type_id).model_class()
    fields = _fields(model)
    return [(label(model, name, fields), value(model, name, old, fields), value(model, name, new, fields))
            for name, (old, new) in record.changes.items() if not is_secret(model, name)]
