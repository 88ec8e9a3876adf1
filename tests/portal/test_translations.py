"""The public portal speaks the newcomers' languages: the catalogs in teilhabe/locale are
complete for every string a visitor can see, keep their placeholders, are compiled, and
the pages come out in the visitor's language with the right writing direction. The
msgids are German (see docs/translating.md)."""
import contextlib
import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from teilhabe.actors.models import Actor
from teilhabe.courses.models import CourseType, TimeOfDay
from teilhabe.council.models import Consultation, File, Meeting, Membership, Organization, Paper
from teilhabe.municipalities.models import Municipality
from teilhabe.portal import participation_forms
from teilhabe.participation.models import AttendanceTally, Event, Idea, Registration
from teilhabe.sitepages.models import SitePage
from teilhabe.strategy.models import Concept, Goal, Measure
from tests import builders as b
from tests.participation import builders as pb

PACKAGE = Path(__file__).resolve().parents[2] / "teilhabe"
LOCALE = PACKAGE / "locale"
LANGUAGES = ["en", "ar", "tr", "uk", "ru", "fa"]
# Leichte Sprache ("de-ls", its catalog de_LS) has every portal string too; its pages are
# tested in tests/portal/test_easy_language.py.
CATALOGS = [*LANGUAGES, "de_LS"]
NPLURALS = {"en": 2, "ar": 6, "tr": 2, "uk": 3, "ru": 3, "fa": 2, "de_LS": 2}

# What a visitor sees: these templates and modules, found by the same extraction as
# `teilhabe makemessages`. The back office is checked for its languages in
# tests/backoffice/test_languages.py; the JSON API's error
# messages are German by contract (docs/api.md), so neither is listed here.
PORTAL_SOURCES = ["templates/base.html", "templates/400.html", "templates/403.html", "templates/404.html",
                  "templates/500.html", "lib/middleware.py",
                  "templates/portal/*.html", "portal/*.py", "search/*.py",
                  "templates/portal/participation/includes/measure_ideas_public.html",  # part of the measure page
                  "templates/demo_banner.html",  # on every page of demo data
                  # Participation: events, ideas, the residents' private pages and their mails.
                  "templates/portal/participation/*.html", "templates/portal/participation/private/*.html",
                  "templates/participation/mail/*.txt", "templates/portal/participation/includes/figures.html",
                  "templates/portal/participation/includes/form_body.html",
                  "templates/portal/participation/includes/idea_measure.html",
                  "portal/views/*.py",
                  # The course finder of a Kreis and its course pages.
                  "templates/portal/courses/*.html", "templates/portal/courses/includes/*.html",
                  "templates/portal/council/*.html",  # the council section
                  "templates/portal/sitepages/*.html",  # the footer's pages and the Darstellung
                  "templates/portal/topics/*.html",  # topics and the welcome folder
                  "templates/portal/news/*.html", "portal/templatetags/news.py"]  # news
# Choice labels that public pages show (get_FOO_display, facet and status lists).
PUBLIC_CHOICES = [Measure.Status, Actor.Kind, Goal.Kind, Concept.Status, Municipality.Kind, Idea.Channel,
                  Idea.Status, Event.Kind, Registration.Status, AttendanceTally.Answer, CourseType, TimeOfDay,
                  Organization.Kind, Membership.Role, Meeting.State, Paper.Kind, Consultation.Role, File.Role,
                  SitePage.Kind]
# The public forms of participation (portal/participation_forms.py; the back-office ones stay
# German, so the module is not in PORTAL_SOURCES): their labels, help texts and empty choices.
PUBLIC_FORMS = [participation_forms.RegistrationForm, participation_forms.IdeaForm,
                participation_forms.SupportForm, participation_forms.CommentForm, participation_forms.ReportForm]
# Model and form strings that reach public pages by other ways: Concept.period, the consent
# texts, the self-description question every municipality asks.
PUBLIC_MODEL_STRINGS = [
    "ab %(year)s",
    "mit Zuwanderungs- bzw. Migrationsgeschichte",
    "Ich bin einverstanden, dass die Stadt meine Angaben zur Organisation dieser Veranstaltung speichert. "
    "Sie werden %(months)s Monate nach der Veranstaltung gelöscht. Ich kann die Anmeldung jederzeit über "
    "den Link in der Bestätigung ansehen, herunterladen und löschen.",
    "Ich bin einverstanden, dass die Stadt meine E-Mail-Adresse (und meinen Namen, falls angegeben) speichert, "
    "um mir den Stand meiner Idee mitzuteilen. Titel und Beschreibung werden veröffentlicht. Die Kontaktdaten "
    "werden %(months)s Monate nach der Entscheidung gelöscht.",
]


def public_form_strings():
    texts = set()
    for form in PUBLIC_FORMS:
        for field in form.base_fields.values():
            texts |= {str(t) for t in (field.label, field.help_text, getattr(field, "empty_label", None)) if t}
    return texts - {"---------"}  # Django's default empty choice, not ours

# Known translations, to see that the catalogs are really loaded and applied.
EXPECTED = {
    "en": {"dir": "ltr", "offers": "Offers", "count": "5 offers", "facet": "Field of action",
           "running": "in progress", "association": "Association", "strategic": "long-term goal",
           "adopted": "adopted", "not_found": "Page not found"},
    "ar": {"dir": "rtl", "offers": "الخدمات", "count": "5 خدمات", "facet": "مجال العمل",
           "running": "قيد التنفيذ", "association": "جمعية / اتحاد", "strategic": "هدف بعيد المدى",
           "adopted": "معتمدة", "not_found": "الصفحة غير موجودة"},
    "tr": {"dir": "ltr", "offers": "Hizmetler", "count": "5 hizmet", "facet": "Eylem alanı",
           "running": "devam ediyor", "association": "Dernek / birlik", "strategic": "uzun vadeli hedef",
           "adopted": "kabul edildi", "not_found": "Sayfa bulunamadı"},
    "uk": {"dir": "ltr", "offers": "Послуги", "count": "5 послуг", "facet": "Сфера діяльності",
           "running": "триває", "association": "Громадська організація / спілка",
           "strategic": "довгострокова ціль", "adopted": "ухвалено", "not_found": "Сторінку не знайдено"},
    "ru": {"dir": "ltr", "offers": "Услуги", "count": "5 услуг", "facet": "Сфера деятельности",
           "running": "выполняется", "association": "Общественная организация / союз",
           "strategic": "долгосрочная цель", "adopted": "принято", "not_found": "Страница не найдена"},
    "fa": {"dir": "rtl", "offers": "خدمات", "count": "5 خدمت", "facet": "حوزه فعالیت",
           "running": "در حال اجرا", "association": "انجمن / اتحادیه", "strategic": "هدف بلندمدت",
           "adopted": "تصویب‌شده", "not_found": "صفحه پیدا نشد"},
}


# --- a tiny .po reader -------------------------------------------------------------------------

_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}


def _unquote(text):
    return re.sub(r'\\(.)', lambda m: _ESCAPES[m.group(1)], text[1:-1])


def read_po(path):
    """Entries as dicts: msgid, msgctxt (if any), msgid_plural, msgstr ({None: s} or {0: s, 1: s, ...}),
    flags, refs. Obsolete (#~) entries are skipped."""
    entries, entry, field = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = line.strip()
        if not line:
            if entry and "msgid" in entry:
                entries.append(entry)
            entry, field = None, None
            continue
        if entry is None:
            entry = {"flags": set(), "refs": [], "msgstr": {}, "msgid_plural": None}
        if line.startswith("#~"):
            entry["obsolete"] = True
        elif line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#:"):
            entry["refs"] += line[2:].split()
        elif line.startswith("#"):
            continue
        elif match := re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$', line):
            keyword, index, value = match.groups()
            if keyword.startswith("msgstr"):
                field = ("msgstr", int(index) if index is not None else None)
                entry["msgstr"][field[1]] = _unquote(value)
            else:
                field = (keyword, None)
                entry[keyword] = _unquote(value)
        elif line.startswith('"') and field:
            if field[0] == "msgstr":
                entry["msgstr"][field[1]] += _unquote(line)
            else:
                entry[field[0]] += _unquote(line)
        else:
            raise AssertionError(f"{path}: cannot read line {line!r}")
    return [e for e in entries if not e.get("obsolete")]


def catalog(lang):
    return read_po(LOCALE / lang / "LC_MESSAGES" / "django.po")


def header(entries):
    (head,) = [e for e in entries if e["msgid"] == ""]
    fields = dict(line.split(": ", 1) for line in head["msgstr"][None].strip("\n").split("\n"))
    return head, fields


def is_translated(entry, nplurals):
    if "fuzzy" in entry["flags"]:
        return False
    if entry["msgid_plural"] is None:
        return bool(entry["msgstr"].get(None))
    return sorted(entry["msgstr"]) == list(range(nplurals)) and all(entry["msgstr"].values())


PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[#0 +-]*\d*(?:\.\d+)?[sdifrxXeEgGc%]")


def placeholders(text):
    return sorted(PLACEHOLDER.findall(text))


# --- the strings a visitor sees ------------------------------------------------------------------

def entry_key(entry):
    """An entry's key as gettext stores it: "context\x04msgid" where it has a context, so
    that a public "Stand" (status) does not ask the back office's "Stand" ("as of", context
    "Datum") for a Leichte-Sprache translation, nor hide an untranslated public sense."""
    return f'{entry["msgctxt"]}\x04{entry["msgid"]}' if entry.get("msgctxt") else entry["msgid"]


@pytest.fixture(scope="session")
def portal_msgids(tmp_path_factory):
    """Runs the real extraction (makemessages, that is xgettext) over a copy of the portal's
    sources, so a string added to a portal template without updating the catalogs is noticed."""
    work = tmp_path_factory.mktemp("extract")
    for pattern in PORTAL_SOURCES:
        for source in PACKAGE.glob(pattern):
            target = work / source.relative_to(PACKAGE)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target)
    (work / "locale").mkdir()
    with contextlib.chdir(work):  # makemessages writes to ./locale
        call_command("makemessages", locale=["en"], keep_pot=True, verbosity=0)
    extracted = {entry_key(e) for e in read_po(work / "locale" / "django.pot") if e["msgid"]}
    with translation.override("de"):
        labels = {str(label) for choices in PUBLIC_CHOICES for label in choices.labels}
        form_strings = public_form_strings()
    return extracted | labels | form_strings | set(PUBLIC_MODEL_STRINGS)


def test_it_finds_the_portal_strings_to_check(portal_msgids):
    # The completeness test below is only as good as this list.
    assert {"Angebote", "Zum Inhalt springen", "Seite nicht gefunden", "Sprache des Angebots",
            "%(counter)s Angebot", "läuft", "Verein / Verband", "Kreis"} <= portal_msgids
    assert "Anmelden" in portal_msgids  # base.html's link; the log-in page is back office (tests/backoffice/test_languages.py)
    assert "Für Koordinierungsstellen, Akteure und Gremien." not in portal_msgids  # back office only
    # participation: a template, a view's message, a form label, a choice label, a mail
    assert {"Verbindlich anmelden", "Sie unterstützen diese Idee bereits.", "Ihre Idee in einem Satz",
            "Integrationskonferenz", "Ihr Einlass-Code:"} <= portal_msgids
    assert "Einlass-Code" not in portal_msgids and "E-Mail-Zustellung" not in portal_msgids  # back office only


# --- the catalogs --------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", CATALOGS)
def test_it_has_a_complete_header_per_language(lang):
    head, fields = header(catalog(lang))
    assert "fuzzy" not in head["flags"]  # msgfmt would drop a fuzzy header, and the plural rule with it
    assert fields["Language"] == lang
    assert fields["Content-Type"] == "text/plain; charset=UTF-8"
    assert re.match(rf"nplurals={NPLURALS[lang]}; plural=", fields["Plural-Forms"])


@pytest.mark.parametrize("lang", CATALOGS)
def test_it_translates_every_portal_string(lang, portal_msgids):
    entries = {}  # entry_key → its entry ({% translate "Anmelden" context "Veranstaltung" %} has its own)
    for e in catalog(lang):
        entries.setdefault(entry_key(e), []).append(e)
    missing = sorted(msgid for msgid in portal_msgids if msgid not in entries)
    assert not missing, f"{lang}: not in the catalog (run makemessages, see docs/translating.md): {missing}"
    untranslated = sorted(msgid for msgid in portal_msgids
                          if not all(is_translated(e, NPLURALS[lang]) for e in entries[msgid]))
    assert not untranslated, f"{lang}: empty, fuzzy or missing plural forms: {untranslated}"


@pytest.mark.parametrize("lang", CATALOGS)
def test_it_keeps_the_placeholders_of_every_msgid(lang):
    wrong = []
    for e in catalog(lang):
        if not e["msgid"] or not any(e["msgstr"].values()):
            continue
        if e["msgid_plural"] is None:
            expected = placeholders(e["msgid"])
            wrong += [(e["msgid"], text) for text in e["msgstr"].values() if placeholders(text) != expected]
            continue
        # Plural forms: the count may be left out where a form stands for one number only
        # ("Das passende Angebot ansehen"), every other placeholder must be kept.
        singular, plural = set(placeholders(e["msgid"])), set(placeholders(e["msgid_plural"]))
        for text in e["msgstr"].values():
            if not (singular & plural) <= set(placeholders(text)) <= (singular | plural):
                wrong.append((e["msgid"], text))
    assert not wrong, f"{lang}: placeholders differ from the msgid: {wrong}"


@pytest.mark.parametrize("lang", CATALOGS)
def test_it_ships_compiled_catalogs_that_match_the_po_files(lang):
    # The demo runs without gettext, so the .mo files are committed; they must not be stale.
    mo = LOCALE / lang / "LC_MESSAGES" / "django.mo"
    with mo.open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    expected = {}
    for e in catalog(lang):
        if not e["msgid"] or not is_translated(e, NPLURALS[lang]):
            continue
        key = f'{e["msgctxt"]}\x04{e["msgid"]}' if e.get("msgctxt") else e["msgid"]  # as gettext stores it
        if e["msgid_plural"] is None:
            expected[key] = e["msgstr"][None]
        else:
            expected.update({(key, i): text for i, text in e["msgstr"].items()})
    actual = {key: value for key, value in compiled._catalog.items() if key != ""}
    assert actual == expected, f"{mo} is stale: run `teilhabe compilemessages` (docs/translating.md)"
    assert compiled.info()["language"] == lang


@pytest.mark.parametrize("lang", CATALOGS)
def test_it_compiles_every_catalog_with_msgfmt(lang, tmp_path):
    # gettext is part of the test set-up (scripts/setup --test), so this never skips.
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "msgfmt not found: install Debian's gettext (scripts/setup --test does)"
    po = LOCALE / lang / "LC_MESSAGES" / "django.po"
    result = subprocess.run([msgfmt, "--check", "-o", str(tmp_path / "django.mo"), str(po)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def msgkeys(entries):
    return {(e.get("msgctxt"), e["msgid"], e["msgid_plural"]) for e in entries if e["msgid"]}


def test_it_keeps_every_catalog_in_step_with_the_code(tmp_path):
    # Every msgid of the code (back office and API included, with an empty msgstr there) is in
    # every catalog and none that the code lost, so the documented makemessages run adds and
    # drops nothing and nobody has to append entries by hand. Extracted from a copy of every
    # .py/.html/.txt of the package (what makemessages scans there, hidden ones aside);
    # LOCALE_PATHS emptied so that makemessages writes only into the copy.
    for source in PACKAGE.rglob("*"):
        relative = source.relative_to(PACKAGE)
        skipped = relative.parts[0] == "locale" or any(part.startswith(".") for part in relative.parts)
        if source.suffix in {".py", ".html", ".txt"} and source.is_file() and not skipped:
            target = tmp_path / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target)
    (tmp_path / "locale").mkdir()
    with contextlib.chdir(tmp_path), override_settings(LOCALE_PATHS=[]):
        call_command("makemessages", locale=["en"], keep_pot=True, verbosity=0)
    code = msgkeys(read_po(tmp_path / "locale" / "django.pot"))
    assert len(code) > 1000  # the whole package was scanned, not only a part of it
    for lang in CATALOGS:
        entries = msgkeys(catalog(lang))
        assert not code - entries and not entries - code, (
            f"{lang}: the catalog is out of step with the code; run makemessages as docs/translating.md "
            f"says. Missing: {sorted(code - entries, key=str)[:20]} Obsolete: {sorted(entries - code, key=str)[:20]}")


def test_it_reports_a_changed_placeholder(tmp_path):
    # The placeholder check above must be able to fail.
    assert placeholders("Seite %(n)s von %(total)s") != placeholders("Page %(n)s of %(all)s")
    assert placeholders("%(counter)s Angebot") != placeholders("%(counter) offer")
    po = tmp_path / "django.po"
    po.write_text('msgid ""\nmsgstr "Language: xx\\n"\n\n#, fuzzy\nmsgid "Angebote"\nmsgstr "Offers"\n',
                  encoding="utf-8")
    (entry,) = [e for e in read_po(po) if e["msgid"]]
    assert not is_translated(entry, 2)


# --- the pages -----------------------------------------------------------------------------------

@pytest.fixture
def town(db):
    town = b.municipality("neustadt", languages=("de", "en", "ar"))
    concept = b.concept(town, title="Integrationskonzept Neustadt", period_start=2021, period_end=2026)
    field = b.field(concept, "sprache", "Sprache")
    b.goal(concept, "g-1", field=field, title="Deutsch für alle", kind="strategic")
    provider = b.actor(town, "verein", name="Nachbarschaftsverein", kind="association")
    measure = b.measure(concept, "M-1", title="Sprachcafé", status="running", responsible=provider)
    measure.fields.add(field)
    for n in range(5):
        b.offer(town, provider, f"O-{n}", title=f"Kurs {n}", field=field)
    return town


def get(client, path, lang=None):
    headers = {"HTTP_ACCEPT_LANGUAGE": lang} if lang else {}
    return client.get(path, **headers)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_it_shows_the_offer_directory_in_the_visitors_language(client, town, lang):
    expected = EXPECTED[lang]
    page = get(client, reverse("portal:offers", args=["neustadt"]), lang)
    html = page.content.decode()
    assert page.status_code == 200
    assert f'<html lang="{lang}" dir="{expected["dir"]}">' in html
    assert f"<h1>{expected['offers']}</h1>" in html
    assert expected["count"] in html  # a plural form other than the first
    assert expected["facet"] in html  # a label from portal/offers.py
    assert "<h1>Angebote</h1>" not in html and "Filter anwenden" not in html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_it_shows_choice_labels_in_the_visitors_language(client, town, lang):
    expected = EXPECTED[lang]
    measure = get(client, reverse("portal:measure", args=["neustadt", "M-1"]), lang).content.decode()
    assert expected["running"] in measure and ">läuft<" not in measure
    actors = get(client, reverse("portal:actors", args=["neustadt"]), lang).content.decode()
    assert expected["association"] in actors and "Verein / Verband" not in actors
    field = get(client, reverse("portal:field", args=["neustadt", "sprache"]), lang).content.decode()
    assert expected["strategic"] in field and "strategisches Ziel" not in field
    concept = get(client, reverse("portal:concept", args=["neustadt"]), lang).content.decode()
    assert f"<td>{expected['adopted']}</td>" in concept


@pytest.mark.parametrize("lang", LANGUAGES)
def test_it_says_not_found_in_the_visitors_language(client, town, lang):
    page = get(client, reverse("portal:offer", args=["neustadt", "O-NONE"]), lang)
    assert page.status_code == 404
    assert EXPECTED[lang]["not_found"] in page.content.decode()


def test_it_speaks_german_to_a_visitor_without_a_preference(client, town):
    html = get(client, reverse("portal:offers", args=["neustadt"])).content.decode()
    assert '<html lang="de" dir="ltr">' in html
    assert "<h1>Angebote</h1>" in html and "5 Angebote" in html


def test_it_keeps_the_back_office_german_whatever_the_browser_asks(client, town):
    html = get(client, reverse("login"), "ar").content.decode()
    assert '<html lang="de" dir="ltr">' in html
    assert "<h1>Anmelden</h1>" in html and "تسجيل الدخول" not in html


# --- participation pages -------------------------------------------------------------------------

PARTICIPATION = {
    "en": {"kind": "Integration conference", "register": "Register (binding)", "label": "Organisation (optional)",
           "status": "published", "people": "0 people"},
    "ar": {"kind": "مؤتمر الاندماج", "register": "تسجيل ملزم", "label": "المنظمة (اختياري)",
           "status": "منشورة", "people": "0 شخص"},
    "tr": {"kind": "Uyum konferansı", "register": "Kesin kayıt ol", "label": "Kuruluş (isteğe bağlı)",
           "status": "yayınlandı", "people": "0 kişi"},
    "uk": {"kind": "Конференція з інтеграції", "register": "Зареєструватися остаточно",
           "label": "Організація (необов&#x27;язково)", "status": "опубліковано", "people": "0 людей"},
    "ru": {"kind": "Конференция по интеграции", "register": "Зарегистрироваться окончательно",
           "label": "Организация (необязательно)", "status": "опубликовано", "people": "0 человек"},
    "fa": {"kind": "کنفرانس ادغام", "register": "ثبت‌نام قطعی", "label": "سازمان (اختیاری)",
           "status": "منتشرشده", "people": "0 نفر"},
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_it_shows_event_and_idea_pages_in_the_visitors_language(client, db, lang):
    expected = PARTICIPATION[lang]
    town = pb.town("altstadt")
    event = pb.event(town, title="Konferenz 2026", kind=Event.Kind.CONFERENCE)
    page = get(client, reverse("participation:event", args=["altstadt", event.pk]), lang)
    html = page.content.decode()
    assert page.status_code == 200
    assert f'<html lang="{lang}" dir="{EXPECTED[lang]["dir"]}">' in html
    assert expected["kind"] in html and "Integrationskonferenz" not in html  # choice label
    assert expected["register"] in html and "Verbindlich anmelden" not in html  # template
    assert expected["label"] in html and "Organisation (freiwillig)" not in html  # form label
    assert "Zuwanderungs" not in html  # the self-description question
    idea = pb.idea(town, title="Mehr Sprachcafés")
    html = get(client, reverse("participation:idea", args=["altstadt", idea.pk]), lang).content.decode()
    assert expected["status"] in html and ">veröffentlicht<" not in html
    assert expected["people"] in html  # a plural form for 0 supporters
    assert "Kommentar schreiben" not in html


# --- small things that must follow the visitor's language -----------------------------------------

@pytest.mark.parametrize("lang, direction", [("de", "ltr"), ("en", "ltr"), ("ar", "rtl"), ("fa", "rtl")])
def test_it_gives_the_error_page_the_visitors_language_and_direction(lang, direction):
    from django.template.loader import render_to_string

    with translation.override(lang):
        html = render_to_string("500.html")  # as Django's server_error renders it: no request, no context
    assert f'<html lang="{lang}" dir="{direction}">' in html


def test_it_adds_the_english_hint_to_the_language_switch_only_for_other_languages(client, town):
    path = reverse("portal:offers", args=["neustadt"])
    assert '<span lang="en" dir="ltr">(Language)</span>' in get(client, path, "de").content.decode()
    assert '<span lang="en" dir="ltr">(Language)</span>' in get(client, path, "ar").content.decode()
    english = get(client, path, "en").content.decode()
    assert "Language" in english and "(Language)" not in english


@pytest.mark.parametrize("lang, adopted", [("de", "15. Januar 2020"), ("en", "15 January 2020"),
                                           ("ru", "15 января 2020"), ("tr", "15 Ocak 2020")])
def test_it_writes_dates_the_way_the_visitor_reads_them(client, town, lang, adopted):
    html = get(client, reverse("portal:concept", args=["neustadt"]), lang).content.decode()
    assert adopted in html
    if lang != "de":
        assert "15. Januar" not in html  # the German date
    if lang == "en":
        # SHORT_DATE_FORMAT in the versions table: day first, never the US "01/15/2020"
        assert "15 Jan 2020" in html and "01/15/2020" not in html and "15.01.2020" not in html


@pytest.mark.parametrize("lang, label, not_shown", [
    ("de", "العربية (Arabisch)", "(Arabic)"),
    ("en", "العربية (Arabic)", "Arabisch"),
    ("ru", "العربية (Арабский)", "Arabisch"),
    ("ar", "<dd>العربية, DGS</dd>", "(Arabisch)"),  # its own language: the own name alone
])
def test_it_names_offer_languages_in_the_visitors_language(client, town, lang, label, not_shown):
    from teilhabe.municipalities.models import Language

    offer = town.offers.get(external_id="O-1")
    offer.languages.set(Language.objects.filter(code__in=["ar", "dgs"]))
    html = get(client, reverse("portal:offer", args=["neustadt", "O-1"]), lang).content.decode()
    html = re.sub(r'<span lang="\w+" dir="\w+">(.*?)</span>', r"\1", html)  # the own name is marked with its language
    assert label in html and not_shown not in html
    if lang != "de":
        assert "Deutsche Gebärdensprache" not in html  # no German name for a language Django does not know


@pytest.mark.parametrize("lang, question", [("de", "</a>?</p>"), ("en", "</a>?</p>"), ("ar", "</a>؟</p>"),
                                            ("fa", "</a>؟</p>")])
def test_it_asks_did_you_mean_with_the_languages_question_mark(client, town, lang, question):
    page = get(client, reverse("portal:offers", args=["neustadt"]) + "?q=Krus", lang)
    assert page.context["suggestion"] == "Kurs"
    assert f'<a href="?q=Kurs">Kurs{question}' in page.content.decode()


# Each language's own quotation marks: a German „…“ inside an Arabic, Turkish or Russian
# sentence is a typesetting error (and in Arabic its marks face the wrong way). Leichte
# Sprache is German and keeps „…“. No msgstr quotes German on purpose; one that must would
# be listed here with its reason.
QUOTES = {"en": "“”", "tr": "“”", "uk": "«»", "ru": "«»", "ar": "«»", "fa": "«»"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_it_uses_each_languages_quotation_marks(lang):
    with open(LOCALE / lang / "LC_MESSAGES" / "django.mo", "rb") as f:
        compiled = gettext.GNUTranslations(f)._catalog
    german = sorted(str(key) for key, text in compiled.items() if key and "„" in text)
    assert not german, f"{lang}: German „quotes“ in {german[:5]}"
    opening, closing = QUOTES[lang]
    quoting = [text for key, text in compiled.items() if key and "„" in (key[0] if isinstance(key, tuple) else key)]
    assert quoting and all(opening in text and closing in text for text in quoting if text)


def test_it_keeps_german_quotation_marks_in_leichte_sprache():
    with open(LOCALE / "de_LS" / "LC_MESSAGES" / "django.mo", "rb") as f:
        compiled = gettext.GNUTranslations(f)._catalog
    assert any("„" in text and "“" in text for key, text in compiled.items() if key)
