"""The JSON Schema itself: valid, closed, and in step with the models."""
from jsonschema import Draft202012Validator

from teilhabe.actors.models import Actor
from teilhabe.exchange.validate import _inline, schema, schema_problems
from teilhabe.municipalities.models import Municipality
from teilhabe.strategy.models import Concept, Goal, Measure

from .documents import contract_example


def test_it_is_a_valid_draft_2020_12_schema():
    Draft202012Validator.check_schema(schema())
    assert schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_it_closes_every_object_against_unknown_keys():
    def objects(node, path="$"):
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node:
                yield path, node
            for key, value in node.items():
                yield from objects(value, f"{path}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                yield from objects(value, f"{path}/{i}")

    found = list(objects(schema()))
    assert len(found) > 10
    assert [path for path, node in found if node.get("additionalProperties") is not False] == []


def test_it_offers_the_choices_the_models_have():
    defs = schema()["$defs"]

    assert defs["municipality"]["properties"]["kind"]["enum"] == Municipality.Kind.values
    assert defs["actor"]["properties"]["kind"]["enum"] == Actor.Kind.values
    assert defs["concept"]["properties"]["status"]["enum"] == Concept.Status.values
    assert defs["goal"]["properties"]["kind"]["enum"] == Goal.Kind.values
    assert defs["measure"]["properties"]["status"]["enum"] == Measure.Status.values
    assert defs["status_change"]["properties"]["status"]["enum"] == Measure.Status.values


def test_it_accepts_the_example_of_the_contract():
    assert schema_problems(contract_example()) == []


def test_it_validates_the_same_with_references_inlined():
    inlined = Draft202012Validator(_inline(schema(), schema()["$defs"]))
    referenced = Draft202012Validator(schema())
    doc = contract_example()
    doc["offers"][0]["title"] = 3
    doc["actors"][0]["contacts"][0]["x"] = 1

    assert sorted(e.message for e in inlined.iter_errors(doc)) == sorted(
        e.message for e in referenced.iter_errors(doc))
    assert len(list(inlined.iter_errors(doc))) == 2
