"""`teilhabe backup-files DIR`: every stored file (uploads) into DIR, for a backup; the
database is backed up on its own (docs/operations.md, "Backup and restore")."""
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from teilhabe.exchange.stored_files import back_up


class Command(BaseCommand):
    help = _("Kopiert alle abgelegten Dateien (Verzeichnis oder Objektspeicher) in ein Verzeichnis.")

    def add_arguments(self, parser):
        parser.add_argument("directory", help=_("Zielverzeichnis; vorhandene gleich große Dateien bleiben"))

    def handle(self, *args, directory, **options):
        Path(directory).mkdir(parents=True, exist_ok=True)
        count = back_up(directory)
        self.stdout.write(_("%(n)s Datei(en) in %(dir)s gesichert") % {"n": count, "dir": directory})
