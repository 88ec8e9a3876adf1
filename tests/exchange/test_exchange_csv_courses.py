"""Courses from CSV: the same checks as the exchange format, problems by line and column,
German headers and values, all or nothing, a preview that writes nothing."""
import datetime

import pytest

from teilhabe.courses.models import Course
from teilhabe.exchange.csv_courses import import_courses_csv
from teilhabe.exchange.importer import ExchangeError
from tests.courses import builders as cb

from .documents import db_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def kreis():
    k, towns = cb.kreis()
    vhs = cb.provider(k, "vhs")
    caritas = cb.provider(towns["hilden"], "caritas")
    return k, towns, vhs, caritas


def refused(*args, **kw):
    before = db_state()
    with pytest.raises(ExchangeError) as caught:
        import_courses_csv(*args, **kw)
    assert db_state() == before
    return caught.value.errors


def test_it_reads_german_headers_and_values(kreis):
    k, towns, vhs, _caritas = kreis
    text = ("Kurs-ID;Träger;Kursart;Ort;Beginn;Tageszeit;Plätze;Kinderbetreuung;Status\n"
            f"K-1;vhs;Elternintegrationskurs;{towns['hilden'].name};01.02.2027;abends;16;ja;Anmeldung offen\n"
            f"K-2;vhs;allgemein;{towns['haan'].slug};2027-03-01;morning;20;nein;\n")

    summary = import_courses_csv(text.encode("utf-8-sig"), kreis=k)

    assert summary.created("courses") == 2
    k1 = Course.objects.get(kreis=k, external_id="K-1")
    assert (k1.type, k1.town, k1.starts_on, k1.time_of_day, k1.capacity, k1.childcare, k1.status, k1.provider) == (
        "eltern", towns["hilden"], datetime.date(2027, 2, 1), "evening", 16, True, "open", vhs)
    assert Course.objects.get(external_id="K-2").status == "planned"


def test_it_names_line_and_column_of_every_problem_and_writes_nothing(kreis):
    k, _towns, _vhs, _caritas = kreis
    text = ("external_id,provider,type,town,starts_on,time_of_day,capacity,childcare,farbe\n")
    assert refused(text, kreis=k) == ['Zeile 1, Spalte "farbe": unbekannte Spalte']

    text = ("external_id,provider,type,town,starts_on,time_of_day,capacity,childcare\n"
            "K-1,vhs,allgemein,ratingen,2027-02-01,morning,20,ja\n"
            "K-2,niemand,tanz,hilden-x,2027-02-30,nachts,viele,vielleicht\n"
            "K-1,vhs,allgemein,ratingen,2027-02-01,morning,20,ja\n")

    errors = refused(text, kreis=k)

    assert 'Zeile 2, Spalte "town": keine Stadt dieses Kreises: \'ratingen\'' in errors
    assert 'Zeile 3, Spalte "capacity": \'viele\' ist keine ganze Zahl' in errors
    assert not any(e.startswith('Zeile 3, Spalte "capacity": Pflichtangabe') for e in errors)
    assert 'Zeile 3, Spalte "childcare": \'vielleicht\' ist weder ja noch nein' in errors
    assert any(e.startswith('Zeile 3, Spalte "type": "tanz" ist nicht erlaubt') for e in errors)
    assert any(e.startswith('Zeile 3, Spalte "time_of_day": ') for e in errors)
    assert 'Zeile 4, Spalte "external_id": doppelt; schon in Zeile 2' in errors
    assert [e.split(":")[0][:7] for e in errors] == sorted(e.split(":")[0][:7] for e in errors)


def test_a_provider_uploads_its_own_courses_only(kreis):
    k, towns, vhs, caritas = kreis
    cb.course(k, towns["haan"], vhs, "K-VHS")
    header = "external_id,type,town,starts_on,time_of_day,capacity"

    summary = import_courses_csv(f"{header}\nK-C1,alpha,{towns['hilden'].slug},2027-04-01,afternoon,12\n",
                                 kreis=k, providers=[caritas])
    assert summary.created("courses") == 1
    assert Course.objects.get(external_id="K-C1").provider == caritas

    errors = refused(f"{header}\nK-VHS,alpha,{towns['hilden'].slug},2027-04-01,afternoon,12\n",
                     kreis=k, providers=[caritas])
    assert errors == ['Zeile 2, Spalte "external_id": Kurs \'K-VHS\' gehört einem anderen Träger']
    errors = refused(f"{header},provider\nK-C2,alpha,{towns['hilden'].slug},2027-04-01,afternoon,12,vhs\n",
                     kreis=k, providers=[caritas])
    assert errors == [f'Zeile 2, Spalte "provider": nur Kurse des eigenen Trägers: {towns["hilden"].slug}/caritas']
    # The Kreis's coordinator names the provider in every row.
    assert refused(f"{header}\nK-C3,alpha,{towns['hilden'].slug},2027-04-01,afternoon,12\n", kreis=k) == [
        'Zeile 1, Spalte "provider": Pflichtspalte fehlt']


def test_a_preview_says_what_would_change_and_writes_nothing(kreis):
    k, towns, vhs, _caritas = kreis
    cb.course(k, towns["haan"], vhs, "K-1", capacity=20)
    text = (f"external_id;provider;type;town;starts_on;time_of_day;capacity\n"
            f"K-1;vhs;allgemein;{towns['haan'].slug};2027-02-01;morning;25\n"
            f"K-2;vhs;allgemein;{towns['haan'].slug};2027-02-01;morning;25\n")
    before = db_state()

    summary = import_courses_csv(text, kreis=k, check=True)

    assert (summary.created("courses"), summary.updated("courses")) == (1, 1)
    assert db_state() == before
