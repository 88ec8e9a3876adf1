"""Intercultural opening of the administration: each department's integration officer,
trainings and own measures, per town and for a Kreis side by side."""
from dataclasses import dataclass

from django.db.models import Count, Max, Q

from teilhabe.actors.models import Actor
from teilhabe.municipalities.models import Municipality
from teilhabe.strategy.models import Measure, current_concept

OPEN_STATUSES = (Measure.Status.PLANNED, Measure.Status.RUNNING)


@dataclass
class DepartmentRow:
    department: Actor
    officer: str | None        # the role (or a consented name); None: no officer named
    trainings_completed: int
    last_training: object      # date of the latest completed training, or None
    measures_open: int
    measures_total: int

    @property
    def trained(self):
        return self.officer is not None and self.trainings_completed > 0


def departments(municipality):
    concept = current_concept(municipality)
    measure_filter = Q(responsible_measures__concept=concept) if concept else Q(pk__in=[])
    rows = (Actor.objects.filter(municipality=municipality, kind=Actor.Kind.ADMINISTRATION)
            .select_related("integration_officer__contact")
            .annotate(done=Count("trainings", filter=Q(trainings__completed=True), distinct=True),
                      last=Max("trainings__held_on", filter=Q(trainings__completed=True)),
                      open=Count("responsible_measures", distinct=True,
                                 filter=measure_filter & Q(responsible_measures__status__in=OPEN_STATUSES)),
                      total=Count("responsible_measures", distinct=True, filter=measure_filter))
            .order_by("name"))
    result = []
    for d in rows:
        officer = getattr(d, "integration_officer", None)
        result.append(DepartmentRow(d, officer.shown_name if officer else None, d.done, d.last, d.open, d.total))
    return result


def kreis_overview(kreis):
    """[(town, rows)] for the Kreis itself and each of its towns."""
    towns = [kreis] + list(Municipality.objects.filter(parent=kreis).order_by("name"))
    return [(town, departments(town)) for town in towns]
