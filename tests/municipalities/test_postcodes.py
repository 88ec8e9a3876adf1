"""A postcode has five digits, wherever it is typed or imported: one validator on every
postcode field of every model, so forms and imports refuse the same things."""
import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from teilhabe.backoffice.forms import ActorForm, OfferForm
from teilhabe.municipalities.models import postcode_validator
from teilhabe.backoffice.participation_forms import EventForm
from tests import builders as b

POSTCODE_FIELDS = [(model, f) for model in apps.get_models() for f in model._meta.fields if "postcode" in f.name]
BAD = ["4465", "446511", "44651x", "D-44651", "44 651", "٤٤٦٥١"]


def test_it_finds_the_postcode_fields():
    assert {m.__name__ for m, _f in POSTCODE_FIELDS} >= {"Actor", "Offer", "Event"}


@pytest.mark.parametrize("model, field", POSTCODE_FIELDS, ids=lambda v: getattr(v, "__name__", getattr(v, "name", "")))
def test_every_postcode_field_checks_five_digits(model, field):
    assert postcode_validator in field.validators
    for value in BAD:
        with pytest.raises(ValidationError):
            field.run_validators(value)
    field.run_validators("01067")  # a leading zero stays (Dresden)


@pytest.fixture
def town(db):
    m = b.municipality("stadt-plz")
    return m, b.actor(m, "verein"), b.user("koordination", role="coordinator", municipality=m)


@pytest.mark.parametrize("postcode, ok", [("44651", True), ("", True), ("4465", False), ("4465 H", False)])
def test_the_actor_form_checks_the_postcode(town, postcode, ok):
    m, _actor, _user = town
    form = ActorForm({"name": "Verein", "external_id": "verein-2", "kind": "association", "postcode": postcode},
                     municipality=m)
    assert form.is_valid() == ok, form.errors
    if not ok:
        assert form.errors["postcode"] == ["Eine Postleitzahl hat fünf Ziffern."]


@pytest.mark.parametrize("postcode, ok", [("44651", True), ("446510", False)])
def test_the_offer_form_checks_the_postcode(town, postcode, ok):
    m, actor, user = town
    form = OfferForm({"title": "Sprachcafé", "external_id": "A-1", "provider": actor.pk, "postcode": postcode},
                     municipality=m, user=user)
    assert ("postcode" not in form.errors) == ok
    if not ok:
        assert form.errors["postcode"] == ["Eine Postleitzahl hat fünf Ziffern."]


@pytest.mark.parametrize("postcode, ok", [("45699", True), ("4569", False)])
def test_the_event_form_checks_the_postcode(town, postcode, ok):
    m, _actor, _user = town
    form = EventForm({"kind": "conference", "title": "Konferenz", "starts_at": "2030-05-01T10:00",
                      "ends_at": "2030-05-01T16:00", "postcode": postcode}, municipality=m, concept=None)
    assert ("postcode" not in form.errors) == ok


def test_the_exchange_import_refuses_a_bad_postcode_naming_where(db):
    # The exchange import checks fields with the models' own validators: nothing to add there.
    from teilhabe.exchange.importer import import_document
    from teilhabe.exchange.validate import ExchangeError
    from tests.exchange.documents import minimal

    document = minimal(actors=[{"external_id": "verein", "name": "Verein", "kind": "association",
                                "address": {"postcode": "4569"}}])
    with pytest.raises(ExchangeError) as error:
        import_document(document)
    assert any("Postleitzahl hat fünf Ziffern" in e and "postcode" in e for e in error.value.errors), error.value.errors
