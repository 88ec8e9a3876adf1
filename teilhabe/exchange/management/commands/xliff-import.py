"""`teilhabe xliff-import FILE`: a translated XLIFF file back, all or nothing
(teilhabe/translations/xliff.py)."""
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from teilhabe.translations import xliff


class Command(BaseCommand):
    help = _("Liest eine übersetzte XLIFF-Datei ein: ganz oder gar nicht.")

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("XLIFF-Datei aus xliff-export"))

    def handle(self, *args, file, **options):
        try:
            data = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(str(error), returncode=2) from None
        try:
            municipality, code, imported, flagged = xliff.import_file(data)
        except ValidationError as error:
            raise CommandError("\n".join(error.messages), returncode=1) from None
        self.stdout.write(_("%(count)s Übersetzungen (%(code)s) für %(name)s übernommen.")
                          % {"count": imported, "code": code, "name": municipality.name})
        for unit_id in flagged:
            self.stdout.write(_("%(id)s: der deutsche Text hat sich seit dem Export geändert; "
                                "als zu prüfen markiert") % {"id": unit_id})
