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
