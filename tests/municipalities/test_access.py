"""access.get_or_404: the public way for views of any app to fetch an object of a
municipality's queryset, 404 when it is not there (also for a pk that is no number)."""
import pytest
from django.http import Http404

from teilhabe.actors.models import Actor
from teilhabe.municipalities import access
from tests import builders as b

pytestmark = pytest.mark.django_db


def test_it_returns_the_object_of_the_queryset():
    m = b.municipality("herten")
    actor = b.actor(m, "a1")
    assert access.get_or_404(Actor.objects.filter(municipality=m), actor.pk) == actor


@pytest.mark.parametrize("pk", [0, "x"])
def test_it_answers_not_found_for_a_missing_or_malformed_pk(pk):
    m = b.municipality("herten")
    b.actor(m, "a1")
    with pytest.raises(Http404):
        access.get_or_404(Actor.objects.filter(municipality=m), pk)


def test_it_answers_not_found_for_an_object_of_another_municipality():
    herten, other = b.municipality("herten"), b.municipality("dorsten")
    actor = b.actor(other, "a1")
    with pytest.raises(Http404):
        access.get_or_404(Actor.objects.filter(municipality=herten), actor.pk)
