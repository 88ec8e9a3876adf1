"""Topic demo data, loaded by `teilhabe demo` after the towns: for Herten, Herne and Hilden the
default topics (with their titles in every portal language) get their offers and one short
information text each (German, English, Arabic). The texts are invented for the demo — no office hours,
addresses or telephone numbers of the real towns — and say so. Idempotent: a text is found
by its title and left alone when present."""
from django.db import transaction

from teilhabe.municipalities.models import Language, Municipality

from .actions import ensure_default_topics
from teilhabe.translations.texts import add_new

from .models import InformationText

NOTE = {"de": "<p><em>Beispieltext der Demo – nicht die Angaben der echten Stadt.</em></p>",
        "en": "<p><em>Demo sample text – not the real town's information.</em></p>",
        "ar": "<p><em>نص تجريبي – ليست معلومات المدينة الحقيقية.</em></p>"}

# topic key → {language: (title, body)}; {town} is the town's name.
TEXTS = {
    "ankommen": {
        "de": ("Die ersten Schritte in {town}",
               "<p>Melden Sie Ihre Wohnung in den ersten zwei Wochen im Bürgerbüro an. Bringen Sie Ihren Pass "
               "und die Bestätigung der Vermieterin oder des Vermieters mit.</p><ul><li>Termin vorher "
               "vereinbaren</li><li>Eine Begleitung zum Übersetzen ist erlaubt</li></ul>"),
        "en": ("Your first steps in {town}",
               "<p>Register your flat at the citizens' office within the first two weeks. Bring your passport "
               "and the confirmation from your landlord.</p><ul><li>Make an appointment first</li><li>You may "
               "bring someone to translate</li></ul>"),
        "ar": ("خطواتك الأولى في {town}",
               "<p>سجّل سكنك في مكتب خدمة المواطنين خلال الأسبوعين الأولين. أحضر جواز سفرك وتأكيد المؤجِّر.</p>"
               "<ul><li>احجز موعدًا مسبقًا</li><li>يمكنك إحضار شخص يترجم لك</li></ul>"),
    },
    "deutsch-lernen": {
        "de": ("Wie finde ich einen Deutschkurs?",
               "<p>Integrationskurse beginnen fast jeden Monat. Die Beratung sagt Ihnen, welcher Kurs passt und "
               "ob Sie ihn bezahlen müssen. Es gibt Kurse mit Kinderbetreuung.</p>"),
        "en": ("How do I find a German course?",
               "<p>Integration courses start almost every month. The advice service tells you which course fits "
               "and whether you have to pay. Some courses offer childcare.</p>"),
        "ar": ("كيف أجد دورة لغة ألمانية؟",
               "<p>تبدأ دورات الاندماج كل شهر تقريبًا. يخبرك مكتب الاستشارة بالدورة المناسبة وهل عليك أن تدفع. "
               "توجد دورات مع رعاية للأطفال.</p>"),
    },
    "arbeit": {
        "de": ("Mein Abschluss aus dem Ausland",
               "<p>Viele Berufsabschlüsse können anerkannt werden. Bringen Sie Zeugnisse und Übersetzungen zur "
               "Beratung mit. Die Beratung ist kostenlos.</p>"),
        "en": ("My qualification from abroad",
               "<p>Many qualifications can be recognised. Bring your certificates and translations to the advice "
               "service. The advice is free.</p>"),
        "ar": ("شهادتي من الخارج",
               "<p>يمكن الاعتراف بكثير من الشهادات المهنية. أحضر شهاداتك وترجماتها إلى الاستشارة. الاستشارة "
               "مجانية.</p>"),
    },
    "wohnen": {
        "de": ("Eine Wohnung finden",
               "<p>Für viele Wohnungen brauchen Sie einen Wohnberechtigungsschein. Die Wohnungsberatung hilft beim "
               "Antrag und erklärt den Mietvertrag.</p>"),
        "en": ("Finding a flat",
               "<p>For many flats you need a housing entitlement certificate. The housing advice helps with the "
               "application and explains the tenancy agreement.</p>"),
        "ar": ("العثور على شقة",
               "<p>تحتاج لكثير من الشقق إلى شهادة أحقية السكن. تساعدك استشارة السكن في الطلب وتشرح لك عقد "
               "الإيجار.</p>"),
    },
    "gesundheit": {
        "de": ("Zum Arzt gehen",
               "<p>Mit Ihrer Gesundheitskarte gehen Sie zuerst zur Hausärztin oder zum Hausarzt. Nachts und am "
               "Wochenende hilft der ärztliche Bereitschaftsdienst unter 116 117. Im Notfall: 112.</p>"),
        "en": ("Seeing a doctor",
               "<p>With your health card, go to a family doctor first. At night and at weekends the on-call "
               "medical service helps on 116 117. In an emergency: 112.</p>"),
        "ar": ("الذهاب إلى الطبيب",
               "<p>اذهب أولًا إلى طبيب العائلة ومعك بطاقة التأمين الصحي. في الليل وعطلة نهاية الأسبوع تساعدك "
               "خدمة الطوارئ الطبية على الرقم 116 117. في حالة الطوارئ: 112.</p>"),
    },
    "familie": {
        "de": ("Ein Platz in der Kita",
               "<p>Kinder ab einem Jahr haben ein Recht auf einen Kita-Platz. Melden Sie Ihr Kind früh an; das "
               "Familienzentrum hilft dabei.</p>"),
        "en": ("A place at a day-care centre",
               "<p>Children from the age of one have a right to a day-care place. Register your child early; the "
               "family centre helps you.</p>"),
        "ar": ("مكان في روضة الأطفال",
               "<p>للأطفال من عمر سنة الحق في مكان في الروضة. سجّل طفلك مبكرًا؛ يساعدك مركز الأسرة في ذلك.</p>"),
    },
    "beratung": {
        "de": ("Wer hilft mir bei Fragen?",
               "<p>Die Migrationsberatung hilft bei Briefen von Ämtern, bei Anträgen und Sorgen. Die Beratung ist "
               "kostenlos und vertraulich, auf Wunsch mit Dolmetscherin.</p>"),
        "en": ("Who helps me with questions?",
               "<p>The migration advice service helps with letters from offices, applications and worries. The "
               "advice is free and confidential, with an interpreter if you wish.</p>"),
        "ar": ("من يساعدني في أسئلتي؟",
               "<p>تساعدك استشارة الهجرة في رسائل الدوائر الرسمية والطلبات والهموم. الاستشارة مجانية وسرية، "
               "ومع مترجمة إن رغبت.</p>"),
    },
    "freizeit": {
        "de": ("Leute kennenlernen",
               "<p>In Sportvereinen, Sprachcafés und Nachbarschaftstreffs lernen Sie Menschen in {town} kennen. "
               "Die meisten Treffen sind kostenlos; Sie müssen sich nicht anmelden.</p>"),
        "en": ("Meeting people",
               "<p>In sports clubs, language cafés and neighbourhood meeting places you get to know people in "
               "{town}. Most meetings are free; you do not need to register.</p>"),
        "ar": ("التعرّف على الناس",
               "<p>في النوادي الرياضية ومقاهي اللغة ولقاءات الحي تتعرف على الناس في {town}. معظم اللقاءات "
               "مجانية ولا تحتاج إلى تسجيل.</p>"),
    },
}

# town → topic key → the demo offers (external ids) that belong to it.
OFFERS = {
    "herten": {
        "ankommen": ["HER-022", "HER-025", "HER-030"],
        "deutsch-lernen": ["HER-001", "HER-002", "HER-003", "HER-004", "HER-005"],
        "arbeit": ["HER-011", "HER-012", "HER-013", "HER-014", "HER-015"],
        "wohnen": ["HER-024"],
        "familie": ["HER-006", "HER-007", "HER-009", "HER-010", "HER-021"],
        "beratung": ["HER-016", "HER-018", "HER-020", "HER-024"],
        "freizeit": ["HER-017", "HER-019", "HER-023", "HER-026", "HER-027", "HER-031"],
    },
    "herne": {
        "ankommen": ["HE-010", "HE-018", "HE-019", "HE-031"],
        "deutsch-lernen": ["HE-003", "HE-011"],
        "arbeit": ["HE-001", "HE-002", "HE-004", "HE-005", "HE-020"],
        "wohnen": ["HE-028"],
        "gesundheit": ["HE-013", "HE-014", "HE-015", "HE-016"],
        "familie": ["HE-006", "HE-007", "HE-008", "HE-009", "HE-012", "HE-025", "HE-027"],
        "beratung": ["HE-001", "HE-012", "HE-016", "HE-018", "HE-028"],
        "freizeit": ["HE-017", "HE-022", "HE-023", "HE-024", "HE-029", "HE-030"],
    },
    "hilden": {
        "ankommen": ["HI-009", "HI-024", "HI-025", "HI-027", "HI-030"],
        "deutsch-lernen": ["HI-001", "HI-002", "HI-003", "HI-005"],
        "arbeit": ["HI-019"],
        "gesundheit": ["HI-021", "HI-023"],
        "familie": ["HI-001", "HI-004", "HI-007", "HI-017"],
        "beratung": ["HI-002", "HI-014", "HI-021", "HI-024"],
        "freizeit": ["HI-006", "HI-008", "HI-011", "HI-015", "HI-016", "HI-018", "HI-020"],
    },
}


@transaction.atomic
def load_topics_demo():
    """Create what is missing; touch nothing that exists. Returns the number of texts created."""
    languages = {lang.code: lang for lang in Language.objects.filter(code__in=["en", "ar"])}
    created = 0
    for town in Municipality.objects.filter(slug__in=OFFERS):
        ensure_default_topics(town)
        for topic in town.topics.filter(key__in=TEXTS):
            topic.offers.add(*town.offers.filter(external_id__in=OFFERS[town.slug].get(topic.key, [])))
            texts = TEXTS[topic.key]
            title, body = texts["de"]
            title = title.format(town=town.name)
            if topic.texts.filter(title=title).exists():
                continue
            text = InformationText.objects.create(topic=topic, title=title, position=1,
                                                  body=body.format(town=town.name) + NOTE["de"])
            created += 1
            add_new(town, [(text, field, code, value)
                           for code in ("en", "ar") if code in languages
                           for field, value in zip(("title", "body"), (texts[code][0].format(town=town.name),
                                                                       texts[code][1].format(town=town.name) + NOTE[code]))])
    return created
