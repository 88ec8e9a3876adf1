"""Herten's texts in Leichte Sprache, loaded by `teilhabe demo` after the topics: the titles
and short texts of its home page's topics and each topic's information text. Two of its
offers (HER-001, HER-002) carry theirs in herten.json ("de-ls"). Like the other demo texts,
they are invented and say so. Idempotent: a text with a Leichte-Sprache version is left alone."""
from django.db import transaction

from teilhabe.municipalities.languages import EASY_GERMAN
from teilhabe.municipalities.models import Language, Municipality
from teilhabe.translations.texts import add_new, translations_of

NOTE = "<p><em>Das ist ein Beispiel. Die echte Stadt Herten hat andere Angaben.</em></p>"

# topic key → (title, short text), (information text's title, body)
TOPICS = {
    "ankommen": (("Neu in der Stadt", "Anmelden, Aufenthalt, Ausweis: Das machen Sie zuerst."),
                 ("Die ersten Schritte in Herten",
                  "<p>Sie haben eine Wohnung? Dann melden Sie die Wohnung an. Das machen Sie im Bürger·büro. "
                  "Sie haben dafür 2 Wochen Zeit.</p><p>Bringen Sie mit:</p><ul><li>Ihren Pass</li>"
                  "<li>das Papier von Ihrem Vermieter</li></ul><p>Machen Sie vorher einen Termin. "
                  "Sie dürfen jemanden mitbringen. Die Person kann für Sie übersetzen.</p>")),
    "deutsch-lernen": (("Deutsch lernen", "Integrations·kurse, Sprach·cafés und Deutsch für Kinder."),
                       ("So finden Sie einen Deutsch·kurs",
                        "<p>Fast jeden Monat fängt ein Integrations·kurs an. Gehen Sie zur Beratung. "
                        "Die Beratung sagt Ihnen: Dieser Kurs ist gut für Sie. Und: Müssen Sie für den Kurs "
                        "bezahlen?</p><p>Sie haben kleine Kinder? Es gibt Kurse mit Kinder·betreuung.</p>")),
    "arbeit": (("Arbeit und Ausbildung", "Arbeit finden, Zeugnisse prüfen lassen, eine Ausbildung anfangen."),
               ("Mein Zeugnis aus einem anderen Land",
                "<p>Sie haben einen Beruf gelernt? Vielleicht gilt Ihr Zeugnis auch in Deutschland. "
                "Das prüft ein Amt.</p><p>Bringen Sie Ihre Zeugnisse zur Beratung mit. Bringen Sie auch die "
                "Übersetzungen mit. Die Beratung kostet nichts.</p>")),
    "wohnen": (("Wohnen", "Eine Wohnung finden, Miete, Strom und Nachbarn."),
               ("Eine Wohnung finden",
                "<p>Für viele Wohnungen brauchen Sie ein Papier vom Amt. Das Papier heißt: "
                "Wohn·berechtigungs·schein.</p><p>Die Wohnungs·beratung hilft Ihnen beim Antrag. "
                "Die Beratung erklärt Ihnen auch den Miet·vertrag.</p>")),
    "gesundheit": (("Gesundheit", "Ärzte, Kranken·versicherung und Hilfe in Not."),
                   ("Zum Arzt gehen",
                    "<p>Sie sind krank? Dann gehen Sie zuerst zum Haus·arzt. Nehmen Sie Ihre Gesundheits·karte "
                    "mit.</p><p>Es ist Nacht oder Wochenende? Dann rufen Sie an: 116 117.</p>"
                    "<p>Es ist ein Notfall? Dann rufen Sie an: 112.</p>")),
    "familie": (("Kinder und Familie", "Kita, Schule, Familien·zentren und Hilfe für Eltern."),
                ("Ein Platz in der Kita",
                 "<p>Ihr Kind ist 1 Jahr alt oder älter? Dann darf Ihr Kind in die Kita gehen. "
                 "Das ist ein Recht.</p><p>Melden Sie Ihr Kind früh an. Das Familien·zentrum hilft Ihnen.</p>")),
    "beratung": (("Beratung", "Diese Stellen helfen bei Fragen. Die Hilfe kostet nichts."),
                 ("Wer hilft mir bei Fragen?",
                  "<p>Sie haben einen Brief vom Amt bekommen? Sie müssen einen Antrag schreiben? "
                  "Sie haben Sorgen? Die Migrations·beratung hilft Ihnen.</p><p>Die Beratung kostet nichts. "
                  "Die Beratung erzählt nichts weiter. Sie können einen Dolmetscher bekommen.</p>")),
    "freizeit": (("Freizeit und Treffen", "Sport, Vereine, Treff·punkte und Feste."),
                 ("Leute kennen·lernen",
                  "<p>Sie möchten Menschen in Herten kennen·lernen? Gehen Sie in einen Sport·verein. "
                  "Oder in ein Sprach·café. Oder zu einem Nachbarschafts·treff.</p>"
                  "<p>Die meisten Treffen kosten nichts. Sie können einfach hingehen.</p>")),
}


@transaction.atomic
def load_easy_language_demo():
    """Returns the number of texts created."""
    town = Municipality.objects.filter(slug="herten").first()
    if town is None or not Language.objects.filter(code=EASY_GERMAN).exists():
        return 0
    created, items = 0, []
    for topic in town.topics.filter(key__in=TOPICS).prefetch_related("texts"):
        (title, summary), (text_title, body) = TOPICS[topic.key]
        text = next(iter(topic.texts.all()), None)
        for obj, fields in [(topic, {"title": title, "summary": summary}),
                            (text, {"title": text_title, "body": body + NOTE})]:
            if obj is None or any(t.language == EASY_GERMAN for t in translations_of(obj)):
                continue
            items += [(obj, field, EASY_GERMAN, value) for field, value in fields.items()]
            created += 1
    add_new(town, items)
    return created
