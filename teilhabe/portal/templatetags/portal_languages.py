"""Languages on public pages. Most content is German (titles, names, descriptions, addresses)
and is shown inside pages in the visitor's language; a passage in another language carries
`lang` and `dir`, or an Arabic page lays German text out right to left ("44651 Herne" reads
"Herne 44651"). Numbers, addresses and codes are isolated left to right wherever they stand."""
from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language

from teilhabe.lib.html import isolate
from teilhabe.municipalities.languages import LANGUAGES, direction, html_lang
from teilhabe.portal.language_names import name_for_visitor
from teilhabe.portal.views import active_language
from teilhabe.translations.registry import kind_of
from teilhabe.translations.texts import prefetch, texts_in

register = template.Library()

OWN_NAMES = {code: native for code, _name, native, _rtl in LANGUAGES}


@register.filter
def language_name_for_visitor(language):
    """{{ language|language_name_for_visitor }}: see portal/language_names.py."""
    return name_for_visitor(language)


@register.simple_tag
def lang_dir(code):
    """<div{% lang_dir "de" %}>: ` lang="de" dir="ltr"` for a passage in language `code`."""
    return format_html(' lang="{}" dir="{}"', html_lang(code), direction(code))


@register.filter(name="html_lang")
def html_lang_filter(code):
    """{{ language.code|html_lang }}: the tag for lang and hreflang ("de" for Leichte Sprache)."""
    return html_lang(code)


@register.filter
def lang(value, code=None):
    """{{ measure.title|lang }}: the text in <span lang dir> where its language is not the
    page's. The language is `code`, else the text's own (`.language` of LocalizedText),
    else German — the language content is written in."""
    code = html_lang(code or getattr(value, "language", None) or "de")
    if value in (None, "") or code == html_lang(get_language() or "de"):
        return value
    return format_html('<span lang="{}" dir="{}">{}</span>', code, direction(code), value)


@register.filter
def ltr(value):
    """{{ actor.phone|ltr }}: phone numbers, postcodes, e-mail addresses, URLs and codes are
    read left to right in every language; isolated, they keep their order on a right-to-left
    page ("02325 123456", not "123456 02325")."""
    if value in (None, ""):
        return value
    return format_html('<bdi dir="ltr">{}</bdi>', value)


@register.simple_tag
def interface_languages():
    """The languages of the interface for the language menu, each named in itself
    ("English", "Türkçe", "العربية") — never translated into the language being left —
    with its direction and its tag for lang: [(code, own name, "ltr"/"rtl", tag)]."""
    return [(code, OWN_NAMES.get(code, name), direction(code), html_lang(code)) for code, name in settings.LANGUAGES]


@register.filter
def typed(value):
    """{{ idea.title|typed }}: text a resident typed, in a language nobody recorded: isolated,
    its direction taken from its first letter (<bdi> is dir="auto")."""
    return isolate(value)


@register.filter
def first_german(objects):
    """{{ offer.target_groups.all|first_german }}: the first of these vocabulary entries whose
    name is shown in German (no name in the visitor's language), for the translation note
    under a list of names; "" when all are in the visitor's language."""
    return next((o.name for o in objects if getattr(o.name, "language", None) == "de"), "")


@register.simple_tag
def translated(obj):
    """{% translated measure as t %}: {{ t.title }} in the visitor's language where it is
    translated, German otherwise (teilhabe.translations.texts.texts_in)."""
    return texts_in(obj, active_language())


@register.filter
def tr(obj, field):
    """{{ goal|tr:"title"|lang }}: one field of a registered object (concept, goal, measure,
    event …) in the visitor's language, German where it is not translated; a text that knows
    its language, for |lang. In a loop, load the list's translations first (translated_list).
    Offers keep their own translations (OfferTranslation, which search indexes): their
    in_language(); load a list's with Offer.objects.with_translations()."""
    if not obj:
        return ""
    if kind_of(obj) is None and hasattr(obj, "in_language"):
        return obj.in_language(active_language())[field]
    return texts_in(obj, active_language())[field]


@register.simple_tag
def translated_list(objects):
    """{% translated_list goals as goals %}: the objects (of one model) with their translations
    into the visitor's language loaded in one query, for |tr in the loop that follows."""
    return prefetch(objects, active_language())
