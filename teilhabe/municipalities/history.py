"""The change history: every change to a tracked object is one ChangeRecord with
who, when, which fields and old → new. Writers call `record` (or `save_tracked` for a
ModelForm); `history_for` reads it back for the object's page.

What is never kept: secrets (fields that grant access, `is_secret`) are left out of every
snapshot, so no record holds one; personal data (a model's HISTORY_REDACTED) is noted as
changed without its value."""
import datetime
import decimal
import re

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from teilhabe.municipalities.models import ChangeRecord

# Bookkeeping fields whose changes are not worth a line in the history.
SKIPPED = {"id", "modified_at", "created_at", "text_revision"}

# Fields that grant access to something — a private link's token, a form token (it finds
# the private link again), a password, a keyed hash — by their name, everywhere. A model
# names further ones in HISTORY_SECRET (a registration's check-in code lets one in).
SECRET_NAME = re.compile(r"(?:^|_)(?:token|password|secret|hash)$")

REDACTED = "•••"


def is_secret(model, name):
    return bool(SECRET_NAME.search(name)) or name in getattr(model, "HISTORY_SECRET", ())


def recorded_fields(model):
    """The concrete fields a snapshot of `model` holds: no bookkeeping, no secrets."""
    return [f for f in model._meta.concrete_fields if f.name not in SKIPPED and not is_secret(model, f.name)]


def _plain(value):
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
            data[field.name] = _plain(field.value_from_object(obj))
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
    """Store what changed on obj since `before` (a snapshot, or None for a new object)."""
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
