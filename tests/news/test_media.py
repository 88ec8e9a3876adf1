"""Pictures on upload (news/media.py, news/actions.py): type by content, size in bytes and
pixels (decompression bombs refused before decoding), every piece of metadata gone — read
back from the stored files —, variants of 480/960/1600 px stored through Django's storage
(the file system, and one test against a real S3 server); PDF attachments checked; the
files served by a view with caching headers."""
import io
import struct

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from PIL import Image

from teilhabe.news import actions, media
from teilhabe.news.models import Picture, variant_name
from tests import builders as b
from tests.news import builders as nb

pytestmark = pytest.mark.django_db

GPS_LATITUDE = 2  # GPSLatitude within the GPS IFD


def _photo_with_gps():
    """A JPEG as a phone writes it: EXIF with camera, GPS position and an orientation; an
    XMP packet and an ICC profile comment besides."""
    image = Image.new("RGB", (2000, 1200), (30, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "Telefonhersteller"   # Make
    exif[0x0110] = "Modell X"            # Model
    exif[0x0112] = 1                     # Orientation
    gps = exif.get_ifd(0x8825)
    gps[1], gps[GPS_LATITUDE] = "N", (51.0, 35.0, 52.0)
    gps[3], gps[4] = "E", (7.0, 7.0, 30.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=b"Aufgenommen bei Familie Beispiel")
    return out.getvalue()


@pytest.fixture
def news():
    return nb.item(b.municipality())


def test_it_strips_every_piece_of_metadata_gps_included_read_back_from_the_stored_files(news):
    original = _photo_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the upload holds a position
    picture = nb.picture(news, original)
    assert picture.variants == [[480, 288], [960, 576], [1600, 960]]
    for width, height in picture.variants:
        with default_storage.open(variant_name(picture, width), "rb") as handle:
            stored = handle.read()
        image = Image.open(io.BytesIO(stored))
        assert (image.format, image.size) == ("WEBP", (width, height))
        assert not image.getexif() and not image.info.get("exif") and not image.info.get("xmp")
        assert "icc_profile" not in image.info
        # Nothing of the camera's bytes survives anywhere in the file.
        for needle in (b"Exif", b"Telefonhersteller", b"Modell X", b"Beispiel", b"GPS"):
            assert needle not in stored, needle


def test_it_applies_the_orientation_before_dropping_it(news):
    image = Image.new("RGB", (800, 400), (0, 0, 0))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90°: the picture is shown upright, 400 × 800
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    picture = nb.picture(news, out.getvalue())
    assert (picture.width, picture.height) == (400, 800)


def test_it_reads_the_type_from_the_content_not_from_the_name(news):
    png = nb.image_bytes(fmt="PNG")
    picture = actions.add_picture(news, nb.upload(png, "foto.pdf", "application/pdf"),
                                  alt_text="Bild", credit="Stadt", licence="CC0")
    assert picture.width == 1000
    for content in (b"%PDF-1.7 not a picture", b"<svg xmlns='http://www.w3.org/2000/svg'/>",
                    b"GIF89a" + b"\0" * 10):
        with pytest.raises(ValidationError) as refused:
            actions.add_picture(news, nb.upload(content, "bild.jpg"), alt_text="Bild", credit="Stadt", licence="CC0")
        assert "image" in refused.value.error_dict


def test_it_refuses_a_decompression_bomb_before_decoding_it(news, monkeypatch):
    # A PNG whose header claims 50,000 × 50,000 pixels (2.5 gigapixels), a few hundred bytes long.
    def chunk(kind, data):
        import zlib
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    bomb = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 50_000, 50_000, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", b"x\x9c\x03\x00\x00\x00\x00\x01") + chunk(b"IEND", b""))
    decoded = []
    monkeypatch.setattr(Image.Image, "load", lambda self: decoded.append(self) or None)
    with pytest.raises(ValidationError) as refused:
        actions.add_picture(news, nb.upload(bomb, "bombe.png"), alt_text="Bild", credit="Stadt", licence="CC0")
    assert "Megapixel" in str(refused.value) and decoded == []
    # Within Pillow's own limit but beyond ours (41 megapixels): refused too.
    big = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8000, 5125, 8, 2, 0, 0, 0))
           + chunk(b"IEND", b""))
    with pytest.raises(ValidationError, match="Megapixel"):
        actions.add_picture(news, nb.upload(big, "gross.png"), alt_text="Bild", credit="Stadt", licence="CC0")
    assert not Picture.objects.exists()


def test_it_refuses_a_file_larger_than_the_limit_and_requires_alt_text_credit_and_licence(news, monkeypatch):
    monkeypatch.setattr(media, "MAX_BYTES", 1000)
    with pytest.raises(ValidationError, match="größer als"):
        nb.picture(news)
    monkeypatch.undo()
    with pytest.raises(ValidationError) as refused:
        actions.add_picture(news, nb.upload(nb.image_bytes()), alt_text="", credit="", licence="")
    assert {"alt_text", "credit", "licence"} <= set(refused.value.error_dict)
    assert not Picture.objects.exists()


def test_it_makes_no_variant_wider_than_the_picture(news):
    picture = nb.picture(news, nb.image_bytes(size=(700, 350)))
    assert picture.variants == [[480, 240], [700, 350]]


def test_it_checks_pdf_attachments_by_content_and_size(news, monkeypatch):
    attachment = actions.attach_pdf(news, nb.upload(b"%PDF-1.4\n%%EOF\n", "x.pdf", "application/pdf"),
                                    name="Pressemitteilung")
    assert attachment.size == 15 and default_storage.exists(attachment.file.name)
    with pytest.raises(ValidationError, match="Nur PDF"):
        actions.attach_pdf(news, nb.upload(nb.image_bytes(), "falsch.pdf", "application/pdf"), name="Bild")
    monkeypatch.setattr(media, "MAX_PDF_BYTES", 10)
    with pytest.raises(ValidationError, match="größer als"):
        actions.attach_pdf(news, nb.upload(b"%PDF-1.4\n%%EOF\n", "x.pdf"), name="Zu groß")


def test_it_serves_the_files_through_a_view_with_caching_headers_and_conditional_answers(client, news):
    picture = nb.picture(news)
    attachment = actions.attach_pdf(news, nb.upload(b"%PDF-1.4\n%%EOF\n", "x.pdf"), name="Pressemitteilung")
    slug = news.municipality.slug
    response = client.get(f"/{slug}/news/pictures/{picture.pk}/480.webp")
    assert response.status_code == 200 and response["Content-Type"] == "image/webp"
    assert response["Cache-Control"] == "public, max-age=86400"
    assert b"".join(response.streaming_content)[:4] == b"RIFF"
    assert client.get(f"/{slug}/news/pictures/{picture.pk}/480.webp",
                      HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert client.get(f"/{slug}/news/pictures/{picture.pk}/481.webp").status_code == 404  # no such variant
    response = client.get(f"/{slug}/news/files/{attachment.pk}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    # Another municipality's address does not reach it.
    assert client.get(f"/{b.municipality().slug}/news/pictures/{picture.pk}/480.webp").status_code == 404


def test_it_stores_the_variants_in_s3_compatible_storage(s3_storage, news, client):
    picture = nb.picture(news, _photo_with_gps())
    keys = s3_storage.objects()
    assert keys == sorted(f"media/{variant_name(picture, w)}" for w in (480, 960, 1600))
    response = client.get(f"/{news.municipality.slug}/news/pictures/{picture.pk}/960.webp")
    body = b"".join(response.streaming_content)
    assert response.status_code == 200 and b"GPS" not in body and Image.open(io.BytesIO(body)).width == 960
    # Streamed by the view, never sent to the storage's own (signed) address.
    assert all(s3_storage.bucket not in value for value in response.headers.values())


def test_a_municipality_with_news_pictures_and_attachments_can_be_deleted(news):
    nb.picture(news)
    actions.attach_pdf(news, nb.upload(b"%PDF-1.4\n%%EOF\n", "x.pdf"), name="Pressemitteilung")
    news.municipality.delete()
    assert not Picture.objects.exists()
