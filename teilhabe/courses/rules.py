"""Who may do what in course steering. A Kreis's waiting list and allocation are the
Kreis's business:

- the Kreis's coordinators (and superusers) see and edit every course, learner and Kita of
  the Kreis, run and confirm allocations and set the Kreis's settings;
- a town's coordinators add and see the learners living in their town, read the Kreis's
  courses, keep their town's Kitas, and see their town's part of the dashboard;
- a provider's editors (actor editors of an actor giving courses) keep their own courses and
  free places, and see only the learners placed in their courses (to invite them);
- viewers (of the Kreis, or of a town) see figures, never persons.
Everyone else is refused."""
from django.db.models import Q

from teilhabe.actors.models import Actor
from teilhabe.municipalities import access
from teilhabe.municipalities.models import Municipality


def kreis_of(municipality):
    """The Kreis a municipality's course steering belongs to (None for a town without one)."""
    return municipality if municipality.kind == Municipality.Kind.KREIS else municipality.parent


def may_steer(user, kreis):
    """Kreis coordinator: all courses, learners, Kitas, allocations, settings."""
    return access.roles(user, kreis).manages


def learner_towns(user, kreis):
    """Towns of the Kreis whose learners the person may add and see by name."""
    towns = kreis.towns.all()
    if may_steer(user, kreis):
        return towns
    return towns.filter(pk__in=[t.pk for t in towns if access.roles(user, t).coordinator])


def figure_towns(user, kreis):
    """Towns whose figures (dashboard, counts) the person may read: every town for those who
    read the whole Kreis; else the towns where they coordinate or view."""
    towns = kreis.towns.all()
    if access.roles(user, kreis).reads_all:
        return towns
    return towns.filter(pk__in=[t.pk for t in towns if access.roles(user, t).reads_all])


def may_read_figures(user, kreis):
    return access.roles(user, kreis).reads_all or figure_towns(user, kreis).exists()


def provider_ids(user, kreis):
    """Actors the person edits that give (or may give) courses in this Kreis."""
    ids = access.edited_actor_ids(user)
    if not ids:
        return set()
    in_kreis = Actor.objects.filter(pk__in=ids).filter(
        municipality__in=[kreis.pk, *kreis.towns.values_list("pk", flat=True)])
    return set(in_kreis.values_list("pk", flat=True))


def readable_courses(user, kreis):
    """Courses shown to the person in the back office (all of them, published or not)."""
    courses = kreis.kreis_courses.all()
    if may_read_figures(user, kreis):
        return courses
    return courses.filter(provider_id__in=provider_ids(user, kreis))


def editable_courses(user, kreis):
    courses = kreis.kreis_courses.all()
    if may_steer(user, kreis):
        return courses
    return courses.filter(provider_id__in=provider_ids(user, kreis))


def may_edit_course(user, course):
    return may_steer(user, course.kreis) or course.provider_id in provider_ids(user, course.kreis)


def may_add_course(user, kreis):
    return may_steer(user, kreis) or bool(provider_ids(user, kreis))


def visible_learners(user, kreis):
    """Learners the person may see as persons: the Kreis coordinator all, a town
    coordinator their town's, a provider those placed in its courses; viewers none."""
    learners = kreis.course_learners.all()
    if may_steer(user, kreis):
        return learners
    towns = list(learner_towns(user, kreis))
    providers = provider_ids(user, kreis)
    return learners.filter(Q(town__in=towns) | Q(course__provider_id__in=providers, status="placed"))


def may_edit_learner(user, learner):
    """Adding, changing, withdrawing: the Kreis coordinator, or a coordinator of the
    learner's town. Providers only read the learners placed with them."""
    return may_steer(user, learner.kreis) or access.roles(user, learner.town).coordinator


def may_edit_kita(user, kita):
    return access.roles(user, kita.municipality).manages


def may_read_courses(user, kreis):
    """The back office's course list: those who read figures, and providers (their own)."""
    return may_read_figures(user, kreis) or bool(provider_ids(user, kreis))


def may_list_learners(user, kreis):
    """The waiting list as persons: never for viewers (who see counts on the dashboard);
    providers see the learners placed with them."""
    return may_steer(user, kreis) or learner_towns(user, kreis).exists() or bool(provider_ids(user, kreis))


def may_add_learner(user, kreis):
    return learner_towns(user, kreis).exists()


def kita_towns(user, kreis):
    """Towns whose Kitas the person keeps: the same people as keep a town's learners."""
    return learner_towns(user, kreis)


def may_read_whole_kreis(user, kreis):
    """The steering dashboard of the whole Kreis: those who read the Kreis itself (a
    town's people read their town's part, figure_towns)."""
    return access.roles(user, kreis).reads_all


def upload_providers(user, municipality):
    """The providers whose courses the person may upload under `municipality`'s pages: None
    for any (the Kreis's coordinators), else the actors of `municipality` they edit
    (possibly none: refused)."""
    kreis = kreis_of(municipality)
    if may_steer(user, kreis):
        return None
    return list(Actor.objects.filter(pk__in=provider_ids(user, kreis), municipality=municipality)
                .select_related("municipality").order_by("name"))
