"""Phone numbers as Indonesians write them, read into one stored form (E.164) by chalicelib/identity/phone.py."""

import pytest

from chalicelib.identity.phone import lenient, mobile_e164, normalize_phone, problem


@pytest.mark.parametrize("typed", [
    "0812 3456 7890",  # the registration page's own example
    "0812-3456-7890", "0812.3456.7890", "(0812) 3456 7890",
    "+62 812-3456-7890", "+62 (0)812 3456 7890", "+62 0812 3456 7890",
    "62812 3456 7890", "6281234567890", "0062 812 3456 7890",
    "\uff10\uff18\uff11\uff12 3456 7890",  # full-width digits from a phone keyboard
    "\u0660\u0668\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669\u0660",  # Arabic-Indic
    "0812\u00a03456\u00a07890",
])
def test_a_mobile_number_as_written_is_stored_as_e164(typed):
    assert normalize_phone(typed) == "+6281234567890"
    assert mobile_e164(typed) == "+6281234567890"
    assert problem(normalize_phone(typed), "Nomor HP") is None


@pytest.mark.parametrize("typed, e164", [("(021) 345 6789", "+62213456789"), ("021-3456789", "+62213456789"),
                                         ("+62 22 4201234", "+62224201234")])
def test_a_landline_is_read_but_is_not_a_mobile_number(typed, e164):
    assert normalize_phone(typed) == e164
    assert problem(e164, "Nomor HP", mobile=False) is None
    assert problem(e164, "Nomor HP") == ("Nomor HP harus nomor ponsel, bukan telepon rumah, kantor atau bebas pulsa, "
                                         "misalnya 0812 3456 7890.")
    assert mobile_e164(typed) is None


@pytest.mark.parametrize("typed", ["12345", "0812", "0812 3456 7890 1234", "nomor saya", "+62 811 000", ""])
def test_what_is_not_a_phone_number_is_refused_with_the_field_named(typed):
    assert mobile_e164(typed) is None
    message = problem(str(normalize_phone(typed)), "Nomor HP")
    assert message is not None and message.startswith("Nomor HP ")
    assert problem(str(normalize_phone(typed)), "Mobile number", lang="en").startswith("Mobile number ")


def test_a_foreign_number_with_its_country_code_is_kept():
    assert normalize_phone("+60 12-345 6789") == "+60123456789"  # Malaysia


def test_the_browsers_lenient_reading_is_the_stored_number_for_indonesian_numbers():
    # The browser runs only `lenient` (engine.js normalizePhone): for a real Indonesian number it must give
    # what the server stores, so what the browser shows as accepted is what is saved.
    for typed in ("0812 3456 7890", "+62 (0)812-3456-7890", "62 812 3456 7890", "(021) 345 6789", "0811-1234-567"):
        assert lenient(typed) == normalize_phone(typed), typed


@pytest.mark.parametrize("value", [None, 81234567890, ["0812"]])
def test_normalising_leaves_what_is_not_text_alone(value):
    assert normalize_phone(value) == value and mobile_e164(value) is None


def test_any_spacing_of_a_valid_number_gives_the_same_number_hypothesis():
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies

    @hypothesis.settings(max_examples=200, deadline=None)
    @hypothesis.given(st.sampled_from(["0", "+62", "62", "+62 ", "+62 (0)"]),
                      st.lists(st.sampled_from(["", " ", "-", ".", "\u00a0"]), min_size=11, max_size=11))
    def check(prefix, gaps):
        digits = "81234567890"
        typed = prefix + "".join(d + g for d, g in zip(digits, gaps, strict=True))
        assert normalize_phone(typed) == "+6281234567890"

    check()
