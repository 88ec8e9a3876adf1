"""The language menu names each language in its own language, whatever the page's;
Leichte Sprache is German to the browser (lang="de")."""
import re

import pytest

from tests import builders as b

pytestmark = pytest.mark.django_db

OWN = {"de": "Deutsch", "de-ls": "Leichte Sprache", "en": "English", "ar": "العربية", "tr": "Türkçe",
       "uk": "Українська", "ru": "Русский", "fa": "فارسی"}


@pytest.mark.parametrize("visitor", list(OWN))
def test_it_names_every_language_in_itself_with_lang_and_dir(client, visitor):
    b.municipality("lindenau")
    html = client.get("/lindenau/", HTTP_ACCEPT_LANGUAGE=visitor).content.decode()
    menu = re.search(r'<select name="language" id="language-select">(.*?)</select>', html, re.S).group(1)
    options = re.findall(r'<option value="([\w-]+)" lang="(\w+)" dir="(\w+)"(?: selected)?>([^<]*)</option>', menu)
    assert [(code, name) for code, _lang, _dir, name in options] == list(OWN.items())
    for code, lang, direction, _name in options:
        assert lang == ("de" if code == "de-ls" else code) and direction == ("rtl" if code in ("ar", "fa") else "ltr")
