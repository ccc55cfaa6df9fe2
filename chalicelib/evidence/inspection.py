"""The post-upload check of one file. Browsers, presigned-POST policies and some S3-compatible stores (and moto)
cannot be trusted to enforce type and size, so every object is judged again here from its bytes alone."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from chalicelib.core.ports import Scanner
from chalicelib.evidence import rejections
from chalicelib.evidence.images import clean_image
from chalicelib.evidence.sniff import HEIF_KINDS, PDF, sniff


@dataclass(frozen=True)
class Accepted:
    """What may be stored for staff: the cleaned bytes (images re-encoded; PDFs unchanged) and their facts."""

    data: bytes
    content_type: str
    size: int
    sha256: str
    width: int | None = None
    height: int | None = None
    pages: int | None = None


def allows(real: str, allowed: list[str]) -> bool:
    if real in HEIF_KINDS:  # "image/heic" and "image/heif" name the same container
        return any(kind in HEIF_KINDS for kind in allowed)
    return real in allowed


def inspect(data: bytes, *, allowed: list[str], max_bytes: int, scanner: Scanner) -> Accepted:
    """Raises EvidenceRejected (for good: the citizen must send another file) or ScanFailed (try again later).
    Cheapest refusals first: size, then the virus scan (so EICAR is reported as a virus whatever it is named),
    then the real type against what the question accepts, then the decode or parse."""
    if not data:
        raise rejections.empty()
    if len(data) > max_bytes:
        raise rejections.too_large(max_bytes)
    signature = scanner.scan(data)
    if signature:
        raise rejections.infected(signature)
    real = sniff(data)
    if real is None:
        raise rejections.not_what_it_claims(allowed)
    if not allows(real, allowed):
        raise rejections.wrong_kind(real, allowed)
    if real == PDF:
        # pypdf (and the fontTools it loads) costs most API cold starts nothing: only a PDF upload needs it.
        from chalicelib.evidence.pdfs import check_pdf

        pages = check_pdf(data)
        return Accepted(data, PDF, len(data), hashlib.sha256(data).hexdigest(), pages=pages)
    image = clean_image(data, real, max_bytes)
    return Accepted(image.data, image.content_type, len(image.data), hashlib.sha256(image.data).hexdigest(),
                    width=image.width, height=image.height)
