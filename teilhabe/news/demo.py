"""The demo towns' stories as news, from the seeds' press releases: Herten's 2009
conference (with its three pictures), Herne's concept and the call for its second
conference at Stadtteilzentrum Pluto, Hilden's strategy paper, and the Kreis's course
finder. The pictures are drawn here with Pillow at load time: plain shapes, clearly
illustrations, no photographs and no real people. Idempotent: an item already there (by
title) is left as it is."""
import datetime
import io
import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from teilhabe.municipalities.models import Language, Municipality
from teilhabe.participation.models import Event

from . import actions
from .models import NewsItem

EVENTS_NAMESPACE = uuid.UUID("6f1c0c5e-7f43-4d47-9d0e-2b1f1f2a9c11")  # participation/demo.py's
ILLUSTRATION = "Zeichnung: teilhabe (frei erfunden, keine echten Personen)"
LICENCE = "CC0 1.0"

HERTEN_TEXT = (
    "<p>Seit 2005 folgt die Integrationsarbeit in Herten einer klaren Ausrichtung. Zeit, nach fast fünf Jahren "
    "Bilanz zu ziehen: Was wurde durch das Integrationskonzept erreicht, und in welcher Qualität? An der "
    "jährlichen Integrationskonferenz im Glashaus nahmen über hundert Gäste teil – mehr als die Hälfte von ihnen "
    "mit Zuwanderungsgeschichte.</p>"
    "<p>Im Auftrag der Stadt hatte die KGSt (Kommunale Gemeinschaftsstelle für Verwaltungsmanagement) die "
    "Wirksamkeit der bisherigen Integrationsbemühungen überprüft. Ihr Fazit: Es gibt über 60 Einzelprojekte, die "
    "erfolgreich laufen, und ein stabiles Netzwerk aus Vereinen, Parteien, Verwaltung und Moscheevereinen. Für "
    "die weitere Arbeit riet sie, das Netzwerk noch stärker auszuweiten.</p>"
    "<p>In einer regen Diskussion sammelten die Gäste viele Ideen. Großen Zuspruch fand die Idee "
    "<strong>„Stadtrundfahrten mit Migranten“</strong>.</p>")

HERNE_TEXT = (
    "<p>Mehr als 100 Akteure aus ganz unterschiedlichen Bereichen haben über Jahre hinweg gemeinsam am Thema "
    "Integration gearbeitet; das Kommunale Integrationszentrum hat den Prozess begleitet. Das Konzept zeigt, "
    "dass diese Struktur funktioniert: Ein Großteil der Maßnahmen wurde umgesetzt und teilweise schon "
    "etabliert – mehrere Väter-Gruppen, interkulturelle Begleitung für Demenzkranke, ein Integrationsscout in "
    "der Stadtverwaltung.</p>"
    "<p>Die sechs Handlungsfelder sind: Ausbildung und Arbeit, Bildung, Gesundheit, Interkulturelle Öffnung der "
    "Stadtverwaltung Herne, Kultur sowie Wohnen und Stadtentwicklung.</p>")

HERNE_CALL = (
    "<p>Um das Konzept fortzuschreiben und die Maßnahmen an aktuelle Entwicklungen anzupassen, lädt das "
    "Kommunale Integrationszentrum am <strong>17. November um 14 Uhr</strong> ins <strong>Stadtteilzentrum "
    "Pluto</strong> zur zweiten Integrationskonferenz ein. Auch die Ziele, die bisher noch nicht "
    "zufriedenstellend erreicht wurden, kommen auf den Tisch.</p>")

HILDEN_TEXT = (
    "<p>Der Rat der Stadt Hilden hat das Strategiepapier Integration beschlossen. Es bündelt, was Vereine, "
    "Schulen, Sport und Verwaltung für ein gutes Zusammenleben tun, in sieben Handlungsfeldern – von der "
    "Sprachförderung bis zur politischen Partizipation.</p>")

KREIS_TEXT = (
    "<p>Wer einen Platz im Integrationskurs sucht, findet auf dem Portal des Kreises jetzt alle Kurse in den "
    "Städten des Kreises mit ihren freien Plätzen – in der eigenen Sprache.</p>")


def _picture(kind):
    """A small PNG illustration: an audience of round shapes before a screen (1), groups at
    tables (2), a wall of idea cards (3). No faces, no text, nobody real."""
    image = Image.new("RGB", (1200, 800), (236, 242, 248))
    draw = ImageDraw.Draw(image)
    colours = [(31, 94, 140), (196, 98, 45), (70, 140, 90), (150, 80, 140), (200, 160, 40)]
    if kind == 1:
        draw.rectangle((350, 80, 850, 360), fill=(255, 255, 255), outline=(60, 60, 60), width=6)
        draw.rectangle((400, 140, 800, 180), fill=colours[0])
        draw.rectangle((400, 220, 700, 250), fill=colours[1])
        for row in range(3):
            for col in range(9):
                x, y = 110 + col * 120 + (row % 2) * 40, 470 + row * 100
                draw.ellipse((x, y, x + 60, y + 60), fill=colours[(row + col) % 5])
                draw.rounded_rectangle((x - 10, y + 55, x + 70, y + 120), radius=20, fill=colours[(row + col) % 5])
    elif kind == 2:
        for t in range(3):
            cx, cy = 220 + t * 380, 450
            draw.ellipse((cx - 120, cy - 70, cx + 120, cy + 70), fill=(160, 120, 80))
            for k in range(6):
                angle_x = [-150, -60, 60, 150, 60, -60][k]
                angle_y = [0, -120, -120, 0, 120, 120][k]
                x, y = cx + angle_x, cy + angle_y
                draw.ellipse((x - 28, y - 28, x + 28, y + 28), fill=colours[(t + k) % 5])
    else:
        draw.rectangle((100, 80, 1100, 720), fill=(250, 250, 245), outline=(90, 90, 90), width=8)
        for i in range(12):
            x, y = 150 + (i % 4) * 230, 130 + (i // 4) * 190
            draw.rectangle((x, y, x + 190, y + 140), fill=[(255, 235, 150), (180, 225, 250), (200, 240, 190)][i % 3])
            for line in range(3):
                draw.line((x + 20, y + 35 + line * 35, x + 170 - line * 30, y + 35 + line * 35),
                          fill=(90, 90, 90), width=6)
    out = io.BytesIO()
    image.save(out, "PNG")
    return SimpleUploadedFile(f"illustration-{kind}.png", out.getvalue(), content_type="image/png")


HERTEN_PICTURES = [
    (1, "Zeichnung: Viele Gäste sitzen in Reihen vor einer Leinwand, auf der Ergebnisse gezeigt werden.",
     "Integrationskonferenz 2009 im Glashaus: die KGSt stellt ihre Bewertung vor"),
    (2, "Zeichnung: Drei runde Tische, an denen jeweils sechs Personen sitzen und diskutieren.",
     "Integrationskonferenz 2009 im Glashaus: Diskussion an den Tischen"),
    (3, "Zeichnung: Eine Pinnwand mit zwölf bunten Karten voller Ideen.",
     "Integrationskonferenz 2009 im Glashaus: die gesammelten Ideen"),
]


def _event(town, key):
    return Event.objects.filter(uid=uuid.uuid5(EVENTS_NAMESPACE, f"{town}:{key}")).first()


def _item(m, *, title, date, links=None, publish_at=None, **fields):
    item = NewsItem.objects.filter(municipality=m, title=title).first()
    if item is not None:
        return item, False
    item = NewsItem(municipality=m, title=title, date=date, status=NewsItem.Status.PUBLISHED,
                    publish_at=publish_at, **fields)
    return actions.save_item(item, links=links, via="demo"), True


def load_news_demo():
    towns = {m.slug: m for m in Municipality.objects.filter(slug__in=["herten", "herne", "hilden", "kreis-mettmann"])}
    made = 0
    if "herten" in towns:
        m = towns["herten"]
        event = _event("herten", "integrationskonferenz-2009")
        concept = m.concepts.filter(status="adopted").first()
        item, created = _item(
            m, title="Über 100 Teilnehmer bei Hertener Integrationskonferenz", date=datetime.date(2009, 12, 17),
            teaser="KGSt bewertet Integrationsarbeit der letzten Jahre: viel wurde bewegt, es gibt auch noch viel "
                   "zu tun.",
            text=HERTEN_TEXT, office="Integrationsbüro der Stadt Herten", press_contact_role="Pressestelle der Stadt Herten",
            links={"events": [event] if event else [],
                   "fields": list(concept.fields.all()[:1]) if concept else []})
        if created:
            for kind, alt, caption in HERTEN_PICTURES:
                actions.add_picture(item, _picture(kind), alt_text=alt, caption=caption, credit=ILLUSTRATION,
                                    licence=LICENCE, via="demo")
            arabic = Language.objects.filter(code="ar").first()
            if arabic:
                actions.translate(item, arabic, title="أكثر من 100 مشارك في مؤتمر الاندماج في هيرتن",
                                  teaser="هيئة KGSt تقيّم عمل الاندماج في السنوات الماضية: تحقق الكثير، "
                                         "ولا يزال هناك الكثير مما يجب عمله.", via="demo")
            made += 1
    if "herne" in towns:
        m = towns["herne"]
        concept = m.concepts.filter(status="adopted").first()
        _concept_news, created = _item(
            m, title="Gesamtstädtisches Integrationskonzept liegt vor", date=datetime.date(2016, 9, 14),
            teaser="Mehr als 100 Akteure haben über Jahre gemeinsam daran gearbeitet; ein Großteil der Maßnahmen "
                   "ist umgesetzt.",
            text=HERNE_TEXT, office="Kommunales Integrationszentrum Herne", press_contact_role="Pressestelle der Stadt Herne",
            links={"fields": list(concept.fields.all()) if concept else []})
        made += created
        event = _event("herne", "integrationskonferenz-2")
        _call, created = _item(
            m, title="Zweite Integrationskonferenz im Stadtteilzentrum Pluto", date=datetime.date(2016, 10, 20),
            teaser="Am 17. November um 14 Uhr wird das Integrationskonzept fortgeschrieben – alle Akteure sind "
                   "eingeladen.",
            text=HERNE_CALL, office="Kommunales Integrationszentrum Herne",
            links={"events": [event] if event else []})
        made += created
    if "hilden" in towns:
        m = towns["hilden"]
        _hilden, created = _item(
            m, title="Rat beschließt das Strategiepapier Integration", date=datetime.date(2010, 3, 25),
            teaser="Sieben Handlungsfelder für ein gutes Zusammenleben in Hilden.", text=HILDEN_TEXT,
            office="Integrationsbeauftragte der Stadt Hilden")
        made += created
    if "kreis-mettmann" in towns:
        _kreis, created = _item(
            towns["kreis-mettmann"], title="Alle Integrationskurse im Kreis auf einen Blick",
            date=datetime.date(2024, 9, 2), teaser="Freie Plätze in den Kursen aller Städte des Kreises finden.",
            text=KREIS_TEXT, office="Kommunales Integrationszentrum Kreis Mettmann")
        made += created
    return made
