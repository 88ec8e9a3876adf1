"""Names of languages for visitors: the language's own name, and next to it its name in the
visitor's language ("العربية (Arabic)"). Django's LANG_INFO and catalogs know many names;
our German names (municipalities/languages.py) are shown only to German visitors."""
from django.conf.locale import LANG_INFO
from django.utils.translation import get_language, get_language_info, override


def name_for_visitor(language):
    """The language's name in the active language, or "" where it would repeat the own name
    or where no translation is known (better nothing than a German name to a non-German reader)."""
    active = (get_language() or "de").split("-")[0]
    if language.code == active:
        return ""
    if active == "de":
        name = language.name
    elif language.code in LANG_INFO:  # exact code: get_language_info("de-ls") would answer for "de"
        translated = get_language_info(language.code)["name_translated"]
        name = str(translated)
        with override("de"):
            if name == str(translated):  # Django's catalog lacks it and fell back to German
                return ""
    else:
        return ""
    return "" if name == language.native_name else name


def language_label(language):
    """"العربية (Arabic)", or the own name alone."""
    name = name_for_visitor(language)
    return f"{language.native_name} ({name})" if name else language.native_name
