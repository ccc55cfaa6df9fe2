"""Phone numbers as Indonesians write them (`0812 3456 7890`, `+62 812-3456-7890`, `62812…`,
`(021) 345 6789`) → one stored form, E.164 (`+6281234567890`), for registration, the profile, the counter
and the forms. `phonenumbers` (Google's libphonenumber data) decides what is a real number and whether it
is a mobile one; the browser has no such table, so it runs only `lenient` (web/src/forms/engine.js: the
same steps) and the server's `problem` has the last word."""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import PhoneNumberType

from chalicelib.identity.nik import ascii_digits

REGION = "ID"
# Spaces, dots, dashes, slashes and brackets, as in the NIK's SEPARATORS plus "()/".
_SEPARATORS = re.compile("[\t\n\r \u00a0\u1680\u2000-\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff"
                         ".\u00b7\u2024\u2027\uff0e\\-\u2010-\u2015\u2212\ufe58\ufe63\uff0d()/]")
_MOBILE = (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)

_MESSAGES = {
    "invalid": {"id": "{label} tidak dikenal. Periksa kembali angkanya, misalnya 0812 3456 7890.",
                "en": "{label} is not a known number. Check the digits, e.g. 0812 3456 7890."},
    "not_mobile": {"id": "{label} harus nomor ponsel, bukan telepon rumah, kantor atau bebas pulsa, misalnya "
                          "0812 3456 7890.",
                   "en": "{label} must be a mobile number, not a landline or toll-free number, e.g. 0812 3456 7890."},
}


def lenient(value: str) -> str:
    """The steps the browser runs too: digits as 0-9, separators dropped, `0…`, `62…`, `0062…` and
    `+620…` written as `+62…`. Not a check: a wrong number stays wrong."""
    text = ascii_digits(_SEPARATORS.sub("", value))
    for prefix in ("+620", "+62", "0062", "62", "0"):
        if text.startswith(prefix):
            return "+62" + text[len(prefix):]
    return text


def normalize_phone(value: object) -> object:
    """E.164 for a real number (any country, written with its +code), else `lenient`'s text, so that the
    form's pattern names what is wrong; non-strings unchanged."""
    if not isinstance(value, str):
        return value
    text = lenient(value)
    try:
        number = phonenumbers.parse(text, REGION)
    except phonenumbers.NumberParseException:
        return text
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) \
        if phonenumbers.is_valid_number(number) else text


def problem(value: str, label: str, lang: str = "id", mobile: bool = True) -> str | None:
    """What is wrong with a number already normalised, in a sentence naming the field; None when right."""
    lang = "en" if lang == "en" else "id"
    try:
        number = phonenumbers.parse(value, REGION)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        return _MESSAGES["invalid"][lang].format(label=label)
    if mobile and phonenumbers.number_type(number) not in _MOBILE:
        return _MESSAGES["not_mobile"][lang].format(label=label)
    return None


def mobile_e164(value: object) -> str | None:
    """A mobile number that can receive the SMS codes, as E.164; None when `value` is not one."""
    normal = normalize_phone(value)
    return normal if isinstance(normal, str) and problem(normal, "") is None else None
