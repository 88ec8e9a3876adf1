"""iCalendar (RFC 5545) written by hand: CRLF line ends, lines folded at 75 octets
without splitting a UTF-8 character, TEXT values escaped, times in Europe/Berlin with its
VTIMEZONE, and a stable UID per event so calendars update instead of duplicating."""
import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

BERLIN = ZoneInfo("Europe/Berlin")
PRODID = "-//teilhabe//Veranstaltungen//DE"

VTIMEZONE = [
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Berlin",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19810329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19961027T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
]


def escape(text):
    """TEXT value escaping (RFC 5545 3.3.11)."""
    text = str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line):
    """Split a content line into chunks of at most 75 octets; continuation lines begin
    with one space, which counts towards their 75."""
    data = line.encode("utf-8")
    parts, start, limit = [], 0, 75
    while len(data) - start > limit:
        end = start + limit
        while end > start and (data[end] & 0xC0) == 0x80:  # inside a multi-byte character
            end -= 1
        parts.append(data[start:end])
        start, limit = end, 74
    parts.append(data[start:])
    return b"\r\n ".join(parts).decode("utf-8")


def local(dt):
    return timezone.localtime(dt, BERLIN).strftime("%Y%m%dT%H%M%S")


def utc(dt):
    return dt.astimezone(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _text(name, value):
    """SUMMARY:… or, for a translation (a text that knows its language), SUMMARY;LANGUAGE=ar:…"""
    language = getattr(value, "language", "de")
    return f"{name}{f';LANGUAGE={language}' if language != 'de' else ''}:{escape(value)}"


def event_lines(event, *, url="", host="teilhabe", texts=None):
    """`texts`: the event's title and description in the reader's language (translations'
    texts_in), else the German."""
    title, description = (texts["title"], texts["description"]) if texts else (event.title, event.description)
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event.uid}@{host}",
        f"DTSTAMP:{utc(event.modified_at)}",
        f"LAST-MODIFIED:{utc(event.modified_at)}",
        f"DTSTART;TZID=Europe/Berlin:{local(event.starts_at)}",
    ]
    if event.ends_at:
        lines.append(f"DTEND;TZID=Europe/Berlin:{local(event.ends_at)}")
    lines.append(_text("SUMMARY", title))
    if description:
        lines.append(_text("DESCRIPTION", description))
    if event.address:
        lines.append(f"LOCATION:{escape(event.address)}")
    if event.organiser:
        lines.append(f"X-TEILHABE-ORGANISER:{escape(event.organiser)}")
    lines.append(f"CATEGORIES:{escape(event.get_kind_display())}")
    if url:
        lines.append(f"URL:{url}")
    lines += ["STATUS:CONFIRMED", "TRANSP:OPAQUE", "END:VEVENT"]
    return lines


def calendar(events, *, name="", url_for=None, host="teilhabe", texts_for=None):
    """A complete VCALENDAR as str with CRLF line ends. `url_for(event)` gives each
    event's public address, `texts_for(event)` its texts in the reader's language."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    if name:
        lines.append(f"X-WR-CALNAME:{escape(name)}")
    lines.append("X-WR-TIMEZONE:Europe/Berlin")
    lines += VTIMEZONE
    for event in events:
        lines += event_lines(event, url=url_for(event) if url_for else "", host=host,
                             texts=texts_for(event) if texts_for else None)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
