"""Quotation marks around a value follow the page's language: German „…“, English and Turkish
“…”, Arabic, Persian, Ukrainian and Russian «…». Marks typed into a template or an f-string
outside a msgid stay German on every page; lib.html.quote / `|quoted` take them from the
catalogs."""
import re
from pathlib import Path

import pytest
from django.utils import translation

from teilhabe.lib.html import quote

PACKAGE = Path(__file__).resolve().parents[2] / "teilhabe"
MARKS = {"de": "„x“", "de-ls": "„x“", "en": "“x”", "tr": "“x”", "ar": "«x»", "fa": "«x»", "uk": "«x»", "ru": "«x»"}
# What a translator may quote: the msgids themselves, and what no one reads on a page.
MSGIDS = [re.compile(r"{%\s*blocktranslate\b.*?{%\s*endblocktranslate\s*%}", re.S),
          re.compile(r"{%\s*translate\s+(\"[^\"]*\"|'[^']*')[^%]*%}"),
          re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S), re.compile(r"{#.*?#}", re.S)]


def test_no_template_types_german_quotation_marks_outside_a_msgid():
    found = []
    for path in sorted((PACKAGE / "templates").rglob("*")):
        if path.suffix not in (".html", ".txt", ".xml"):
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in MSGIDS:
            text = pattern.sub("", text)
        found += [f"{path.relative_to(PACKAGE)}: {line.strip()[:120]}" for line in text.splitlines()
                  if re.search("[„“”‚‘]", line)]
    assert not found, "marks outside a msgid (use |quoted):\n" + "\n".join(found)


@pytest.mark.parametrize("language", sorted(MARKS))
def test_it_quotes_in_each_languages_marks(language):
    with translation.override(language):
        assert quote("x") == MARKS[language]

