"""Builders for course steering: a Kreis with towns, providers, courses, learners, Kitas.
Every course test builds on these (extend them here rather than writing a second set)."""
import datetime
import itertools

from teilhabe.courses.models import Course, Kita, KitaProgramme, Learner, ProviderApproval
from tests import builders

_seq = itertools.count(1)
TODAY = datetime.date(2027, 1, 4)


def kreis(slug=None, towns=("hilden", "haan", "erkrath")):
    """A Kreis and its towns: (kreis, {town slug suffix: town})."""
    n = next(_seq)
    k = builders.municipality(slug or f"kreis-{n}", kind="kreis")
    return k, {t: builders.municipality(f"{t}-{n}", parent=k) for t in towns}


def provider(municipality, external_id=None, *, approved=True, name=None):
    actor = builders.actor(municipality, external_id or f"TR-{next(_seq)}", kind="education_provider",
                           name=name)
    if approved:
        ProviderApproval.objects.create(actor=actor, number=f"BAMF-{actor.pk}")
    return actor


def course(kreis, town, provider, external_id=None, *, type="allgemein", starts_in=30, capacity=20,
           time_of_day="morning", childcare=False, status="open", starts_on=None, **kw):
    """`starts_in` days after TODAY, or on `starts_on` (for pages that compare with today's date)."""
    return Course.objects.create(
        kreis=kreis, town=town, provider=provider, external_id=external_id or f"K-{next(_seq)}",
        type=type, starts_on=starts_on or TODAY + datetime.timedelta(days=starts_in), time_of_day=time_of_day,
        capacity=capacity, childcare=childcare, status=status, **kw)


def learner(kreis, town, external_id=None, *, waited=100, types=("allgemein",), towns=None,
            times=("morning", "afternoon", "evening"), needs_childcare=False, **kw):
    lr = Learner.objects.create(
        kreis=kreis, town=town, external_id=external_id or f"W-{next(_seq)}",
        registered_on=TODAY - datetime.timedelta(days=waited), types=list(types), times=list(times),
        needs_childcare=needs_childcare, **kw)
    lr.towns.set(towns or [town])
    return lr


def kita(town, external_id=None, *, name=None, needing=10, programmes=None, **kw):
    k = Kita.objects.create(municipality=town, external_id=external_id or f"KITA-{next(_seq)}",
                            name=name or f"Kita {next(_seq)}", children_needing_support=needing, **kw)
    for programme, places in (programmes or {}).items():
        KitaProgramme.objects.create(kita=k, programme=programme, places=places)
    return k
