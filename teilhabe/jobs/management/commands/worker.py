import signal
import time

from django.core.management.base import BaseCommand

from teilhabe import jobs


class Command(BaseCommand):
    help = "Runs background jobs (embeddings, e-mails …) from the database queue until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run the due jobs, then exit")
        parser.add_argument("--sleep", type=float, default=1.0, help="seconds to wait when the queue is empty")

    def handle(self, *args, once=False, sleep=1.0, **options):
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        signal.signal(signal.SIGINT, lambda *_: stopping.append(True))
        if once:
            jobs.schedule_periodic()
            count = jobs.run_pending()
            self.stdout.write(f"{count} job(s) run")
            return
        self.stdout.write(f"worker {jobs.worker_id()} started")
        idle_rounds = 0
        while not stopping:
            job = jobs.claim_next()
            if job is None:
                idle_rounds += 1
                if idle_rounds % 600 == 1:  # about every ten minutes when idle
                    jobs.schedule_periodic()
                    jobs.forget_old()
                time.sleep(sleep)
                continue
            jobs.run_job(job)  # a job in progress finishes before a stop takes effect
        self.stdout.write("worker stopped")
