"""What the office's records add to OParl: a meeting's participants (only those who
consented), the contact address of a person and the places of a paper as Locations, a
person's picture (only with consent), and the data licence of System and Body; every
object valid against the official schemas."""
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from teilhabe.council import actions
from tests.council.builders import upload, world

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
    w.upcoming.participants.set([w.chair])  # recorded ahead by mistake: not before it was held
    assert "participant" not in get(client, f"meeting/{w.upcoming.pk}")
    person = get(client, f"person/{w.chair.pk}")
    assert person["location"] == hall and person["locationObject"]["id"] == hall
    paper = get(client, f"paper/{w.paper.pk}")
    assert [loc["id"] for loc in paper["location"]] == [hall]
    location = get(client, f"location/{w.hall.pk}")
    assert location["persons"] == [BASE + f"person/{w.chair.pk}"]
    assert location["papers"] == [BASE + f"paper/{w.paper.pk}"]
    assert "image" not in person  # none uploaded
    assert "beispiel.example" not in client.get(f"/oparl/v1/body/{w.m.pk}/persons").content.decode()  # no address

    actions.withdraw_consent(w.chair)
    assert "participant" not in get(client, f"meeting/{w.held.pk}")
    assert "persons" not in get(client, f"location/{w.hall.pk}")
    w.body.license = ""
    w.body.save()
    settings.OPARL_LICENSE = ""
    assert "license" not in get(client, "system") and "license" not in get(client, f"body/{w.m.pk}")


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


def picture(name="bild.png", content=PNG):
    return SimpleUploadedFile(name, content, content_type="image/png")


def test_a_persons_picture_is_published_only_with_their_consent(client):
    w = world()
    shown = actions.attach_file(w.chair, picture(), name="Porträt", role="image")
    hidden = actions.attach_file(w.hidden, picture("otto.png", PNG + b"o"), name="Porträt", role="image")
    image = get(client, f"person/{w.chair.pk}")["image"]
    assert image["id"] == BASE + f"file/{shown.pk}" and image["mimeType"] == "image/png"
    response = client.get(f"/oparl/v1/file/{shown.pk}/access")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG
    assert get(client, f"file/{hidden.pk}")["deleted"] is True  # the person did not consent
    assert client.get(f"/oparl/v1/file/{hidden.pk}/access").status_code == 410
    actions.withdraw_consent(w.chair)
    assert client.get(f"/oparl/v1/file/{shown.pk}/access").status_code == 410
    # a picture is a JPEG or PNG, and belongs to a person; a meeting takes PDFs only
    with pytest.raises(ValidationError) as error:
        actions.attach_file(w.chair, upload("bild.png"), name="PDF als Bild", role="image")
    assert "file" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        actions.attach_file(w.held, picture(), name="Bild zur Sitzung", role="image")
    assert "role" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        actions.attach_file(w.held, picture(), name="Bild als Anlage")
    assert "file" in error.value.message_dict
