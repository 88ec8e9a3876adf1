"""Who may work on content translations: coordinators (of the town or its Kreis) download
and upload translators' files, see the progress and write translations; viewers read an
object's translations; actor editors and everyone else are refused (the files and pages
hold unpublished drafts too). An actor editor translates their own actor's offers on the
offer's page (offers/rules.py), not here."""
from teilhabe.municipalities import access


def can_manage(user, municipality):
    return access.roles(user, municipality).manages


def can_read(user, municipality):
    return access.roles(user, municipality).reads_all
