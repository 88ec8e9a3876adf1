"""The evaluation report's content: read back from the PDF (pypdf) and from the HTML."""
import io

import pytest
from pypdf import PdfReader

from teilhabe.monitoring.report import build_report, render_html, render_pdf
from tests.monitoring.report_data import ARABIC_ACTOR, lindenau

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    return lindenau()


def pdf_text(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_it_writes_a_pdf_whose_text_has_umlauts_and_arabic(data):
    pdf = render_pdf(data["m"], "2024")
    assert pdf.startswith(b"%PDF")
    reader, text = pdf_text(pdf)
    assert "Evaluationsbericht 2024" in text
    assert "Sprachförderung" in text and "Übergänge" in text and "Größere Nachfrage" in text
    assert ARABIC_ACTOR in " ".join(text.split())   # a narrow cell may wrap it
