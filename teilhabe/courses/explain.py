"""A proposal said in words: why a learner got this course, or why none; and what the
optimum gains over first-come-first-served. Everything is read from the proposal (no
query per learner), so a page can explain hundreds of placements at once."""
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from teilhabe.courses import allocation
from teilhabe.courses.proposal import candidate, seat


def rule_names():
    # A function, not a constant: the active language applies when it is called.
    return {"type": _("die Kursart"), "town": _("der Ort"), "time": _("die Tageszeit"),
            "childcare": _("die Kinderbetreuung"), "start": _("der Beginn")}


def _when_where(course):
    return _("am %(date)s in %(town)s") % {"date": formats.date_format(course.starts_on, "SHORT_DATE_FORMAT"),
                                            "town": course.town}


def reason(proposal, learner):
    """Why the proposal places this learner where it does, or leaves them waiting."""
    person = candidate(learner)
    fitting = sorted((c for c in proposal.courses.values()
                      if not allocation.failed_rules(person, seat(c), proposal.on_date)),
                     key=lambda c: (c.starts_on, c.pk))
    course_pk = proposal.result.assignments.get(learner.pk)
    if course_pk is not None:
        course = proposal.courses[course_pk]
        earlier = [c for c in fitting if c.starts_on < course.starts_on]
        if not earlier:
            return _("Frühester Kurs einer passenden Art in einem erreichbaren Ort (%(when)s).") % {
                "when": _when_where(course)}
        # In an optimum a learner sits in a later course only when the earlier ones are
        # taken: moving them there would otherwise save days.
        return _("Der frühere passende Kurs %(when)s ist voll; dies ist der nächste mit freiem Platz "
                 "(%(this)s).") % {"when": _when_where(earlier[0]), "this": _when_where(course)}
    if fitting:
        return ngettext(
            "Alle passenden Kurse sind belegt (%(n)s passender Kurs, früher Angemeldete oder Personen "
            "ohne andere Möglichkeit haben die Plätze).",
            "Alle passenden Kurse sind belegt (%(n)s passende Kurse, früher Angemeldete oder Personen "
            "ohne andere Möglichkeit haben die Plätze).", len(fitting)) % {"n": len(fitting)}
    if not proposal.courses:
        return _("Es gibt keinen Kurs mit freien Plätzen, der nach dem Stichtag beginnt.")
    excluded = {rule: 0 for rule in allocation.RULES}
    for course in proposal.courses.values():
        for rule in allocation.failed_rules(person, seat(course), proposal.on_date):
            excluded[rule] += 1
    rule = max(allocation.RULES, key=lambda r: excluded[r])  # ties: the order of RULES
    return _("Kein Kurs passt zu Kursart, Ort, Tageszeit, Kinderbetreuung und Beginn zugleich; am häufigsten "
             "schließt %(rule)s aus (%(n)s von %(total)s Kursen mit freien Plätzen).") % {
        "rule": rule_names()[rule], "n": excluded[rule], "total": len(proposal.courses)}


def gain(proposal):
    """The optimum against first-come-first-served: learners placed, total and median
    waiting days of those placed (None without placements)."""
    best, fcfs = proposal.result, proposal.fcfs
    return {
        "placed": best.placed,
        "fcfs_placed": fcfs.placed,
        "extra_placed": best.placed - fcfs.placed,
        "total_wait_days": best.total_wait_days,
        "fcfs_total_wait_days": fcfs.total_wait_days,
        "median_wait_days": best.median_wait_days,
        "fcfs_median_wait_days": fcfs.median_wait_days,
    }
