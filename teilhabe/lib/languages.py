"""Work done in German whatever language the person asking reads."""
import functools

from django.conf import settings
from django.utils import translation


def in_german(func):
    """Runs `func` in the default language (German): for what is stored or sent to others —
    council papers, stored notes, mails to people whose language nobody knows — while the
    person's own pages follow the language they chose. A fresh override per call: one
    shared as a decorator keeps the language to restore on itself, which threads share."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return func(*args, **kwargs)
    return wrapper
