"""`teilhabe import-offers FILE.csv --municipality SLUG`: offers from a spreadsheet
(columns in docs/exchange-format.md). Exit code 0 on success, 2 when a line is invalid
(nothing is written then)."""
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from teilhabe.exchange.cli import fail, read_source
from teilhabe.exchange.csv_offers import import_offers_csv
from teilhabe.exchange.validate import ExchangeError


class Command(BaseCommand):
    # argparse needs a real string, not a lazy one; commands load after set-up.
    help = _("Importiert Angebote aus einer CSV-Datei (Spalten: siehe docs/exchange-format.md).")

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("CSV-Datei (UTF-8, Trennzeichen , oder ;), oder - für die Standardeingabe"))
        parser.add_argument("--municipality", required=True, help=_("Kurzname der Kommune"))
        parser.add_argument("--quiet", action="store_true", help=_("keinen Fortschrittsbalken zeigen"))
        parser.add_argument("--via", default="import", help=_("Herkunft in der Änderungshistorie"))

    def handle(self, *args, file, municipality, quiet, via, **options):
        try:
            summary = import_offers_csv(read_source(file), municipality=municipality, via=via,
                                        progress=not quiet)
        except ExchangeError as error:
            fail(self, error)
        if options["verbosity"] > 0:
            self.stdout.write(str(summary))
