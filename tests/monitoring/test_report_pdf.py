"""The report's PDF laid out in parts on several processes (monitoring/pdf.py): the parts
join into one document whose contents, links, page numbers and running head are right."""
import io
import os
import re
import threading
import time

import pytest
from pypdf import PdfReader

from teilhabe.monitoring import pdf
from teilhabe.monitoring.report import render_html, render_pdf
from tests import builders as b
from tests.monitoring.report_data import lindenau

pytestmark = pytest.mark.django_db


def test_it_balances_consecutive_chapters_by_size():
    assert pdf.balance([5, 1, 1, 1, 5], 2) == [[0, 1], [2, 3, 4]]
    assert pdf.balance([1, 1, 1, 1, 10], 2) == [[0, 1, 2, 3], [4]]
    assert pdf.balance([3, 3, 3, 3, 3, 3], 3) == [[0, 1], [2, 3], [4, 5]]
    assert pdf.balance([7, 2], 4) == [[0], [1]]          # never more groups than chapters
    assert pdf.balance([7, 2], 1) == [[0, 1]]


def test_it_splits_the_html_into_front_and_chapters_without_losing_anything():
    document = render_html(lindenau()["m"], "2024", images=True)
    head, front, chapters, tail = pdf.split(document)
    assert head + front + "".join(chapters) + tail == document
    assert 'class="title-page"' in front and 'class="toc"' in front
    ids = [re.match(r'<section id="([^"]+)"', chapter).group(1) for chapter in chapters]
    assert ids[0] == "zusammenfassung" and sorted(ids[1:3]) == ["feld-bildung", "feld-sprache"]
    assert ids[3:] == ["kontext", "zielgruppen", "netzwerk", "empfehlungen", "methode"]
    assert tail.startswith("</main>")


def test_it_lays_out_the_parts_in_separate_processes():
    document = render_html(lindenau()["m"], "2024", images=True)
    head, _front, chapters, tail = pdf.split(document)
    with pdf.Children(1) as children:
        parts = pdf.render_parts([head + "".join(chapters[:4]) + tail, head + "".join(chapters[4:]) + tail], children)
    assert parts[0].pid == os.getpid() and parts[1].pid != os.getpid()
    assert all(part.pages >= 1 and part.pdf.startswith(b"%PDF") for part in parts)
    assert "zielgruppen" in parts[1].anchors and "zielgruppen" not in parts[0].anchors


def test_two_threads_get_their_reports_one_after_the_other():
    # A threaded server (and the search's embedding thread) may run beside the layout; a
    # process lays out one report at a time, so no child inherits a lock held in Pango.
    m = lindenau()["m"]
    document = render_html(m, "2024", images=True)
    results, errors = [], []

    def report():
        try:
            results.append(pdf.render(document, municipality_name=m.name, workers=2))
        except Exception as error:   # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=report) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors and len(results) == 2
    assert words_per_page(results[0]) == words_per_page(results[1])


def test_it_takes_the_number_of_processes_from_the_setting(settings):
    settings.TEILHABE_REPORT_PROCESSES = 3
    assert pdf.processes() == 3
    settings.TEILHABE_REPORT_PROCESSES = 0     # the default: the cores, at most 4
    assert pdf.processes() == max(1, min(4, os.cpu_count()))


def words_per_page(data, name="Lindenau"):
    # The contents' dotted leaders may differ by a dot or two, and the municipality's name
    # drawn over a part's page is read back without a space before it.
    return [sorted(re.sub(r"\.{3,}", " ", page.extract_text()).replace(name, f" {name} ").split())
            for page in PdfReader(io.BytesIO(data)).pages]


def test_it_makes_the_same_pages_in_one_document_and_in_parts():
    m = lindenau()["m"]
    # One process: the whole document at once, page numbers and contents from CSS.
    # Several: in parts, joined. The words on each page are the same; only the order in
    # which the text of the running head is read back may differ.
    assert words_per_page(render_pdf(m, "2024", workers=1)) == words_per_page(render_pdf(m, "2024", workers=3))


def contents(reader):
    """{chapter title: page number} from the contents pages' dotted lines."""
    found = {}
    for page in reader.pages[1:4]:
        for line in page.extract_text().split("\n"):
            match = re.match(r"(.+?) \.{3,}\s*(\d+)$", line.strip())
            if match:
                found[match.group(1)] = int(match.group(2))
    return found


def link_targets(reader, page_index):
    targets = []
    for annotation in reader.pages[page_index].get("/Annots") or []:
        annotation = annotation.get_object()
        if annotation.get("/Subtype") == "/Link":
            targets.append(reader.get_page_number(annotation["/Dest"][0].get_object()))
    return targets


def test_its_contents_give_the_page_each_chapter_starts_on_and_link_there():
    reader = PdfReader(io.BytesIO(render_pdf(lindenau()["m"], "2024", workers=2)))
    toc = contents(reader)
    assert set(toc) >= {"Zusammenfassung", "Sprachförderung", "Bildung und Übergänge", "Weitere Indikatoren",
                        "Erreichte Zielgruppen", "Das Akteursnetzwerk in Zahlen", "Empfehlungen", "Methode"}
    for title, number in toc.items():
        assert reader.pages[number - 1].extract_text().startswith(title), title
    assert sorted(set(link_targets(reader, 1))) == sorted(number - 1 for number in toc.values())
    # The bookmarks of the parts are kept, in order.
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline.index("Zusammenfassung") < outline.index("Sprachförderung") < outline.index("Methode")
    assert reader.metadata.title == "Evaluationsbericht 2024 – Lindenau"


def test_a_contents_longer_than_a_page_moves_the_chapters_and_their_numbers():
    m = b.municipality("vielfeld")
    c = b.concept(m, title="Konzept mit vielen Handlungsfeldern")
    for n in range(70):
        b.field(c, f"f{n:02d}", f"Handlungsfeld Nummer {n:02d}")
    reader = PdfReader(io.BytesIO(render_pdf(m, "2024", workers=2)))
    toc = contents(reader)
    assert len(toc) >= 70
    contents_pages = [n for n, page in enumerate(reader.pages) if re.search(r"\.{3,}\s*\d+", page.extract_text())]
    assert contents_pages == [1, 2]    # the contents take two pages
    assert min(toc.values()) == 4      # so the first chapter starts on page 4, not 3
    for title, number in toc.items():
        assert reader.pages[number - 1].extract_text().startswith(title), title
    total = len(reader.pages)
    assert all(f"Seite {n} von {total}" in page.extract_text()
               for n, page in enumerate(reader.pages[1:], start=2))


def test_a_link_from_one_part_to_another_leads_to_the_right_page():
    from teilhabe.monitoring.models import EvaluationReport

    m = lindenau()["m"]
    EvaluationReport.objects.update_or_create(municipality=m, period="2024", defaults={"recommendations": (
        '<p>Siehe die <a href="#zusammenfassung">Zusammenfassung</a>.</p>')})
    reader = PdfReader(io.BytesIO(render_pdf(m, "2024", workers=3)))
    toc = contents(reader)
    recommendations = toc["Empfehlungen"] - 1
    assert "Siehe die Zusammenfassung." in reader.pages[recommendations].extract_text()
    # Laid out in another part than the summary, the link is still there and leads to it.
    assert link_targets(reader, recommendations) == [toc["Zusammenfassung"] - 1]


def test_a_child_that_fails_or_stops_answering_is_reported_and_ended():
    with pdf.Children(2) as children:
        children.send(0, int, "zwölf")
        with pytest.raises(pdf.ChildFailed, match="ValueError"):
            children.receive(0, timeout=30)
        children.send(0, int, "12")                    # the child goes on after a failed task
        assert children.receive(0, timeout=30) == 12
        children.send(1, time.sleep, 60)
        with pytest.raises(pdf.ChildFailed, match="no answer after"):
            children.receive(1, timeout=0.5)
        sleeping = children.children[1][0]
    sleeping.join(timeout=5)
    assert not sleeping.is_alive()     # killed when the block ended, not left sleeping


def test_a_child_that_dies_is_reported():
    with pdf.Children(1) as children:
        children.send(0, os._exit, 3)
        with pytest.raises(pdf.ChildFailed, match="exit code"):
            children.receive(0, timeout=30)
