"""Who may do what with the pages a public body's website must have: coordinators (of the
town or its Kreis) edit them and handle the feedback on barriers; viewers read both; actor
editors and everyone else are refused. Everybody reads the public pages."""
from teilhabe.municipalities import access


def can_read(user, municipality):
    return access.roles(user, municipality).reads_all


def can_manage(user, municipality):
    return access.roles(user, municipality).manages
