"""Documents and database helpers shared by the exchange tests."""
import copy

from django.apps import apps


def contract_example():
    """The example of /work/notes/EXCHANGE.md (issue 2) key for key, with the "…"
    placeholders filled in with valid values."""
    return copy.deepcopy({
        "format": "teilhabe-exchange/1",
        "municipality": {
            "slug": "lindenau", "name": "Lindenau", "kind": "town", "ags": "05999999",
            "parent": "kreis-x",
            "languages": ["de", "en", "ar"],
            "office": {"name": "Integrationsbüro", "email": "integration@lindenau.example",
                       "phone": "02366 303-0", "address": "Rathausplatz 1, 45699 Lindenau"},
        },
        "districts": [{"key": "altstadt", "name": "Altstadt"}, {"key": "wanne", "name": "Wanne"}],
        "target_groups": [{"key": "frauen", "name": {"de": "Frauen", "en": "Women"}},
                          {"key": "vaeter", "name": {"de": "Väter"}}],
        "concepts": [{
            "version": 1, "title": "Rahmenkonzept zur Integration in Herten 2006–2009",
            "summary": "Sechs Arbeitsschwerpunkte.", "period_start": 2006, "period_end": 2009,
            "adopted_on": "2006-09-27", "adopted_by": "Rat der Stadt Herten",
            "status": "adopted",
            "predecessor": None,
            "guidelines": [{"title": "I Verständnis von Integration", "body": "<p>Integration ist …</p>"}],
        }],
        "fields_of_action": [
            {"key": "sprache", "name": {"de": "Sprachförderung"}, "description": "Deutsch für alle.",
             "concept": 1},
            {"key": "bildung", "name": {"de": "Bildung"}, "description": "", "concept": 1},
        ],
        "goals": [
            {"key": "other-goal-key", "title": "Teilhabe für alle", "description": "", "kind": "strategic",
             "field": "sprache", "parent": None, "concept": 1},
            {"key": "g-teilhabe", "title": "Deutschkurse in jedem Stadtteil", "description": "…",
             "kind": "strategic", "field": "sprache", "parent": "other-goal-key", "concept": 1},
        ],
        "measures": [{
            "external_id": "M-001", "title": "Vätergruppen", "description": "…",
            "fields": ["bildung"], "goals": ["g-teilhabe"], "status": "established",
            "status_history": [{"status": "planned", "date": "2014-08-01", "note": ""},
                               {"status": "running", "date": "2015-01-15"},
                               {"status": "established", "date": "2017-03-01"}],
            "responsible_actor": "awo", "partner_actors": ["ditib"],
            "target_groups": ["vaeter"], "districts": ["wanne"],
            "start_date": "2014-08-01", "end_date": None,
            "funding_source": "Landesprogramm", "budget": "12000.00", "public": True, "concept": 1,
        }],
        "actors": [
            {"external_id": "caritas", "name": "Caritasverband Lindenau",
             "kind": "welfare_organisation", "description": "Beratung und Kurse.",
             "address": {"street": "Kirchstraße 3", "postcode": "45699", "city": "Lindenau"},
             "website": "https://caritas-lindenau.example", "email": "info@caritas-lindenau.example",
             "phone": "02366 1234",
             "districts": ["altstadt"], "languages": ["de", "tr"], "published": True,
             "contacts": [{"key": "beratung", "role": "Migrationsberatung", "name": "",
                           "email": "beratung@caritas-lindenau.example", "phone": "02366 1235",
                           "consent_at": "2024-01-10T09:00:00+01:00", "consent_note": "Formular vom 10.1.",
                           "publish": True}]},
            {"external_id": "awo", "name": "AWO Lindenau", "kind": "welfare_organisation"},
            {"external_id": "ditib", "name": "DITIB-Gemeinde", "kind": "religious_community"},
        ],
        "offers": [{
            "external_id": "L-001", "field_of_action": "sprache", "provider": "caritas",
            "measure": "M-001",
            "title": {"de": "Deutschkurs für Frauen", "en": "German course for women"},
            "description": {"de": "Mit Kinderbetreuung.", "en": "With childcare."},
            "schedule": {"de": "dienstags 9–11 Uhr"}, "cost": {"de": "kostenlos"},
            "accessibility": {"de": "barrierefreier Zugang"},
            "target_groups": ["frauen"], "districts": ["altstadt"], "languages": ["de", "ar"],
            "place": {"name": "Familienzentrum", "street": "Marktstraße 5", "postcode": "45699",
                      "city": "Lindenau"},
            "contact": {"name": "Beratungsstelle", "email": "kurse@caritas-lindenau.example",
                        "phone": "02366 1236"},
            "website": "https://caritas-lindenau.example/kurse", "published": True,
            "outdated_translations": ["en"],
        }],
    })


def minimal(slug="lindenau", **lists):
    return {"format": "teilhabe-exchange/1", "municipality": {"slug": slug, "name": slug.title()}, **lists}


DOMAIN_APPS = {"municipalities", "actors", "strategy", "offers", "courses"}


def db_state():
    """Every row of the domain tables (many-to-many tables included), to show that a
    refused import changed nothing at all."""
    state = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label in DOMAIN_APPS:
            state[model._meta.label] = list(model.objects.order_by("pk").values_list())
    return state


def row_count():
    return sum(len(rows) for rows in db_state().values())
