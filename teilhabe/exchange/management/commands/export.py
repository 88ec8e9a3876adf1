"""`teilhabe export SLUG`: a municipality as a teilhabe-exchange/1 document on stdout
(or into --output)."""
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from teilhabe.exchange.exporter import export_municipality
from teilhabe.municipalities.models import Municipality


class Command(BaseCommand):
    # argparse needs a real string, not a lazy one; commands load after set-up.
    help = _("Exportiert eine Kommune im Austauschformat teilhabe-exchange/1 (siehe docs/exchange-format.md).")

    def add_arguments(self, parser):
        parser.add_argument("slug", help=_("Kurzname der Kommune"))
        parser.add_argument("-o", "--output", help=_("in diese Datei statt auf die Standardausgabe"))

    def handle(self, *args, slug, output, **options):
        municipality = Municipality.objects.filter(slug=slug).first()
        if municipality is None:
            raise CommandError(_("unbekannte Kommune '%(key)s'") % {"key": slug}, returncode=2)
        text = json.dumps(export_municipality(municipality), ensure_ascii=False, indent=2) + "\n"
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
