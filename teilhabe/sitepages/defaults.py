"""The default texts of the pages, in German: a municipality starts from these and
changes them in the back office. `{name}`, `{office}`, `{email}`, `{phone}`, `{address}`
are the municipality's own data, filled in when the page is made. The Leichte-Sprache page
follows the rules of the Netzwerk Leichte Sprache: short sentences, one statement each,
everyday words, the Mediopunkt in long compounds."""
from django.utils.html import escape

from .models import SitePage

ACCESSIBILITY = """\
<p>{name} möchte diese Website barrierefrei zugänglich machen. Rechtsgrundlage sind das
Behindertengleichstellungsgesetz (BGG), die Barrierefreie-Informationstechnik-Verordnung
(BITV 2.0) und die Regelungen des Landes, mit denen die Richtlinie (EU) 2016/2102 umgesetzt
wird.</p>
<p>Diese Erklärung gilt für das Portal von {name} auf dieser Website. Sie beruht auf einer
Selbstbewertung.</p>
"""

EASY_LANGUAGE = """\
<h3>Was ist diese Seite?</h3>
<p>Das ist die Internet·seite von {name}.</p>
<p>Hier finden Sie Angebote für Menschen.</p>
<p>Die Menschen sind neu in {name}.</p>
<p>Oder die Menschen wohnen schon länger hier.</p>
<h3>Was finden Sie hier?</h3>
<ul>
<li>Angebote: zum Beispiel Deutsch·kurse oder Beratung.</li>
<li>Veranstaltungen: Dort können Sie mit·machen.</li>
<li>Ideen: Sie können eine Idee für {name} schreiben.</li>
<li>Das Integrations·konzept: Das ist ein Plan. Der Plan sagt: So wollen wir gut zusammen·leben.</li>
</ul>
<h3>Wie benutzen Sie die Seite?</h3>
<p>Oben ist ein Menü.</p>
<p>Dort klicken Sie auf ein Wort.</p>
<p>Dann kommen Sie zu einer anderen Seite.</p>
<p>Oben können Sie auch Ihre Sprache wählen.</p>
<p>Sie können auch suchen.</p>
<p>Dafür schreiben Sie ein Wort in das Such·feld.</p>
<h3>Sie möchten die Schrift größer haben?</h3>
<p>Unten auf jeder Seite steht: Darstellung.</p>
<p>Dort können Sie die Schrift größer machen.</p>
<p>Sie können auch einen starken Kontrast wählen.</p>
<p>Dann ist die Seite schwarz und weiß.</p>
<h3>Sie haben eine Frage?</h3>
<p>Dann schreiben Sie uns.</p>
<p>Oder rufen Sie uns an.</p>
<p>Wir helfen Ihnen gern.</p>
<p>Unsere Adresse steht auf der Seite Kontakt.</p>
<h3>Etwas auf der Seite ist schwer für Sie?</h3>
<p>Dann sagen Sie es uns bitte.</p>
<p>Dafür gibt es ein Formular.</p>
<p>Das Formular ist auf der Seite: Erklärung zur Barriere·freiheit.</p>
"""

SIGN_LANGUAGE = """\
<p>Auf dieser Seite erklären wir das Portal von {name} in Deutscher Gebärdensprache.</p>
<p>Das Portal zeigt Angebote für Menschen, die neu in {name} sind, Veranstaltungen und Ideen
zum Mitmachen und das Integrationskonzept. Oben auf jeder Seite finden Sie das Menü, die
Sprachwahl und die Suche. Unten auf jeder Seite finden Sie die Erklärung zur
Barrierefreiheit, die Darstellung (größere Schrift, starker Kontrast), das Impressum und die
Datenschutzerklärung.</p>
<p>Fragen beantwortet die Koordinierungsstelle, auch per E-Mail: {email}.</p>
"""

IMPRINT = """\
<h3>Anbieter</h3>
<p>{name}<br>{office}<br>{address}</p>
<h3>Kontakt</h3>
<p>E-Mail: {email}<br>Telefon: {phone}</p>
<h3>Vertretungsberechtigt</h3>
<p>Die Bürgermeisterin oder der Bürgermeister bzw. die Landrätin oder der Landrat.</p>
<h3>Verantwortlich für den Inhalt</h3>
<p>Die Koordinierungsstelle: {office}, Anschrift wie oben.</p>
<p>Die Angebote beschreiben die Organisationen, die sie anbieten; für deren Inhalt sind sie
selbst verantwortlich.</p>
"""

PRIVACY = """\
<h3>Verantwortliche Stelle</h3>
<p>{name}, {office}, {address}, E-Mail: {email}.</p>
<h3>Was wir speichern</h3>
<p>Wer die Seiten nur liest, hinterlässt bei uns keine personenbezogenen Daten: Wir setzen
keine Cookies zur Analyse oder Werbung und binden keine Dienste Dritter ein. Welche
Zugriffsdaten der Webserver für den Betrieb protokolliert und wie lange, ergänzt die
Kommune hier.</p>
<p>Cookies setzen wir nur, wenn Sie es selbst wählen oder ein Formular nutzen: die gewählte
Sprache, die gewählte Darstellung (größere Schrift, starker Kontrast) und beim Absenden
eines Formulars ein Sicherheits-Cookie gegen gefälschte Anfragen. Sie enthalten nur diese
Angaben und sind für die von Ihnen gewünschte Funktion technisch notwendig
(§ 25 Abs. 2 Nr. 2 TDDDG).</p>
<h3>Formulare</h3>
<p>Wenn Sie sich zu einer Veranstaltung anmelden, eine Idee einreichen oder uns eine Barriere
melden, verwenden wir Ihre Angaben nur für diesen Zweck (Art. 6 Abs. 1 lit. a und e DSGVO)
und löschen sie nach Ablauf der Aufbewahrungsfrist. Zum Schutz vor massenhaften
Einsendungen zählen wir Versuche unter einem nicht umkehrbaren Schlüssel (Hash) von IP-
und E-Mail-Adresse; die Zählung löschen wir spätestens nach einem Tag.</p>
<h3>Ihre Rechte</h3>
<p>Sie haben das Recht auf Auskunft, Berichtigung, Löschung, Einschränkung der Verarbeitung
und Widerspruch sowie das Recht, sich bei der Aufsichtsbehörde für den Datenschutz Ihres
Landes zu beschweren.</p>
"""

TEXTS = {
    SitePage.Kind.ACCESSIBILITY: ACCESSIBILITY,
    SitePage.Kind.EASY_LANGUAGE: EASY_LANGUAGE,
    SitePage.Kind.SIGN_LANGUAGE: SIGN_LANGUAGE,
    SitePage.Kind.IMPRINT: IMPRINT,
    SitePage.Kind.PRIVACY: PRIVACY,
}

NON_ACCESSIBLE = """\
<p>Videos in Gebärdensprache hat die Kommune noch nicht für alle Seiten. PDF-Dateien, die
Organisationen hochladen, sind nicht immer barrierefrei; fragen Sie uns nach einer
barrierefreien Fassung.</p>
"""


def body(kind, municipality):
    """The default text of `kind` for `municipality`, with its data (escaped) filled in."""
    missing = "–"
    data = {"name": municipality.name, "office": municipality.office_name or missing,
            "email": municipality.office_email or missing, "phone": municipality.office_phone or missing,
            "address": municipality.office_address.replace("\n", ", ") or missing}
    return TEXTS[kind].format(**{key: escape(value) for key, value in data.items()})
