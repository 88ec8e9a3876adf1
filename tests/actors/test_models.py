import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from tests import builders as b


@pytest.fixture
def actor(db):
    return b.actor(b.municipality())


def test_it_refuses_to_publish_a_contact_without_consent(actor):
    with pytest.raises(IntegrityError):
        b.contact(actor, publish=True)


def test_it_publishes_a_contact_with_recorded_consent(actor):
    contact = b.contact(actor, publish=True, consent_at=timezone.now(), consent_note="Formular")
    assert contact.publish


def test_it_names_the_field_when_consent_is_missing(actor):
    contact = b.contact(actor)
    contact.publish = True
    with pytest.raises(ValidationError) as error:
        contact.full_clean()
    assert "publish" in error.value.message_dict
