"""Who may do what with a municipality's council part. The municipality's office
(Geschäftsstelle) runs it: its coordinators (a Kreis's coordinators in the Kreis's towns too,
as everywhere) add and change bodies, persons and their consent, memberships, meetings,
agendas, papers, consultations and files. Viewers (council members, evaluators) read all
of it, non-public items and persons without consent included. Actor editors, people
without a role and other municipalities' staff are refused; the public sees only what
the models call public (through OParl and, later, the portal)."""
from teilhabe.municipalities import access


def may_read(user, municipality):
    return access.roles(user, municipality).reads_all


def may_edit(user, municipality):
    return access.roles(user, municipality).manages


def may_read_object(user, obj):
    return may_read(user, obj.municipality)


def may_edit_object(user, obj):
    return may_edit(user, obj.municipality)
