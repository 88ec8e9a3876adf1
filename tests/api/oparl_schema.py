"""Validating OParl objects against the official schemas (tests/data/oparl/, CC BY-SA 4.0).
The schemas name embedded objects with `"schema": "File.json"` (documentation, not a
validation keyword) and use their own format "url": both are checked here, recursively."""
import json
import re
from functools import cache
from pathlib import Path

import jsonschema

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "data" / "oparl" / "schema"
TYPE = re.compile(r"^https://schema\.oparl\.org/1\.1/(\w+)$")
DATE = re.compile(r"^\d{4}-\d\d-\d\d$")
DATE_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
URL = re.compile(r"^https?://[^\s]+$")


@cache
def schema(name):
    return json.loads((SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8"))


@cache
def validator(name):
    return jsonschema.Draft7Validator(schema(name))


def _check_format(fmt, value, where):
    pattern = {"url": URL, "date": DATE, "date-time": DATE_TIME}.get(fmt)
    assert pattern is None or pattern.match(value), f"{where}: {value!r} is no {fmt}"


def validate(obj, expected=None, where=""):
    """Validate one object (and the objects embedded in it); returns its type's name."""
    match = TYPE.match(obj.get("type", ""))
    assert match, f"{where}: no OParl type in {obj!r:.200}"
    name = match.group(1)
    assert expected in (None, name), f"{where}: {name}, expected {expected}"
    where = where or obj.get("id", name)
    s = schema(name)
    validator(name).validate(obj)
    for key, value in obj.items():
        spec = s["properties"].get(key)
        if spec is None:
            assert key.startswith("teilhabe:"), f"{where}: unknown property {key}"
            continue
        assert value is not None and value != [] or key in s.get("required", []), f"{where}: {key} is empty"
        items = spec.get("items", {})
        if spec.get("format"):
            _check_format(spec["format"], value, f"{where}.{key}")
        if spec["type"] == "array" and items.get("format"):
            for v in value:
                _check_format(items["format"], v, f"{where}.{key}")
        if "schema" in spec and spec["type"] == "object":
            validate(value, spec["schema"][:-5], f"{where}.{key}")
        if spec["type"] == "array" and "schema" in items:
            for v in value:
                validate(v, items["schema"][:-5], f"{where}.{key}")
    return name
