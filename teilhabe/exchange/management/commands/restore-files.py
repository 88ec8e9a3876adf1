"""`teilhabe restore-files DIR`: the files of a `teilhabe backup-files DIR` back into the
storage the settings name (a directory or object storage, also another one than before)."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from teilhabe.exchange.stored_files import restore


class Command(BaseCommand):
    help = _("Legt die Dateien einer Sicherung von „teilhabe backup-files“ wieder ab.")

    def add_arguments(self, parser):
        parser.add_argument("directory", help=_("Verzeichnis der Sicherung"))

    def handle(self, *args, directory, **options):
        if not Path(directory).is_dir():
            raise CommandError(_("kein Verzeichnis: %(dir)s") % {"dir": directory}, returncode=2)
        copied, present = restore(directory)
        self.stdout.write(_("%(n)s Datei(en) abgelegt, %(m)s waren schon da") % {"n": copied, "m": present})
