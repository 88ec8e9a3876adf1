"""Members' e-mail addresses are kept for one purpose, the invitations and reminders to
their meetings, and only as long as they are members: the worker deletes the address of
every person whose last membership has ended (or who was deleted), once a day. The history notes the change,
never the address (Person.HISTORY_REDACTED)."""
import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from teilhabe.jobs import every
from teilhabe.municipalities import history

from .models import Membership, Person


@transaction.atomic
def purge_addresses(today=None):
    """Delete the addresses of persons without a current membership; returns how many."""
    today = today or timezone.localdate()
    # A deleted person has no current membership, whatever their memberships say.
    current = Membership.objects.alive().filter(Q(end_date__isnull=True) | Q(end_date__gte=today),
                                                person__deleted_at__isnull=True)
    purged = 0
    for person in Person.objects.exclude(email="").exclude(pk__in=current.values("person_id")):
        before = history.snapshot(person)
        person.email = ""
        person.save()
        history.record(person, before=before, via="retention")
        purged += 1
    return purged


@every(datetime.timedelta(days=1), "council.purge")
def purge(payload):
    purge_addresses()
