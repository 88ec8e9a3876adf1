"""Pictures and news items for the news tests."""
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from teilhabe.news import actions
from teilhabe.news.models import NewsItem


def image_bytes(size=(1000, 600), fmt="JPEG", colour=(200, 80, 40), **save):
    image = Image.new("RGB", size, colour)
    out = io.BytesIO()
    image.save(out, fmt, **save)
    return out.getvalue()


def upload(content, name="bild.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def item(m, title="Neue Beratungsstelle eröffnet", *, status="published", **fields):
    fields.setdefault("teaser", "Ab Montag berät das Integrationsbüro auch im Stadtteil.")
    fields.setdefault("text", "<p>Die Beratung ist <strong>kostenlos</strong>.</p>")
    return actions.save_item(NewsItem(municipality=m, title=title, status=status, **fields))


def picture(news, content=None, **fields):
    fields = {"alt_text": "Ein rotes Rechteck", "credit": "Stadt", "licence": "CC BY 4.0", **fields}
    return actions.add_picture(news, upload(content or image_bytes()), **fields)
