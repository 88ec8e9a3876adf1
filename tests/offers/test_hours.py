"""Opening hours as data: the rows' checks, the Land's public holidays, "open now"."""
import datetime

import pytest
from django.core.exceptions import ValidationError

from teilhabe.municipalities.models import Municipality
from teilhabe.offers.hours import land, open_state, validate_closing_days, validate_opening_hours
from teilhabe.offers.models import Offer


def row(day, opens, closes):
    return {"day": day, "opens": opens, "closes": closes}


def messages(rows):
    with pytest.raises(ValidationError) as error:
        validate_opening_hours(rows)
    return error.value.messages


def test_it_takes_several_rows_a_day_that_do_not_overlap():
    validate_opening_hours([row("Mo", "09:00", "12:00"), row("Mo", "12:00", "16:00"), row("Tu", "09:00", "12:00")])


def test_it_names_the_row_whose_opening_is_not_before_its_closing():
    assert messages([row("Mo", "09:00", "12:00"), row("Tu", "14:00", "13:00")]) == [
        "Zeile 2: „von“ (14:00) muss vor „bis“ (13:00) liegen."]


def test_it_names_overlapping_rows_of_a_day():
    assert messages([row("We", "09:00", "12:00"), row("Mo", "10:00", "11:00"), row("We", "11:30", "13:00")]) == [
        "Zeile 3: 11:30–13:00 überschneidet sich mit 09:00–12:00 (Zeile 1)."]


@pytest.mark.parametrize("bad, message", [
    ([row("Xx", "09:00", "10:00")], "Zeile 1: unbekannter Wochentag „Xx“."),
    ([row("Mo", "9:00", "10:00")], "Zeile 1: Uhrzeit als HH:MM angeben, z. B. 09:30."),
    ([row("Mo", "09:00", "24:00")], "Zeile 1: Uhrzeit als HH:MM angeben, z. B. 09:30."),
    ([{"day": "Mo", "opens": "09:00"}], "Zeile 1: Tag, „von“ und „bis“ angeben."),
    ("Mo 9-12", "Öffnungszeiten müssen eine Liste sein."),
])
def test_it_refuses_malformed_rows(bad, message):
    assert messages(bad) == [message]


def test_it_refuses_a_closing_day_that_is_no_date():
    validate_closing_days(["2026-12-24"])
    with pytest.raises(ValidationError, match="kein Datum"):
        validate_closing_days(["24.12."])


def test_the_land_comes_from_the_ags():
    assert land(Municipality(ags="05562016")) == "NW"
    assert land(Municipality(ags="09162000")) == "BY"
    assert land(Municipality(ags="")) is None


def at(text):
    return datetime.datetime.fromisoformat(text)


# 2026-06-01 is a Monday; Fronleichnam (2026-06-04, a Thursday) is a holiday in NRW, not in Berlin.
OFFER = Offer(opening_hours=[row("Mo", "09:00", "12:00"), row("Mo", "14:00", "16:00"), row("Th", "09:00", "12:00")],
              closing_days=["2026-06-08"])


def test_it_is_open_within_a_row_until_its_end_and_closed_between_rows():
    state = open_state(OFFER, at("2026-06-01T09:00"), "NW")
    assert state.is_open and state.until == datetime.time(12, 0)
    assert open_state(OFFER, at("2026-06-01T15:59"), "NW").until == datetime.time(16, 0)
    assert not open_state(OFFER, at("2026-06-01T12:00"), "NW").is_open
    assert not open_state(OFFER, at("2026-06-02T10:00"), "NW").is_open  # Tuesday: no row


def test_it_is_closed_on_the_lands_public_holidays_unless_told_otherwise():
    holiday = open_state(OFFER, at("2026-06-04T10:00"), "NW")
    assert not holiday.is_open and holiday.reason == "holiday"
    assert open_state(OFFER, at("2026-06-04T10:00"), "BE").is_open  # not a holiday in Berlin
    open_anyway = Offer(opening_hours=OFFER.opening_hours, closed_on_holidays=False)
    assert open_state(open_anyway, at("2026-06-04T10:00"), "NW").is_open


def test_it_is_closed_on_a_special_closing_day():
    state = open_state(OFFER, at("2026-06-08T10:00"), "NW")  # a Monday
    assert not state.is_open and state.reason == "closing_day"


def test_open_now_does_not_apply_by_appointment_or_without_hours():
    assert open_state(Offer(opening_hours=OFFER.opening_hours, by_appointment=True), at("2026-06-01T10:00"), "NW") is None
    assert open_state(Offer(), at("2026-06-01T10:00"), "NW") is None
