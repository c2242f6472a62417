"""Clinicians' exercise pictures: re-encoded without metadata, refused when not a real image,
served with their content type, and shown instead of the drawing."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from exercises import images
from exercises.models import Exercise
from tests.factories import clinician

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def picture(fmt="JPEG", size=(64, 48), *, gps=False) -> bytes:
    image = Image.new("RGB", size, (200, 120, 40))
    out = io.BytesIO()
    options = {}
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # camera make
        exif[0x8825] = {2: (48.0, 51.0, 24.0), 1: "N"}  # GPS position
        options["exif"] = exif.tobytes()
    image.save(out, format=fmt, **options)
    return out.getvalue()


def upload(data: bytes, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims the given size (a decompression bomb's trick)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0"))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(("fmt", "extension"), [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp")])
def test_it_reencodes_each_accepted_format_under_a_random_name(fmt, extension):
    clean = images.clean_upload(upload(picture(fmt)))
    assert clean.name.startswith("exercises/")
    assert clean.name.endswith(f".{extension}")
    assert Image.open(io.BytesIO(clean.content)).format == fmt
    assert images.clean_upload(upload(picture(fmt))).name != clean.name


def test_it_strips_exif_and_gps():
    original = picture(gps=True)
    assert b"PhoneMaker" in original
    clean = images.clean_upload(upload(original))
    assert b"PhoneMaker" not in clean.content
    assert not Image.open(io.BytesIO(clean.content)).getexif()


def test_it_shrinks_large_pictures_for_phones():
    clean = images.clean_upload(upload(picture(size=(3200, 2400))))
    assert Image.open(io.BytesIO(clean.content)).size == (1600, 1200)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (
            b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
            "not_an_image",
        ),
        (b"GIF89a" + b"\0" * 100, "not_an_image"),
        (b"not a picture at all", "not_an_image"),
        (picture()[:200], "not_an_image"),  # cut short
        (png_claiming(4001, 10), "too_many_pixels"),
        (png_claiming(60000, 60000), "too_many_pixels"),
        (b"\xff\xd8" + b"x" * (images.MAX_BYTES + 10), "too_big"),
    ],
)
def test_it_refuses_what_is_not_a_usable_picture(data, code):
    with pytest.raises(ValidationError) as caught:
        images.clean_upload(upload(data))
    assert caught.value.code == code


def editor_data(client, slug="hip-hinge", **extra):
    form = client.get(reverse("exercises:staff_exercise_edit", args=[slug])).context["form"]
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k in form.fields}
    return {**data, **extra}


def test_a_clinician_uploads_a_picture_that_replaces_the_drawing(
    client, django_capture_on_commit_callbacks
):
    client.force_login(clinician())
    url = reverse("exercises:staff_exercise_edit", args=["hip-hinge"])
    data = editor_data(client, alt_end="My own photo of the end position.")
    response = client.post(url, {**data, "upload_end": upload(picture(gps=True))})
    assert response.status_code == 302
    exercise = Exercise.objects.get(slug="hip-hinge")
    assert exercise.photo_end.name.startswith("exercises/")
    assert default_storage.exists(exercise.photo_end.name)

    page = client.get(reverse("exercises:detail", args=["hip-hinge"])).content.decode()
    assert exercise.photo_end.url in page
    assert "hip-hinge-end" not in page  # the drawing gave way
    assert "hip-hinge-start" in page  # the start keeps its drawing
    assert 'alt="My own photo of the end position."' in page

    served = client.get(exercise.photo_end.url)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    body = b"".join(served.streaming_content)
    assert b"PhoneMaker" not in body

    # Replacing it removes the old file; removing it brings the drawing back.
    old = exercise.photo_end.name
    data = editor_data(client)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**data, "upload_end": upload(picture("PNG"), "new.png", "image/png")})
    exercise.refresh_from_db()
    assert exercise.photo_end.name.endswith(".png")
    assert not default_storage.exists(old)
    client.post(url, {**editor_data(client), "remove_end": "on"})
    exercise.refresh_from_db()
    assert not exercise.photo_end
    assert (
        "hip-hinge-end"
        in client.get(reverse("exercises:detail", args=["hip-hinge"])).content.decode()
    )


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "x.svg", "not a picture we can use"),
        (b"MZ\x90\x00 not an image", "photo.jpg", "not a picture we can use"),
        (png_claiming(5000, 5000), "big.png", "at most 4000 by 4000 pixels"),
    ],
)
def test_the_editor_refuses_bad_files_with_a_clear_message(client, data, name, message):
    client.force_login(clinician())
    url = reverse("exercises:staff_exercise_edit", args=["glute-bridge"])
    response = client.post(
        url, {**editor_data(client, "glute-bridge"), "upload_start": upload(data, name)}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Exercise.objects.get(slug="glute-bridge").photo_start


@pytest.mark.parametrize("name", ["x.svg", "../../etc/passwd", "short.jpg", "a" * 30 + ".html"])
def test_only_stored_pictures_are_served(client, name):
    response = client.get(f"/media/exercises/{name}")
    assert response.status_code == 404
