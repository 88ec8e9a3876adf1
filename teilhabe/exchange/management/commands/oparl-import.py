"""`teilhabe oparl-import URL --municipality SLUG [--body ID]`: import one Body of an OParl
1.0/1.1 endpoint (ALLRIS, SessionNet, another teilhabe …) into the municipality's council
part, incrementally (exchange/oparl_import.py, docs/oparl.md). Exit code 0 on success, 2
when the endpoint cannot be read or its data cannot be imported (nothing is written then)."""
from django.core.management.base import BaseCommand, CommandError, no_translations
from django.utils.translation import gettext as _

from teilhabe.exchange.cli import fail
from teilhabe.exchange.oparl_client import OParlFetchError
from teilhabe.exchange.oparl_import import import_body, summary
from teilhabe.lib.problems import ExchangeError
from teilhabe.municipalities.models import Municipality


class Command(BaseCommand):
    help = _("Importiert eine Körperschaft eines OParl-Endpunkts (1.0, 1.1) in den Ratsbereich einer Kommune; "
             "jeder weitere Lauf holt nur, was sich seitdem geändert hat.")

    def add_arguments(self, parser):
        parser.add_argument("url", help=_("Adresse des OParl-Systems (oder einer Körperschaft)"))
        parser.add_argument("--municipality", required=True, metavar="SLUG", help=_("Kennung der Kommune"))
        parser.add_argument("--body", metavar="ID",
                            help=_("Kennung (id) der Körperschaft, wenn das System mehrere hat"))

    @no_translations  # the summary speaks German, whatever language a caller left active
    def handle(self, *args, url, municipality, body, **options):
        m = Municipality.objects.filter(slug=municipality).first()
        if m is None:
            raise CommandError(_("Keine Kommune mit der Kennung „%(slug)s“.") % {"slug": municipality},
                               returncode=2)
        try:
            counts, notices = import_body(url, m, body_id=body)
        except OParlFetchError as error:
            raise CommandError(_("Der OParl-Endpunkt ist nicht lesbar – nichts wurde importiert. %(url)s: "
                                 "%(message)s") % {"url": error.url, "message": error.message}, returncode=2) from None
        except ExchangeError as error:
            fail(self, error)
        for line in notices:
            self.stderr.write(line)
        if options["verbosity"] > 0:
            for line in summary(counts):
                self.stdout.write(line)
