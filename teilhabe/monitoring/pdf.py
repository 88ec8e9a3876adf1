"""The evaluation report as a PDF, laid out on several cores.

WeasyPrint lays out a document on one core; the report of a town with 300 measures took
about 5 s that way. Every chapter of the report starts on a new page, so chapters can be
laid out independently: they are split into as many groups of about equal size as there
are processes, each group is rendered as its own PDF (the first in this process, the
others in forked ones), and the PDFs are joined (pypdf). What depends on the whole
document is added afterwards: the title page and the contents with the chapters' page
numbers and links, and the running head and page numbers, drawn as an overlay.

The setting TEILHABE_REPORT_PROCESSES (default: the cores, at most 4) sets the processes;
with 1 the report is laid out as one document, with its page numbers from CSS — the same
pages. A process lays out one report at a time: a child forked while another thread is
inside Pango or fontconfig could inherit a lock it holds and hang. The children need
nothing else from the parent (no database, no request); other threads (the search's
embedding thread, a threaded server's request threads) do not matter to them. Should a
child still fail or stop answering, it is killed and the report is laid out as one
document: slower, never lost."""
import contextlib
import html as html_lib
import io
import logging
import multiprocessing
import os
import re
import threading
import time
from pathlib import Path
from typing import NamedTuple

from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link
from pypdf.generic import Fit

BASE_URL = str(Path(__file__).parent)
CHAPTER = re.compile(r'<section id="([^"]+)" class="chapter')
TOC = re.compile(r'(<nav class="toc".*?</nav>)', re.S)
DATA_URI = re.compile(r'src="data:[^"]*"')
PX_TO_PT = 0.75   # WeasyPrint's CSS pixel in PDF points

logger = logging.getLogger(__name__)

# Laid out in parts, the parts leave out the municipality's name and the page numbers (the
# overlay below draws them) and the contents take the numbers pdf.py writes in.
PARTS_CSS = """<style>
@page { @top-left { content: none; } @bottom-center { content: none; } }
.toc a[data-page]::after { content: leader(".") attr(data-page); }
</style></head>"""

# The running head and the page numbers, drawn onto every page but the title page.
OVERLAY = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><style>
@page { size: A4; margin: 22mm 16mm 20mm 18mm;
  @top-left { content: string(municipality); font-size: 8pt; color: #555; font-family: "DejaVu Sans", sans-serif; }
  @bottom-center { content: "Seite " counter(page) " von " counter(pages); font-size: 8pt; color: #555; font-family: "DejaVu Sans", sans-serif; } }
@page :first { @top-left { content: none; } @bottom-center { content: none; } }
body { margin: 0; string-set: municipality attr(data-municipality); }
p { margin: 0; height: 1px; break-after: page; }
</style></head><body data-municipality="%s">%s</body></html>"""


def processes():
    from django.conf import settings

    configured = getattr(settings, "TEILHABE_REPORT_PROCESSES", 0)
    return configured if configured > 0 else max(1, min(4, os.cpu_count() or 1))


# One report at a time in a process (see above).
_one_at_a_time = threading.Lock()


def split(document):
    """(head, front, chapters, tail): the document up to <main>'s content, the title page
    and contents, each chapter (a top-level section with class "chapter"), the rest."""
    starts = [match.start() for match in CHAPTER.finditer(document)]
    main_open = document.index('<main id="main">') + len('<main id="main">')
    main_close = document.rindex("</main>")
    chapters = [document[start:end] for start, end in zip(starts, starts[1:] + [main_close])]
    return document[:main_open], document[main_open:starts[0]], chapters, document[main_close:]


def balance(weights, groups):
    """Split a sequence into at most `groups` consecutive runs whose largest sum of
    weights is as small as possible; returns the runs as lists of indices."""
    n = len(weights)
    groups = max(1, min(groups, n))
    prefix = [0]
    for weight in weights:
        prefix.append(prefix[-1] + weight)
    # best[k][i]: the smallest largest run when the first i items form k runs.
    best = [[float("inf")] * (n + 1) for _ in range(groups + 1)]
    cut = [[0] * (n + 1) for _ in range(groups + 1)]
    best[0][0] = 0
    for k in range(1, groups + 1):
        for i in range(1, n + 1):
            for j in range(k - 1, i):
                cost = max(best[k - 1][j], prefix[i] - prefix[j])
                if cost < best[k][i]:
                    best[k][i], cut[k][i] = cost, j
    runs, i = [], n
    for k in range(groups, 0, -1):
        runs.append(list(range(cut[k][i], i)))
        i = cut[k][i]
    return [run for run in reversed(runs) if run]


class Part(NamedTuple):
    pdf: bytes
    pages: int
    anchors: dict   # {id: (page index, x, y)}, CSS pixels from the page's top left
    links: list     # [(page index, id, (x1, y1, x2, y2))] to anchors in other parts
    pid: int        # the process that laid it out


def _render(document):
    """Lay out one part. Links to anchors in other parts are taken out (WeasyPrint would
    drop them) and added to the joined document."""
    from weasyprint import HTML

    rendered = HTML(string=document, base_url=BASE_URL).render()
    anchors, links = {}, []
    for number, page in enumerate(rendered.pages):
        for name, (x, y, _, _) in page.anchors.items():
            anchors.setdefault(name, (number, x, y))
    for number, page in enumerate(rendered.pages):
        for link in [link for link in page.links if link[0] == "internal" and link[1] not in anchors]:
            links.append((number, link[1], link[2]))
            page.links.remove(link)
    return Part(rendered.write_pdf(), len(rendered.pages), anchors, links, os.getpid())


class ChildFailed(Exception):
    pass


def _serve(connection):
    """A child's loop: run each (function, arguments) sent, answer (True, result) or
    (False, the error), until None or the parent goes away."""
    while True:
        try:
            task = connection.recv()
        except EOFError:
            return
        if task is None:
            return
        function, arguments = task
        try:
            answer = (True, function(*arguments))
        except Exception as error:   # noqa: BLE001 - the parent decides
            answer = (False, f"{type(error).__name__}: {error}")
        connection.send(answer)


class Children:
    """Forked processes, each running the tasks sent to it one after another. Forked: they
    only lay out strings (no database, no request), and forking spares them importing
    WeasyPrint and Django again. A child that dies, fails or does not answer in time is
    reported as ChildFailed; leaving the block ends (or kills) them all."""

    def __init__(self, count):
        context = multiprocessing.get_context("fork")
        self.children = []
        for _ in range(count):
            ours, theirs = context.Pipe()
            process = context.Process(target=_serve, args=(theirs,), daemon=True)
            process.start()
            theirs.close()
            self.children.append((process, ours))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for process, connection in self.children:
            with contextlib.suppress(OSError):
                connection.send(None)
        for process, connection in self.children:
            process.join(timeout=2)
            if process.is_alive():
                process.kill()
                process.join()
            connection.close()

    def send(self, index, function, *arguments):
        try:
            self.children[index][1].send((function, arguments))
        except OSError as error:
            raise ChildFailed(str(error)) from None

    def receive(self, index, *, timeout):
        process, connection = self.children[index]
        try:
            if not connection.poll(timeout):
                raise ChildFailed(f"no answer after {timeout:.0f} s")
            done, value = connection.recv()
        except (EOFError, OSError):
            raise ChildFailed(f"the process ended (exit code {process.exitcode})") from None
        if not done:
            raise ChildFailed(value)
        return value


def _patience(own_seconds):
    """How long to wait for a child's part once this process has laid out its own of
    about the same size: generous (a loaded machine), but not for ever."""
    return max(30.0, 4 * own_seconds)


def render_parts(documents, children):
    """Lay out the documents: the first in this process, each other one in a child."""
    for index, document in enumerate(documents[1:]):
        children.send(index, _render, document)
    start = time.monotonic()
    first = _render(documents[0])
    patience = _patience(time.monotonic() - start)
    return [first] + [children.receive(index, timeout=patience) for index in range(len(documents) - 1)]


def _numbered(front, numbers):
    """The contents with each chapter's page number written in (CSS shows data-page)."""
    def number(link):
        return f'<a href="#{link.group(1)}" data-page="{numbers.get(link.group(1), "")}">'

    return TOC.sub(lambda toc: re.sub(r'<a href="#([^"]+)">', number, toc.group(1)), front)


def render(document, *, municipality_name, workers=None):
    """The report's HTML (with charts as images) as PDF bytes."""
    from weasyprint import HTML

    workers = workers or processes()
    with _one_at_a_time:
        if workers > 1:
            try:
                return _render_in_parts(document, municipality_name, workers)
            except ChildFailed as failure:
                # The report still comes, more slowly; what failed goes to the log (it
                # holds no personal data: an error of the layout, a time, an exit code).
                logger.warning("report PDF: a layout process failed (%s); laid out in one process instead", failure)
        return HTML(string=document, base_url=BASE_URL).write_pdf()


def _render_in_parts(document, municipality_name, workers):
    head, front, chapters, tail = split(document.replace("</head>", PARTS_CSS, 1))
    runs = balance([len(DATA_URI.sub("", chapter)) for chapter in chapters], workers)
    with Children(max(1, len(runs) - 1)) as children:
        parts = render_parts([head + "".join(chapters[i] for i in run) + tail for run in runs], children)
        body_pages = sum(part.pages for part in parts)
        # The front (title page and contents) comes last, once the chapters' pages are
        # known. It is almost always two pages, so a child draws the overlay for that many
        # meanwhile; a longer contents moves every chapter: the front is laid out again.
        guess = front_pages = 2
        children.send(0, _overlay, municipality_name, guess + body_pages)
        start = time.monotonic()
        front_part = _render(head + _numbered(front, _numbers(parts, front_pages)) + tail)
        for _attempt in range(2):
            if front_part.pages == front_pages:
                break
            front_pages = front_part.pages
            front_part = _render(head + _numbered(front, _numbers(parts, front_pages)) + tail)
        if front_part.pages != guess:
            children.receive(0, timeout=_patience(time.monotonic() - start))   # of the wrong length
            children.send(0, _overlay, municipality_name, front_part.pages + body_pages)
        parts = [front_part] + parts
        writer = PdfWriter()
        for part in parts:
            writer.append(PdfReader(io.BytesIO(part.pdf)))
        overlay = children.receive(0, timeout=_patience(time.monotonic() - start))
    for page, stamp in zip(writer.pages, PdfReader(io.BytesIO(overlay)).pages):
        page.merge_page(stamp)
        page.compress_content_streams()   # merging decompressed them: 2 MB instead of 0.3
    _link(writer, parts)
    metadata = PdfReader(io.BytesIO(front_part.pdf)).metadata or {}
    writer.add_metadata({key: value for key, value in metadata.items() if isinstance(value, str)})
    writer.compress_identical_objects()
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _numbers(parts, front_pages):
    """{anchor: page number} when the parts follow a front of front_pages pages."""
    return {name: page + 1 for name, (page, _x, _y) in _targets(parts, front_pages).items()}


def _targets(parts, first_page):
    """{anchor: (page index in the joined document, x, y)} for parts that follow each other
    from page index first_page."""
    targets = {}
    for part in parts:
        for name, (page, x, y) in part.anchors.items():
            targets.setdefault(name, (first_page + page, x, y))
        first_page += part.pages
    return targets


def _overlay(municipality_name, pages):
    """A PDF of empty pages with the running head's municipality and 'Seite n von N'."""
    from weasyprint import HTML

    return HTML(string=OVERLAY % (html_lib.escape(municipality_name), "<p></p>" * pages)).write_pdf()


def _link(writer, parts):
    """The links between parts, to their targets' places in the joined document."""
    targets = _targets(parts, 0)
    first_page = 0
    for part in parts:
        for page, name, (x1, y1, x2, y2) in part.links:
            if name not in targets:
                continue
            page_number = first_page + page
            target_page, x, y = targets[name]
            height = float(writer.pages[page_number].mediabox.height)
            target_height = float(writer.pages[target_page].mediabox.height)
            writer.add_annotation(page_number, Link(
                rect=(x1 * PX_TO_PT, height - y2 * PX_TO_PT, x2 * PX_TO_PT, height - y1 * PX_TO_PT),
                target_page_index=target_page,
                fit=Fit.xyz(left=x * PX_TO_PT, top=target_height - y * PX_TO_PT, zoom=0)))
        first_page += part.pages
