"""The evaluation report in the back office: who may read and download it, who may write
its recommendations, and the recommendations form."""
import pytest
from django.urls import reverse

from teilhabe.monitoring.models import EvaluationReport
from teilhabe.municipalities.history import history_for
from tests import builders as b
from tests.monitoring.report_data import lindenau

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    return lindenau()


def person(data, who):
    m = data["m"]
    return {
        "coordinator": lambda: b.user(role="coordinator", municipality=m),
        "viewer": lambda: b.user(role="viewer", municipality=m),
        "actor_editor": lambda: b.user(role="actor_editor", municipality=m, actor=data["arab"]),
        "other_coordinator": lambda: b.user(role="coordinator", municipality=b.municipality()),
        "other_viewer": lambda: b.user(role="viewer", municipality=b.municipality()),
        "kreis_viewer": lambda: _kreis_viewer(m),
    }[who]()


def _kreis_viewer(m):
    kreis = b.municipality(kind="kreis")
    m.parent = kreis
    m.save()
    return b.user(role="viewer", municipality=kreis)


URLS = [("monitoring:report_index", ()), ("monitoring:report", ("2024",)), ("monitoring:report_pdf", ("2024",))]


@pytest.mark.parametrize("who", ["coordinator", "viewer", "kreis_viewer"])
def test_it_lets_coordinators_and_viewers_read_and_download(client, data, who):
    client.force_login(person(data, who))
    index = client.get(reverse("monitoring:report_index", args=["lindenau"]))
    assert index.status_code == 200
    assert reverse("monitoring:report_pdf", args=["lindenau", "2024"]) in index.content.decode()
    page = client.get(reverse("monitoring:report", args=["lindenau", "2024"]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "Evaluationsbericht 2024" in html
    assert 'href="/static/monitoring/report.css"' in html and "<style>" not in html   # the CSP forbids inline styles
    pdf = client.get(reverse("monitoring:report_pdf", args=["lindenau", "2024"]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == 'attachment; filename="evaluationsbericht-lindenau-2024.pdf"'
    assert pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize("who", ["actor_editor", "other_coordinator", "other_viewer"])
@pytest.mark.parametrize("name, args", URLS)
def test_it_refuses_actor_editors_and_other_municipalities(client, data, who, name, args):
    client.force_login(person(data, who))
    assert client.get(reverse(name, args=["lindenau", *args])).status_code == 403


@pytest.mark.parametrize("name, args", URLS)
def test_it_sends_anonymous_visitors_to_the_login(client, data, name, args):
    response = client.get(reverse(name, args=["lindenau", *args]))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.parametrize("year", ["24", "abcd", "2024-05", "0999"])
def test_it_answers_404_for_a_period_that_is_no_year(client, data, year):
    client.force_login(person(data, "coordinator"))
    assert client.get(reverse("monitoring:report", args=["lindenau", year])).status_code == 404
    assert client.get(reverse("monitoring:report_pdf", args=["lindenau", year])).status_code == 404


def test_it_offers_the_recommendations_form_to_coordinators_only(client, data):
    client.force_login(person(data, "viewer"))
    html = client.get(reverse("monitoring:report", args=["lindenau", "2024"])).content.decode()
    assert "Empfehlungen schreiben" not in html
    client.force_login(person(data, "coordinator"))
    html = client.get(reverse("monitoring:report", args=["lindenau", "2024"])).content.decode()
    assert reverse("monitoring:report_edit", args=["lindenau", "2024"]) in html


def test_it_saves_the_recommendations_sanitised_with_history(client, data):
    coordinator = person(data, "coordinator")
    client.force_login(coordinator)
    url = reverse("monitoring:report_edit", args=["lindenau", "2023"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"summary_note": "Ein ruhiges Jahr.",
                                 "recommendations": '<p>Mehr Kurse in der Nordstadt.</p><img src=x onerror="x()">'})
    assert response.status_code == 302
    assert response["Location"] == reverse("monitoring:report", args=["lindenau", "2023"])
    report = EvaluationReport.objects.get(municipality=data["m"], period="2023")
    assert report.recommendations == "<p>Mehr Kurse in der Nordstadt.</p>"
    assert report.modified_by == coordinator
    [record] = history_for(report)
    assert record.user == coordinator and "recommendations" in record.changes
    html = client.get(reverse("monitoring:report", args=["lindenau", "2023"])).content.decode()
    assert "Ein ruhiges Jahr." in html and "<p>Mehr Kurse in der Nordstadt.</p>" in html


def test_it_changes_the_existing_text_of_a_year(client, data):
    client.force_login(person(data, "coordinator"))
    url = reverse("monitoring:report_edit", args=["lindenau", "2024"])
    assert "Sprachcafés in der Südstadt ausbauen." in client.get(url).content.decode()
    client.post(url, {"summary_note": "", "recommendations": "<p>Neu.</p>"})
    assert EvaluationReport.objects.get(municipality=data["m"], period="2024").recommendations == "<p>Neu.</p>"
    assert EvaluationReport.objects.filter(municipality=data["m"]).count() == 1


@pytest.mark.parametrize("recommendations, error", [
    ("", "Dieses Feld ist zwingend erforderlich."),
    ("   ", "Dieses Feld ist zwingend erforderlich."),
    ("<script>alert(1)</script>", "Bitte schreiben Sie mindestens eine Empfehlung als Text."),
    ("<p> </p><ul><li></li></ul>", "Bitte schreiben Sie mindestens eine Empfehlung als Text."),
    ("<p>" + "x" * 20_001 + "</p>", "Höchstens 20000 Zeichen."),
])
def test_it_names_the_field_of_bad_recommendations(client, data, recommendations, error):
    client.force_login(person(data, "coordinator"))
    response = client.post(reverse("monitoring:report_edit", args=["lindenau", "2022"]),
                           {"summary_note": "Notiz", "recommendations": recommendations})
    assert response.status_code == 200
    assert error in response.context["form"].errors["recommendations"][0]
    assert error in response.content.decode()
    assert not EvaluationReport.objects.filter(period="2022").exists()


@pytest.mark.parametrize("who", ["viewer", "actor_editor", "other_coordinator"])
def test_it_refuses_the_form_to_everyone_else(client, data, who):
    client.force_login(person(data, who))
    url = reverse("monitoring:report_edit", args=["lindenau", "2024"])
    assert client.get(url).status_code == 403
    assert client.post(url, {"recommendations": "<p>Übernahme</p>"}).status_code == 403
    assert EvaluationReport.objects.get(period="2024").recommendations == "<p>Sprachcafés in der Südstadt ausbauen.</p>"
