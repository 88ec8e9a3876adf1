"""Issue 13 §4: an accepted idea becomes a motion (Antrag) of the Integrationsrat — one
action making the paper (title and text from the idea, the body as originator, the author
named only with consent), its first consultation and the link idea ↔ paper — and the
author sees on their private page where it stands in the council, in the portal
languages. Only coordinators make motions; only the idea's own private link shows it."""
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from teilhabe.council.models import Consultation, Paper
from teilhabe.council.pdf import simple_pdf
from teilhabe.participation import actions, mail
from teilhabe.participation.models import Idea
from tests import builders as b
from tests.council import builders as cb
from tests.participation import builders as pb

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(db):
    m = pb.town()
    m.parent = b.municipality(kind="kreis")
    m.save()
    w = cb.world(m)
    w.idea = pb.idea(m, status=Idea.Status.ACCEPTED, title="Sprachcafé im Stadtteil",
                     submitter_name="Leyla Einreicherin", email="leyla@example.org", consent_at=timezone.now())
    w.idea.description = "Ein Sprachcafé für Eltern; ich bin erreichbar unter 0171 999."
    w.idea.save()
    w.users = b.personas(m)
    return w


def quick(**fields):
    return simple_pdf(fields["name"], *fields["text"].split("\n\n"))


def motion(w, **kw):
    data = {"idea": w.idea, "user": w.users["coordinator"], "organization": w.irat, "reference": "IR/2024/007",
            "title": w.idea.title, "text": "Der Integrationsrat beantragt ein Sprachcafé für Eltern.",
            "layout": quick, **kw}
    return actions.idea_to_motion(**data)


def test_it_makes_the_motion_with_its_pdf_and_no_personal_data_of_the_author(w):
    # The real layout (WeasyPrint), once: the text is in the PDF, the author is not.
    paper = motion(w, layout=actions.paper_pdf, text="Ein Sprachcafé für Eltern.\n\nIm Stadtteilzentrum.")
    assert (paper.kind, paper.originator_organization, paper.is_published) == ("motion", w.irat, False)
    main = paper.files.get(role="main")
    assert main.file.storage.exists(main.file.name) and main.mime_type == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(main.file.read())).pages)
    assert "Sprachcafé im Stadtteil" in text and "Im Stadtteilzentrum." in text and "Bürgerbeteiligung" in text
    assert "Leyla" not in text and "leyla@example.org" not in text and "0171" not in text
    first = paper.consultations.get()
    assert (first.organization, first.role, first.meeting) == (w.irat, "preliminary", None)
    w.idea.refresh_from_db()
    assert w.idea.motion == paper and w.idea.status_changes.last().motion == paper


def test_the_status_history_says_motion_made_in_the_readers_language(client, w):
    # Written by the system, not the coordinator: composed on the page from the paper.
    motion(w)
    pages = (reverse("participation:idea", args=[w.m.slug, w.idea.pk]),
             reverse("participation:private_idea", args=[w.idea.token]))
    for path in pages:
        assert "Daraus wird ein Antrag" in client.get(path).content.decode(), path
    client.cookies["django_language"] = "ar"
    for path in pages:
        html = client.get(path).content.decode()
        assert "Daraus wird ein Antrag" not in html and "Drucksache" not in html, path
        assert "IR/2024/007" in html and w.irat.name in html, path
    # So does the e-mail telling the author, in the language they wrote in.
    Idea.objects.filter(pk=w.idea.pk).update(language="ar")
    body = mail.build("idea_status", Idea.objects.get(pk=w.idea.pk), "https://example.org").body
    assert "IR/2024/007" in body and "Daraus wird ein Antrag" not in body


def test_the_author_is_named_only_when_asked_and_consented(w):
    Idea.objects.filter(pk=w.idea.pk).update(consent_at=None)
    with pytest.raises(ValidationError) as refused:
        motion(w, name_author=True)
    assert "name_author" in refused.value.error_dict and not Paper.objects.filter(kind="motion").exists()
    Idea.objects.filter(pk=w.idea.pk).update(consent_at=timezone.now())
    paper = motion(w, name_author=True)
    assert b"Leyla Einreicherin" in paper.files.get().file.read()


def test_it_refuses_an_idea_not_accepted_a_second_motion_and_a_used_reference(w):
    draft = pb.idea(w.m, status=Idea.Status.IN_DISCUSSION)
    with pytest.raises(ValidationError, match="angenommene"):
        motion(w, idea=draft)
    with pytest.raises(ValidationError) as refused:
        motion(w, reference=w.paper.reference)
    assert "reference" in refused.value.error_dict
    assert Paper.objects.filter(kind="motion").count() == 0 and Idea.objects.get(pk=w.idea.pk).motion is None
    motion(w)
    with pytest.raises(ValidationError, match="schon ein Antrag"):
        motion(w, reference="IR/2024/008")


def test_only_coordinators_turn_an_idea_into_a_motion(client, w):
    path = reverse("participation_backoffice:idea_motion", args=[w.m.slug, w.idea.pk])
    for persona in ("viewer", "editor", "outsider", "other_coordinator"):
        client.force_login(w.users[persona])
        assert client.get(path).status_code in (403, 404), persona
        assert client.post(path, {"organization": w.irat.pk, "reference": "X/1", "title": "t", "text": "t"}
                           ).status_code in (403, 404), persona
    assert not Paper.objects.filter(reference="X/1").exists()


def test_the_coordinator_makes_the_motion_on_the_ideas_page(client, w):
    client.force_login(w.users["coordinator"])
    page = reverse("participation_backoffice:idea", args=[w.m.slug, w.idea.pk])
    path = reverse("participation_backoffice:idea_motion", args=[w.m.slug, w.idea.pk])
    assert path in client.get(page).content.decode()
    form = client.get(path).context["form"]
    assert form["organization"].initial == w.irat.pk and form["text"].initial == w.idea.description
    response = client.post(path, {"organization": w.irat.pk, "reference": w.paper.reference, "title": "t",
                                  "text": "t"})
    assert "reference" in response.context["form"].errors  # a used number: named, nothing written
    motion(w)
    html = client.get(page).content.decode()
    assert path not in html and "IR/2024/007" in html  # made already: linked, no second one offered


def test_the_author_sees_where_the_motion_stands_on_their_private_page_only(client, w):
    paper = motion(w)
    own = reverse("participation:private_idea", args=[w.idea.token])
    html = client.get(own).content.decode()
    # A draft: being prepared, no link to a page the public cannot open yet.
    assert "Ihre Idee im Rat" in html and "vorbereitet" in html
    assert reverse("council_portal:paper", args=[w.m.slug, paper.pk]) not in html
    Paper.objects.filter(pk=paper.pk).update(is_published=True)
    first = paper.consultations.get()
    item = cb.AgendaItem.objects.create(meeting=w.held, number="7", order=7, name=paper.name)
    Consultation.objects.filter(pk=first.pk).update(meeting=w.held, agenda_item=item, unanimous=True,
                                                    result="Der Integrationsrat beschließt den Antrag.")
    Consultation.objects.create(paper=paper, organization=w.council, role="decision")
    closed = cb.AgendaItem.objects.create(meeting=w.held, number="8", order=8, name="Geheimer Personalpunkt",
                                          public=False)
    Consultation.objects.create(paper=paper, organization=w.irat, meeting=w.held, agenda_item=closed,
                                role="notice", result="Geheimbeschluss")
    html = client.get(own).content.decode()
    assert reverse("council_portal:paper", args=[w.m.slug, paper.pk]) in html
    assert reverse("council_portal:meeting", args=[w.m.slug, w.held.pk]) in html
    assert html.index("Der Integrationsrat beschließt den Antrag.") < html.index("noch nicht terminiert")
    assert "Geheimbeschluss" not in html
    public = client.get(reverse("council_portal:paper", args=[w.m.slug, paper.pk])).content.decode()
    assert reverse("participation:idea", args=[w.m.slug, w.idea.pk]) in public and "Leyla" not in public
    client.cookies["django_language"] = "tr"
    html = client.get(own).content.decode()
    assert "Ihre Idee im Rat" not in html and "Der Integrationsrat beschließt den Antrag." in html
    # Another idea's private link shows nothing of it; the public idea page names no motion path.
    other = pb.idea(w.m, status=Idea.Status.ACCEPTED)
    assert "IR/2024/007" not in client.get(reverse("participation:private_idea", args=[other.token])).content.decode()
    assert "Ihre Idee im Rat" not in client.get(reverse("participation:idea", args=[w.m.slug, w.idea.pk])
                                                ).content.decode()
    assert client.get(reverse("participation:private_idea", args=["x" * 43])).status_code == 404
    Paper.objects.filter(pk=paper.pk).update(deleted_at=timezone.now())  # withdrawn: no motion any more
    client.cookies["django_language"] = "de"
    assert "Ihre Idee im Rat" not in client.get(own).content.decode()


def test_the_authors_export_says_where_the_idea_stands_in_the_council(client, w):
    export = reverse("participation:private_idea_export", args=[w.idea.token])
    assert json.loads(client.get(export).content)["motion"] is None
    paper = motion(w)
    data = json.loads(client.get(export).content)["motion"]
    assert data == {"reference": "IR/2024/007", "title": w.idea.title, "body": w.irat.name,
                    "state": "in_preparation", "consultations": []}  # a draft: no consultation yet public
    Paper.objects.filter(pk=paper.pk).update(is_published=True, originator_person=w.hidden)
    first = paper.consultations.get()
    item = cb.AgendaItem.objects.create(meeting=w.held, number="7", order=7, name=paper.name)
    Consultation.objects.filter(pk=first.pk).update(meeting=w.held, agenda_item=item, result="Angenommen.")
    closed = cb.AgendaItem.objects.create(meeting=w.held, number="8", order=8, name="Personalpunkt", public=False)
    Consultation.objects.create(paper=paper, organization=w.irat, meeting=w.held, agenda_item=closed,
                                role="notice", result="Geheimbeschluss")
    body = client.get(export).content.decode()
    data = json.loads(body)["motion"]
    assert data["state"] == "public" and [c["result"] for c in data["consultations"]] == ["Angenommen."]
    assert data["consultations"][0]["body"] == w.irat.name and data["consultations"][0]["meeting"]
    # No other person's data: not the paper's originator, not what the closed session decided.
    assert "Ohnezustimmung" not in body and "Otto" not in body and "Geheimbeschluss" not in body
    Paper.objects.filter(pk=paper.pk).update(deleted_at=timezone.now())
    assert json.loads(client.get(export).content)["motion"]["state"] == "withdrawn"
