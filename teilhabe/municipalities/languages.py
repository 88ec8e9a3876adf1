"""The languages teilhabe knows: ISO 639-1 (or 639-3 where there is none), German
name, own name, writing direction. Loaded by a data migration and by ensure_languages()."""

LANGUAGES = [
    ("de", "Deutsch", "Deutsch", False),
    ("en", "Englisch", "English", False),
    ("ar", "Arabisch", "العربية", True),
    ("tr", "Türkisch", "Türkçe", False),
    ("uk", "Ukrainisch", "Українська", False),
    ("ru", "Russisch", "Русский", False),
    ("fa", "Persisch", "فارسی", True),
    ("prs", "Dari", "دری", True),
    ("ps", "Paschtu", "پښتو", True),
    ("ku", "Kurdisch (Kurmandschi)", "Kurdî", False),
    ("ckb", "Kurdisch (Sorani)", "کوردیی ناوەندی", True),
    ("ti", "Tigrinya", "ትግርኛ", False),
    ("so", "Somali", "Soomaali", False),
    ("pl", "Polnisch", "Polski", False),
    ("ro", "Rumänisch", "Română", False),
    ("bg", "Bulgarisch", "Български", False),
    ("el", "Griechisch", "Ελληνικά", False),
    ("it", "Italienisch", "Italiano", False),
    ("es", "Spanisch", "Español", False),
    ("fr", "Französisch", "Français", False),
    ("sq", "Albanisch", "Shqip", False),
    ("sr", "Serbisch", "Српски", False),
    ("hr", "Kroatisch", "Hrvatski", False),
    ("bs", "Bosnisch", "Bosanski", False),
    ("ur", "Urdu", "اردو", True),
    ("vi", "Vietnamesisch", "Tiếng Việt", False),
    ("zh", "Chinesisch", "中文", False),
    ("dgs", "Deutsche Gebärdensprache", "DGS", False),
    ("de-ls", "Leichte Sprache", "Leichte Sprache", False),
]


RTL = {code for code, _name, _native, rtl in LANGUAGES if rtl}

# Leichte Sprache: German in its easy register, with texts and interface strings of its own.
EASY_GERMAN = "de-ls"


def html_lang(code):
    """The tag a page or passage in language `code` carries (lang, hreflang, Content-Language).
    Leichte Sprache is German: BCP 47 registers no tag for it ("de-LS" would be the German
    of Lesotho; a private-use "de-x-ls" is read by no screen reader, browser or search
    engine), so its pages say lang="de", as the Leichte-Sprache pages of bund.de and of the
    Länder do; the language menu and the page's own words say which German it is."""
    return "de" if code == EASY_GERMAN else code


def content_code(code):
    """The code content is kept in for an interface language: Leichte Sprache keeps its own
    ("de-ls"), a regional variant ("en-gb") becomes its language ("en")."""
    code = (code or "de").lower()
    return code if code == EASY_GERMAN else code.split("-")[0]


def direction(code):
    """"rtl" or "ltr" for a language code ("ar", "fa-IR"); unknown codes are left to right."""
    code = (code or "").lower()
    return "rtl" if code in RTL or code.split("-")[0] in RTL else "ltr"


def ensure_languages(Language):
    """Create missing languages; takes the model so migrations can pass their own."""
    existing = set(Language.objects.values_list("code", flat=True))
    Language.objects.bulk_create(
        Language(code=code, name=name, native_name=native, rtl=rtl)
        for code, name, native, rtl in LANGUAGES if code not in existing
    )
