"""`teilhabe purge-personal-data`: delete or anonymise registrations and idea submitters'
contact data after each municipality's retention period (default 6 months after the event
or the decision), and unconfirmed supports, comments and ideas. Run it daily (cron or a
systemd timer); it is idempotent. Prints counts only, never personal data."""
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from teilhabe.participation.actions import purge_personal_data


class Command(BaseCommand):
    help = "Löscht bzw. anonymisiert personenbezogene Daten der Beteiligung nach der Aufbewahrungsfrist."

    def handle(self, *args, **options):
        counts = purge_personal_data()
        if options["verbosity"]:
            self.stdout.write(_("Anmeldungen anonymisiert: %(registrations)s; Ideen: %(ideas)s; Kommentare: "
                                "%(comments)s; unbestätigte Unterstützungen: %(supports)s; abgelaufene Sperren: "
                                "%(rate_limits)s") % counts)
