"""Evidence files made in code, good and hostile, for the evidence tests and bench/evidence.py: nothing binary is
kept in the repository, and each attack is built the way an attacker would build it."""

from __future__ import annotations

import struct
import zlib
from io import BytesIO

from PIL import Image, ImageDraw
from pypdf import PdfWriter

from infra.local.clamd import EICAR

__all__ = ["EICAR", "GPS_IFD", "build_pdf", "jpeg", "minimal_pdf", "phone_jpeg", "png", "png_bomb", "scanned_pdf"]

GPS_IFD = 0x8825
ORIENTATION = 0x0112
MONAS = {1: "S", 2: (6.0, 10.0, 31.0), 3: "E", 4: (106.0, 49.0, 38.0)}  # latitude/longitude of Monas, Jakarta


def _halves(width: int, height: int) -> Image.Image:
    """Left half red, right half blue: where the colours end up shows how the image was turned."""
    image = Image.new("RGB", (width, height), (220, 20, 20))
    ImageDraw.Draw(image).rectangle((width // 2, 0, width, height), fill=(20, 20, 220))
    return image


def jpeg(width: int = 64, height: int = 32, *, gps: bool = False, orientation: int | None = None,
         comment: bytes | None = None, quality: int = 85) -> bytes:
    exif = Image.Exif()
    if orientation:
        exif[ORIENTATION] = orientation
    if gps:
        exif.get_ifd(GPS_IFD).update(MONAS)
    buffer = BytesIO()
    extra = {"comment": comment} if comment else {}
    _halves(width, height).save(buffer, "JPEG", quality=quality, exif=exif.tobytes(), **extra)
    return buffer.getvalue()


def png(width: int = 48, height: int = 32, *, text: dict[str, str] | None = None, icc: bytes | None = None) -> bytes:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    for key, value in (text or {}).items():
        info.add_text(key, value)
    buffer = BytesIO()
    extra = {"icc_profile": icc} if icc else {}
    _halves(width, height).save(buffer, "PNG", pnginfo=info, **extra)
    return buffer.getvalue()


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_bomb(width: int, height: int, *, real: bool = False) -> bytes:
    """A 1-bit greyscale PNG declaring width × height. real=True: the data really inflates to that size
    (zeros compress about 1000:1); otherwise the data is a token few bytes."""
    header = _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
    rows = bytes(height * (1 + (width + 7) // 8)) if real else b"\0\0"
    return b"\x89PNG\r\n\x1a\n" + header + _chunk(b"IDAT", zlib.compress(rows, 9)) + _chunk(b"IEND", b"")


def jpeg_declaring(width: int, height: int) -> bytes:
    """A real small JPEG whose frame header (SOF) is patched to declare another size."""
    data = bytearray(jpeg(16, 16))
    i = 2
    while data[i + 1] not in (0xC0, 0xC1, 0xC2):
        i += 2 + int.from_bytes(data[i + 2:i + 4], "big")
    data[i + 5:i + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def build_pdf(objects: list[bytes], *, root: int = 1) -> bytes:
    """A PDF written by hand: objects numbered from 1, a correct cross-reference table and trailer."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    start = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root {root} 0 R >>\nstartxref\n{start}\n".encode() + b"%%EOF\n"
    return bytes(out)


def minimal_pdf(*, catalog: bytes = b"", page: bytes = b"", extra: tuple[bytes, ...] = ()) -> bytes:
    """One A4 page with a line on it; `catalog` and `page` add entries to those dictionaries, `extra` adds
    objects numbered from 5."""
    content = b"0 0 m 200 200 l S"
    return build_pdf([
        b"<< /Type /Catalog /Pages 2 0 R " + catalog + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R " + page + b" >>",
        f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream",
        *extra,
    ])


def written_pdf(pages: int = 3, *, user_password: str | None = None, owner_password: str | None = None) -> bytes:
    """A PDF as a library writes it (pypdf), optionally encrypted."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    if user_password is not None:
        writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="AES-128")
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def phone_jpeg(target_bytes: int = 3 * 1024 * 1024) -> bytes:
    """A 12-megapixel (4000 × 3000) photo-like JPEG of about target_bytes with EXIF GPS, as phones write them:
    smooth gradients with sensor-like noise, the quality searched for the size."""
    small = Image.new("RGB", (400, 300))
    small.putdata([(x * 255 // 400, y * 255 // 300, (x + y) % 256) for y in range(300) for x in range(400)])
    base = small.resize((4000, 3000), Image.Resampling.BICUBIC)
    noise = Image.effect_noise((4000, 3000), 40).convert("RGB")
    photo = Image.blend(base, noise, 0.35)
    exif = Image.Exif()
    exif.get_ifd(GPS_IFD).update(MONAS)
    low, high, best = 30, 98, b""
    while low <= high:  # the highest quality that stays within target_bytes
        quality = (low + high) // 2
        buffer = BytesIO()
        photo.save(buffer, "JPEG", quality=quality, exif=exif.tobytes())
        if len(buffer.getvalue()) <= target_bytes:
            best, low = buffer.getvalue(), quality + 1
        else:
            high = quality - 1
    return best


def scanned_pdf(target_bytes: int = 2 * 1024 * 1024, pages: int = 4) -> bytes:
    """A PDF like a scanner app makes: each page one JPEG image (DCTDecode), about target_bytes in all."""
    per_page = target_bytes // pages
    scan = Image.effect_noise((1240, 1754), 60).convert("RGB")  # A4 at 150 dpi
    low, high, image = 10, 95, b""
    while low <= high:  # the quality that makes one page's image about per_page bytes
        quality = (low + high) // 2
        buffer = BytesIO()
        scan.save(buffer, "JPEG", quality=quality)
        image = buffer.getvalue()
        if abs(len(image) - per_page) < per_page // 20:
            break
        low, high = (quality + 1, high) if len(image) < per_page else (low, quality - 1)
    kids = " ".join(f"{3 + 3 * i} 0 R" for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode()]
    draw = b"q 595 0 0 842 0 0 cm /Im0 Do Q"
    for i in range(pages):
        page, contents, picture = 3 + 3 * i, 4 + 3 * i, 5 + 3 * i
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {contents} 0 R "
                       f"/Resources << /XObject << /Im0 {picture} 0 R >> >> >>".encode())
        objects.append(f"<< /Length {len(draw)} >>\nstream\n".encode() + draw + b"\nendstream")
        objects.append(f"<< /Type /XObject /Subtype /Image /Width 1240 /Height 1754 /ColorSpace /DeviceRGB "
                       f"/BitsPerComponent 8 /Filter /DCTDecode /Length {len(image)} >>\nstream\n".encode()
                       + image + b"\nendstream")
        assert page == len(objects) - 2
    return build_pdf(objects)
