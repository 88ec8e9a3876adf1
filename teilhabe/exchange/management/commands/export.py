"""`teilhabe export SLUG`: a municipality as a teilhabe-exchange/1 document on stdout
(or into --output); with --files DIR also the files its news refer to (pictures, PDFs)."""
from types import SimpleNamespace

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from teilhabe.exchange.exporter import write_document
from teilhabe.exchange.news_sections import stored_media
from teilhabe.exchange.stored_files import copy_out
from teilhabe.municipalities.models import Municipality


class Command(BaseCommand):
    # argparse needs a real string, not a lazy one; commands load after set-up.
    help = _("Exportiert eine Kommune im Austauschformat teilhabe-exchange/1 (siehe docs/exchange-format.md).")

    def add_arguments(self, parser):
        parser.add_argument("slug", help=_("Kurzname der Kommune"))
        parser.add_argument("-o", "--output", help=_("in diese Datei statt auf die Standardausgabe"))
        parser.add_argument("--files", help=_("die Dateien der Meldungen (Bilder, PDF) in dieses Verzeichnis"))

    def handle(self, *args, slug, output, files, **options):
        municipality = Municipality.objects.filter(slug=slug).first()
        if municipality is None:
            raise CommandError(_("unbekannte Kommune '%(key)s'") % {"key": slug}, returncode=2)
        if files:
            _copied, missing = copy_out(stored_media(municipality), files)
            if missing:
                raise CommandError(_("Gespeicherte Dateien fehlen: %(names)s") % {"names": ", ".join(missing)},
                                   returncode=2)
        if output:
            with open(output, "w", encoding="utf-8") as out:
                write_document(municipality, out)
        else:
            write_document(municipality, SimpleNamespace(write=lambda text: self.stdout.write(text, ending="")))
