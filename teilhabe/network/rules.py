"""Who may do what with the actor network: coordinators and viewers (of the town or its
Kreis) read it; coordinators write working groups, declared ties and the opening's entries.
Actor editors and everyone else are refused."""
from teilhabe.municipalities import access


def can_read(user, municipality):
    return access.roles(user, municipality).reads_all


def can_manage(user, municipality):
    return access.roles(user, municipality).manages
