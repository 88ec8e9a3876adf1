"""Which organisations (actors) were at an event: the source of the network's "same event"
ties (teilhabe.network.ties) and of the anonymous set the retention job keeps
(AttendingActor).

An actor was there when one of its registrations was checked in; at an event where nobody
was checked in (no check-in at the door), when one of its registrations holds a place
(registered: not on the waiting list, not cancelled)."""
from collections import defaultdict

from .models import AttendingActor, Registration


def attending_actors(events):
    """events: a queryset of Event → {event id: {actor id, …}} (events without actors are left out)."""
    checked_in = set(Registration.objects.filter(event__in=events, checked_in_at__isnull=False)
                     .values_list("event_id", flat=True).distinct())
    result = defaultdict(set)
    for event_id, actor_id, checked_in_at in Registration.objects.filter(
            event__in=events, actor__isnull=False, status=Registration.Status.REGISTERED).values_list(
            "event_id", "actor_id", "checked_in_at"):
        if checked_in_at is not None or event_id not in checked_in:
            result[event_id].add(actor_id)
    for event_id, actor_id in AttendingActor.objects.filter(event__in=events).values_list("event_id", "actor_id"):
        result[event_id].add(actor_id)
    return dict(result)
