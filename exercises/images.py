"""Clinicians' own exercise pictures: checked, decoded and re-encoded with Pillow before storage.

Re-encoding keeps only the pixels: EXIF (with any GPS position), comments and colour profiles
are dropped, and anything that is not really a JPEG, PNG or WebP image is refused (SVG, which
can carry scripts, included). The stored name is random, so it tells nothing and cannot clash.
"""

from __future__ import annotations

import io
import secrets
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 4000
# Shown on phones and in print: a longer side beyond this only costs the patient data.
STORED_SIDE = 1600
FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}
CONTENT_TYPES = dict(FORMATS.values())
FOLDER = "exercises"


@dataclass(frozen=True)
class CleanImage:
    name: str  # a fresh random name under FOLDER/, with the format's extension
    content: bytes
    content_type: str


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def clean_upload(upload) -> CleanImage:
    """The upload re-encoded in its own format, or ValidationError with a clear message."""
    if upload.size > MAX_BYTES:
        raise _refuse(_("This file is too big. Upload a picture of at most 5 MB."), code="too_big")
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _refuse(_("This file is too big. Upload a picture of at most 5 MB."), code="too_big")
    unreadable = _refuse(
        _("This file is not a picture we can use. Upload a JPEG, PNG or WebP image."),
        code="not_an_image",
    )
    with warnings.catch_warnings():
        # Pillow warns on very large images before refusing huge ones: refuse both.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=list(FORMATS))
            image_format = image.format
            if image.width > MAX_SIDE or image.height > MAX_SIDE:
                raise _refuse(
                    _("This picture is too large. Use one of at most %(n)d by %(n)d pixels.")
                    % {"n": MAX_SIDE},
                    code="too_many_pixels",
                )
            image.load()
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _refuse(
                _("This picture is too large. Use one of at most %(n)d by %(n)d pixels.")
                % {"n": MAX_SIDE},
                code="too_many_pixels",
            ) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise unreadable from None
    extension, content_type = FORMATS[image_format]
    # Photos from phones are often stored sideways with an EXIF note to turn them: turn them
    # now, since that note is about to go.
    image = ImageOps.exif_transpose(image)
    image.thumbnail((STORED_SIDE, STORED_SIDE))
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    elif image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA")  # palettes and the rarer modes
    clean = image.copy()
    clean.info = {}  # no EXIF, ICC profile, text chunks or comments carried into the new file
    out = io.BytesIO()
    options = {"JPEG": {"quality": 85, "optimize": True}, "PNG": {"optimize": True}}
    clean.save(out, format=image_format, **options.get(image_format, {"quality": 85}))
    return CleanImage(
        name=f"{FOLDER}/{secrets.token_urlsafe(18)}.{extension}",
        content=out.getvalue(),
        content_type=content_type,
    )
