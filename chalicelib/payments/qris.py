"""QRIS payloads: build a dynamic merchant-presented QR for an invoice and parse one back.

QRIS is Bank Indonesia's profile of the EMVCo merchant-presented mode (MPM): a string of TLV data objects
(two-digit tag, two-digit length, value) closed by a CRC16-CCITT-FALSE in tag 63. A *dynamic* QR (tag 01 = "12")
carries the amount and our bill number (tag 62.01), so the citizen cannot pay a wrong amount and the acquirer's
payment notification names our invoice. Pure functions only: no AWS, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

QRIS_GUID = "ID.CO.QRIS.WWW"
MAX_AMOUNT = 9_999_999_999_999  # 13 digits, the EMVCo limit for tag 54
MAX_NAME = 25
MAX_CITY = 15
MAX_LABEL = 25  # EMVCo limit for each additional-data label in tag 62 (bill number, reference, terminal)
POSTAL_CODE_LENGTH = 5  # an Indonesian kode pos (the EMVCo limit of tag 61 is 10)
# QRIS limits on the merchant account templates (26 and 51), tighter than EMVCo's 99: the GUID, a numeric PAN,
# the merchant id (26.02) and the NMID (51.02).
MAX_GUID, MAX_PAN, MAX_MERCHANT_ID = 32, 19, 15
# Merchant criteria (26.03, 51.03): micro, small, medium, large, regular (usaha mikro/kecil/menengah/besar/reguler).
CRITERIA = ("UMI", "UKE", "UME", "UBE", "URE")
TEMPLATE_TAGS = frozenset({f"{tag:02d}" for tag in range(26, 52)} | {"62"})

Field = str | dict[str, str]


@dataclass(frozen=True)
class Merchant:
    """The Pemda as a QRIS merchant: what its acquirer (the RKUD bank) registered, and the Pemda's own name and
    address. Every field is one the QRIS MPM specification makes mandatory in a dynamic QR (values come from
    configuration, see `invoices.merchant`)."""

    acquirer_guid: str  # reverse domain of the acquirer, e.g. "ID.CO.BANKDKI.WWW" (tag 26.00)
    merchant_pan: str  # tag 26.01: the merchant PAN the acquirer issued (NNS + number + check digit)
    merchant_id: str  # tag 26.02: the merchant id at the acquirer
    criteria: str  # tags 26.03 and 51.03, one of CRITERIA
    nmid: str  # National Merchant ID from the QRIS registry (tag 51.02)
    name: str  # tag 59, the Pemda's name, at most 25 characters
    city: str  # tag 60, at most 15 characters
    postal_code: str  # tag 61
    mcc: str = "9399"  # tag 52, merchant category code (9399: government services)


def crc16_ccitt_false(data: bytes) -> int:
    """CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, no final xor."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


def _crc_hex(text: str) -> str:
    return f"{crc16_ccitt_false(text.encode('utf-8')):04X}"


def _check_text(label: str, value: str, max_len: int = 99) -> None:
    if not value:
        raise ValueError(f"{label} must not be empty")
    if not all(" " <= ch <= "~" for ch in value):
        raise ValueError(f"{label} must contain printable ASCII characters only")
    if len(value) > max_len:
        raise ValueError(f"{label} is {len(value)} characters long, at most {max_len} allowed")


def _tlv(tag: str, value: str) -> str:
    if not 0 < len(value) <= 99:
        raise ValueError(f"value of tag {tag} is {len(value)} characters long, must be 1 to 99")
    return f"{tag}{len(value):02d}{value}"


def check_merchant(merchant: Merchant) -> None:
    """Raise ValueError naming the first field of the merchant that a QRIS payload cannot carry."""
    _check_text("acquirer GUID", merchant.acquirer_guid, MAX_GUID)
    _check_text("merchant PAN", merchant.merchant_pan, MAX_PAN)
    if not (merchant.merchant_pan.isascii() and merchant.merchant_pan.isdigit()):
        raise ValueError("merchant PAN (tag 26.01) must be digits only")
    _check_text("merchant id", merchant.merchant_id, MAX_MERCHANT_ID)
    if merchant.criteria not in CRITERIA:
        raise ValueError(f"merchant criteria must be one of {', '.join(CRITERIA)}, not {merchant.criteria!r}")
    _check_text("NMID", merchant.nmid, MAX_MERCHANT_ID)
    _check_text("merchant name", merchant.name, MAX_NAME)
    _check_text("merchant city", merchant.city, MAX_CITY)
    code = merchant.postal_code
    if not (len(code) == POSTAL_CODE_LENGTH and code.isascii() and code.isdigit()):
        raise ValueError(f"postal code must be {POSTAL_CODE_LENGTH} digits, not {code!r}")
    if len(merchant.mcc) != 4 or not (merchant.mcc.isascii() and merchant.mcc.isdigit()):
        raise ValueError("MCC must be four digits")


def build_dynamic(
    merchant: Merchant,
    amount: int,
    bill_number: str,
    reference: str | None = None,
    terminal: str | None = None,
) -> str:
    """A dynamic QRIS payload for one invoice; ``amount`` in whole rupiah (IDR has no decimals in QRIS)."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise ValueError("amount must be an integer number of rupiah")
    if not 0 < amount <= MAX_AMOUNT:
        raise ValueError(f"amount must be between 1 and {MAX_AMOUNT} rupiah, got {amount}")
    check_merchant(merchant)
    _check_text("bill number", bill_number, MAX_LABEL)
    for label, value in (("reference label", reference), ("terminal label", terminal)):
        if value is not None:
            _check_text(label, value, MAX_LABEL)

    account = (_tlv("00", merchant.acquirer_guid) + _tlv("01", merchant.merchant_pan)
               + _tlv("02", merchant.merchant_id) + _tlv("03", merchant.criteria))
    additional = _tlv("01", bill_number)
    if reference is not None:
        additional += _tlv("05", reference)
    if terminal is not None:
        additional += _tlv("07", terminal)

    payload = (
        _tlv("00", "01")
        + _tlv("01", "12")
        + _tlv("26", account)
        + _tlv("51", _tlv("00", QRIS_GUID) + _tlv("02", merchant.nmid) + _tlv("03", merchant.criteria))
        + _tlv("52", merchant.mcc)
        + _tlv("53", "360")
        + _tlv("54", str(amount))
        + _tlv("58", "ID")
        + _tlv("59", merchant.name)
        + _tlv("60", merchant.city)
        + _tlv("61", merchant.postal_code)
        + _tlv("62", additional)
        + "6304"
    )
    return payload + _crc_hex(payload)


def _split(text: str, where: str) -> list[tuple[str, str]]:
    """TLV objects of ``text`` in order; lengths count characters, as in the EMVCo specification."""
    objects: list[tuple[str, str]] = []
    seen: set[str] = set()
    pos = 0
    while pos < len(text):
        header = text[pos : pos + 4]
        if len(header) < 4 or not header.isdigit() or not header.isascii():
            raise ValueError(f"malformed TLV header at position {pos} of {where}")
        tag, length = header[:2], int(header[2:])
        value = text[pos + 4 : pos + 4 + length]
        if length == 0 or len(value) != length:
            raise ValueError(f"tag {tag} of {where} declares length {length} but {len(value)} characters follow")
        if tag in seen:
            raise ValueError(f"tag {tag} appears twice in {where}")
        seen.add(tag)
        objects.append((tag, value))
        pos += 4 + length
    return objects


def parse(payload: str) -> dict[str, Field]:
    """Parse and verify an EMVCo MPM / QRIS payload; templates 26-51 and 62 become sub-tag dicts.

    Raises ValueError when the structure is broken (bad lengths, duplicate tags, tag 63 missing or not last)
    or the CRC does not match.
    """
    objects = _split(payload, "payload")
    if not objects or objects[0] != ("00", "01"):
        raise ValueError("payload must start with payload format indicator 000201")
    tag, crc = objects[-1]
    if tag != "63" or len(crc) != 4:
        raise ValueError("tag 63 (CRC, 4 characters) must be the last data object")
    if crc.upper() != _crc_hex(payload[:-4]):
        raise ValueError(f"CRC mismatch: payload says {crc}, computed {_crc_hex(payload[:-4])}")
    result: dict[str, Field] = {}
    for tag, value in objects:
        result[tag] = dict(_split(value, f"template {tag}")) if tag in TEMPLATE_TAGS else value
    return result
