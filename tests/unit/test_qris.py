"""QRIS dynamic payloads: CRC, build/parse round trip, validation, tampering, published samples."""

from __future__ import annotations

import binascii
import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.payments.qris import MAX_AMOUNT, Merchant, build_dynamic, crc16_ccitt_false, parse

MERCHANT = Merchant(
    acquirer_guid="ID.CO.BANKNTB.WWW",
    nmid="ID1025000000001",
    name="BAPENDA KAB LOMBOK TIMUR",
    city="SELONG",
    merchant_pan="936001280000000001",
    merchant_id="000000000001",
    criteria="URE",
    postal_code="83612",
)

# EMVCo QRCPS Merchant-Presented Mode specification v1.0, the sample QR payload of its appendix, as reproduced
# ("@official_sample") in the public test suite of the Elixir decoder ericsalim/exemvi, test/mpm_test.exs
# (the same string appears in mercari/go-emv-code). Lengths count characters; the CRC is over UTF-8 bytes.
EMVCO_OFFICIAL_SAMPLE = (
    "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN"
    "5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***"
    "0708A60086670902ME91320016A0112233449988770708123456786304A13A"
)


def _table() -> list[int]:
    table = []
    for i in range(256):
        crc = i << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) & 0xFFFF if crc & 0x8000 else (crc << 1) & 0xFFFF
        table.append(crc)
    return table


TABLE = _table()


def table_crc(data: bytes) -> int:
    """An independent, table-driven CRC-16/CCITT-FALSE."""
    crc = 0xFFFF
    for byte in data:
        crc = ((crc << 8) & 0xFFFF) ^ TABLE[((crc >> 8) ^ byte) & 0xFF]
    return crc


def test_crc_check_value() -> None:
    # The catalogue check value of CRC-16/CCITT-FALSE over "123456789".
    assert crc16_ccitt_false(b"123456789") == 0x29B1
    assert binascii.crc_hqx(b"123456789", 0xFFFF) == 0x29B1
    assert table_crc(b"123456789") == 0x29B1
    assert crc16_ccitt_false(b"") == 0xFFFF


@given(st.binary(max_size=300))
def test_crc_matches_independent_implementations(data: bytes) -> None:
    expected = crc16_ccitt_false(data)
    assert binascii.crc_hqx(data, 0xFFFF) == expected
    assert table_crc(data) == expected


@pytest.mark.parametrize(
    ("amount", "name", "city", "bill", "reference", "terminal"),
    [
        (1, "A", "B", "1", None, None),
        (30_000, "POLRES LOMBOK TIMUR", "SELONG", "INV-2026-000123", "SKCK-77", "WEB"),
        (1_250_000, "DPMPTSP KOTA MATARAM", "MATARAM", "X" * 25, "R" * 25, "T" * 25),
        (MAX_AMOUNT, "N" * 25, "C" * 15, "INV/2026/12/31-9", None, "KIOSK-01"),
    ],
)
def test_round_trip(amount: int, name: str, city: str, bill: str, reference: str | None, terminal: str | None) -> None:
    merchant = dataclasses.replace(MERCHANT, name=name, city=city)
    payload = build_dynamic(merchant, amount, bill, reference=reference, terminal=terminal)
    assert payload.startswith("000201010212")
    assert payload[-8:-4] == "6304"
    assert payload[-4:] == f"{binascii.crc_hqx(payload[:-4].encode(), 0xFFFF):04X}"
    parsed = parse(payload)
    assert parsed["53"] == "360"
    assert parsed["54"] == str(amount)
    assert parsed["58"] == "ID"
    assert parsed["59"] == name
    assert parsed["60"] == city
    assert parsed["61"] == "83612"
    assert parsed["52"] == "9399"
    assert parsed["26"] == {
        "00": "ID.CO.BANKNTB.WWW",
        "01": "936001280000000001",
        "02": "000000000001",
        "03": "URE",
    }
    assert parsed["51"] == {"00": "ID.CO.QRIS.WWW", "02": "ID1025000000001", "03": "URE"}
    additional = {"01": bill}
    if reference is not None:
        additional["05"] = reference
    if terminal is not None:
        additional["07"] = terminal
    assert parsed["62"] == additional
    assert list(parsed)[-1] == "63"


def test_every_tag_qris_makes_mandatory_is_written() -> None:
    # Finding 8 of issue 14: tag 26 lacked the merchant PAN (01), merchant id (02) and criteria (03), and there was
    # no postal code (61). The QRIS MPM profile (ASPI) makes all of them mandatory in a dynamic QR.
    parsed = parse(build_dynamic(MERCHANT, 5000, "B1"))
    assert set(parsed) == {"00", "01", "26", "51", "52", "53", "54", "58", "59", "60", "61", "62", "63"}
    assert set(parsed["26"]) == {"00", "01", "02", "03"}
    assert set(parsed["51"]) == {"00", "02", "03"}
    assert parsed["62"] == {"01": "B1"}


@pytest.mark.parametrize(
    ("changes", "amount", "bill", "extra", "message"),
    [
        ({}, 0, "B1", {}, "amount"),
        ({}, -5, "B1", {}, "amount"),
        ({}, MAX_AMOUNT + 1, "B1", {}, "amount"),
        ({}, 1.5, "B1", {}, "integer"),
        ({}, True, "B1", {}, "integer"),
        ({"name": "N" * 26}, 1, "B1", {}, "merchant name"),
        ({"city": "C" * 16}, 1, "B1", {}, "merchant city"),
        ({"name": "TOKO KÜNSTLER"}, 1, "B1", {}, "printable ASCII"),
        ({"city": "MATARAM\n"}, 1, "B1", {}, "printable ASCII"),
        ({}, 1, "B\t1", {}, "printable ASCII"),
        ({}, 1, "B" * 26, {}, "bill number"),
        ({}, 1, "", {}, "bill number"),
        ({}, 1, "B1", {"reference": "R" * 26}, "reference label"),
        ({}, 1, "B1", {"terminal": "T" * 26}, "terminal label"),
        ({}, 1, "B1", {"reference": "ré"}, "printable ASCII"),
        ({"merchant_pan": "9" * 60, "merchant_id": "1" * 40}, 1, "B1", {}, "merchant PAN"),
        ({"merchant_pan": "9" * 20}, 1, "B1", {}, "merchant PAN"),
        ({"merchant_pan": "93600128000000000A"}, 1, "B1", {}, "digits only"),
        ({"merchant_id": "1" * 16}, 1, "B1", {}, "merchant id"),
        ({"acquirer_guid": "ID.CO." + "X" * 23 + ".WWW"}, 1, "B1", {}, "acquirer GUID"),
        ({"mcc": "93A9"}, 1, "B1", {}, "MCC"),
        ({"postal_code": "12345678901"}, 1, "B1", {}, "postal code"),
        ({"nmid": ""}, 1, "B1", {}, "NMID"),
        ({"nmid": "ID10260000000012"}, 1, "B1", {}, "NMID"),
        ({"merchant_pan": ""}, 1, "B1", {}, "merchant PAN"),
        ({"merchant_id": ""}, 1, "B1", {}, "merchant id"),
        ({"criteria": ""}, 1, "B1", {}, "criteria"),
        ({"criteria": "umi"}, 1, "B1", {}, "criteria"),
        ({"postal_code": ""}, 1, "B1", {}, "postal code"),
        ({"postal_code": "1011"}, 1, "B1", {}, "postal code"),
        ({"postal_code": "1O11O"}, 1, "B1", {}, "postal code"),
    ],
)
def test_validation_errors(changes: dict, amount: object, bill: str, extra: dict, message: str) -> None:
    merchant = dataclasses.replace(MERCHANT, **changes)
    with pytest.raises(ValueError, match=message):
        build_dynamic(merchant, amount, bill, **extra)  # type: ignore[arg-type]


def test_amount_has_no_decimals() -> None:
    payload = build_dynamic(MERCHANT, 30_000, "B1")
    assert "540530000" in payload
    assert "." not in parse(payload)["54"]


def test_corrupted_payload_fails_crc() -> None:
    payload = build_dynamic(MERCHANT, 30_000, "INV-1")
    corrupted = payload.replace("SELONG", "SELONK")
    with pytest.raises(ValueError, match="CRC mismatch"):
        parse(corrupted)
    wrong_crc = payload[:-4] + ("0000" if payload[-4:] != "0000" else "0001")
    with pytest.raises(ValueError, match="CRC mismatch"):
        parse(wrong_crc)


def test_tampered_amount_fails_crc() -> None:
    payload = build_dynamic(MERCHANT, 30_000, "INV-1")
    tampered = payload.replace("540530000", "540510000")
    assert tampered != payload
    with pytest.raises(ValueError, match="CRC mismatch"):
        parse(tampered)


@given(
    st.integers(min_value=1, max_value=MAX_AMOUNT), st.text(alphabet="ABCDEFGHIJ0123456789-/", min_size=1, max_size=25)
)
def test_round_trip_any_amount_and_bill(amount: int, bill: str) -> None:
    parsed = parse(build_dynamic(MERCHANT, amount, bill))
    assert parsed["54"] == str(amount)
    assert parsed["62"] == {"01": bill}


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ("", "start with"),
        ("000201", "tag 63"),
        ("0002010102126304", "declares length"),
        ("00020101021252X4", "malformed"),
        ("0102120002016304ABCD", "start with"),
        ("00020100020163041234", "twice"),
        ("0002016304ABCD010212", "tag 63"),
        ("0002016305ABCDE", "tag 63"),
    ],
)
def test_structure_errors(payload: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse(payload)


def test_crc_not_last_is_refused_even_with_valid_crc() -> None:
    body = "000201"
    payload = body + "6304" + f"{crc16_ccitt_false((body + '6304').encode()):04X}" + "010212"
    with pytest.raises(ValueError, match="tag 63"):
        parse(payload)


def test_broken_template_is_refused() -> None:
    body = "000201010212" + "2606" + "0010AB" + "6304"
    payload = body + f"{crc16_ccitt_false(body.encode()):04X}"
    with pytest.raises(ValueError, match="template 26"):
        parse(payload)


def test_published_emvco_sample_verifies() -> None:
    parsed = parse(EMVCO_OFFICIAL_SAMPLE)
    assert parsed["63"] == "A13A"
    assert parsed["29"] == {"00": "D15600000000", "05": "A93FO3230Q"}
    assert parsed["31"] == {"00": "D15600000001", "03": "12345678"}
    assert parsed["59"] == "BEST TRANSPORT"
    assert parsed["54"] == "23.72"
    assert parsed["62"] == {"03": "1234", "06": "***", "07": "A6008667", "09": "ME"}
    assert parsed["64"] == "0002ZH0104最佳运输0202北京"  # not a template we unpack
    assert binascii.crc_hqx(EMVCO_OFFICIAL_SAMPLE[:-4].encode(), 0xFFFF) == 0xA13A
    with pytest.raises(ValueError, match="CRC mismatch"):
        parse(EMVCO_OFFICIAL_SAMPLE.replace("23.72", "93.72"))


# The "emvSamplePayload" of the public test suite of the Go decoder mercari/go-emv-code (mpm/emv_test.go): the same
# EMVCo sample reordered, with the convenience indicator (55) and two extra templates (80, 81), CRC 6F32.
MERCARI_SAMPLE = (
    "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115303156540523.7255020158"
    "02CN5914BEST TRANSPORT6007BEIJING6233030412340603***0708A60086670902ME64200002ZH0104最佳运输0202北京8036003239"
    "401ff0c21a4543a8ed5fbaa30ab02e81360032c2fbf6dd646f4f36b617f10747c0b96163046F32"
)


def test_published_go_emv_code_sample_verifies() -> None:
    parsed = parse(MERCARI_SAMPLE)
    assert parsed["63"] == "6F32"
    assert parsed["55"] == "01"
    assert parsed["80"] == "003239401ff0c21a4543a8ed5fbaa30ab02e"
    assert list(parsed)[-1] == "63"


def test_bank_simulator_pays_only_a_qris_of_its_own_merchant() -> None:
    from infra.local.bank import QRIS_MERCHANT, Bank, BankKeys

    class Recorder:
        def __init__(self) -> None:
            self.calls: list[str] = []

        def post(self, path: str, headers: dict[str, str], body: bytes) -> tuple[int, dict]:
            self.calls.append(path)
            return 200, {"accessToken": "t", "expiresIn": "900"} if "token" in path else {"responseCode": "2005200"}

    transport = Recorder()
    bank = Bank(BankKeys.generate(), transport)
    with pytest.raises(ValueError, match="no merchant of this bank"):
        bank.pay_qris(build_dynamic(MERCHANT, 30_000, "INV-1"))  # Bank NTB's merchant, not this bank's
    assert transport.calls == []
    ours = dataclasses.replace(MERCHANT, acquirer_guid=QRIS_MERCHANT["QrisAcquirerGuid"],
                               merchant_pan=QRIS_MERCHANT["QrisMerchantPan"])
    assert bank.pay_qris(build_dynamic(ours, 30_000, "INV-1"))[0] == 200
    assert transport.calls[-1] == "/v1.0/qr/qr-mpm-notify"


def test_no_qris_is_offered_until_every_mandatory_value_is_configured(monkeypatch) -> None:
    from chalicelib.core import config
    from chalicelib.payments import invoices

    env = {"QRIS_ACQUIRER_GUID": "ID.CO.BANKDKI.WWW", "QRIS_MERCHANT_PAN": "936001110000000019",
           "QRIS_MERCHANT_ID": "PEMDA000000001", "QRIS_MERCHANT_CRITERIA": "URE", "QRIS_NMID": "ID1026000000001",
           "QRIS_MERCHANT_NAME": "PEMPROV DKI JAKARTA", "QRIS_MERCHANT_CITY": "JAKARTA", "QRIS_POSTAL_CODE": "10110"}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    config.settings.cache_clear()
    try:
        shop = invoices.merchant()
        assert shop is not None and (shop.name, shop.postal_code, shop.mcc) == ("PEMPROV DKI JAKARTA", "10110", "9399")
        for missing in ("QRIS_MERCHANT_PAN", "QRIS_MERCHANT_ID", "QRIS_MERCHANT_CRITERIA", "QRIS_MERCHANT_NAME",
                        "QRIS_POSTAL_CODE"):
            monkeypatch.delenv(missing)
            config.settings.cache_clear()
            assert invoices.merchant() is None, missing  # VA only: never a QRIS without a mandatory tag
            monkeypatch.setenv(missing, env[missing])
    finally:
        monkeypatch.undo()
        config.settings.cache_clear()
