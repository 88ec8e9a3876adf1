"""{% translations_link obj %}: the link from an object's back-office page to its
translations page, for those who may read it (translations/rules.py); {% translations_table
obj %}: its state per language."""
from django import template
from django.urls import reverse

from teilhabe.backoffice.views.translations import content_languages
from teilhabe.translations import rules
from teilhabe.translations.progress import states
from teilhabe.translations.registry import kind_of

register = template.Library()


@register.inclusion_tag("backoffice/includes/translations_link.html", takes_context=True)
def translations_link(context, obj, inline=False):
    request, municipality = context.get("request"), context.get("municipality")
    user = getattr(request, "user", None)
    kind = kind_of(obj)
    url = ""
    if kind and municipality and getattr(user, "is_authenticated", False) and rules.can_read(user, municipality):
        url = reverse("backoffice:content_translation", args=[municipality.slug, kind.name, obj.pk])
    return {"url": url, "obj": obj, "inline": inline}


@register.inclusion_tag("backoffice/includes/translations_table.html", takes_context=True)
def translations_table(context, obj, caption=""):
    """Per language of the municipality the object's state (translated, outdated, partly,
    missing), each linking to its translations page in that language."""
    link = translations_link(context, obj)
    languages = content_languages(context["municipality"])
    found = states(obj, [language.code for language in languages])
    return {"rows": [(language, found[language.code]) for language in languages], "url": link["url"],
            "obj": obj, "caption": caption}
