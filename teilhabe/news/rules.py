"""Who may do what with a municipality's news: its coordinators (a Kreis's coordinators in
the Kreis's towns too, as everywhere) write items, upload pictures and attachments and
publish; viewers read everything, drafts included. Actor editors, people without a role
and other municipalities' staff are refused; the public sees only what
`NewsItem.objects.public()` calls public."""
from teilhabe.municipalities import access


def may_read(user, municipality):
    return access.roles(user, municipality).reads_all


def may_edit(user, municipality):
    return access.roles(user, municipality).manages


def may_see(user, item):
    """The item itself (its page, pictures and attachments): the public once it is
    public, staff who read the municipality's news always (their preview of a draft)."""
    return item.is_public() or may_read(user, item.municipality)
