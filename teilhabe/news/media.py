"""Pictures and PDFs as they are uploaded: checked by their content (never by name or the
browser's word), pictures re-encoded without any metadata and in a few widths.

Why re-encode and keep no original: an original keeps what the camera wrote (EXIF, GPS
position, serial numbers, XMP, ICC comments); drawing the pixels into a new image is the one
way to be sure none of it survives. The variants are WebP: about a third smaller than JPEG
at the same quality, transparency kept (drawings, logos), read by every browser still in
use (Safari since 14) — a page of news on a phone loads the 480 px one."""
import hashlib
import io
import warnings

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

# Widths of the variants; an image narrower than one gets no variant above its own width.
WIDTHS = (480, 960, 1600)
MAX_BYTES = 15 * 1024 * 1024        # what a phone photo needs, with room
MAX_PIXELS = 40_000_000             # 40 megapixels: more is no photo but a decompression bomb
MAX_PDF_BYTES = 20 * 1024 * 1024
FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
QUALITY = 80


class Variant:
    def __init__(self, width, height, content):
        self.width, self.height, self.content = width, height, content


def _open(content):
    """The image in `content`, its header read and checked before any pixel is decoded."""
    with warnings.catch_warnings():
        # Pillow warns (and past twice its limit raises) on huge images; we refuse them
        # ourselves below, by our own limit, before decoding.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(content))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ValidationError({"image": _("Das Bild hat zu viele Bildpunkte (höchstens %(mp)s Megapixel).")
                                   % {"mp": MAX_PIXELS // 1_000_000}}) from None
        except (OSError, SyntaxError, ValueError):
            raise ValidationError({"image": _("Die Datei ist kein Bild (erlaubt: JPEG, PNG, WebP, GIF).")}) from None
    if image.format not in FORMATS:
        raise ValidationError({"image": _("Die Datei ist kein Bild (erlaubt: JPEG, PNG, WebP, GIF).")})
    if image.width * image.height > MAX_PIXELS:
        raise ValidationError({"image": _("Das Bild hat zu viele Bildpunkte (höchstens %(mp)s Megapixel).")
                               % {"mp": MAX_PIXELS // 1_000_000}})
    return image


def read_upload(upload, limit, field):
    if upload.size > limit:
        raise ValidationError({field: _("Die Datei ist größer als %(mb)s MB.") % {"mb": limit // (1024 * 1024)}})
    upload.seek(0)
    return upload.read()


def variants(content):
    """The variants of an uploaded picture (a list of Variant, narrowest first), or a
    ValidationError naming the field `image`."""
    image = _open(content)
    try:
        image.load()
        # The camera's orientation is the one tag that changes how the picture looks:
        # apply it to the pixels, then drop it with everything else.
        image = ImageOps.exif_transpose(image)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError({"image": _("Das Bild ist beschädigt und kann nicht gelesen werden.")}) from None
    mode = "RGBA" if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info else "RGB"
    # A new image of the pixels alone: no EXIF, XMP, ICC profile, comments or text chunks.
    clean = Image.new(mode, image.size)
    clean.paste(image.convert(mode))
    made = []
    widths = [w for w in WIDTHS if w < clean.width] + [min(clean.width, WIDTHS[-1])]
    for width in dict.fromkeys(widths):
        height = max(1, round(clean.height * width / clean.width))
        resized = clean if width == clean.width else clean.resize((width, height), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        resized.save(out, "WEBP", quality=QUALITY, method=4)
        made.append(Variant(width, height, out.getvalue()))
    return made


def checked_pdf(upload):
    content = read_upload(upload, MAX_PDF_BYTES, "file")
    if not content.startswith(b"%PDF-"):
        raise ValidationError({"file": _("Nur PDF-Dateien können hochgeladen werden.")})
    return content


def digest(content):
    return hashlib.sha1(content).hexdigest()
