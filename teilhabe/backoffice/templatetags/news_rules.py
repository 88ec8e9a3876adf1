"""news/rules.py for the back office's templates: the navigation asks the same rule as the views."""
from django import template

from teilhabe.news import rules

register = template.Library()


@register.filter
def may_read_news(user, municipality):
    return bool(getattr(user, "is_authenticated", False)) and rules.may_read(user, municipality)
