"""The RKUD bank's daily statement file (rekening koran) of virtual-account and QRIS credits.

The bank (or the bank simulator) writes one file per Asia/Jakarta day; reconciliation reads it. Format:

- UTF-8 text (a leading byte-order mark, as spreadsheet programs write it, is accepted and ignored), CSV as in
  RFC 4180: comma separated, a field is quoted with ``"`` when it contains a comma, a quote or leading or trailing
  spaces (a quote inside is doubled). Lines end with ``\\n`` (``\\r\\n`` is accepted). Blank lines are ignored.
- First line, exactly: ``tanggal_transaksi,kanal,nomor_va,nomor_tagihan,referensi_bank,jumlah,mata_uang,keterangan``
- One line per credit:

  ================= ===================================================================================
  tanggal_transaksi when the bank booked the credit, ``YYYY-MM-DDTHH:MM:SS+07:00`` (WIB, whole seconds)
  kanal             payment channel: ``VA`` or ``QRIS`` (capital letters, digits, ``_`` or ``-``)
  nomor_va          the 20-character virtual account number (partnerServiceId padded with leading spaces,
                    then the customer number), so usually quoted; empty for a QRIS credit
  nomor_tagihan     our invoice id (``INV-000000000017``) when the bank knows it, else empty
  referensi_bank    the bank's reference number for the credit (NTB); unique within the file
  jumlah            whole rupiah, digits only (``80000``; no ``.``, ``,`` or decimals), more than 0
  mata_uang         ``IDR``
  keterangan        free text from the bank, may be empty
  ================= ===================================================================================

Example::

    tanggal_transaksi,kanal,nomor_va,nomor_tagihan,referensi_bank,jumlah,mata_uang,keterangan
    2026-12-02T10:15:00+07:00,VA,"   12345000000000176",INV-000000000017,BPD20261202000001,80000,IDR,SKCK
    2026-12-02T11:02:09+07:00,QRIS,,INV-000000000018,QR8812345,30000,IDR,

`parse` refuses a file it cannot trust whole (a bad header, a short line, an amount that is not whole rupiah, a
foreign currency, a bad time, a bank reference seen twice) with a `StatementError` naming the line and the column:
a half-read statement would make paid invoices look missing. Pure functions: no AWS, no I/O, no clock.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from chalicelib.payments.formatting import WIB

COLUMNS: tuple[str, ...] = ("tanggal_transaksi", "kanal", "nomor_va", "nomor_tagihan", "referensi_bank", "jumlah",
                            "mata_uang", "keterangan")
HEADER = ",".join(COLUMNS)
CURRENCY = "IDR"
VA_LENGTH = 20

_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\+07:00")
_CHANNEL = re.compile(r"[A-Z0-9_-]{1,16}")
_VA = re.compile(r" *[0-9]{1,20}")
_TOKEN = re.compile(r"[!-~]{1,64}")  # printable ASCII without spaces: ids and bank references
_DIGITS = re.compile(r"[0-9]+")


class StatementError(ValueError):
    """A statement file that cannot be read, with the line (1 = header) and a message in both languages."""

    def __init__(self, line_no: int, message_id: str, message_en: str) -> None:
        super().__init__(message_id)
        self.line_no = line_no
        self.message_id = message_id
        self.message_en = message_en

    def to_dict(self) -> dict:
        return {"line": self.line_no, "message": {"id": self.message_id, "en": self.message_en}}


@dataclass(frozen=True)
class StatementEntry:
    """One credit on the statement. `transaction_time` is kept in UTC like every stored time; it is written in WIB."""

    transaction_time: datetime
    channel: str
    va_number: str  # as the bank writes it (20 characters with leading spaces), or "" for QRIS
    invoice_id: str | None
    bank_reference: str
    amount: int  # whole rupiah
    currency: str = CURRENCY
    description: str = ""

    def __post_init__(self) -> None:
        problem = _entry_problem(self)
        if problem:
            raise ValueError(f"statement entry {self.bank_reference!r}: {problem}")
        # Normalise to UTC (an equal instant) so entries compare and sort the same whichever offset built them.
        object.__setattr__(self, "transaction_time", self.transaction_time.astimezone(UTC))


def _has_control(text: str) -> bool:
    return any(ord(char) < 32 or ord(char) == 127 for char in text)


def _entry_problem(entry: StatementEntry) -> str | None:
    moment = entry.transaction_time
    if not isinstance(moment, datetime) or moment.tzinfo is None or moment.utcoffset() is None:
        return "transaction_time must be a timezone-aware datetime"
    if moment.microsecond:
        return "transaction_time must be in whole seconds"
    if not isinstance(entry.channel, str) or not _CHANNEL.fullmatch(entry.channel):
        return f"channel must be a code such as VA or QRIS, not {entry.channel!r}"
    if not isinstance(entry.va_number, str) or (entry.va_number and not (
            len(entry.va_number) <= VA_LENGTH and _VA.fullmatch(entry.va_number))):
        return f"va_number must be empty or up to {VA_LENGTH} characters of digits after leading spaces"
    if entry.invoice_id is not None and (not isinstance(entry.invoice_id, str) or not _TOKEN.fullmatch(
            entry.invoice_id)):
        return "invoice_id must be None or printable ASCII without spaces"
    if not isinstance(entry.bank_reference, str) or not _TOKEN.fullmatch(entry.bank_reference):
        return "bank_reference must be 1-64 printable ASCII characters without spaces"
    if isinstance(entry.amount, bool) or not isinstance(entry.amount, int) or entry.amount <= 0:
        return f"amount must be a whole number of rupiah above 0, not {entry.amount!r}"
    if entry.currency != CURRENCY:
        return f"currency must be {CURRENCY}, not {entry.currency!r}"
    if not isinstance(entry.description, str) or _has_control(entry.description):
        return "description must be text on one line"
    return None


# --- writing ------------------------------------------------------------------------------------------------------


def _field(value: str) -> str:
    # csv's own writer would leave "   1234..." unquoted; quoting it keeps the spaces through spreadsheet tools.
    if any(char in value for char in ',"') or value != value.strip(" "):
        return '"' + value.replace('"', '""') + '"'
    return value


def _row(entry: StatementEntry) -> str:
    values = (
        entry.transaction_time.astimezone(WIB).strftime("%Y-%m-%dT%H:%M:%S+07:00"),
        entry.channel,
        entry.va_number,
        entry.invoice_id or "",
        entry.bank_reference,
        str(entry.amount),
        entry.currency,
        entry.description,
    )
    return ",".join(_field(value) for value in values)


def write(entries: Iterable[StatementEntry]) -> str:
    """The statement file for these entries, in the given order. Raises ValueError for a bank reference used
    twice, which `parse` would refuse."""
    seen: set[str] = set()
    lines = [HEADER]
    for entry in entries:
        if not isinstance(entry, StatementEntry):
            raise ValueError(f"not a StatementEntry: {entry!r}")
        if entry.bank_reference in seen:
            raise ValueError(f"bank reference {entry.bank_reference!r} appears twice")
        seen.add(entry.bank_reference)
        lines.append(_row(entry))
    return "\n".join(lines) + "\n"


# --- reading ------------------------------------------------------------------------------------------------------


def _column_error(line_no: int, column: str, value: str, why_id: str, why_en: str) -> StatementError:
    return StatementError(
        line_no,
        f"Baris {line_no}, kolom {column}: nilai {value!r} {why_id}.",
        f"Line {line_no}, column {column}: value {value!r} {why_en}.",
    )


def _check_header(row: list[str]) -> None:
    if row == list(COLUMNS):
        return
    for index, expected in enumerate(COLUMNS):
        found = row[index] if index < len(row) else ""
        if found != expected:
            position = index + 1
            break
    else:
        position, expected, found = len(COLUMNS) + 1, "(tidak ada)", row[len(COLUMNS)]
    raise StatementError(
        1,
        f"Baris 1 (judul kolom), kolom ke-{position}: tertulis {found!r}, seharusnya {expected!r}. "
        f"Judul kolom harus persis: {HEADER}",
        f"Line 1 (header), column {position}: found {found!r}, expected {expected!r}. The header must be exactly: "
        f"{HEADER}",
    )


def _parse_row(line_no: int, row: list[str]) -> StatementEntry:
    if len(row) != len(COLUMNS):
        raise StatementError(
            line_no,
            f"Baris {line_no}: berisi {len(row)} kolom, seharusnya {len(COLUMNS)} ({HEADER}).",
            f"Line {line_no}: has {len(row)} columns, expected {len(COLUMNS)} ({HEADER}).",
        )
    when, channel, va_number, invoice_id, reference, amount, currency, description = row
    if not _TIME.fullmatch(when):
        raise _column_error(line_no, "tanggal_transaksi", when,
                            "bukan waktu berformat YYYY-MM-DDTHH:MM:SS+07:00",
                            "is not a time written YYYY-MM-DDTHH:MM:SS+07:00")
    try:
        moment = datetime.fromisoformat(when)
    except ValueError:
        raise _column_error(line_no, "tanggal_transaksi", when, "bukan tanggal atau jam yang ada",
                            "is not a real date or time") from None
    if not _CHANNEL.fullmatch(channel):
        raise _column_error(line_no, "kanal", channel, "bukan kode kanal seperti VA atau QRIS",
                            "is not a channel code such as VA or QRIS")
    if va_number and not (len(va_number) <= VA_LENGTH and _VA.fullmatch(va_number)):
        raise _column_error(line_no, "nomor_va", va_number,
                            f"bukan nomor virtual account (paling banyak {VA_LENGTH} karakter angka)",
                            f"is not a virtual account number (at most {VA_LENGTH} characters of digits)")
    if invoice_id and not _TOKEN.fullmatch(invoice_id):
        raise _column_error(line_no, "nomor_tagihan", invoice_id, "bukan nomor tagihan yang sah",
                            "is not a valid invoice number")
    if not _TOKEN.fullmatch(reference):
        raise _column_error(line_no, "referensi_bank", reference,
                            "bukan referensi bank (1-64 karakter tanpa spasi)",
                            "is not a bank reference (1-64 characters, no spaces)")
    if not _DIGITS.fullmatch(amount) or int(amount) == 0:
        raise _column_error(line_no, "jumlah", amount,
                            "bukan jumlah rupiah bulat lebih dari 0 (hanya angka, tanpa titik, koma atau tanda minus)",
                            "is not a whole number of rupiah above 0 (digits only, no dot, comma or minus sign)")
    if currency != CURRENCY:
        raise _column_error(line_no, "mata_uang", currency, f"bukan {CURRENCY}; hanya rupiah yang diterima",
                            f"is not {CURRENCY}; only rupiah is accepted")
    if _has_control(description):
        raise _column_error(line_no, "keterangan", description, "berisi karakter kontrol atau baris baru",
                            "contains control characters or a line break")
    return StatementEntry(
        transaction_time=moment,
        channel=channel,
        va_number=va_number,
        invoice_id=invoice_id or None,
        bank_reference=reference,
        amount=int(amount),
        currency=currency,
        description=description,
    )


def parse(text: str | bytes) -> list[StatementEntry]:
    """The entries of a statement file (text, or the file's bytes in UTF-8), in file order. Raises
    StatementError naming the first bad line."""
    if isinstance(text, bytes):
        raw = text
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line_no = raw.count(b"\n", 0, exc.start) + 1
            raise StatementError(line_no, f"Baris {line_no}: bukan teks UTF-8 (berkas harus disimpan sebagai UTF-8).",
                                 f"Line {line_no}: not UTF-8 text (the file must be saved as UTF-8).") from None
    if not isinstance(text, str):
        raise StatementError(1, "Baris 1: berkas rekening koran harus berupa teks UTF-8.",
                             "Line 1: the statement file must be UTF-8 text.")
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), strict=True)
    entries: list[StatementEntry] = []
    first_line: dict[str, int] = {}
    header_seen = False
    line_no = 1
    while True:
        line_no = reader.line_num + 1  # where the next record starts (a quoted field could span lines)
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise StatementError(line_no, f"Baris {line_no}: format CSV rusak ({exc}).",
                                 f"Line {line_no}: malformed CSV ({exc}).") from None
        if not header_seen:
            _check_header(row)
            header_seen = True
            continue
        if not row:
            continue
        entry = _parse_row(line_no, row)
        if entry.bank_reference in first_line:
            raise _column_error(line_no, "referensi_bank", entry.bank_reference,
                                f"sudah dipakai di baris {first_line[entry.bank_reference]}; satu referensi bank "
                                "hanya untuk satu transaksi",
                                f"already appears on line {first_line[entry.bank_reference]}; a bank reference "
                                "belongs to one credit only")
        first_line[entry.bank_reference] = line_no
        entries.append(entry)
    if not header_seen:
        raise StatementError(1, f"Baris 1: berkas rekening koran kosong; baris 1 harus berisi judul kolom {HEADER}.",
                             f"Line 1: the statement file is empty; line 1 must be the header {HEADER}.")
    return entries
