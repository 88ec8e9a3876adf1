import pytest

from teilhabe.municipalities.models import Language
from teilhabe.offers.models import OfferTranslation
from tests import builders as b


@pytest.fixture
def offer(db):
    town = b.municipality()
    return b.offer(town, b.actor(town), title="Deutschkurs", description="Für Anfänger")


def _translate(offer, code, title):
    return OfferTranslation.objects.create(offer=offer, language=Language.objects.get(code=code),
                                           title=title, source_revision=offer.text_revision)


def test_it_marks_translations_outdated_when_the_german_text_changes(offer):
    english = _translate(offer, "en", "German course")
    assert not english.is_outdated
    offer.description = "Für Anfängerinnen und Anfänger"
    offer.save()
    english.refresh_from_db()
    assert english.is_outdated


def test_it_keeps_translations_current_when_other_fields_change(offer):
    english = _translate(offer, "en", "German course")
    offer.refresh_from_db()
    offer.is_published = False
    offer.postcode = "12345"
    offer.save()
    english.refresh_from_db()
    assert not english.is_outdated


def test_it_bumps_the_revision_even_when_saving_only_some_fields(offer):
    offer.refresh_from_db()
    before = offer.text_revision
    offer.title = "Deutschkurs am Abend"
    offer.save(update_fields=["title"])
    offer.refresh_from_db()
    assert offer.text_revision == before + 1
