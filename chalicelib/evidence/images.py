"""Photos are decoded and written anew: only the pixels survive, so EXIF (GPS location, device serials), XMP,
comments, ICC and text chunks are gone, and nothing hidden after the image data reaches staff."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from io import BytesIO
from types import ModuleType
from typing import TYPE_CHECKING

from chalicelib.evidence import rejections
from chalicelib.evidence.sniff import HEIF_KINDS, JPEG, PNG

if TYPE_CHECKING:
    from PIL import Image

MAX_PIXELS = 40_000_000  # a 40-megapixel photo decodes to 160 MB (RGBA); larger is a bomb or needs shrinking
# Re-encoding a photo saved at a lower quality than 90 makes it larger; step down until it is no larger than
# what the citizen sent (so it still fits the question's limit), never below 50.
JPEG_QUALITIES = (90, 85, 80, 75, 65, 50)

_FORMATS = {JPEG: "JPEG", PNG: "PNG", "image/heic": "HEIF", "image/heif": "HEIF"}
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
_PNG_MODES = {"1", "L", "LA", "P", "RGB", "RGBA", "I;16"}


@dataclass(frozen=True)
class CleanImage:
    data: bytes
    content_type: str
    width: int
    height: int


def declared_size(data: bytes, kind: str) -> tuple[int, int] | None:
    """Width and height as the header declares them, read without decoding anything."""
    if kind == PNG:
        if len(data) >= 24 and data[12:16] == b"IHDR":
            return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        return None
    if kind == JPEG:
        i = 2
        while i + 4 <= len(data):
            if data[i] != 0xFF:
                return None
            marker = data[i + 1]
            if marker == 0xFF:  # fill byte
                i += 1
                continue
            if marker == 0x01 or 0xD0 <= marker <= 0xD8:  # markers without a length
                i += 2
                continue
            if marker in (0xD9, 0xDA):  # end of image or start of scan before any frame header
                return None
            if marker in _SOF and i + 9 <= len(data):
                height = int.from_bytes(data[i + 5:i + 7], "big")
                width = int.from_bytes(data[i + 7:i + 9], "big")
                return width, height
            i += 2 + int.from_bytes(data[i + 2:i + 4], "big")
    return None


@cache
def _pillow() -> tuple[ModuleType, ModuleType]:
    """PIL's Image and ImageOps, imported when the first photo is cleaned, not at every cold start."""
    from PIL import Image, ImageOps

    # Pillow's own guard (it warns above this and refuses above twice this) backs up the header check below.
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    return Image, ImageOps


def _check_pixels(width: int, height: int) -> None:
    if width * height > MAX_PIXELS:
        raise rejections.image_too_large(width, height, MAX_PIXELS)


def _heif_opener() -> None:
    """HEIC decoding needs pillow-heif (libheif), which PISAO does not ship: without it, say so clearly."""
    try:
        from pillow_heif import register_heif_opener  # type: ignore[import-not-found]
    except ImportError:
        raise rejections.heic_unsupported() from None
    register_heif_opener()


def clean_image(data: bytes, kind: str, max_bytes: int | None = None) -> CleanImage:
    """The image re-encoded from its pixels alone (HEIC as JPEG). max_bytes: the limit the result should fit
    (a JPEG then never exceeds the original either; HEIC compresses better than JPEG, so it gets the limit)."""
    size = declared_size(data, kind)
    if size is not None:
        _check_pixels(*size)  # before Pillow allocates anything
    pil_image, _ = _pillow()
    if kind in HEIF_KINDS:
        _heif_opener()
    try:
        with pil_image.open(BytesIO(data), formats=[_FORMATS[kind]]) as opened:
            _check_pixels(*opened.size)  # what the decoder will allocate, whatever the header parse above said
            opened.load()  # truncated or corrupt data fails here (LOAD_TRUNCATED_IMAGES stays off)
            image = _upright(opened)
    except rejections.EvidenceRejected:
        raise
    except pil_image.DecompressionBombError:
        raise rejections.image_too_large(*(size or (0, 0)), MAX_PIXELS) from None
    except Exception:  # Pillow raises many kinds on malformed input; all mean the same to the citizen
        raise rejections.image_unreadable() from None
    out_format = "PNG" if kind == PNG else "JPEG"  # HEIC becomes JPEG: staff browsers cannot show HEIC
    try:
        return _encode(image, out_format, _budget(data, kind, max_bytes))
    except Exception:  # decoded but not writable (an exotic mode): refused, not retried for ever
        raise rejections.image_unreadable() from None


def _budget(data: bytes, kind: str, max_bytes: int | None) -> int:
    if kind in HEIF_KINDS and max_bytes:
        return max_bytes
    return min(len(data), max_bytes or len(data))


def _encode(image: Image.Image, out_format: str, budget: int) -> CleanImage:
    image = _encodable(image, out_format)
    image.info = {}  # encoders fall back to info for comments, ICC, transparency: keep only pixels
    buffer = BytesIO()
    if out_format == "PNG":
        image.save(buffer, "PNG", optimize=True)
        return CleanImage(buffer.getvalue(), PNG, image.width, image.height)
    for quality in JPEG_QUALITIES:
        buffer = BytesIO()
        image.save(buffer, "JPEG", quality=quality, optimize=True)
        if buffer.tell() <= budget:
            break
    return CleanImage(buffer.getvalue(), JPEG, image.width, image.height)


def _upright(image: Image.Image) -> Image.Image:
    """Apply the EXIF orientation to the pixels (a phone photo stays upright once its EXIF is gone)."""
    try:
        upright = _pillow()[1].exif_transpose(image)
    except Exception:  # a malformed EXIF block: the pixels are still good, just keep them as stored
        upright = None
    return upright if upright is not None else image.copy()


def _encodable(image: Image.Image, out_format: str) -> Image.Image:
    """A mode the target format stores, with transparency moved into the pixels (info is dropped)."""
    has_alpha = "A" in image.getbands() or "transparency" in image.info
    if out_format == "JPEG":
        return image if image.mode in ("L", "RGB") else image.convert("RGB")
    if "transparency" in image.info:
        return image.convert("LA" if image.mode in ("1", "L") else "RGBA")
    if image.mode in _PNG_MODES:
        return image
    return image.convert("RGBA" if has_alpha else "RGB")
