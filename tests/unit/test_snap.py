"""SNAP signatures, timestamps, codes and amounts, checked against values computed independently of the module."""

import base64
import hashlib
import hmac
import shutil
import subprocess
from datetime import UTC, datetime, timedelta, timezone

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from chalicelib.payments import snap
from chalicelib.payments.snap import SnapError

CLIENT_ID = "bpd-rkud-client"
SECRET = "s3cr3t-shared-with-the-bank"
TOKEN = "gK3j9xQ2mZ"
PATH = "/v1.0/transfer-va/inquiry"
TS = "2026-12-02T08:30:00+07:00"
BODY = (
    '{\n  "partnerServiceId": "   12345",\n  "customerNo": "0000000001",\n'
    '  "virtualAccountNo": "   123450000000001",\n  "amount": {"value": "150000.00", "currency": "IDR"}\n}'
)
BODY_MIN = (
    '{"partnerServiceId":"   12345","customerNo":"0000000001","virtualAccountNo":"   123450000000001",'
    '"amount":{"value":"150000.00","currency":"IDR"}}'
)
WIB = timezone(timedelta(hours=7))

# DER prefix of DigestInfo for SHA-256 (RFC 8017, section 9.2, note 1).
SHA256_DIGEST_INFO = bytes.fromhex("3031300d060960864801650304020105000420")


@pytest.fixture(scope="module")
def key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def private_pem(key):
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


@pytest.fixture(scope="module")
def public_pem(key):
    return key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def _textbook_pkcs1_sign(key, message: bytes) -> str:
    """EMSA-PKCS1-v1_5 encoding and the RSA private operation done by hand, not by the signing API."""
    numbers = key.private_numbers()
    n, d = numbers.public_numbers.n, numbers.d
    k = (n.bit_length() + 7) // 8
    t = SHA256_DIGEST_INFO + hashlib.sha256(message).digest()
    em = b"\x00\x01" + b"\xff" * (k - len(t) - 3) + b"\x00" + t
    signature = pow(int.from_bytes(em, "big"), d, n).to_bytes(k, "big")
    return base64.b64encode(signature).decode()


def _hand_hmac(method, path, token, minified_body: str, ts) -> str:
    string = f"{method}:{path}:{token}:{hashlib.sha256(minified_body.encode()).hexdigest()}:{ts}"
    return base64.b64encode(hmac.new(SECRET.encode(), string.encode(), hashlib.sha512).digest()).decode()


# --- minify ----------------------------------------------------------------------------------------------------------


def test_minify_removes_whitespace_and_keeps_key_order():
    assert snap.minify(BODY) == BODY_MIN
    assert snap.minify(BODY.encode()) == BODY_MIN
    assert snap.minify('{ "z": 1, "a": [1, 2, {"y": null, "b": true}] }') == '{"z":1,"a":[1,2,{"y":null,"b":true}]}'


def test_minify_keeps_unicode_as_is():
    assert snap.minify('{"nama": "Dinas Penanaman Modal — Kab. Sleman", "kota": "Yogyakarta ✓"}') == (
        '{"nama":"Dinas Penanaman Modal — Kab. Sleman","kota":"Yogyakarta ✓"}'
    )
    assert snap.minify('{"a": "\\u00e9", "b": "x\\/y"}') == '{"a":"\\u00e9","b":"x\\/y"}'  # escapes kept as sent
    assert snap.minify('{"n": 1.10, "e": 1e5}') == '{"n":1.10,"e":1e5}'  # so are number spellings
    assert snap.minify('{"s": "a b\\t"}') == '{"s":"a b\\t"}'  # whitespace inside strings stays


@pytest.mark.parametrize("bad", ["", "not json", "{'a': 1}", '{"a": 1', b"\xff\xfe"])
def test_minify_refuses_non_json(bad):
    with pytest.raises(ValueError, match="not valid UTF-8 JSON"):
        snap.minify(bad)


# --- asymmetric signature --------------------------------------------------------------------------------------------


def test_asymmetric_string_to_sign():
    assert snap.asymmetric_string_to_sign(CLIENT_ID, TS) == "bpd-rkud-client|2026-12-02T08:30:00+07:00"


def test_asymmetric_signature_matches_a_hand_made_pkcs1_signature(key, private_pem, public_pem):
    expected = _textbook_pkcs1_sign(key, f"{CLIENT_ID}|{TS}".encode())
    assert snap.sign_asymmetric(private_pem, CLIENT_ID, TS) == expected  # PKCS#1 v1.5 is deterministic
    assert snap.verify_asymmetric(public_pem, CLIENT_ID, TS, expected)
    assert snap.verify_asymmetric(public_pem.decode(), CLIENT_ID, TS, expected)


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl command line not available")
def test_asymmetric_signature_agrees_with_openssl(tmp_path, private_pem, public_pem):
    (tmp_path / "key.pem").write_bytes(private_pem)
    (tmp_path / "pub.pem").write_bytes(public_pem)
    (tmp_path / "msg").write_bytes(f"{CLIENT_ID}|{TS}".encode())
    signed = subprocess.run(
        ["openssl", "dgst", "-sha256", "-sign", tmp_path / "key.pem", tmp_path / "msg"],
        check=True,
        capture_output=True,
        timeout=30,
    ).stdout
    assert snap.verify_asymmetric(public_pem, CLIENT_ID, TS, base64.b64encode(signed).decode())

    (tmp_path / "sig").write_bytes(base64.b64decode(snap.sign_asymmetric(private_pem, CLIENT_ID, TS)))
    checked = subprocess.run(
        [
            "openssl",
            "dgst",
            "-sha256",
            "-verify",
            tmp_path / "pub.pem",
            "-signature",
            tmp_path / "sig",
            tmp_path / "msg",
        ],
        capture_output=True,
        timeout=30,
    )
    assert checked.returncode == 0, checked.stderr


def test_asymmetric_refuses_tampering_and_other_keys(private_pem, public_pem):
    signature = snap.sign_asymmetric(private_pem, CLIENT_ID, TS)
    assert not snap.verify_asymmetric(public_pem, "another-client", TS, signature)
    assert not snap.verify_asymmetric(public_pem, CLIENT_ID, "2026-12-02T08:30:01+07:00", signature)
    raw = bytearray(base64.b64decode(signature))
    raw[10] ^= 1
    assert not snap.verify_asymmetric(public_pem, CLIENT_ID, TS, base64.b64encode(raw).decode())
    assert not snap.verify_asymmetric(public_pem, CLIENT_ID, TS, "not base64 !!")
    assert not snap.verify_asymmetric(public_pem, CLIENT_ID, TS, "")
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
    other_pem = other.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    assert not snap.verify_asymmetric(other_pem, CLIENT_ID, TS, signature)


# --- symmetric signature ---------------------------------------------------------------------------------------------


def test_symmetric_string_to_sign_by_hand():
    digest = hashlib.sha256(BODY_MIN.encode()).hexdigest()
    assert snap.symmetric_string_to_sign("post", PATH, TOKEN, BODY, TS) == f"POST:{PATH}:{TOKEN}:{digest}:{TS}"
    assert digest == digest.lower() and len(digest) == 64


def test_symmetric_string_to_sign_literal_vector():
    # sha256('{"a":1}') computed once with `printf '{"a":1}' | sha256sum`.
    assert snap.symmetric_string_to_sign("POST", "/p", "t", '{ "a" : 1 }', "x") == (
        "POST:/p:t:015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862:x"
    )


def test_symmetric_signature_matches_stdlib_hmac():
    expected = _hand_hmac("POST", PATH, TOKEN, BODY_MIN, TS)
    assert snap.sign_symmetric(SECRET, "POST", PATH, TOKEN, BODY, TS) == expected
    assert snap.verify_symmetric(SECRET, "POST", PATH, TOKEN, BODY, TS, expected)
    # the same body sent with different whitespace carries the same signature
    assert snap.verify_symmetric(SECRET, "POST", PATH, TOKEN, BODY_MIN.encode(), TS, expected)


def test_symmetric_signature_with_unicode_body():
    body = '{"virtualAccountName": "Budi Santoso — Sleman"}'
    expected = _hand_hmac("POST", PATH, TOKEN, '{"virtualAccountName":"Budi Santoso — Sleman"}', TS)
    assert snap.verify_symmetric(SECRET, "POST", PATH, TOKEN, body, TS, expected)


@pytest.mark.parametrize(
    "change",
    [
        {"secret": "another-secret"},
        {"method": "PUT"},
        {"path": "/v1.0/transfer-va/payment"},
        {"token": TOKEN + "x"},
        {"body": BODY.replace("150000.00", "150001.00")},
        {"body": BODY_MIN.replace('"customerNo":"0000000001",', "") + ""},
        {"body": '{"customerNo":"0000000001","partnerServiceId":"   12345"}'},
        {"timestamp": "2026-12-02T08:30:01+07:00"},
    ],
)
def test_symmetric_signature_refuses_any_tampering(change):
    signature = _hand_hmac("POST", PATH, TOKEN, BODY_MIN, TS)
    args = {"secret": SECRET, "method": "POST", "path": PATH, "token": TOKEN, "body": BODY, "timestamp": TS} | change
    assert not snap.verify_symmetric(
        args["secret"], args["method"], args["path"], args["token"], args["body"], args["timestamp"], signature
    )


def test_key_order_matters_to_the_signature():
    a = snap.sign_symmetric(SECRET, "POST", PATH, TOKEN, '{"a":1,"b":2}', TS)
    b = snap.sign_symmetric(SECRET, "POST", PATH, TOKEN, '{"b":2,"a":1}', TS)
    assert a != b


@pytest.mark.parametrize("signature", ["", "garbage", "é" * 88, _hand_hmac("POST", PATH, TOKEN, BODY_MIN, TS)[:-2]])
def test_symmetric_refuses_malformed_signatures(signature):
    assert not snap.verify_symmetric(SECRET, "POST", PATH, TOKEN, BODY, TS, signature)


def test_symmetric_non_json_body_is_a_format_error_not_a_signature_failure():
    with pytest.raises(ValueError):
        snap.verify_symmetric(SECRET, "POST", PATH, TOKEN, "amount=1", TS, "x")


# --- timestamps ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (TS, datetime(2026, 12, 2, 1, 30, tzinfo=UTC)),
        ("2026-12-02T01:30:00Z", datetime(2026, 12, 2, 1, 30, tzinfo=UTC)),
        ("2026-12-02T09:30:00+08:00", datetime(2026, 12, 2, 1, 30, tzinfo=UTC)),
        ("2026-12-01T22:30:00-03:00", datetime(2026, 12, 2, 1, 30, tzinfo=UTC)),
        ("2026-12-02T08:30:00.250+07:00", datetime(2026, 12, 2, 1, 30, 0, 250000, tzinfo=UTC)),
    ],
)
def test_parse_timestamp(value, expected):
    assert snap.parse_timestamp(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "2026-12-02T08:30:00",  # no offset: whose clock?
        "2026-12-02 08:30:00+07:00",
        "2026-12-02T08:30+07:00",
        "2026-13-02T08:30:00+07:00",
        "2026-12-02T08:30:00+0700",
        "2026-12-02T08:30:00+07:00\n",
        "1733100600",
        "",
        None,
    ],
)
def test_parse_timestamp_refuses(value):
    with pytest.raises(SnapError) as caught:
        snap.parse_timestamp(value)
    assert caught.value.response_code == "4002401"
    assert "X-TIMESTAMP" in caught.value.message


NOW = datetime(2026, 12, 2, 8, 30, tzinfo=WIB)


@pytest.mark.parametrize("offset", [0, 1, -1, 299, -299, 300, -300])
def test_check_timestamp_inside_window(offset):
    value = (NOW + timedelta(seconds=offset)).isoformat()
    assert snap.check_timestamp(value, NOW) == NOW + timedelta(seconds=offset)


@pytest.mark.parametrize("offset", [301, -301, 3600, -86400])
def test_check_timestamp_outside_window(offset):
    value = (NOW + timedelta(seconds=offset)).isoformat()
    with pytest.raises(SnapError) as caught:
        snap.check_timestamp(value, NOW)
    assert caught.value.response_code == "4012400"
    assert caught.value.http_status == 401


def test_check_timestamp_edges_with_milliseconds_and_other_zones():
    assert snap.check_timestamp("2026-12-02T08:35:00.000+07:00", NOW)
    with pytest.raises(SnapError):
        snap.check_timestamp("2026-12-02T08:35:00.001+07:00", NOW)
    assert snap.check_timestamp("2026-12-02T01:34:59Z", NOW.astimezone(UTC))
    with pytest.raises(SnapError) as caught:
        snap.check_timestamp("2026-12-02T08:40:00+07:00", NOW, window_seconds=60, service="73")
    assert caught.value.response_code == "4017300"


def test_check_timestamp_needs_an_aware_now():
    with pytest.raises(ValueError):
        snap.check_timestamp(TS, datetime(2026, 12, 2, 8, 30))


# --- response codes --------------------------------------------------------------------------------------------------

EXPECTED_CODES = {
    "2002400": (200, "24", "00", "Successful"),
    "2002500": (200, "25", "00", "Successful"),
    "2007300": (200, "73", "00", "Successful"),
    "4012400": (401, "24", "00", "Unauthorized."),
    "4012401": (401, "24", "01", "Invalid Token (B2B)"),
    "4002401": (400, "24", "01", "Invalid Field Format"),
    "4002402": (400, "24", "02", "Invalid Mandatory Field"),
    "4092400": (409, "24", "00", "Conflict"),
    "4042412": (404, "24", "12", "Invalid Bill/Virtual Account [Not Found]"),
    "4042512": (404, "25", "12", "Invalid Bill/Virtual Account [Not Found]"),
    "4042513": (404, "25", "13", "Invalid Amount"),
    "4042414": (404, "24", "14", "Paid Bill"),
    "4042514": (404, "25", "14", "Paid Bill"),
    "4042419": (404, "24", "19", "Invalid Bill/Virtual Account [Expired]"),
    "4042519": (404, "25", "19", "Invalid Bill/Virtual Account [Expired]"),
    "4052400": (405, "24", "00", "Requested Function Is Not Supported"),
    "5002400": (500, "24", "00", "General Error"),
}


def test_every_listed_code_is_known():
    assert set(snap.KNOWN_CODES) == set(EXPECTED_CODES)


@pytest.mark.parametrize(("code", "parts"), EXPECTED_CODES.items())
def test_every_code_formats_right(code, parts):
    http_status, service, case, message = parts
    error = snap.snap_error(code)
    assert (error.http_status, error.service_code, error.case, error.message) == parts
    assert error.response_code == code
    assert isinstance(error.http_status, int)
    assert error.body() == {"responseCode": code, "responseMessage": message}
    assert snap.response(code) == {"responseCode": code, "responseMessage": message}
    assert str(error) == f"{code}: {message}"


def test_error_detail_and_custom_message():
    error = snap.snap_error("4002402", "virtualAccountNo")
    assert error.message == "Invalid Mandatory Field virtualAccountNo"
    assert snap.response("2002400", "Sukses") == {"responseCode": "2002400", "responseMessage": "Sukses"}
    assert snap.invalid_field("paidAmount.value", "25").response_code == "4002501"
    assert snap.missing_field("paymentRequestId", "25").response_code == "4002502"
    with pytest.raises(SnapError) as caught:
        raise snap.snap_error("4042513")
    assert caught.value.response_code == "4042513"


@pytest.mark.parametrize("code", ["4042499", "999", "40124000", "abcdefg", "2002400\n", None])
def test_unknown_codes_are_refused(code):
    with pytest.raises(ValueError):
        snap.snap_error(code)


# --- amounts ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rupiah", "value"), [(0, "0.00"), (1, "1.00"), (150000, "150000.00"), (10**15, "1" + "0" * 15 + ".00")]
)
def test_amount_round_trip(rupiah, value):
    assert snap.format_amount(rupiah) == {"value": value, "currency": "IDR"}
    assert snap.parse_amount(snap.format_amount(rupiah)) == rupiah


@pytest.mark.parametrize("bad", [-1, 1.5, 150000.0, "150000", True, None])
def test_format_amount_refuses_non_whole_rupiah(bad):
    with pytest.raises(ValueError):
        snap.format_amount(bad)


@pytest.mark.parametrize(
    ("obj", "code", "field"),
    [
        ({"value": "150000.00", "currency": "USD"}, "4002401", "amount.currency"),
        ({"value": "150000.50", "currency": "IDR"}, "4002401", "amount.value"),
        ({"value": "150000.5", "currency": "IDR"}, "4002401", "amount.value"),
        ({"value": "150000", "currency": "IDR"}, "4002401", "amount.value"),
        ({"value": "150,000.00", "currency": "IDR"}, "4002401", "amount.value"),
        ({"value": "-150000.00", "currency": "IDR"}, "4002401", "amount.value"),
        ({"value": "0150000.00", "currency": "IDR"}, "4002401", "amount.value"),
        ({"value": " 150000.00", "currency": "IDR"}, "4002401", "amount.value"),
        ({"value": "150000.00\n", "currency": "IDR"}, "4002401", "amount.value"),
        ({"value": "١٥٠.00", "currency": "IDR"}, "4002401", "amount.value"),
        ({"value": 150000, "currency": "IDR"}, "4002401", "amount.value"),
        ({"value": "1e5", "currency": "IDR"}, "4002401", "amount.value"),
        ({"value": "150000.00"}, "4002402", "amount.currency"),
        ({"currency": "IDR"}, "4002402", "amount.value"),
        (None, "4002402", "amount"),
        ("150000.00", "4002401", "amount"),
    ],
)
def test_parse_amount_refuses(obj, code, field):
    with pytest.raises(SnapError) as caught:
        snap.parse_amount(obj)
    assert caught.value.response_code == code
    assert caught.value.message.endswith(" " + field)


def test_parse_amount_names_the_field_and_service():
    with pytest.raises(SnapError) as caught:
        snap.parse_amount({"value": "1.10", "currency": "IDR"}, field="paidAmount", service="25")
    assert caught.value.response_code == "4002501"
    assert caught.value.message == "Invalid Field Format paidAmount.value"


# --- virtual account numbers -----------------------------------------------------------------------------------------


def test_virtual_account_no_pads_partner_service_id():
    assert snap.virtual_account_no("12345", "0000000001") == "   123450000000001"
    assert snap.virtual_account_no("   12345", "0000000001") == "   123450000000001"
    assert snap.virtual_account_no("12345678", "1" * 20) == "12345678" + "1" * 20
    assert len(snap.virtual_account_no("1", "2")) == 9


@pytest.mark.parametrize(
    ("partner", "customer", "field"),
    [
        ("123456789", "1", "partnerServiceId"),
        ("  123456789", "1", "partnerServiceId"),
        ("", "1", "partnerServiceId"),
        ("        ", "1", "partnerServiceId"),
        ("12A45", "1", "partnerServiceId"),
        ("12345 ", "1", "partnerServiceId"),
        (12345, "1", "partnerServiceId"),
        ("12345", "", "customerNo"),
        ("12345", "1" * 21, "customerNo"),
        ("12345", "12-34", "customerNo"),
        ("12345", "١٢٣", "customerNo"),
        ("12345", 1, "customerNo"),
    ],
)
def test_virtual_account_no_refuses(partner, customer, field):
    with pytest.raises(SnapError) as caught:
        snap.virtual_account_no(partner, customer)
    assert caught.value.response_code == "4002401"
    assert caught.value.message == f"Invalid Field Format {field}"
