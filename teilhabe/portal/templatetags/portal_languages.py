from django import template

from teilhabe.portal.language_names import name_for_visitor

register = template.Library()


@register.filter
def language_name_for_visitor(language):
    """{{ language|language_name_for_visitor }}: see portal/language_names.py."""
    return name_for_visitor(language)
