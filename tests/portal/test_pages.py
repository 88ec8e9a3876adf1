"""The public pages show published content, and only that."""
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from teilhabe.municipalities.models import Language, Municipality
from teilhabe.offers.models import OfferTranslation
from tests import builders as b


@pytest.fixture
def town(db):
    town = b.municipality("lindenau", languages=("de", "en", "ar"))
    town.office_name, town.office_email = "Integrationsbüro", "integration@lindenau.example"
    town.save()
    concept = b.concept(town, title="Integrationskonzept Lindenau", period_start=2020, period_end=2025)
    concept.guidelines.create(position=1, title="Verständnis", body="<p>Vielfalt ist Stärke</p>")
    field = b.field(concept, "sprache", "Sprachförderung")
    goal = b.goal(concept, "g-kita", field=field, title="Alle Kinder sprechen Deutsch")
    provider = b.actor(town, "familienzentrum", name="Familienzentrum")
    hidden_actor = b.actor(town, "geheim", name="Verdeckter Verein")
    hidden_actor.is_published = False
    hidden_actor.save()
    done = b.measure(concept, "M-1", title="Sprachkurse", status="established", responsible=provider)
    done.fields.add(field)
    done.goals.add(goal)
    running = b.measure(concept, "M-2", title="Vorlesepaten", status="running", responsible=provider)
    running.fields.add(field)
    internal = b.measure(concept, "M-3", title="Interne Abstimmung", status="running", is_public=False)
    internal.fields.add(field)
    offer = b.offer(town, provider, "O-1", title="Elterncafé", field=field, description="Austausch für Eltern",
                    place_name="Familienzentrum", street="Markt 1", postcode="12345", city="Lindenau",
                    cost="kostenlos", contact_email="cafe@lindenau.example")
    offer.languages.set(Language.objects.filter(code__in=["de", "ar"]))
    OfferTranslation.objects.create(offer=offer, language=Language.objects.get(code="ar"),
                                    title="مقهى الأهل", description="تبادل للآباء", source_revision=offer.text_revision)
    b.offer(town, provider, "O-HIDDEN", title="Noch nicht fertig", is_published=False)
    draft = b.concept(town, status="draft", title="Entwurf der Fortschreibung")
    b.measure(draft, "M-DRAFT", title="Entwurfsmaßnahme")
    b.contact(provider, "leitung", role="Leitung", name="Erika Beispiel", email="erika@example.org")
    b.contact(provider, "beratung", role="Beratungsstelle", email="beratung@lindenau.example",
              publish=True, consent_at=timezone.now(), consent_note="Formular")
    return town


def get(client, name, *args, **kw):
    return client.get(reverse(f"portal:{name}", args=args), **kw)


def test_it_lists_municipalities_grouped_by_kreis(client, db):
    kreis = b.municipality("kreis-x", kind="kreis")
    b.municipality("stadt-im-kreis", parent=kreis)
    b.municipality("freie-stadt")
    page = get(client, "index")
    assert [(k.slug, [t.slug for t in towns]) for k, towns in page.context["groups"]] == [("kreis-x", ["stadt-im-kreis"])]
    assert [m.slug for m in page.context["independent"]] == ["freie-stadt"]


def test_it_shows_the_adopted_concept_and_its_progress_on_the_strategy_page(client, town):
    page = get(client, "strategy", "lindenau")
    html = page.content.decode()
    assert "Integrationskonzept Lindenau" in html and "Entwurf der Fortschreibung" not in html
    field, goals, progress = page.context["fields"][0]
    assert [g.title for g in goals] == ["Alle Kinder sprechen Deutsch"]
    assert (progress["total"], progress["done"], progress["percent"]) == (2, 1, 50)  # internal M-3 left out


def test_it_shows_guidelines_and_adopted_versions_only(client, town):
    html = get(client, "concept", "lindenau").content.decode()
    assert "Vielfalt ist Stärke" in html and "Entwurf der Fortschreibung" not in html


def test_it_shows_a_field_with_its_public_measures(client, town):
    page = get(client, "field", "lindenau", "sprache")
    assert [m.external_id for m in page.context["measures"]] == ["M-1", "M-2"]
    assert "Interne Abstimmung" not in page.content.decode()


@pytest.mark.parametrize("name,args", [
    ("measure", ("lindenau", "M-3")),        # internal
    ("measure", ("lindenau", "M-DRAFT")),    # in a draft version
    ("offer", ("lindenau", "O-HIDDEN")),     # unpublished
    ("actor", ("lindenau", "geheim")),       # unpublished actor
    ("field", ("lindenau", "nicht-da")),
    ("home", ("unbekannt",)),
])
def test_it_never_shows_what_is_not_published(client, town, name, args):
    assert get(client, name, *args).status_code == 404


def test_it_shows_a_measure_with_its_history(client, town):
    html = get(client, "measure", "lindenau", "M-1").content.decode()
    assert "Sprachkurse" in html and "etabliert" in html and "Familienzentrum" in html


def test_it_shows_only_consented_contacts_on_the_actor_page(client, town):
    html = get(client, "actor", "lindenau", "familienzentrum").content.decode()
    assert "beratung@lindenau.example" in html
    assert "Erika" not in html and "erika@example.org" not in html


def test_it_lists_only_published_actors(client, town):
    names = [a.name for a in get(client, "actors", "lindenau").context["actors"]]
    assert names == ["Familienzentrum"]


def test_it_gives_everything_needed_to_go_to_an_offer_with_json_ld(client, town):
    page = get(client, "offer", "lindenau", "O-1")
    html = page.content.decode()
    for text in ["Elterncafé", "Markt 1", "12345 Lindenau", "kostenlos", "cafe@lindenau.example", "Familienzentrum"]:
        assert text in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "Service" and data["name"] == "Elterncafé"
    assert data["provider"]["name"] == "Familienzentrum" and data["availableLanguage"] == ["ar", "de"]
    assert data["availableChannel"]["serviceLocation"]["address"]["postalCode"] == "12345"


def test_it_shows_the_offer_in_the_visitors_language(client, town):
    page = get(client, "offer", "lindenau", "O-1", HTTP_ACCEPT_LANGUAGE="ar")
    html = page.content.decode()
    assert 'lang="ar"' in html and "مقهى الأهل" in html


def test_it_falls_back_to_german_and_says_so(client, town):
    page = get(client, "offer", "lindenau", "O-1", HTTP_ACCEPT_LANGUAGE="uk")
    assert '<h1 lang="de" dir="ltr">Elterncafé</h1>' in page.content.decode()


def test_it_shows_the_coordination_office(client, town):
    html = get(client, "contact", "lindenau").content.decode()
    assert "Integrationsbüro" in html and "integration@lindenau.example" in html


@pytest.mark.parametrize("slug", ["admin", "api", "backoffice", "login"])
def test_it_refuses_slugs_the_system_needs(db, slug):
    with pytest.raises(ValidationError) as error:
        Municipality(slug=slug, name="X").full_clean()
    assert "slug" in error.value.message_dict


def test_it_keeps_offer_text_from_breaking_out_of_the_json_ld(client, town):
    offer = town.offers.get(external_id="O-1")
    offer.title = 'Café</script><script>alert(1)</script>'
    offer.save()
    html = get(client, "offer", "lindenau", "O-1").content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert json.loads(block)["name"] == 'Café</script><script>alert(1)</script>'
    assert "<script>alert(1)" not in html


def test_it_links_the_offer_in_its_other_languages_without_a_form(client, town):
    html = get(client, "offer", "lindenau", "O-1").content.decode()
    assert "csrfmiddlewaretoken" not in html  # the page can be cached for everyone
    link = re.search(r'href="(/i18n/language/\?language=ar&amp;next=[^"]+)"', html).group(1).replace("&amp;", "&")
    response = client.get(link)
    assert response.status_code == 302 and response["Location"] == "/lindenau/offers/O-1/"
    assert '<h1 lang="ar" dir="rtl">' in client.get(response["Location"]).content.decode()
