"""PDFs are parsed, not rewritten: the citizen's document (and any signature in it) stays byte for byte, so it is
refused outright when it carries anything that can act on the staff member's computer."""

from __future__ import annotations

import logging
from io import BytesIO

from pypdf import PasswordType, PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from chalicelib.evidence import rejections

# Keys that carry scripts, attachments or embedded players wherever they appear (catalogue, pages, annotations,
# form fields, name trees); /XFA forms run their own scripts.
_ACTIVE_KEYS = {"/JavaScript", "/JS", "/EmbeddedFile", "/EmbeddedFiles", "/EF", "/RichMedia", "/XFA"}
# Action types (/S) and object types (/Type, /Subtype) that run code, start programs or open attachments.
_ACTIVE_TYPES = {"/JavaScript", "/Launch", "/ImportData", "/GoToE", "/RichMediaExecute", "/EmbeddedFile",
                 "/RichMedia", "/FileAttachment"}
_TYPE_KEYS = ("/S", "/Type", "/Subtype")
MAX_NODES = 500_000  # a 10 MB file has far fewer objects; past this it is built to exhaust us
EOF_WINDOW = 1024  # readers accept %%EOF within the last 1024 bytes; a download cut short has none

logging.getLogger("pypdf").setLevel(logging.ERROR)  # its repair warnings about citizens' files are not our errors


def check_pdf(data: bytes) -> int:
    """The page count of a PDF that opens without a password and holds no active content."""
    if b"%%EOF" not in data[-EOF_WINDOW:]:
        raise rejections.pdf_damaged()
    try:
        reader = PdfReader(BytesIO(data), strict=False)
        if reader.is_encrypted:
            _open_without_password(reader)
        pages = len(reader.pages)
        if pages == 0:
            raise rejections.pdf_damaged()
        _refuse_active_content(reader)
    except rejections.EvidenceRejected:
        raise
    except Exception:  # pypdf raises many kinds on malformed input; all mean "damaged" to the citizen
        raise rejections.pdf_damaged() from None
    return pages


def _open_without_password(reader: PdfReader) -> None:
    """A PDF restricted only by an owner password (no printing, no editing) opens with the empty user password,
    as in any viewer; one that needs a password to open is refused."""
    try:
        opened = reader.decrypt("") != PasswordType.NOT_DECRYPTED
    except Exception:  # an encryption pypdf cannot undo: staff's viewers may not either
        opened = False
    if not opened:
        raise rejections.pdf_encrypted()


def _refuse_active_content(reader: PdfReader) -> None:
    """Walks every object: from the trailer (what a viewer reaches) and every object in the cross-reference
    table (in case a viewer repairs the file differently from pypdf). Names are compared decoded, so
    /J#61vaScript counts as /JavaScript."""
    roots: list[object] = [reader.trailer]
    for generation, numbers in getattr(reader, "xref", {}).items():
        roots.extend(IndirectObject(number, generation, reader) for number in numbers)
    roots.extend(IndirectObject(number, 0, reader) for number in getattr(reader, "xref_objStm", {}))
    seen: set[tuple[int, int]] = set()
    stack = roots
    nodes = 0
    while stack:
        node = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            raise rejections.pdf_damaged()
        if isinstance(node, IndirectObject):
            ref = (node.idnum, node.generation)
            if ref in seen:
                continue
            seen.add(ref)
            stack.append(node.get_object())
        elif isinstance(node, DictionaryObject):  # streams too: their dictionary, never their (decoded) data
            for key, value in node.items():
                if key in _ACTIVE_KEYS:
                    raise rejections.pdf_active_content()
                if key in _TYPE_KEYS:
                    kind = value.get_object() if isinstance(value, IndirectObject) else value
                    if isinstance(kind, NameObject) and kind in _ACTIVE_TYPES:
                        raise rejections.pdf_active_content()
                stack.append(value)
        elif isinstance(node, ArrayObject):
            stack.extend(node)
