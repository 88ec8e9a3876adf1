"""What the office's records add to OParl: a meeting's participants (only those who
consented), the contact address of a person and the places of a paper as Locations, and
the data licence of System and Body; every object valid against the official schemas."""
import pytest

from teilhabe.council import actions
from tests.council.builders import world

from .oparl_schema import validate

pytestmark = pytest.mark.django_db
BASE = "http://testserver/oparl/v1/"


def get(client, path):
    response = client.get("/oparl/v1/" + path)
    assert response.status_code == 200, path
    data = response.json()
    validate(data)
    return data


def test_participants_locations_and_licences_are_published_as_oparl_says(client, settings):
    settings.OPARL_LICENSE = "https://www.govdata.de/dl-de/zero-2-0"
    w = world()
    assert get(client, "system")["license"] == "https://www.govdata.de/dl-de/zero-2-0"
    assert get(client, f"body/{w.m.pk}")["license"] == "https://www.govdata.de/dl-de/by-2-0"
    hall = BASE + f"location/{w.hall.pk}"
    meeting = get(client, f"meeting/{w.held.pk}")
    assert meeting["participant"] == [BASE + f"person/{w.chair.pk}"]  # not the person without consent
    person = get(client, f"person/{w.chair.pk}")
    assert person["location"] == hall and person["locationObject"]["id"] == hall
    paper = get(client, f"paper/{w.paper.pk}")
    assert [loc["id"] for loc in paper["location"]] == [hall]
    location = get(client, f"location/{w.hall.pk}")
    assert location["persons"] == [BASE + f"person/{w.chair.pk}"]
    assert location["papers"] == [BASE + f"paper/{w.paper.pk}"]
    assert "image" not in person  # no pictures yet (docs/oparl.md)
    assert "beispiel.example" not in client.get(f"/oparl/v1/body/{w.m.pk}/persons").content.decode()  # no address

    actions.withdraw_consent(w.chair)
    assert "participant" not in get(client, f"meeting/{w.held.pk}")
    assert "persons" not in get(client, f"location/{w.hall.pk}")
    w.body.license = ""
    w.body.save()
    settings.OPARL_LICENSE = ""
    assert "license" not in get(client, "system") and "license" not in get(client, f"body/{w.m.pk}")
