"""A starter catalogue of common municipal integration indicators (after the KGSt
integration monitoring and the Länder's Integrationsmonitoring). A municipality adopts it
with actions.adopt_catalogue; adopted indicators are ordinary indicators it can edit."""
from django.utils.translation import gettext_lazy as _

CATALOGUE = [
    {
        "key": "anteil-auslaender",
        "name": _("Anteil ausländischer Staatsangehöriger"),
        "definition": _("Einwohnerinnen und Einwohner ohne deutsche Staatsangehörigkeit je 100 Einwohner."),
        "unit": "%", "direction": "higher",
        "numerator": _("Ausländerinnen und Ausländer (Hauptwohnsitz)"),
        "denominator": _("Einwohnerinnen und Einwohner (Hauptwohnsitz)"),
        "source": _("Einwohnermeldeamt / kommunale Statistik"),
        "breakdowns": ["district", "year"],
    },
    {
        "key": "anteil-migrationshintergrund",
        "name": _("Anteil der Einwohner mit Migrationshintergrund"),
        "definition": _("Einwohnerinnen und Einwohner mit Migrationshintergrund (Ausländer, Eingebürgerte, "
                        "Aussiedler, Deutsche mit Migrationshintergrund) je 100 Einwohner."),
        "unit": "%", "direction": "higher",
        "numerator": _("Einwohner mit Migrationshintergrund"),
        "denominator": _("Einwohnerinnen und Einwohner (Hauptwohnsitz)"),
        "source": _("Einwohnermeldeamt / kommunale Statistik (Ableitungsverfahren MigraPro)"),
        "breakdowns": ["district", "year"],
    },
    {
        "key": "einbuergerungsquote",
        "name": _("Einbürgerungsquote"),
        "definition": _("Einbürgerungen im Jahr je 100 Ausländerinnen und Ausländer mit mindestens "
                        "zehn Jahren Aufenthalt."),
        "unit": "%", "direction": "higher",
        "numerator": _("Einbürgerungen im Jahr"),
        "denominator": _("Ausländerinnen und Ausländer mit Aufenthaltsdauer ≥ 10 Jahre am 31.12. des Vorjahres"),
        "source": _("Einbürgerungsbehörde, Ausländerzentralregister"),
        "breakdowns": ["year", "nationality_group"],
    },
    {
        "key": "kita-familiensprache",
        "name": _("Kinder in Kindertagesbetreuung mit nicht deutscher Familiensprache"),
        "definition": _("Betreuungsquote der Kinder unter sechs Jahren, deren Familiensprache nicht "
                        "überwiegend Deutsch ist."),
        "unit": "%", "direction": "higher",
        "numerator": _("betreute Kinder unter 6 Jahren mit nicht deutscher Familiensprache"),
        "denominator": _("Kinder unter 6 Jahren mit nicht deutscher Familiensprache"),
        "source": _("Kinder- und Jugendhilfestatistik, Jugendamt"),
        "breakdowns": ["district", "year", "age_band"],
    },
    {
        "key": "schulabgang-ohne-abschluss",
        "name": _("Schulabgängerinnen und -abgänger ohne Abschluss"),
        "definition": _("Abgängerinnen und Abgänger allgemeinbildender Schulen ohne Hauptschulabschluss "
                        "je 100 Abgänger, nach Staatsangehörigkeit."),
        "unit": "%", "direction": "lower",
        "numerator": _("Abgänger ohne Hauptschulabschluss"),
        "denominator": _("Abgänger allgemeinbildender Schulen"),
        "source": _("Schulstatistik (IT.NRW bzw. Statistisches Landesamt)"),
        "breakdowns": ["year", "sex", "nationality_group"],
    },
    {
        "key": "arbeitslosenquote",
        "name": _("Arbeitslosenquote nach Staatsangehörigkeit"),
        "definition": _("Arbeitslose je 100 zivile Erwerbspersonen, Deutsche und Ausländer getrennt."),
        "unit": "%", "direction": "lower",
        "numerator": _("Arbeitslose"),
        "denominator": _("zivile Erwerbspersonen"),
        "source": _("Statistik der Bundesagentur für Arbeit"),
        "breakdowns": ["year", "month", "nationality_group"],
    },
    {
        "key": "sgb-ii-quote",
        "name": _("SGB-II-Quote nach Staatsangehörigkeit"),
        "definition": _("Leistungsberechtigte nach SGB II je 100 Einwohner unter der Regelaltersgrenze, "
                        "Deutsche und Ausländer getrennt."),
        "unit": "%", "direction": "lower",
        "numerator": _("Leistungsberechtigte nach SGB II"),
        "denominator": _("Einwohner von 0 Jahren bis zur Regelaltersgrenze"),
        "source": _("Statistik der Bundesagentur für Arbeit, Einwohnermeldeamt"),
        "breakdowns": ["district", "year", "nationality_group"],
    },
    {
        "key": "verwaltung-personal-migrationsgeschichte",
        "name": _("Beschäftigte der Verwaltung mit Einwanderungsgeschichte"),
        "definition": _("Anteil der Beschäftigten der Kommunalverwaltung mit eigener oder familiärer "
                        "Einwanderungsgeschichte, aus einer freiwilligen anonymen Befragung."),
        "unit": "%", "direction": "higher",
        "numerator": _("Antwortende mit Einwanderungsgeschichte"),
        "denominator": _("Antwortende insgesamt"),
        "source": _("anonyme Beschäftigtenbefragung der Verwaltung (keine personenbezogene Erfassung)"),
        "breakdowns": ["year"],
    },
]

KEYS = [entry["key"] for entry in CATALOGUE]
