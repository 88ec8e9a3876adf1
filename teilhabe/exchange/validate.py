"""Stage one of an import: is the text JSON, and does the document fit the schema?
Every problem is collected with its JSON path (`$.offers[3].title`), so a user can fix
all of them in one go. Stage two (references, model rules) is in importer.py."""
import functools
import json
from pathlib import Path

from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator

# The problem types are shared with the statistics import (monitoring), so they live in lib.
from teilhabe.lib.problems import ExchangeError, Problem, render_path, visible  # noqa: F401

FORMAT = "teilhabe-exchange/1"
SCHEMA_PATH = Path(__file__).with_name("schema.json")
# The format nests six levels at most; anything much deeper is not a document of ours,
# and deep enough would exhaust Python's recursion in the parser or the schema check.
MAX_DEPTH = 32


@functools.cache
def schema():
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _inline(node, defs):
    """The schema with every local $ref replaced by what it points to. The schema is
    not recursive, and resolving thousands of $refs is most of jsonschema's time on a
    document with 10,000 offers."""
    if isinstance(node, list):
        return [_inline(item, defs) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _inline(value, defs) for key, value in node.items() if key != "$defs"}
    ref = node.pop("$ref", None)
    if ref is not None:
        target = _inline(defs[ref.removeprefix("#/$defs/")], defs)
        node = {**target, **{key: value for key, value in node.items() if key not in target}}
    return node


@functools.cache
def _validator():
    Draft202012Validator.check_schema(schema())
    return Draft202012Validator(_inline(schema(), schema()["$defs"]))


def parse_json(text):
    """The document in `text`, or ExchangeError naming line and column."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ExchangeError([Problem((), _("keine UTF-8-Datei (Byte %(position)s)") % {
                "position": error.start}, location=_("Datei"))]) from None
    else:
        text = text.removeprefix("\ufeff")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        location = _("Zeile %(line)s, Spalte %(column)s") % {"line": error.lineno, "column": error.colno}
        raise ExchangeError([Problem((), _("kein gültiges JSON (%(reason)s)") % {"reason": error.msg},
                                     location=location)]) from None
    except RecursionError:
        # Python's parser gives up at about 1,000 levels, without saying where.
        raise ExchangeError([Problem((), _too_deep(), location=_("Datei"))]) from None


def _too_deep():
    return _("zu tief verschachtelt (mehr als %(n)s Ebenen)") % {"n": MAX_DEPTH}


def text_problems(data):
    """Strings and keys with a NUL character (PostgreSQL cannot store one, SQLite would
    keep it silently), each with its path; or only the first place nested deeper than
    MAX_DEPTH. Iterative, so that no depth breaks it."""
    problems = []
    stack = [((), data)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, str):
            if "\x00" in node:
                problems.append(Problem(path, _("enthält ein Nullzeichen")))
        elif len(path) >= MAX_DEPTH and isinstance(node, (dict, list)):
            return [Problem(path, _too_deep(), keyword="depth")]
        elif isinstance(node, dict):
            for key, value in reversed(node.items()):
                if isinstance(key, str) and "\x00" in key:
                    problems.append(Problem(path + (key,), _("Schlüssel enthält ein Nullzeichen")))
                else:
                    stack.append((path + (key,), value))
        elif isinstance(node, list):
            stack.extend((path + (i,), value) for i, value in reversed(list(enumerate(node))))
    return problems


_TYPE_NAMES = {
    "object": "Objekt", "array": "Liste", "string": "Text", "integer": "ganze Zahl",
    "number": "Zahl", "boolean": "true/false", "null": "null",
}


def _type_name(json_type):
    return _(_TYPE_NAMES.get(json_type, json_type))


def _json_type(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _short(value):
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"


def _problems_for(error):
    """jsonschema's error → our problems, in German and pointing at the exact key."""
    path = tuple(error.absolute_path)
    kind = error.validator
    if kind == "additionalProperties" and isinstance(error.instance, dict):
        known = error.schema.get("properties", {})
        return [Problem(path + (key,), _("unbekannter Schlüssel"), keyword=kind)
                for key in error.instance if key not in known]
    if kind == "required" and isinstance(error.instance, dict):
        return [Problem(path + (key,), _("Pflichtangabe fehlt"))
                for key in error.validator_value if key not in error.instance]
    if kind == "type":
        expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        return [Problem(path, _("falscher Typ: erwartet %(expected)s, gefunden %(found)s") % {
            "expected": _(" oder ").join(_type_name(t) for t in expected),
            "found": _type_name(_json_type(error.instance)),
        })]
    if kind == "enum":
        return [Problem(path, _("%(value)s ist nicht erlaubt; erlaubt: %(allowed)s") % {
            "value": _short(error.instance), "allowed": ", ".join(error.validator_value)})]
    if kind == "const":
        return [Problem(path, _("erwartet %(expected)s, gefunden %(found)s") % {
            "expected": _short(error.validator_value), "found": _short(error.instance)})]
    if kind == "uniqueItems":
        return [Problem(path, _("enthält doppelte Einträge"))]
    if kind == "minimum":
        return [Problem(path, _("muss mindestens %(minimum)s sein") % {"minimum": error.validator_value})]
    return [Problem(path, error.message)]


def schema_problems(data):
    """Every way `data` departs from the schema, in document order; NUL characters and
    too deep nesting first (nothing deeper is looked at then)."""
    problems = text_problems(data)
    if any(problem.keyword == "depth" for problem in problems):
        return problems
    for error in sorted(_validator().iter_errors(data), key=lambda e: _sort_key(e.absolute_path)):
        for problem in _problems_for(error):
            problems.append(problem if problem.keyword else
                            Problem(problem.path, problem.message, problem.location, keyword=error.validator))
    return list(dict.fromkeys(problems))


def _sort_key(path):
    return [(0, part, "") if isinstance(part, int) else (1, 0, part) for part in path]
