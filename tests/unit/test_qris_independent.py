"""QRIS payloads checked with an independent, published decoder: qriskit (PyPI, MIT).

qriskit is a separate implementation of the EMVCo MPM TLV format with the QRIS profile on top (tag 51 national
repository with the NMID, criteria in 26.03/51.03, IDR/ID rules, additional data 62.xx). It is used here only as an
oracle: every payload that our ``build_dynamic`` makes must decode in qriskit to exactly the values we put in, pass
qriskit's QRIS rule checks with no error, and be rejected by qriskit's CRC check after any one-character change.

Notes on the library, so its output is read correctly:
- ``qriskit.parse`` raises only on broken TLV structure; rule violations (a wrong CRC among them) are reported by
  ``qriskit.validate``, or raised as ``QRISValidationError`` by ``parse(..., strict=True)``.
- ``QRIS.dumps()`` always recomputes tag 63, so ``dumps() == payload`` says qriskit's own CRC equals ours.
- Its CRC is ``binascii.crc_hqx(data, 0xFFFF)``, the same cross-check test_qris.py already makes, so it is not
  repeated here; the separate table-driven and bitwise CRCs are in test_qris.py as well.
- It enforces QRIS lengths on tag 26 (merchant PAN numeric, at most 19 digits; merchant ID at most 15; GUID at most
  32), which our builder enforces too.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
import qriskit
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.payments.qris import MAX_AMOUNT, Merchant, build_dynamic
from tests.unit.test_qris import EMVCO_OFFICIAL_SAMPLE, MERCHANT

MINIMAL = Merchant(acquirer_guid="ID.CO.BANKDKI.WWW", merchant_pan="9", merchant_id="M", criteria="UMI",
                   nmid="ID2020123456789", name="P", city="J", postal_code="10110")

CASES = [
    pytest.param(MERCHANT, 1_250_000, "INV-2026-000123", "REF-9", "LOKET-01", id="all-optional-fields"),
    pytest.param(MINIMAL, 1, "B", None, None, id="shortest-values-no-optional-fields"),
    pytest.param(MERCHANT, MAX_AMOUNT, "X" * 25, "R" * 25, "T" * 25, id="maximum-lengths"),
]


def errors(payload: str) -> list[str]:
    """qriskit's error codes for ``payload`` (warnings left out)."""
    return [issue.code for issue in qriskit.validate(payload) if issue.severity == "error"]


def assert_decodes_to(
    payload: str, merchant: Merchant, amount: int, bill: str, reference: str | None, terminal: str | None
) -> None:
    q = qriskit.parse(payload, strict=True)  # strict: raises on any error-level QRIS rule, CRC included
    assert errors(payload) == []
    assert q.dumps() == payload  # qriskit re-encodes the same bytes and recomputes the same CRC
    assert q.crc == payload[-4:]

    # Root tags, in the order we wrote them, with 00 first and 63 last.
    # Root tags in the order we wrote them, with 00 first and 63 last: every tag QRIS makes mandatory in a dynamic
    # MPM, and qriskit reports no warning either (e.g. "postal_code.missing").
    assert [node.tag for node in q.nodes] == ["00", "01", "26", "51", "52", "53", "54", "58", "59", "60", "61", "62",
                                              "63"]
    assert [issue.code for issue in qriskit.validate(payload)] == []

    assert q.get("00") == q.version == "01"
    assert q.get("01") == "12" and q.point_of_initiation == "dynamic" and q.is_dynamic
    assert q.get("52") == q.mcc == merchant.mcc
    assert q.get("53") == q.currency == "360"
    assert q.get("54") == str(amount) and q.amount == Decimal(amount)
    assert q.get("58") == q.country == "ID"
    assert q.get("59") == q.merchant_name == merchant.name
    assert q.get("60") == q.merchant_city == merchant.city
    assert q.get("61") == q.postal_code == merchant.postal_code
    assert q.tip is None and q.get("55") is None

    # Tag 26: the acquirer's merchant account template.
    acquirer = next(a for a in q.merchant_accounts if a.tag == "26")
    assert [(n.tag, n.value) for n in acquirer.nodes] == [
        ("00", merchant.acquirer_guid), ("01", merchant.merchant_pan), ("02", merchant.merchant_id),
        ("03", merchant.criteria)]
    assert q.get("26.00") == acquirer.guid == merchant.acquirer_guid
    assert q.get("26.01") == acquirer.pan == merchant.merchant_pan
    assert q.get("26.02") == acquirer.merchant_id == merchant.merchant_id
    assert q.get("26.03") == acquirer.criteria == merchant.criteria

    # Tag 51: the QRIS national repository template with the NMID; qriskit knows it as such.
    national = q.national
    assert national is not None and national.tag == "51" and national.is_national
    assert [(n.tag, n.value) for n in national.nodes] == [
        ("00", "ID.CO.QRIS.WWW"),
        ("02", merchant.nmid),
        ("03", merchant.criteria),
    ]
    assert q.get("51.00") == "ID.CO.QRIS.WWW"
    assert q.get("51.02") == q.nmid == merchant.nmid
    assert q.get("51.03") == merchant.criteria
    assert [a.tag for a in q.merchant_accounts] == ["26", "51"]

    # Tag 62: additional data.
    expected_62 = {"bill_number": bill}
    if reference is not None:
        expected_62["reference_label"] = reference
    if terminal is not None:
        expected_62["terminal_label"] = terminal
    assert q.additional_data.to_dict() == expected_62
    assert q.get("62.01") == q.additional_data.bill_number == bill
    assert q.get("62.05") == q.additional_data.reference_label == reference
    assert q.get("62.07") == q.additional_data.terminal_label == terminal


@pytest.mark.parametrize(("merchant", "amount", "bill", "reference", "terminal"), CASES)
def test_independent_decoder_reads_every_field(
    merchant: Merchant, amount: int, bill: str, reference: str | None, terminal: str | None
) -> None:
    payload = build_dynamic(merchant, amount, bill, reference=reference, terminal=terminal)
    assert_decodes_to(payload, merchant, amount, bill, reference, terminal)


@pytest.mark.parametrize(("merchant", "amount", "bill", "reference", "terminal"), CASES)
def test_independent_encoder_builds_the_same_payload(
    merchant: Merchant, amount: int, bill: str, reference: str | None, terminal: str | None
) -> None:
    additional = {"01": bill}
    if reference is not None:
        additional["05"] = reference
    if terminal is not None:
        additional["07"] = terminal
    theirs = qriskit.build(
        merchant_name=merchant.name,
        merchant_city=merchant.city,
        mcc=merchant.mcc,
        postal_code=merchant.postal_code,
        amount=amount,
        additional_data=additional,
        accounts=[
            qriskit.MerchantAccount.create(
                tag="26",
                guid=merchant.acquirer_guid,
                pan=merchant.merchant_pan,
                merchant_id=merchant.merchant_id,
                criteria=merchant.criteria,
            ),
            qriskit.MerchantAccount.national(nmid=merchant.nmid, criteria=merchant.criteria),
        ],
    )
    assert theirs.dumps() == build_dynamic(merchant, amount, bill, reference=reference, terminal=terminal)


PRINTABLE = st.characters(min_codepoint=0x20, max_codepoint=0x7E)


@given(
    amount=st.integers(min_value=1, max_value=MAX_AMOUNT),
    name=st.text(PRINTABLE, min_size=1, max_size=25),
    city=st.text(PRINTABLE, min_size=1, max_size=15),
    bill=st.text(PRINTABLE, min_size=1, max_size=25),
    reference=st.none() | st.text(PRINTABLE, min_size=1, max_size=25),
    terminal=st.none() | st.text(PRINTABLE, min_size=1, max_size=25),
    postal_code=st.text("0123456789", min_size=5, max_size=5),
)
def test_independent_decoder_reads_any_payload(
    amount: int, name: str, city: str, bill: str, reference: str | None, terminal: str | None, postal_code: str
) -> None:
    merchant = Merchant(
        acquirer_guid="ID.CO.BANKNTB.WWW",
        nmid="ID1025000000001",
        name=name,
        city=city,
        merchant_pan="936001280000000001",
        merchant_id="000000000001",
        criteria="URE",
        postal_code=postal_code,
    )
    payload = build_dynamic(merchant, amount, bill, reference=reference, terminal=terminal)
    assert_decodes_to(payload, merchant, amount, bill, reference, terminal)


@pytest.mark.parametrize(("merchant", "amount", "bill", "reference", "terminal"), CASES)
def test_independent_crc_check_rejects_any_one_character_change(
    merchant: Merchant, amount: int, bill: str, reference: str | None, terminal: str | None
) -> None:
    payload = build_dynamic(merchant, amount, bill, reference=reference, terminal=terminal)
    original = qriskit.parse(payload)
    shape = [(n.tag, len(n.value)) for n in original.nodes]
    intact = 0
    for pos, char in enumerate(payload):
        # '0' <-> '1' keeps the CRC field hexadecimal and never makes a mere upper/lower-case change,
        # which qriskit reports only as a warning ("crc.lowercase").
        changed = payload[:pos] + ("1" if char == "0" else "0") + payload[pos + 1 :]
        try:
            parsed = qriskit.parse(changed)
        except qriskit.QRISParseError:
            continue  # a tag or length digit changed and the TLV no longer holds together
        if [(n.tag, len(n.value)) for n in parsed.nodes] == shape:
            intact += 1
            assert "crc.mismatch" in errors(changed), f"change at position {pos} not caught by the CRC"
        else:
            assert errors(changed), f"change at position {pos} accepted"
        assert not qriskit.is_valid(changed)
    assert intact > len(payload) // 2  # most changes hit values, where only the CRC can catch them


def test_independent_decoder_agrees_with_the_published_emvco_sample() -> None:
    # Vet the oracle itself on a third-party vector (the EMVCo specification's sample, see test_qris.py): its
    # structure and CRC check must accept it. QRIS-only rules (IDR, ID, NMID) do not apply to this Chinese sample.
    q = qriskit.parse(EMVCO_OFFICIAL_SAMPLE)
    assert not [code for code in errors(EMVCO_OFFICIAL_SAMPLE) if code.startswith("crc.")]
    assert q.dumps() == EMVCO_OFFICIAL_SAMPLE
    assert q.get("29.05") == "A93FO3230Q" and q.get("31.03") == "12345678"
    assert q.merchant_name == "BEST TRANSPORT" and q.amount == Decimal("23.72")
    assert q.additional_data.terminal_label == "A6008667"
    assert "crc.mismatch" in errors(EMVCO_OFFICIAL_SAMPLE.replace("23.72", "93.72"))
