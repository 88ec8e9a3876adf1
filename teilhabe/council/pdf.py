"""A small PDF written by hand: a page with a few lines of text (Helvetica, Latin-1). Enough
for the demo's invitations and minutes and for tests, without laying out HTML (WeasyPrint
takes about a second per document; the demo is loaded by many tests)."""


def _escape(line):
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1", "replace")


def simple_pdf(*lines):
    text = b"BT /F1 12 Tf 72 770 Td 16 TL " + b" ".join(b"(%s) '" % _escape(line) for line in lines) + b" ET"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def invitation_pdf(meeting, *, today):
    """The invitation to a meeting laid out by WeasyPrint (as the evaluation report is). It
    is stored as the meeting's invitation file, which is public: a non-public agenda item
    appears only as its number and "nicht öffentlicher Punkt", never with its name."""
    from django.template.loader import render_to_string
    from django.utils import timezone, translation
    from weasyprint import HTML

    items = []
    for item in meeting.agenda_items.alive().select_related("consultation__paper"):
        consultation = getattr(item, "consultation", None)
        # A paper not yet published is not named, not even by its reference.
        item.paper = (consultation.paper if consultation is not None and consultation.deleted_at is None
                      and consultation.paper.is_public else None)
        items.append(item)
    body = getattr(meeting.municipality, "council_body", None)
    with translation.override("de"):  # the council's documents are German
        document = render_to_string("council/invitation.html", {
            "meeting": meeting, "items": items, "start": timezone.localtime(meeting.start), "today": today,
            "body_name": body.name if body else meeting.municipality.name})
    return HTML(string=document).write_pdf()


def minutes_pdf(meeting):
    """The minutes (results protocol) laid out by WeasyPrint: the general part, attendance
    of those who consented (the file is public), and per agenda item its result, wording,
    vote and notes. A non-public item shows only its number and "nicht öffentlicher
    Punkt": its name, result and notes are never in this public file."""
    from django.template.loader import render_to_string
    from django.utils import timezone, translation
    from weasyprint import HTML

    items = []
    for item in meeting.agenda_items.alive().select_related("consultation__paper"):
        consultation = getattr(item, "consultation", None)
        item.decision = (consultation if consultation is not None and consultation.deleted_at is None
                         and consultation.paper.is_public else None)
        items.append(item)
    body = getattr(meeting.municipality, "council_body", None)
    with translation.override("de"):
        document = render_to_string("council/minutes.html", {
            "meeting": meeting, "items": items, "start": timezone.localtime(meeting.start),
            "end": timezone.localtime(meeting.end) if meeting.end else None,
            "participants": [p for p in meeting.participants.alive() if p.is_public],
            "others": sum(1 for p in meeting.participants.alive() if not p.is_public),
            "body_name": body.name if body else meeting.municipality.name})
    return HTML(string=document).write_pdf()


def paper_pdf(*, body_name, kind, reference, day, name, originator, text):
    """A paper's main file laid out by WeasyPrint: its heading and its text (a motion made
    of a resident's idea may be in any language and script; `dir="auto"` lays it out)."""
    from django.template.loader import render_to_string
    from django.utils import translation
    from weasyprint import HTML

    with translation.override("de"):  # the council's documents are German
        document = render_to_string("council/paper.html", {
            "body_name": body_name, "kind": kind, "reference": reference, "day": day, "name": name,
            "originator": originator, "paragraphs": [p.strip() for p in text.split("\n\n") if p.strip()]})
    return HTML(string=document).write_pdf()
