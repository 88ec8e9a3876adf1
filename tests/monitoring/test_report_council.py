"""Issue 13 §4: the evaluation report goes to the council as a Mitteilung — one action
making the paper with the report's PDF as its main file (stored through the storage API)
and its consultation for notice, linked to the year's report. Coordinators only; viewers,
actor editors, people without a role and other towns are refused."""
import pytest
from django.urls import reverse
from django.utils import timezone

from teilhabe.council.models import Paper
from teilhabe.monitoring.models import EvaluationReport
from tests import builders as b
from tests.council import builders as cb

pytestmark = pytest.mark.django_db
YEAR = str(timezone.localdate().year - 1)  # the index lists this year and the last


@pytest.fixture
def w(db, settings):
    settings.TEILHABE_REPORT_PROCESSES = 1  # a small report: no forked layout processes
    w = cb.world(b.municipality(parent=b.municipality(kind="kreis")))
    b.concept(w.m, title="Integrationskonzept", period_start=2020)
    w.users = b.personas(w.m)
    return w


def test_the_coordinator_submits_the_report_as_a_mitteilung_once(client, w):
    client.force_login(w.users["coordinator"])
    index = reverse("monitoring:report_index", args=[w.m.slug])
    submit = reverse("monitoring:report_submit", args=[w.m.slug, YEAR])
    assert submit in client.get(index).content.decode()
    form = {"organization": w.irat.pk, "reference": "IR/2025/010"}
    response = client.post(submit, {**form, "reference": w.paper.reference})
    assert "reference" in response.context["form"].errors  # named, before any PDF is laid out
    response = client.post(submit, form)
    paper = Paper.objects.get(reference="IR/2025/010")
    assert response["Location"] == reverse("council_office:paper", args=[w.m.slug, paper.pk])
    assert (paper.kind, paper.name, paper.is_published) == ("notice", f"Evaluationsbericht Integration {YEAR}", False)
    main = paper.files.get(role="main")
    assert main.file.storage.exists(main.file.name) and main.file.read().startswith(b"%PDF-")
    assert main.file_name == f"evaluationsbericht-{w.m.slug}-{YEAR}.pdf" and main.size > 1000
    consultation = paper.consultations.get()
    assert (consultation.organization, consultation.role, consultation.meeting) == (w.irat, "notice", None)
    assert EvaluationReport.objects.get(municipality=w.m, period=YEAR).council_paper == paper
    html = client.get(index).content.decode()
    assert "als Mitteilung IR/2025/010 vorgelegt" in html and submit not in html
    assert "noch keine" in html  # linking made no recommendations
    html = client.get(reverse("council_office:paper", args=[w.m.slug, paper.pk])).content.decode()
    assert reverse("monitoring:report", args=[w.m.slug, YEAR]) in html
    response = client.post(submit, {**form, "reference": "IR/2025/011"})
    assert "schon vorgelegt" in response.content.decode()
    assert Paper.objects.filter(municipality=w.m, name__startswith="Evaluationsbericht").count() == 1


def test_only_coordinators_submit_the_report(client, w):
    submit = reverse("monitoring:report_submit", args=[w.m.slug, YEAR])
    for persona in ("viewer", "editor", "outsider", "other_coordinator"):
        client.force_login(w.users[persona])
        assert client.get(submit).status_code in (403, 404), persona
        assert client.post(submit, {"organization": w.irat.pk, "reference": "R/1"}).status_code in (403, 404), persona
    assert not Paper.objects.filter(reference="R/1").exists()
    client.force_login(w.users["viewer"])
    assert submit not in client.get(reverse("monitoring:report_index", args=[w.m.slug])).content.decode()
