"""Small pieces every back-office view uses."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .. import plain_language


def save_form(request, form, save):
    """Validate and save; a conflict the form could not foresee (a double submit, a
    simultaneous edit) becomes a message on the form instead of a server error. "Prüfen"
    saves nothing: the page comes again with the language checker's hints (plain_language.py),
    which after a real save the next page shows."""
    if plain_language.preview(request, form):
        form.is_valid()  # what else is wrong shows as well
        return None
    if not form.is_valid():
        return None
    try:
        with transaction.atomic():
            obj = save(form)
    except IntegrityError:
        form.add_error(None, _("Die Änderung widerspricht einem gleichzeitig gespeicherten Eintrag. "
                               "Bitte prüfen Sie die Schlüssel und versuchen Sie es erneut."))
        return None
    except ValidationError as error:
        add_errors(form, error)
        return None
    messages.success(request, _("Gespeichert."))
    plain_language.remember(request, form)
    return obj


def add_errors(form, error):
    """A ValidationError from an action, on the form's fields it names (else the form)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def require(condition):
    if not condition:
        raise PermissionDenied


# URL name prefix → the navigation section it belongs to (for aria-current).
SECTIONS = {"concept": "concept", "guideline": "concept", "field": "concept", "goal": "concept",
            "measure": "measures", "actor": "actors", "contact": "actors",
            "offer": "offers", "translation": "offers", "setting": "settings", "district": "settings",
            "target": "settings", "member": "settings", "topic": "topics", "text": "topics"}


def base_context(request, municipality, **extra):
    url_name = request.resolver_match.url_name if request.resolver_match else ""
    # No roles here: templates ask the rules (backoffice/templatetags/rules.py), as views do.
    return {"municipality": municipality,
            "section": SECTIONS.get(url_name.split("_")[0].rstrip("s"), ""), **extra}
