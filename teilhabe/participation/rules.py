"""Who may do what in participation: coordinators and viewers (of the town or its Kreis)
read events, figures and ideas, but no personal data; coordinators manage events,
workshops, registrations (check-in, cancelling, attendance), ideas, comments and the
participation settings. Actor editors and everyone else are refused."""
from teilhabe.council import rules as council_rules
from teilhabe.municipalities import access


def can_read(user, municipality):
    return access.roles(user, municipality).reads_all


def can_manage(user, municipality):
    return access.roles(user, municipality).manages


def can_make_motion(user, municipality):
    """May turn an accepted idea into a motion: who manages participation and keeps the
    council part (the coordination, which is the council's office)."""
    return can_manage(user, municipality) and council_rules.may_edit(user, municipality)
