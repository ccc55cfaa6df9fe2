"""Why a file was refused, in the words the citizen reads (Bahasa Indonesia, with the English twin). Each message
says what is wrong with this file and what to do next."""

from __future__ import annotations

from chalicelib.evidence.sniff import HEIC, HEIF, JPEG, PDF, PNG

NAMES = {JPEG: "JPEG", PNG: "PNG", PDF: "PDF", HEIC: "HEIC", HEIF: "HEIF"}


class EvidenceRejected(Exception):
    """The file is refused for good: uploading it again will not help, another file will."""

    def __init__(self, code: str, message_id: str, message_en: str) -> None:
        super().__init__(f"{code}: {message_en}")
        self.code, self.message_id, self.message_en = code, message_id, message_en


def _names(allowed: list[str]) -> list[str]:
    return list(dict.fromkeys(NAMES.get(t, t.rsplit("/", 1)[-1].upper()) for t in allowed))


def _either(items: list[str], word: str) -> str:
    """"JPEG, PNG, atau PDF" / "JPEG, PNG or PDF"."""
    if len(items) <= 1:
        return "".join(items)
    separator = ", " if word == "atau" else " "
    return ", ".join(items[:-1]) + f"{separator}{word} {items[-1]}"


def _what(allowed: list[str]) -> tuple[str, str]:
    """What the citizen should upload instead: a photo, a PDF, or either."""
    photo = any(t.startswith("image/") for t in allowed)
    pdf = PDF in allowed
    if photo and pdf:
        return "foto atau PDF", "photo or PDF"
    return ("foto", "photo") if photo else ("PDF", "PDF")


def _megabytes(limit: int) -> tuple[str, str]:
    text = f"{limit / (1024 * 1024):.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ","), text


def empty() -> EvidenceRejected:
    return EvidenceRejected("file_empty", "Berkas ini kosong (0 bita). Pilih berkasnya lagi, lalu unggah ulang.",
                            "This file is empty (0 bytes). Choose the file again and upload it.")


def too_large(max_bytes: int) -> EvidenceRejected:
    mb_id, mb_en = _megabytes(max_bytes)
    return EvidenceRejected(
        "file_too_large",
        f"Berkas ini lebih besar dari batas {mb_id} MB. Perkecil ukurannya (misalnya pindai dengan resolusi lebih "
        "rendah), lalu unggah lagi.",
        f"This file is larger than the {mb_en} MB limit. Make it smaller (for example, scan at a lower resolution) "
        "and upload it again.")


def infected(signature: str) -> EvidenceRejected:
    return EvidenceRejected(
        "file_infected",
        f"Berkas terdeteksi mengandung virus ({signature}) dan tidak disimpan. Periksa perangkat Anda dengan "
        "antivirus, lalu unggah berkas yang bersih.",
        f"The file was found to contain a virus ({signature}) and was not stored. Check your device with an "
        "antivirus, then upload a clean file.")


def not_what_it_claims(allowed: list[str]) -> EvidenceRejected:
    """The content is none of the kinds we know, whatever its name or declared type says."""
    what_id, what_en = _what(allowed)
    names = _names(allowed)
    return EvidenceRejected(
        "file_type_fake",
        f"Berkas ini bukan {_either(names, 'atau')} meskipun namanya begitu. Unggah {what_id} aslinya.",
        f"This file is not a {_either(names, 'or')}, whatever its name says. Upload the original {what_en}.")


def wrong_kind(real: str, allowed: list[str]) -> EvidenceRejected:
    """A genuine file of a kind this document does not take (e.g. a PNG renamed .pdf where only PDF is asked)."""
    names = _names(allowed)
    return EvidenceRejected(
        "file_type_not_allowed",
        f"Berkas ini sebenarnya {NAMES[real]}, sedangkan dokumen ini harus {_either(names, 'atau')}. "
        f"Unggah berkas {_either(names, 'atau')}.",
        f"This file is actually a {NAMES[real]}, but this document must be a {_either(names, 'or')}. "
        f"Upload a {_either(names, 'or')} file.")


def heic_unsupported() -> EvidenceRejected:
    return EvidenceRejected(
        "heic_unsupported",
        "Foto HEIC (format bawaan iPhone) belum bisa kami terima. Di iPhone pilih Pengaturan > Kamera > Format > "
        "Paling Kompatibel lalu foto ulang, atau unggah foto dalam format JPEG.",
        "HEIC photos (the iPhone's own format) cannot be accepted yet. On the iPhone choose Settings > Camera > "
        "Formats > Most Compatible and take the photo again, or upload the photo as a JPEG.")


def image_unreadable() -> EvidenceRejected:
    return EvidenceRejected(
        "image_unreadable",
        "Foto ini rusak atau tidak bisa dibuka. Ambil foto ulang atau simpan ulang gambarnya, lalu unggah lagi.",
        "This image is damaged or cannot be opened. Take the photo again or save the image again, then upload it.")


def image_too_large(width: int, height: int, max_pixels: int) -> EvidenceRejected:
    limit = max_pixels // 1_000_000
    return EvidenceRejected(
        "image_too_large",
        f"Foto ini terlalu besar ({width} × {height} piksel; paling besar {limit} megapiksel). Kecilkan "
        "resolusinya, lalu unggah lagi.",
        f"This image is too large ({width} × {height} pixels; at most {limit} megapixels). Reduce its resolution "
        "and upload it again.")


def pdf_damaged() -> EvidenceRejected:
    return EvidenceRejected(
        "pdf_damaged",
        "PDF ini rusak atau tidak lengkap sehingga tidak bisa dibuka. Simpan ulang atau pindai ulang dokumennya, "
        "lalu unggah lagi.",
        "This PDF is damaged or incomplete and cannot be opened. Save or scan the document again, then upload it.")


def pdf_encrypted() -> EvidenceRejected:
    return EvidenceRejected(
        "pdf_encrypted",
        "PDF terkunci kata sandi, sehingga petugas tidak bisa membukanya. Unggah PDF tanpa kata sandi.",
        "The PDF is locked with a password, so staff cannot open it. Upload the PDF without a password.")


def pdf_active_content() -> EvidenceRejected:
    return EvidenceRejected(
        "pdf_active_content",
        "PDF ini berisi skrip, perintah yang berjalan sendiri, atau lampiran tersembunyi, dan tidak bisa diterima. "
        "Cetak dokumennya ke PDF baru (Cetak > Simpan sebagai PDF) atau pindai ulang, lalu unggah lagi.",
        "This PDF contains scripts, actions that run by themselves, or hidden attachments, and cannot be accepted. "
        "Print the document to a new PDF (Print > Save as PDF) or scan it again, then upload it.")
