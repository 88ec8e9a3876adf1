"""The language checker's hints in the back office's form pages (backoffice/plain_language.py)."""
from django import template

from .. import plain_language

register = template.Library()


@register.filter
def checks_plain_language(form):
    """Whether the form has texts the checker reads: then it offers "Prüfen"."""
    return bool(plain_language.checked_fields(form))


@register.inclusion_tag("backoffice/includes/plain_language_hints.html")
def plain_language_hints(form, field):
    """The hints of one field after "Prüfen", right below it."""
    report = getattr(form, "plain_language_report", None) or []
    return {"fields": [entry for entry in report if entry["name"] == field.name], "checked": True}


@register.inclusion_tag("backoffice/includes/plain_language_hints.html", takes_context=True)
def saved_plain_language(context):
    """The hints of what the previous request saved, once."""
    request = context.get("request")
    return {"fields": plain_language.recall(request) if request else None, "saved": True}
