"""Who may change what a municipality publishes as open data and its transparency page:
its coordinators and those of its Kreis. Viewers, actor editors and everyone else are
refused; the published data themselves are open to all."""
from teilhabe.municipalities import access


def can_manage(user, municipality):
    return access.roles(user, municipality).manages
