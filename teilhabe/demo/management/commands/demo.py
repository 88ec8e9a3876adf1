"""`teilhabe demo`: load the demo municipalities (Kreis Mettmann, Herten, Herne, Hilden)
and the demo logins, then print the logins. Idempotent; exit code 1 if a demo document
is rejected (nothing is written then)."""
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from teilhabe.council.demo import load_council_demo
from teilhabe.demo.council_links import link_council_demo
from teilhabe.demo.easy_language import load_easy_language_demo
from teilhabe.demo.load import DemoLoadError, load_demo
from teilhabe.demo.users import DEFAULT_PASSWORD
from teilhabe.lib.env import env_str
from teilhabe.monitoring.demo import load_monitoring_demo
from teilhabe.network.demo import load_network_demo
from teilhabe.news.demo import load_news_demo
from teilhabe.participation.demo import load_participation_demo
from teilhabe.participation.demo_upcoming import load_upcoming_demo
from teilhabe.topics.demo import load_topics_demo



class Command(BaseCommand):
    # argparse needs a real string, not a lazy one; commands load after set-up.
    help = _("Lädt die Demo-Daten (Kreis Mettmann, Herten, Herne, Hilden) und die Demo-Zugänge. "
             "Das Passwort aller Demo-Zugänge ist „%(password)s“ oder der Wert von "
             "TEILHABE_DEMO_PASSWORD.") % {"password": DEFAULT_PASSWORD}

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help=_("nichts ausgeben außer Fehlern"))

    def handle(self, *args, quiet, **options):
        password = env_str("TEILHABE_DEMO_PASSWORD") or DEFAULT_PASSWORD
        try:
            with transaction.atomic():
                summaries, logins = load_demo(password=password)
                load_participation_demo()
                load_upcoming_demo()
                load_network_demo()
                load_monitoring_demo()
                load_council_demo()
                link_council_demo()
                load_topics_demo()
                load_easy_language_demo()
                load_news_demo()
        except DemoLoadError as error:
            for line in error.errors:
                self.stderr.write(f"{error.document}.json: {line}")
            raise CommandError(_("%(n)s Problem(e) in den Demo-Daten – nichts wurde geladen.") % {
                "n": len(error.errors)}, returncode=1) from None
        if quiet or options["verbosity"] == 0:
            return
        for summary in summaries:
            if options["verbosity"] > 1:
                self.stdout.write(str(summary))
            else:
                self.stdout.write(self._one_line(summary))
        self.stdout.write("")
        self.stdout.write(_("Demo-Zugänge (Passwort für alle: %(password)s):") % {"password": password})
        self.stdout.write(self._table(logins))
        self.stdout.write("")
        # scripts/demo serves on TEILHABE_DEMO_BIND; say where the logins work.
        bind = env_str("TEILHABE_DEMO_BIND") or "127.0.0.1:8000"
        self.stdout.write(_("Anmelden unter %(url)s") % {"url": f"http://{bind}/backoffice/"})

    @staticmethod
    def _one_line(summary):
        created = sum(c.get("created", 0) for c in summary.counts.values())
        updated = sum(c.get("updated", 0) for c in summary.counts.values())
        if not summary.changed:
            return _("%(name)s: unverändert") % {"name": summary.name}
        return _("%(name)s: %(created)s Einträge neu, %(updated)s geändert") % {
            "name": summary.name, "created": created, "updated": updated}

    @staticmethod
    def _table(logins):
        header = (_("Benutzer"), _("Rolle"), _("Kommune"), _("Passwort"))
        rows = [(login.username,
                 f"{login.role} ({login.actor})" if login.actor else login.role,
                 login.municipality, login.password) for login in logins]
        widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]

        def line(row):
            return "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip()

        return "\n".join([line(header), line(["-" * w for w in widths]), *(line(row) for row in rows)])
