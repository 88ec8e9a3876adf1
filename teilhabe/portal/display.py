""""Darstellung": a visitor's choice of larger text and high contrast, kept in a cookie.

The cookie holds only the choice ("large", "contrast", both or neither) — no identifier,
nothing about the person — and is set only when the visitor asks for it on the
Darstellung page: it is strictly necessary for a function the visitor requested
(§ 25 Abs. 2 Nr. 2 TDDDG), so no consent banner is needed.

Every portal page applies the choice as classes on <html> (templatetags/display.py). Cached
pages (cache.py) are kept apart per choice — the choice is part of the page's key, as the
language is — so one visitor's display is never served to another; there are only four
variants, as any other cookie value is read as no choice."""
from django.conf import settings

COOKIE = "teilhabe_display"
OPTIONS = ("large", "contrast")
MAX_AGE = 365 * 24 * 60 * 60


def choices(request):
    """The visitor's known choices, in a fixed order; unknown words are ignored."""
    given = set(request.COOKIES.get(COOKIE, "").split("."))
    return tuple(option for option in OPTIONS if option in given)


def css_classes(chosen):
    return " ".join(f"display-{option}" for option in chosen)


def remember(response, chosen):
    if chosen:
        response.set_cookie(COOKIE, ".".join(chosen), max_age=MAX_AGE, httponly=True, samesite="Lax",
                            secure=settings.SESSION_COOKIE_SECURE)
    else:
        response.delete_cookie(COOKIE, samesite="Lax")
    return response
