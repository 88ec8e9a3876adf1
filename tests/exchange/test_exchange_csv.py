"""Offers from a spreadsheet: same checks and write as the JSON import, errors by line."""
import pytest

from teilhabe.exchange.csv_offers import import_offers_csv
from teilhabe.exchange.importer import ExchangeError, import_document
from teilhabe.municipalities.models import ChangeRecord
from teilhabe.offers.models import Offer

from .documents import db_state, minimal

pytestmark = pytest.mark.django_db


@pytest.fixture
def lindenau():
    import_document(minimal(
        districts=[{"key": "altstadt", "name": "Altstadt"}, {"key": "nord", "name": "Nord"}],
        target_groups=[{"key": "frauen", "name": {"de": "Frauen"}}, {"key": "eltern", "name": {"de": "Eltern"}}],
        fields_of_action=[{"key": "sprache", "name": {"de": "Sprache"}}],
        actors=[{"external_id": "caritas", "name": "Caritas"}],
    ))


# As German Excel saves "CSV UTF-8": a byte order mark, semicolons, CRLF.
EXCEL = (
    "\ufeffexternal_id;title;title_en;description;description_en;provider;field_of_action;target_groups;"
    "districts;languages;place_name;published\r\n"
    'L-1;Deutschkurs;German course;"Montags; mit Kinderbetreuung";Mondays;caritas;sprache;"frauen;eltern";'
    "altstadt;de;Familienzentrum;ja\r\n"
    "L-2;Sprachcafé;;Offen für alle;;caritas;;;nord;\"de;ar\";;nein\r\n"
).encode("utf-8")


def refused(source, **kwargs):
    before = db_state()
    with pytest.raises(ExchangeError) as caught:
        import_offers_csv(source, municipality="lindenau", **kwargs)
    assert db_state() == before
    return caught.value.errors


def test_it_imports_what_german_excel_saves(lindenau):
    summary = import_offers_csv(EXCEL, municipality="lindenau")

    assert summary.created("offers") == 2
    course = Offer.objects.get(external_id="L-1")
    assert course.description == "Montags; mit Kinderbetreuung" and course.place_name == "Familienzentrum"
    assert course.field_of_action.key == "sprache" and course.is_published
    assert sorted(course.target_groups.values_list("key", flat=True)) == ["eltern", "frauen"]
    english = course.translations.get(language__code="en")
    assert (english.title, english.description, english.is_outdated) == ("German course", "Mondays", False)
    cafe = Offer.objects.get(external_id="L-2")
    assert not cafe.is_published and cafe.field_of_action is None and not cafe.translations.exists()
    assert sorted(cafe.languages.values_list("code", flat=True)) == ["ar", "de"]


def test_it_imports_comma_separated_text(lindenau):
    text = "external_id,title,provider,districts\nL-1,Deutschkurs,caritas,altstadt;nord\n"

    import_offers_csv(text, municipality="lindenau")

    assert sorted(Offer.objects.get().districts.values_list("key", flat=True)) == ["altstadt", "nord"]


def test_it_changes_nothing_when_the_same_file_comes_again(lindenau):
    import_offers_csv(EXCEL, municipality="lindenau")
    records = ChangeRecord.objects.count()

    summary = import_offers_csv(EXCEL, municipality="lindenau")

    assert not summary.changed and ChangeRecord.objects.count() == records


def test_it_reports_bad_lines_by_number_and_column(lindenau):
    text = (
        "external_id;title;provider;title_en;districts;published;contact_email\n"
        "L-1;Deutschkurs;caritas;German course;altstadt;ja;\n"
        'L-2;"Zwei\nZeilen";xyz;;;ja;\n'          # lines 3–4
        "L-3;Kurs;caritas;;sued;vielleicht;keine-mail\n"
        "L-1;;caritas;;;;\n"
    )

    errors = refused(text)

    assert errors == [
        "Zeile 3, Spalte \"provider\": unbekannter Akteur 'xyz'",
        "Zeile 5, Spalte \"published\": 'vielleicht' ist weder ja noch nein",
        "Zeile 5, Spalte \"contact_email\": Bitte gültige E-Mail-Adresse eingeben.",
        "Zeile 5, Spalte \"districts\": unbekannter Stadtteil 'sued'",
        "Zeile 6, Spalte \"external_id\": doppelt; schon in Zeile 2",
        "Zeile 6, Spalte \"title\": Dieses Feld darf nicht leer sein.",
    ]


def test_it_reports_a_translation_without_title_in_its_column(lindenau):
    text = "external_id;title;provider;description_en\nL-1;Kurs;caritas;Only a description\n"

    assert refused(text) == [
        "Zeile 2, Spalte \"title_en\": Pflichtangabe fehlt: die Übersetzung 'en' braucht einen Titel"]


def test_it_refuses_unknown_and_missing_columns(lindenau):
    text = "external_id;titel;provider;title_xx;title_de;title\nL-1;Kurs;caritas;x;y;Kurs\n"

    assert refused(text) == [
        'Zeile 1, Spalte "titel": unbekannte Spalte',
        "Zeile 1, Spalte \"title_xx\": unbekannte Sprache 'xx'",
        'Zeile 1, Spalte "title_de": unbekannte Spalte; der deutsche Text steht in "title"',
    ]
    assert refused("external_id;provider\nL-1;caritas\n") == ['Zeile 1, Spalte "title": Pflichtspalte fehlt']


def test_it_refuses_a_file_that_is_not_utf8(lindenau):
    text = "external_id;title;provider\nL-1;Süßes;caritas\n".encode("cp1252")

    assert refused(text) == [
        "Datei: Die Datei ist nicht in UTF-8 gespeichert; in Excel als „CSV UTF-8“ speichern."]


def test_it_refuses_an_unknown_municipality():
    with pytest.raises(ExchangeError) as caught:
        import_offers_csv("external_id;title;provider\n", municipality="nirgendwo")

    assert caught.value.errors == ["--municipality: unbekannte Kommune 'nirgendwo'"]
