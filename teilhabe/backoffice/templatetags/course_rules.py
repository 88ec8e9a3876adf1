"""courses/rules.py for the back office's templates: links appear by the same rules the
views check."""
from django import template

from teilhabe.courses import rules

register = template.Library()


def _rule(rule):
    def check(user, kreis):
        # No Kreis (a town outside one) or no signed-in person: no link.
        return kreis is not None and bool(getattr(user, "is_authenticated", False)) and bool(rule(user, kreis))
    return check


for name in ("may_steer", "may_read_figures", "may_read_courses", "may_list_learners"):
    register.filter(name, _rule(getattr(rules, name)))


@register.filter
def course_kreis(municipality):
    return rules.kreis_of(municipality)


@register.filter
def may_upload_courses(user, municipality):
    """The CSV upload under this municipality's pages (rules.upload_providers)."""
    if not getattr(user, "is_authenticated", False) or rules.kreis_of(municipality) is None:
        return False
    providers = rules.upload_providers(user, municipality)
    return providers is None or bool(providers)
