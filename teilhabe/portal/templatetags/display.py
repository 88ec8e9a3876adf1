"""<html{% display_class %}>: the visitor's Darstellung (portal/display.py) as classes."""
from django import template
from django.utils.html import format_html

from teilhabe.portal import display

register = template.Library()


@register.simple_tag(takes_context=True)
def display_class(context):
    request = context.get("request")
    classes = display.css_classes(display.choices(request)) if request is not None else ""
    return format_html(' class="{}"', classes) if classes else ""
