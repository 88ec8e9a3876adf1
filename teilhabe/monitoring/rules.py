"""Who may do what in monitoring: coordinators and viewers (of the town or its Kreis) read
indicators, dashboard and evaluation report; coordinators write indicators, values,
thresholds, statistics uploads and the report's recommendations. Measure results follow
the measure's own rules (access.can_edit)."""
from teilhabe.municipalities import access


def can_read(user, municipality):
    return access.roles(user, municipality).reads_all


def can_manage(user, municipality):
    return access.roles(user, municipality).manages

