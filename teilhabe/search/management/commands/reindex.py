"""`teilhabe reindex [slug ...]`: rebuild the search index from the content, then embed
every passage that has no vector yet; returns when the index is complete."""
import os

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from teilhabe.municipalities.models import Municipality
from teilhabe.offers.models import Offer
from teilhabe.search import index
from teilhabe.search.models import Document, Embedding, Passage


class Command(BaseCommand):
    help = "Suchindex neu aufbauen (Begriffe und fehlende Vektoren); endet, wenn er vollständig ist."

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", help="only these municipalities (default: all)")
        parser.add_argument("--no-embed", action="store_true", help="lexical index only")
        parser.add_argument("--prune", action="store_true",
                            help="also delete vectors no passage uses any more")

    def handle(self, *slugs, no_embed=False, prune=False, verbosity=1, **options):
        municipalities = Municipality.objects.order_by("slug")
        if slugs:
            municipalities = municipalities.filter(slug__in=slugs)
            missing = set(slugs) - set(municipalities.values_list("slug", flat=True))
            if missing:
                raise CommandError(f"unknown municipality: {', '.join(sorted(missing))}")
        else:
            # Documents of municipalities that no longer exist go with them (cascade).
            pass
        quiet = verbosity == 0
        total = Offer.objects.public().filter(municipality__in=municipalities).count()
        with tqdm(total=total, desc="Begriffe", unit="Angebot", disable=quiet) as bar:
            for municipality in municipalities:
                index.refresh_municipality(municipality, progress=bar.update)
        if not no_embed:
            # A rebuild may use every core (read when this process first loads the model).
            os.environ.setdefault("TEILHABE_EMBED_THREADS", str(os.cpu_count() or 1))
            with tqdm(total=index.pending_passages(), desc="Vektoren", unit="Abschnitt", disable=quiet) as bar:
                index.embed_pending(progress=bar.update)
        if prune:
            used = Passage.objects.values("hash")
            deleted, _ = Embedding.objects.exclude(hash__in=used).delete()
            if not quiet:
                self.stdout.write(f"{deleted} unused vectors deleted")
        if not quiet:
            self.stdout.write(
                f"{Document.objects.filter(municipality__in=municipalities).count()} documents, "
                f"{Document.objects.filter(municipality__in=municipalities, needs_embedding=True).count()} "
                "waiting for vectors")
