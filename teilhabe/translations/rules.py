"""Who may work on content translations: coordinators (of the town or its Kreis) download
and upload translators' files and see the progress; viewers, actor editors and everyone
else are refused (the files hold unpublished drafts too)."""
from teilhabe.municipalities import access


def can_manage(user, municipality):
    return access.roles(user, municipality).manages
