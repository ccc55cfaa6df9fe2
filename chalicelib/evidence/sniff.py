"""The real kind of a file, from its first bytes (never from its name or the type the browser declared)."""

from __future__ import annotations

JPEG, PNG, PDF, HEIC, HEIF = "image/jpeg", "image/png", "application/pdf", "image/heic", "image/heif"
HEIF_KINDS = (HEIC, HEIF)

# ISO base media "ftyp" brands (ISO/IEC 23008-12): HEVC-coded HEIF is what iPhones write as .heic.
_HEIC_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs"}
_HEIF_BRANDS = {b"mif1", b"msf1"}
_AVIF_BRANDS = {b"avif", b"avis"}  # AV1 in the same container: not a kind we take


def sniff(data: bytes) -> str | None:
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"%PDF-"):  # at offset 0: leading bytes are how PDF/HTML polyglots are made
        return PDF
    return _ftyp(data)


def _ftyp(data: bytes) -> str | None:
    if len(data) < 16 or data[4:8] != b"ftyp":
        return None
    box = int.from_bytes(data[:4], "big")
    if box < 16 or box > min(len(data), 4096) or box % 4:
        return None
    major = data[8:12]
    brands = {major} | {data[i:i + 4] for i in range(16, box, 4)}
    if major in _HEIC_BRANDS or (brands & _HEIC_BRANDS and major not in _AVIF_BRANDS):
        return HEIC
    if major in _HEIF_BRANDS and not brands & _AVIF_BRANDS:
        return HEIF
    return None
