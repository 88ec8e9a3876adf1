"""What newcomers can find: a Kreis's public courses with the filters the portal's course
finder and the API share (one place, so both answer the same question the same way)."""
import datetime
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, Value, When

from .models import Course

# At most this many free places is "few": enough to say "hurry", too few to promise one.
FEW_PLACES = 3


@dataclass(frozen=True)
class Filters:
    """Every field optional (None: no filter). `town` is a Municipality of the Kreis."""

    type: str | None = None
    town: object = None
    time_of_day: str | None = None
    childcare: bool | None = None
    starts_after: datetime.date | None = None
    starts_before: datetime.date | None = None
    free: bool | None = None


def public_courses(kreis, today):
    """The Kreis's public courses with `placed` and `free`, not yet ended: a course whose
    end date has passed is of no use to anyone looking, whatever its status says."""
    return (Course.objects.public().filter(kreis=kreis)
            .exclude(ends_on__lt=today)
            .with_places()
            .select_related("provider__municipality", "town", "district"))


def find(kreis, today, filters=Filters(), *, first_town=None):
    """Courses matching `filters`, by start date; those in `first_town` first."""
    courses = public_courses(kreis, today)
    f = filters
    if f.type:
        courses = courses.filter(type=f.type)
    if f.town is not None:
        courses = courses.filter(town=f.town)
    if f.time_of_day:
        courses = courses.filter(time_of_day=f.time_of_day)
    if f.childcare is not None:
        courses = courses.filter(childcare=f.childcare)
    if f.starts_after:
        courses = courses.filter(starts_on__gte=f.starts_after)
    if f.starts_before:
        courses = courses.filter(starts_on__lte=f.starts_before)
    if f.free is True:
        courses = courses.filter(free__gt=0)
    elif f.free is False:
        courses = courses.filter(free__lte=0)
    order = ["starts_on", "town__name", "external_id"]
    if first_town is not None:
        courses = courses.annotate(elsewhere=Case(
            When(Q(town=first_town), then=Value(0)), default=Value(1), output_field=IntegerField()))
        order.insert(0, "elsewhere")
    return courses.order_by(*order)


def availability(free):
    """"free", "few" or "full" for a number of free places."""
    if free is None or free <= 0:
        return "full"
    return "few" if free <= FEW_PLACES else "free"
