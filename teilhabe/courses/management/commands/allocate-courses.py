"""`teilhabe allocate-courses KREIS_SLUG --date YYYY-MM-DD [--format json|text] [--apply]`:
the allocation proposal of a Kreis's waiting list on a date (the optimum: most learners
placed, then least total waiting days), printed without writing anything; with --apply
confirmed as the Kreis coordinator would (actions.confirm_allocation, in the history as
made by a command on the server).

What is allocated (docs/operations.md says the same):
- learners waiting on the date: registered on or before it; placed or withdrawn ones are not;
- courses of the Kreis that are planned or open for registration, start on or after the
  date and have free places (capacity minus places booked outside the list minus learners
  already placed);
- `--format json` prints exactly {"assignments": [{"learner", "course", "wait_days"}],
  "unassigned": [...], "placed", "total_wait_days"} — learners and courses by external_id,
  assignments and unassigned sorted by the learner's external_id.
Exit code 2 for an unknown Kreis (a town's slug included) or a date that is not
YYYY-MM-DD; 1 when --apply is refused because the data changed meanwhile."""
import datetime
import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from teilhabe.courses.actions import confirm_allocation
from teilhabe.courses.proposal import propose
from teilhabe.municipalities.models import Municipality


class Command(BaseCommand):
    help = _("Schlägt die Vermittlung der Warteliste eines Kreises in Integrationskurse vor "
             "(mit --apply: bestätigt sie).")

    def add_arguments(self, parser):
        parser.add_argument("kreis", help=_("Kurzname des Kreises"))
        parser.add_argument("--date", required=True, help=_("Stichtag, JJJJ-MM-TT"))
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--apply", action="store_true", help=_("den Vorschlag als bestätigt speichern"))

    def handle(self, *args, kreis, date, format, apply, **options):
        try:
            on_date = datetime.date.fromisoformat(date) if len(date) == 10 else None
        except ValueError:
            on_date = None
        if on_date is None:
            raise CommandError(_("--date: kein Datum der Form JJJJ-MM-TT: '%(date)s'") % {"date": date},
                               returncode=2)
        municipality = Municipality.objects.filter(slug=kreis, kind=Municipality.Kind.KREIS).first()
        if municipality is None:
            raise CommandError(_("unbekannter Kreis '%(key)s'") % {"key": kreis}, returncode=2)
        proposal = propose(municipality, on_date)
        if apply:
            try:
                confirm_allocation(municipality, on_date, None, proposal.result.assignments, proposal=proposal,
                                   via="command")
            except ValidationError as refused:
                raise CommandError("\n".join(refused.messages)) from None
        assignments = sorted(
            ({"learner": learner.external_id, "course": course.external_id, "wait_days": days}
             for learner, course, days in proposal.assignments()), key=lambda a: a["learner"])
        unassigned = sorted(learner.external_id for learner in proposal.unassigned())
        if format == "json":
            self.stdout.write(json.dumps({
                "assignments": assignments, "unassigned": unassigned,
                "placed": proposal.result.placed, "total_wait_days": proposal.result.total_wait_days,
            }, ensure_ascii=False))
            return
        for a in assignments:
            self.stdout.write(_("%(learner)s → %(course)s (%(days)s Tage Wartezeit)") % {
                "learner": a["learner"], "course": a["course"], "days": a["wait_days"]})
        for external_id in unassigned:
            self.stdout.write(_("%(learner)s: kein Platz") % {"learner": external_id})
        self.stdout.write(_("%(placed)s vermittelt, %(waiting)s ohne Platz, %(days)s Wartetage insgesamt; "
                            "nach Eingangsreihenfolge %(fcfs)s vermittelt, %(fcfs_days)s Wartetage.%(applied)s") % {
            "placed": proposal.result.placed, "waiting": len(unassigned), "days": proposal.result.total_wait_days,
            "fcfs": proposal.fcfs.placed, "fcfs_days": proposal.fcfs.total_wait_days,
            "applied": " " + _("Als bestätigt gespeichert.") if apply else ""})
