"""Open data of a municipality: its DCAT-AP.de catalogue (JSON-LD) and each dataset as CSV.

The CSV files are UTF-8 **with** a byte order mark, comma-separated, CRLF line ends, a
header row and one row per object in a fixed column order (RFC 4180): programs read them
as they are (Python's utf-8-sig, pandas, R, LibreOffice), and Excel, which takes a file
without BOM for Windows-1252 and garbles every umlaut, reads the text right."""
import csv
import io

from django.utils.translation import gettext as _

from teilhabe.opendata.datasets import DATASETS
from teilhabe.opendata.models import OpenDataSettings

from .. import dcat, public
from ..http import NotFound, Payload, api_view


@api_view(params=())
def catalogue(request, slug):
    m = public.municipality(slug)
    document, newest = dcat.catalogue(request, m, OpenDataSettings.of(m))
    return Payload(document, newest, content_type="application/ld+json")


@api_view(params=())
def dataset_csv(request, slug, name):
    m = public.municipality(slug)
    dataset = DATASETS.get(name)
    if dataset is None:
        raise NotFound(_("Keinen Datensatz „%(name)s“. Es gibt: %(names)s.") % {
            "name": name[:80], "names": ", ".join(DATASETS)})
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(dataset.columns)
    url_column = dataset.columns.index("url") if "url" in dataset.columns else None
    for row in dataset.rows(m):
        if url_column is not None:
            row = (*row[:url_column], request.build_absolute_uri(row[url_column]), *row[url_column + 1:])
        writer.writerow(row)
    content = ("\ufeff" + out.getvalue()).encode("utf-8")
    return Payload(None, dataset.modified(m), content=content, content_type="text/csv; charset=utf-8",
                   headers=[("Content-Disposition", f'attachment; filename="{m.slug}-{name}.csv"')])
