"""`teilhabe import FILE`: import a teilhabe-exchange/1 document (`-` reads stdin).
Exit code 0 on success, 2 when the document is invalid (nothing is written then)."""
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from teilhabe.exchange.cli import fail, read_source
from teilhabe.exchange.importer import import_document, validate_document
from teilhabe.exchange.validate import ExchangeError, parse_json


class Command(BaseCommand):
    # argparse needs a real string, not a lazy one; commands load after set-up.
    help = _("Importiert ein Dokument im Austauschformat teilhabe-exchange/1 (siehe docs/exchange-format.md).")

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("JSON-Datei, oder - für die Standardeingabe"))
        parser.add_argument("--check", action="store_true", help=_("nur prüfen, nichts schreiben"))
        parser.add_argument("--quiet", action="store_true", help=_("keinen Fortschrittsbalken zeigen"))
        parser.add_argument("--via", default="import", help=_("Herkunft in der Änderungshistorie"))
        parser.add_argument("--files", help=_("Verzeichnis mit den Dateien der Meldungen (von export --files)"))

    def handle(self, *args, file, check, quiet, via, files, **options):
        try:
            data = parse_json(read_source(file))
            if check:
                problems = validate_document(data, files=files)
                if problems:
                    raise ExchangeError(problems)
            else:
                summary = import_document(data, via=via, progress=not quiet, files=files)
        except ExchangeError as error:
            fail(self, error)
        if options["verbosity"] > 0:
            self.stdout.write(_("Keine Probleme gefunden.") if check else str(summary))
