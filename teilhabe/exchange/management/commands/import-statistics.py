"""`teilhabe import-statistics FILE.csv --municipality SLUG --mapping MAPPING`: observations
of indicators from a long-format CSV (the mapping's format is in
teilhabe/monitoring/importer.py). MAPPING is a JSON file, or the key of a mapping saved
for the municipality; --save-mapping KEY keeps the given one. Exit code 0 on success, 2
when anything is wrong (nothing is written then)."""
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from teilhabe.exchange.cli import fail, read_source
from teilhabe.exchange.validate import ExchangeError, text_problems
from teilhabe.monitoring.importer import import_statistics
from teilhabe.monitoring.models import ImportMapping
from teilhabe.municipalities.models import Municipality


class Command(BaseCommand):
    help = _("Importiert Messwerte von Indikatoren aus einer CSV-Datei im Langformat (eine Zeile je Wert).")

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("CSV-Datei, oder - für die Standardeingabe"))
        parser.add_argument("--municipality", required=True, help=_("Kurzname der Kommune"))
        parser.add_argument("--mapping", required=True,
                            help=_("Spaltenzuordnung: JSON-Datei oder Schlüssel einer gespeicherten Zuordnung"))
        parser.add_argument("--save-mapping", metavar="KEY", help=_("die Zuordnung unter diesem Schlüssel speichern"))
        parser.add_argument("--quiet", action="store_true", help=_("keinen Fortschrittsbalken zeigen"))

    def handle(self, *args, file, municipality, mapping, save_mapping, quiet, **options):
        slug = municipality
        municipality = Municipality.objects.filter(slug=slug).first()
        if municipality is None:
            raise CommandError(_("unbekannte Kommune '%(key)s'") % {"key": slug}, returncode=2)
        path = Path(mapping)
        mapping_name = path.name if path.is_file() else mapping
        if path.is_file():
            try:
                config = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
                raise CommandError(_("Zuordnung nicht lesbar: %(error)s") % {"error": error}, returncode=2) from None
            except RecursionError:
                raise CommandError(_("Zuordnung nicht lesbar: zu tief verschachtelt"), returncode=2) from None
            if problems := text_problems(config):
                raise CommandError(_("Zuordnung nicht lesbar: %(error)s") % {"error": problems[0]}, returncode=2)
        else:
            saved = ImportMapping.objects.filter(municipality=municipality, key=mapping).first()
            if saved is None:
                raise CommandError(_("Zuordnung '%(key)s' ist weder eine Datei noch für %(municipality)s "
                                     "gespeichert") % {"key": mapping, "municipality": municipality.name},
                                   returncode=2)
            config = saved.config
        source = read_source(file)
        try:
            with transaction.atomic():
                summary = import_statistics(source, municipality=municipality, mapping=config,
                                            progress=not quiet, file_name=Path(file).name,
                                            mapping_name=mapping_name)
                if save_mapping:
                    ImportMapping.objects.update_or_create(
                        municipality=municipality, key=save_mapping,
                        defaults={"config": config, "name": str(config.get("name", ""))[:200]})
        except ExchangeError as error:
            fail(self, error)
        if options["verbosity"] > 0:
            self.stdout.write(str(summary))
