"""Rich text: a small, safe subset of HTML, cleaned on the way in."""
import re
import unicodedata
from html import unescape

import nh3
from django.utils.html import conditional_escape, format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import pgettext

ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "h3", "h4", "blockquote", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def sanitize_html(text):
    return nh3.clean(text or "", tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")


_BLOCK_END = re.compile(r"<br\s*/?>|</(?:p|li|h[1-6]|blockquote|div)>", re.IGNORECASE)


def text_of(html):
    """The text of rich text, a line per paragraph, list item and heading (for checking
    its language; plain text passes through unchanged but for entities)."""
    if "<" not in html:
        return unescape(html)
    return unescape(strip_tags(_BLOCK_END.sub("\n", html)))


def isolate(value):
    """<bdi>value</bdi>: text someone typed, in a language nobody recorded, isolated from the
    page around it with the direction of its first letter (<bdi> is dir="auto"): on a
    right-to-left page "1. Obergeschoss" would otherwise read "Obergeschoss .1"."""
    if value in (None, ""):
        return value
    return format_html("<bdi>{}</bdi>", value)


def quote(text):
    """text between the quotation marks of the active language: German „…“, English and
    Turkish “…”, Arabic, Persian, Ukrainian and Russian «…» (each catalog's msgstr says
    which); marks typed around a value outside a msgid stay German on every page."""
    return pgettext("Anführungszeichen", "„%(text)s“") % {"text": text}


def quoted(value):
    """quote() for a template: the value escaped unless it is safe already (`|typed`)."""
    return mark_safe(quote(conditional_escape(value)))


def direction(text):
    """"rtl" or "ltr" by the first letter with a strong direction, as dir="auto" decides:
    for SVG <text>, which knows no <bdi>."""
    for char in str(text):
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"
