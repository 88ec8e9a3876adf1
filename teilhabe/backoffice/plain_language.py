"""The checker for Leichte Sprache and plain German (lib/plainlanguage.py) beside the texts
a coordinator writes. A form names the fields it checks, `plain_language = ("description",)`;
German is checked as plain German, a Leichte-Sprache translation as Leichte Sprache, other
languages not at all (`for_language`). The button "Prüfen" shows the hints beside each field
without saving; after a save the next page shows them (kept in the session until then).
Hints never stop a save."""
from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _

from teilhabe.lib import plainlanguage
from teilhabe.lib.html import text_of

CHECK = "plain_language_check"   # the name of the "Prüfen" button
SESSION_KEY = "plain_language_report"
MODES = {"de": plainlanguage.PLAIN, "de-ls": plainlanguage.LS}
MIN_WORDS_FOR_SCORE = 20         # a score of two short sentences says nothing


def for_language(form, code):
    """Check the form's text as its language asks: nothing for a language but German's two."""
    form.plain_language_mode = MODES.get(code)
    return form


def checked_fields(form):
    if not getattr(form, "plain_language_mode", plainlanguage.PLAIN):
        return []
    return [name for name in getattr(form, "plain_language", ()) if name in form.fields]


def known_words(form):
    """The town's own names (its name, its Kreis, its districts), which no frequency list
    knows and no hint should call rare."""
    municipality = getattr(form, "municipality", None)
    for path in ("municipality", "concept.municipality", "offer.municipality", "topic.municipality",
                 "text.topic.municipality", "actor.municipality"):
        if municipality is not None:
            break
        obj = getattr(form, "instance", None)
        try:
            for name in path.split("."):
                obj = getattr(obj, name, None)
        except ObjectDoesNotExist:
            obj = None
        municipality = obj
    if municipality is None or not hasattr(municipality, "districts"):
        return ()
    names = [municipality.name, *municipality.districts.values_list("name", flat=True)]
    if municipality.parent_id:
        names.append(municipality.parent.name)
    return {word for name in names for word in name.replace("-", " ").split()}


def report(form, values):
    """Per checked field with text: label, mode, hints (each naming its sentence), score."""
    mode = getattr(form, "plain_language_mode", plainlanguage.PLAIN)
    known = known_words(form) if checked_fields(form) else ()
    result = []
    for name in checked_fields(form):
        text = text_of(str(values.get(name) or ""))
        if not text.strip():
            continue
        hints = {}  # per sentence, in order: its number, its words, what to change
        for hint in plainlanguage.check(text, mode, known=known):
            group = hints.setdefault(hint.sentence_index, {"index": hint.sentence_index, "sentence": hint.sentence,
                                                           "messages": []})
            group["messages"].append(hint.message)
        score = plainlanguage.readability(text)
        result.append({
            "name": name, "label": str(form.fields[name].label or name), "hints": list(hints.values()),
            "mode": _("Leichte Sprache") if mode == plainlanguage.LS else _("einfaches Deutsch"),
            "score": {"flesch": score.flesch_amstad, "wiener": score.wiener,
                      "band": plainlanguage.describe_flesch(score.flesch_amstad)}
            if score and score.words >= MIN_WORDS_FOR_SCORE else None,
        })
    return result


def preview(request, form):
    """True when "Prüfen" was pressed: the form keeps the report of what was typed, and
    nothing is saved."""
    if request.method != "POST" or CHECK not in request.POST or not checked_fields(form):
        return False
    form.plain_language_report = report(form, {name: form[name].value() for name in checked_fields(form)})
    return True


def remember(request, form):
    """After a save: the report of the saved text, for the page that follows."""
    if not checked_fields(form):
        return
    found = [field for field in report(form, form.cleaned_data) if field["hints"]]
    if found:
        request.session[SESSION_KEY] = found


def recall(request):
    session = getattr(request, "session", None)
    return session.pop(SESSION_KEY, None) if session is not None and SESSION_KEY in session else None
