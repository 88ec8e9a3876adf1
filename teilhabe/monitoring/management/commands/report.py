"""`teilhabe report SLUG --period YYYY --format pdf|html --output FILE`: the evaluation
report of one year (teilhabe/monitoring/report.py). Exit code 0 on success, 2 for bad
input (unknown municipality, a period that is no year, an unknown format, an output that
cannot be written); the file is written whole or not at all."""
import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from teilhabe.monitoring.report import ReportError, parse_period, render_html, render_pdf
from teilhabe.municipalities.models import Municipality

FORMATS = ("pdf", "html")


class Command(BaseCommand):
    help = _("Schreibt den Evaluationsbericht eines Jahres als PDF oder HTML.")

    def add_arguments(self, parser):
        parser.add_argument("slug", help=_("Kurzname der Kommune"))
        parser.add_argument("--period", required=True, help=_("Berichtsjahr, z. B. 2024"))
        parser.add_argument("--format", default="pdf", help=_("pdf (Vorgabe) oder html"))
        parser.add_argument("--output", required=True, help=_("Zieldatei"))

    def handle(self, *args, slug, period, format, output, **options):
        municipality = Municipality.objects.filter(slug=slug).first()
        if municipality is None:
            raise CommandError(_("unbekannte Kommune '%(key)s'") % {"key": slug}, returncode=2)
        try:
            year = parse_period(period)
        except ReportError as error:
            raise CommandError(str(error), returncode=2) from None
        kind = format.lower()
        if kind not in FORMATS:
            raise CommandError(_("unbekanntes Format '%(format)s': erlaubt sind pdf und html")
                               % {"format": format}, returncode=2)
        target = Path(output)
        folder = target.parent if str(target.parent) else Path(".")
        if target.is_dir():
            raise CommandError(_("%(path)s ist ein Verzeichnis, keine Datei") % {"path": output}, returncode=2)
        if not folder.is_dir():
            raise CommandError(_("Verzeichnis %(path)s gibt es nicht") % {"path": folder}, returncode=2)
        if not os.access(folder, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
            raise CommandError(_("%(path)s ist nicht beschreibbar") % {"path": output}, returncode=2)
        data = render_pdf(municipality, year) if kind == "pdf" else render_html(municipality, year).encode("utf-8")
        # Written beside the target and renamed: a reader never sees half a report.
        try:
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=".report-", suffix="." + kind)
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.chmod(temporary, 0o644)
            os.replace(temporary, target)
        except OSError as error:
            if "temporary" in locals() and os.path.exists(temporary):
                os.unlink(temporary)
            raise CommandError(_("%(path)s nicht geschrieben: %(error)s") % {"path": output, "error": error.strerror},
                               returncode=2) from None
        if options["verbosity"] > 0:
            self.stdout.write(_("Evaluationsbericht %(year)s für %(name)s geschrieben: %(path)s (%(size)s KB)") % {
                "year": year, "name": municipality.name, "path": output, "size": (len(data) + 1023) // 1024})
