"""`teilhabe xliff-export SLUG --language CODE -o FILE`: everything translatable of a
municipality as an XLIFF 1.2 file for translators (teilhabe/translations/xliff.py)."""
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from teilhabe.municipalities.models import Municipality
from teilhabe.translations import xliff


class Command(BaseCommand):
    help = _("Schreibt alle übersetzbaren Texte einer Kommune als XLIFF-1.2-Datei für Übersetzer.")

    def add_arguments(self, parser):
        parser.add_argument("slug", help=_("Kurzname der Kommune"))
        parser.add_argument("--language", required=True, help=_("Zielsprache, z. B. ar"))
        parser.add_argument("-o", "--output", help=_("in diese Datei statt auf die Standardausgabe"))

    def handle(self, *args, slug, language, output, **options):
        municipality = Municipality.objects.filter(slug=slug).first()
        if municipality is None:
            raise CommandError(_("unbekannte Kommune '%(key)s'") % {"key": slug}, returncode=2)
        if language not in xliff.TARGET_LANGUAGES:
            raise CommandError(_("unbekannte Zielsprache '%(code)s'") % {"code": language}, returncode=2)
        data = xliff.export(municipality, language)
        if output:
            Path(output).write_bytes(data)
        else:
            sys.stdout.buffer.write(data)
