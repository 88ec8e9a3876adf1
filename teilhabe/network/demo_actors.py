"""Herne's network partners beyond the 22 actors of the demo document: the seed speaks of
more than 100 actors in six fields. Invented organisations of the kinds a town's
integration network holds — associations, migrant organisations, mosque and other
religious communities, welfare organisations, schools and day-care centres, education
providers, neighbourhood offices — each with its districts and languages.

The names are made up from a name pattern of the kind, an invented name word and a
district, so that they read like local organisations without naming a real one. They are
not published: the coordination knows them, the public directory shows the 22 of the
document. Deterministic (a fixed seed): every load makes the same 90."""
import random

# kind: [(name pattern, description[, languages to choose from])]; {w} an invented name word, {d} a
# district, {o} an origin.
PATTERNS = {
    "association": [
        ("Nachbarschaftsverein {w} {d} e. V.",
         "Nachbarschaftsfeste, Hausaufgabenhilfe und ein offener Treff im Stadtteil."),
        ("Sprachcafé {w} {d}", "Ehrenamtliche üben wöchentlich Deutsch im Gespräch mit Neuzugewanderten."),
        ("Elterninitiative {w} {d}", "Eltern begleiten Eltern zu Kita, Schule und Elternabenden."),
        ("Seniorentreff {w} {d}", "Begegnung und Beratung für ältere Menschen aller Herkunft."),
        ("Patenschaftsnetz {w} {d}", "Ehrenamtliche Patinnen und Paten begleiten Familien in den ersten Monaten."),
    ],
    "migrant_organisation": [
        ("{o} Kulturverein {w} {d} e. V.",
         "Kulturabende, Muttersprachunterricht für Kinder und Beratung in der Herkunftssprache."),
        ("{o} Frauenverein {w} e. V.", "Frauentreff, Begleitung zu Ämtern und Informationsabende."),
        ("Jugendverband {w} {d} e. V.", "Jugendarbeit, Bewerbungstraining und Ausflüge, selbst organisiert."),
    ],
    "religious_community": [
        ("Moscheeverein {w} {d} e. V.",
         "Gebetsraum, Hausaufgabenhilfe, Frauengruppe und Austausch mit den Kirchengemeinden.",
         ["tr", "ar", "ku", "bg"]),
        ("Interreligiöser Gesprächskreis {w} {d}",
         "Mitglieder verschiedener Gemeinden laden zu Gesprächsabenden ein."),
        ("Orthodoxe Gemeinde {w} {d}",
         "Gemeindeleben, Chor und Sprachkurse für Kinder.", ["el", "ru", "ro", "bg", "uk"]),
    ],
    "welfare_organisation": [
        ("Migrationsberatung {w} {d}", "Beratung zu Aufenthalt, Familiennachzug, Wohnen und Arbeit."),
        ("Sozialdienst {w} {d} e. V.", "Sozialberatung, Schuldnerberatung und Begleitung von Familien."),
        ("Gesundheitslotsinnen {w} {d}", "Geschulte Lotsinnen erklären das Gesundheitssystem in mehreren Sprachen."),
    ],
    "school_or_daycare": [
        ("Kita {w} {d}", "Kindertagesstätte mit alltagsintegrierter Sprachbildung und Elterncafé."),
        ("Grundschule {w} {d}", "Grundschule mit Sprachförderung und Sprechstunden mit Sprachmittlung."),
        ("Familienzentrum {w} {d}", "Eltern-Kind-Gruppen, Beratung und Deutschkurse mit Kinderbetreuung."),
    ],
    "education_provider": [
        ("Bildungswerk {w} gGmbH", "Integrations- und Berufssprachkurse, Alphabetisierung."),
        ("Qualifizierungszentrum {w} {d}", "Berufsorientierung, Anerkennungsberatung und Praktika für Erwachsene."),
        ("Lernwerkstatt {w} {d} e. V.", "Nachhilfe und Lernbegleitung für Schülerinnen und Schüler."),
    ],
    "other": [
        ("Stadtteilladen {w} {d}", "Anlaufstelle im Quartier für Fragen, Ideen und Nachbarschaftsprojekte."),
        ("Jugendtreff {w} {d}", "Offene Jugendarbeit mit Sport, Musik und Hausaufgabenhilfe."),
        ("Quartiersgarten {w} {d}", "Gemeinschaftsgarten, in dem Nachbarinnen und Nachbarn gemeinsam gärtnern."),
    ],
}
# How many of each kind (together 90), roughly as in a town's network.
COUNTS = {"association": 22, "migrant_organisation": 18, "religious_community": 8, "welfare_organisation": 10,
          "school_or_daycare": 14, "education_provider": 8, "other": 10}
WORDS = ["Brückenschlag", "Lindenblüte", "Kleeblatt", "Morgenrot", "Sonnenbogen", "Zugvogel", "Mosaik", "Windrose",
         "Miteinander", "Farbenfroh", "Sternschnuppe", "Lindenhof", "Ahornbogen", "Förderturm", "Kohleninsel",
         "Emscherbrise", "Kanalufer", "Zechengarten", "Rosenbogen", "Vogelnest", "Wegweiser", "Nordstern",
         "Seidenfaden", "Apfelbaum", "Kastanienhof", "Schachtblick", "Weidenkorb", "Himmelsleiter", "Silberpappel",
         "Kornblume", "Haldenblick", "Lerchenfeld"]
# origin adjective → languages besides German
ORIGINS = {"Griechischer": ["el"], "Kurdischer": ["ku", "tr"], "Syrischer": ["ar"], "Rumänischer": ["ro"],
           "Bulgarischer": ["bg", "tr"], "Polnischer": ["pl"], "Iranischer": ["fa"], "Ukrainischer": ["uk", "ru"],
           "Russischsprachiger": ["ru"], "Türkischer": ["tr"], "Arabischer": ["ar"]}
OTHER_LANGUAGES = ["tr", "ar", "ru", "uk", "pl", "ro", "bg", "fa", "ku", "el", "en"]


def herne_partners(district_names, count):
    """[(external_id, name, kind, description, district names, language codes)] — `count` of them."""
    rnd = random.Random(6)
    kinds = [kind for kind, n in COUNTS.items() for _ in range(n)]
    rnd.shuffle(kinds)
    names, partners = set(), []
    for i, kind in enumerate(kinds[:count], start=1):
        while True:
            pattern, description, *pool = rnd.choice(PATTERNS[kind])
            origin = rnd.choice(sorted(ORIGINS))
            district = rnd.choice(district_names)
            name = pattern.format(w=rnd.choice(WORDS), d=district, o=origin)
            if name not in names:
                break
        names.add(name)
        pool = pool[0] if pool else OTHER_LANGUAGES
        languages = ["de", *(ORIGINS[origin] if "{o}" in pattern else rnd.sample(pool, rnd.randint(1, 3)))]
        districts = [district, *rnd.sample(district_names, rnd.randint(0, 1))]
        partners.append((f"netz-{i:03d}", name, kind, description, sorted(set(districts)), languages))
    return partners
