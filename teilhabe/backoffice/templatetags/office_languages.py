"""The back office in the language its person chose: what the layout cannot mirror itself."""
from django import template
from django.utils.translation import get_language_bidi

from teilhabe.lib.html import isolate, quoted

register = template.Library()

# {{ measure.title|typed }}: what people typed (titles, names, places, notes), isolated with
# the direction of its first letter, as on the portal; for values inside blocktranslate too.
register.filter("typed", isolate)
# {{ name|typed|quoted }}: between the page language's quotation marks, not always German „…“.
register.filter("quoted", quoted)


@register.simple_tag
def arrow():
    """{% arrow %} between an old and a new state ("geplant → umgesetzt"): arrows are not
    mirrored by the browser, so on a right-to-left page the change points to the left."""
    return "←" if get_language_bidi() else "→"
