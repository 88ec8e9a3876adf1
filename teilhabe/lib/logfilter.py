"""Keeps private links out of the log: a filter on the log handlers that masks the secret
part of every path settings.TEILHABE_PRIVATE_PATHS names — in the message and its
arguments, and in a traceback's text — and logs a refused request (status below 500) as
one line without its traceback. Django writes the path of every 404, 405 and 403
("Method Not Allowed (GET): /p/r/<token>/cancel/"), and a path there is a valid link.
JsonLines writes each record as one line of JSON (TEILHABE_LOG_FORMAT=json)."""
import logging
import re

MASK = "***"


def _patterns():
    from django.conf import settings

    return [re.compile(p) for p in getattr(settings, "TEILHABE_PRIVATE_PATHS", ())]


def mask(text, patterns=None):
    """The text with each private path's secret (the part after the pattern's first group)
    replaced by ***."""
    for pattern in patterns if patterns is not None else _patterns():
        text = pattern.sub(lambda match: match.group(1) + MASK, text)
    return text


class PrivateLinks(logging.Filter):
    def __init__(self, name=""):
        super().__init__(name)
        self._compiled = None

    def filter(self, record):
        if self._compiled is None:
            self._compiled = _patterns()
        try:
            message = record.getMessage()
        except Exception:  # a broken format string is the caller's error; log what we have
            message = f"{record.msg} {record.args}"
        record.msg, record.args = mask(message, self._compiled), ()
        if getattr(record, "status_code", 500) < 500:
            # A refused or unknown request is the client's matter: its traceback says nothing.
            record.exc_info = record.exc_text = record.stack_info = None
        elif record.exc_info:
            record.exc_text = mask(logging.Formatter().formatException(record.exc_info), self._compiled)
        elif record.exc_text:
            record.exc_text = mask(record.exc_text, self._compiled)
        return True


class JsonLines(logging.Formatter):
    """TEILHABE_LOG_FORMAT=json: one JSON object per line — time (UTC, ISO 8601), level,
    logger, message, the status of a refused request and a traceback where there is one.
    Nothing else of the record: a request's user, address or body never reach the log.
    Runs after PrivateLinks, so message and traceback come masked. A dozen lines of the
    standard library's json; python-json-logger would add a dependency for no more."""

    def format(self, record):
        import datetime
        import json

        line = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.timezone.utc)
            .isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if isinstance(getattr(record, "status_code", None), int):
            line["status"] = record.status_code
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line["traceback"] = record.exc_text
        return json.dumps(line, ensure_ascii=False)
