"""A Kreis with public and non-public courses, for the course finder and the API: what
they must show and, beside it, what they must never show. Dates are relative to the real
today (the pages compare with it)."""
import datetime
import types

from django.utils import timezone

from teilhabe.actors.models import Actor
from teilhabe.courses.models import KreisCourseSettings
from tests import builders as b
from tests.courses import builders as cb

BASE = datetime.datetime(2025, 3, 1, 12, 0, tzinfo=datetime.timezone.utc)


def build():
    w = types.SimpleNamespace()
    today = w.today = timezone.localdate()

    def day(n):
        return today + datetime.timedelta(days=n)

    w.kreis = b.municipality("kreis-mettmann", kind="kreis")
    w.kreis.name = "Kreis Mettmann"
    w.kreis.save()
    w.hilden, w.haan, w.erkrath = (b.municipality(slug, parent=w.kreis) for slug in ("hilden", "haan", "erkrath"))
    w.mitte = b.district(w.hilden, "mitte", "Hilden-Mitte")
    KreisCourseSettings.objects.create(
        kreis=w.kreis, referring_office="Ausländerbehörde des Kreises, Zimmer 12, Telefon 02104 99-0")
    w.vhs = cb.provider(w.hilden, "vhs", name="Lernhaus Beispiel")
    w.vhs.email, w.vhs.phone, w.vhs.website = "kurse@lernhaus.example", "02103 123", "https://lernhaus.example"
    w.vhs.save()
    b.contact(w.vhs, "kurse", role="Kursberatung", name="Frau Beispiel", email="beratung@lernhaus.example",
              consent_at=BASE, publish=True)
    b.contact(w.vhs, "leitung", role="Leitung", name="Geheime Person", email="geheim@lernhaus.example")
    w.hidden_provider = cb.provider(w.haan, "versteckt", name="Verborgener Träger")
    w.hidden_provider.email = "intern@verborgen.example"
    w.hidden_provider.save()
    Actor.objects.filter(pk=w.hidden_provider.pk).update(is_published=False)

    # Public: open, planned, running; in three towns, at three times.
    w.morning = cb.course(w.kreis, w.hilden, w.vhs, "K-HIL-1", starts_on=day(10), ends_on=day(200),
                          childcare=True, capacity=20, booked=5, district=w.mitte, place="Hauptstraße 1",
                          hours=700, accessibility="Aufzug vorhanden", registration="Bitte mit Berechtigungsschein kommen.")
    w.evening = cb.course(w.kreis, w.haan, w.hidden_provider, "K-HAA-1", type="frauen", starts_on=day(40),
                          time_of_day="evening", capacity=12, booked=12)
    w.later = cb.course(w.kreis, w.erkrath, w.vhs, "K-ERK-1", type="alpha", starts_on=day(120),
                        time_of_day="afternoon", capacity=15, booked=13, status="planned")
    w.running = cb.course(w.kreis, w.hilden, w.vhs, "K-HIL-2", starts_on=day(-20), ends_on=day(100),
                          status="running", capacity=10)
    # Never shown: cancelled, finished, ended, or another Kreis's.
    w.cancelled = cb.course(w.kreis, w.hilden, w.vhs, "K-ABGESAGT", starts_on=day(15), status="cancelled")
    w.finished = cb.course(w.kreis, w.hilden, w.vhs, "K-BEENDET", starts_on=day(-300), status="finished")
    w.ended = cb.course(w.kreis, w.haan, w.vhs, "K-VORBEI", starts_on=day(-300), ends_on=day(-1), status="running")
    other, other_towns = cb.kreis(towns=("ratingen",))
    w.other_kreis = other
    w.elsewhere = cb.course(other, other_towns["ratingen"], cb.provider(other_towns["ratingen"]), "K-ANDERS",
                            starts_on=day(5))
    # Two placed learners fill two of the Hilden morning course's places.
    for n in range(2):
        cb.learner(w.kreis, w.hilden, f"W-{n}", status="placed", course=w.morning)
    w.lonely = b.municipality("herne")  # a town outside any Kreis
    return w


PUBLIC = ["K-HIL-2", "K-HIL-1", "K-HAA-1", "K-ERK-1"]  # by start date
