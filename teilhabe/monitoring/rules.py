"""Who may do what in monitoring: coordinators and viewers (of the town or its Kreis) read
indicators, dashboard and evaluation report; coordinators write indicators, values,
thresholds, statistics uploads and the report's recommendations. A measure's results
follow the measure's own rules (strategy/rules.py): whoever may see the measure reads them,
whoever may edit it reports them — the coordination and the editors of its responsible
actor, who find theirs under "Meine Maßnahmen"."""
from teilhabe.council import rules as council_rules
from teilhabe.municipalities import access
from teilhabe.strategy import rules as strategy_rules


def can_read(user, municipality):
    return access.roles(user, municipality).reads_all


def can_manage(user, municipality):
    return access.roles(user, municipality).manages


def can_submit_report(user, municipality):
    """May submit the evaluation report to the council: who writes the report and keeps the
    council part."""
    return can_manage(user, municipality) and council_rules.may_edit(user, municipality)


def can_report(user, municipality, measure):
    """May record or delete a result of this measure."""
    return strategy_rules.can_edit(user, municipality, measure)


def can_report_own(user, municipality):
    """May open "Meine Maßnahmen": the coordination, and editors of an actor."""
    r = access.roles(user, municipality)
    return r.manages or bool(r.actor_ids)


def own_measures(user, municipality, measures):
    """The measures on "Meine Maßnahmen": all for the coordination, else their actor's."""
    r = access.roles(user, municipality)
    return measures if r.manages else measures.filter(responsible_actor__in=r.actor_ids)


def get_measure(request, municipality, queryset, pk, report=False):
    """The measure with pk, or 404; 403 unless the user may see it (report=True: report
    its results)."""
    get = strategy_rules.get_for_edit if report else strategy_rules.get_for_view
    return get(request, municipality, queryset, pk)
