"""participation/rules.py for the back office's templates: the navigation asks the same
rule as the views."""
from django import template

from teilhabe.participation import rules

register = template.Library()


@register.filter
def may_read_participation(user, municipality):
    # A page rendered without a request has no user: no link, as before with no roles.
    return bool(getattr(user, "is_authenticated", False)) and rules.can_read(user, municipality)
