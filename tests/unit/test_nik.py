"""NIK checks as a citizen meets them: each mistake named, in Bahasa Indonesia, with what to fix."""

import random
import re
from datetime import date, datetime

import pytest

from chalicelib import regions
from chalicelib.identity.nik import NikProblem, is_blocking, looks_like_nik, normalize_nik, parse_nik, validate_nik


def nik(region: str, day: int, month: int, yy: int, serial: str = "0001", female: bool = False) -> str:
    """A NIK built from a dotted district code and a birth date (the day +40 for women)."""
    assert regions.district(region) is not None, region
    return f"{region.replace('.', '')}{day + 40 * female:02d}{month:02d}{yy:02d}{serial}"


def codes(problems):
    return [p.code for p in problems]


# Real districts across the country (Kemendagri codes), the Papua provinces included.
DISTRICTS = [
    "31.71.01",  # Gambir, Kota Administrasi Jakarta Pusat
    "11.01.01",  # Bakongan, Aceh Selatan
    "32.73.01",  # Sukasari, Kota Bandung
    "51.71.01",  # Denpasar Selatan, Kota Denpasar
    "64.72.01",  # Palaran, Kota Samarinda
    "65.71.01",  # Tarakan Barat, Kota Tarakan (Kalimantan Utara)
    "73.71.01",  # Mariso, Kota Makassar
    "91.71.01",  # Jayapura Utara, Kota Jayapura (Papua)
    "92.02.03",  # Warmare, Manokwari (Papua Barat)
    "93.01.01",  # Merauke (Papua Selatan)
    "94.04.01",  # Mimika Baru (Papua Tengah)
    "95.01.01",  # Wamena (Papua Pegunungan)
    "96.71.01",  # Sorong (Papua Barat Daya)
]


@pytest.mark.parametrize("region", DISTRICTS)
def test_valid_niks_from_real_districts(region):
    male = nik(region, 17, 8, 85, "0123")
    female = nik(region, 9, 11, 2, "4321", female=True)
    assert validate_nik(male) == []
    assert validate_nik(female) == []
    assert validate_nik(male, birth_date=date(1985, 8, 17), sex="L") == []
    assert validate_nik(female, birth_date=date(2002, 11, 9), sex="P") == []
    assert parse_nik(male) == {"region": region, "birth_date": (17, 8, 85), "sex": "L", "serial": "0123"}
    assert parse_nik(female) == {"region": region, "birth_date": (9, 11, 2), "sex": "P", "serial": "4321"}


def test_gambir_example():
    assert regions.district("31.71.01")["name"] == "Gambir"
    assert validate_nik("3171010101900001") == []
    assert parse_nik("3171010101900001") == {"region": "31.71.01", "birth_date": (1, 1, 90), "sex": "L",
                                             "serial": "0001"}


# --- shape -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [None, 3171010101900001, 3.5, b"3171010101900001", ["3171010101900001"]])
def test_not_a_string(value):
    problems = validate_nik(value)
    assert codes(problems) == ["nik_not_text"]
    assert problems[0].message == "NIK harus diisi berupa 16 angka."


def test_empty():
    assert [(p.code, p.message) for p in validate_nik("")] == [
        ("nik_empty", "NIK wajib diisi. Salin 16 angka NIK dari KTP atau Kartu Keluarga.")]


@pytest.mark.parametrize("value, n", [("317101010190001", 15), ("31710101019000011", 17), ("3", 1)])
def test_wrong_length_says_how_many(value, n):
    problems = validate_nik(value)
    assert codes(problems) == ["nik_length"]
    assert problems[0].message == f"NIK harus 16 angka. Anda mengisi {n} angka."
    assert validate_nik(value, lang="en")[0].message == f"The NIK must be 16 digits. You entered {n} digits."


def test_wrong_length_with_other_characters_counts_characters():
    problems = validate_nik("3171-0101-0190-0001")
    assert codes(problems) == ["nik_length", "nik_not_digits"]
    assert problems[0].message == "NIK harus 16 angka. Anda mengisi 19 karakter."
    assert problems[1].message == ('NIK hanya boleh berisi angka 0-9. Karakter ke-5 berupa tanda "-". '
                                   "Ada 3 karakter yang bukan angka.")


@pytest.mark.parametrize("value, fragment", [
    ("31710101019O0001", 'Karakter ke-12 berupa huruf "O" (bukan angka nol).'),
    ("3171010101900A01", 'Karakter ke-14 berupa huruf "A".'),
    ("3171 10101900001", "Karakter ke-5 berupa spasi."),
    ("\u0663171010101900001", 'Karakter ke-1 berupa angka "\u0663" dari tulisan lain (bukan 0-9).'),  # Arabic-Indic 3
    ("\uff13\uff11\uff17\uff11010101900001", "Karakter ke-1 berupa angka"),  # full-width ３１７１
    ("3171010101900\u200b01", "Karakter ke-14 berupa karakter tak terlihat."),
    ("\u0967\u0968\u0969\u096a\u096b\u096c\u096d\u096e\u096f\u0966\u0967\u0968\u0969\u096a\u096b\u096c",
     "Karakter ke-1 berupa angka"),  # Devanagari digits: str.isdigit() is True for all 16
])
def test_characters_that_are_not_ascii_digits(value, fragment):
    problems = validate_nik(value)
    assert "nik_not_digits" in codes(problems)
    message = next(p.message for p in problems if p.code == "nik_not_digits")
    assert message.startswith("NIK hanya boleh berisi angka 0-9.")
    assert fragment in message
    assert parse_nik(value) is None


def test_unicode_digits_that_python_calls_digits_are_still_refused():
    arabic = "\u0663\u0661\u0667\u0661\u0660\u0661\u0660\u0661\u0660\u0661\u0669\u0660\u0660\u0660\u0660\u0661"
    assert arabic.isdigit() and len(arabic) == 16 and int(arabic) == 3171010101900001
    assert codes(validate_nik(arabic)) == ["nik_not_digits"]


# --- region ----------------------------------------------------------------------------------------

def test_unknown_province():
    problems = validate_nik("9901010101900001")
    assert codes(problems) == ["nik_region_unknown"]
    assert problems[0].blocking
    assert problems[0].message.startswith("Kode provinsi pada NIK (angka ke-1 dan ke-2: 99) tidak dikenal.")


def test_unknown_regency():
    problems = validate_nik("3179010101900001")
    assert codes(problems) == ["nik_region_unknown"]
    assert "angka ke-1 sampai ke-4: 3179)" in problems[0].message and problems[0].severity == "error"


def test_district_zero_is_impossible():
    assert codes(validate_nik("3171000101900001")) == ["nik_region_unknown"]


def test_a_district_number_the_regency_never_had_is_refused():
    # 31.71 (Jakarta Pusat) has districts 01-08: 31.71.99 was never issued (issue 14, finding 5).
    problems = validate_nik("3171990101900001")
    assert codes(problems) == ["nik_region_unknown"] and is_blocking(problems)
    assert problems[0].message == ("Kode kecamatan pada NIK (angka ke-5 dan ke-6: 99) tidak ada di Kota Administrasi "
                                   "Jakarta Pusat (31.71). Periksa kembali NIK sesuai KTP atau Kartu Keluarga.")
    assert codes(validate_nik("3171090101900001")) == ["nik_region_unknown"]  # one above Johar Baru (08)
    assert "(digits 5-6: 99) does not exist in" in validate_nik("3171990101900001", lang="en")[0].message
    assert parse_nik("3171990101900001") is None


def test_a_retired_district_number_below_the_highest_is_only_a_warning():
    # 11.04 (Aceh Tenggara) numbers up to 21 but has no 04 today: the number may have been retired when
    # the district moved or was split, and a NIK keeps the code it was issued with.
    assert regions.district("11.04.04") is None and regions.district("11.04.21") is not None
    problems = validate_nik("1104040101900001")
    assert codes(problems) == ["nik_district_not_current"]
    assert problems[0].severity == "warning" and not is_blocking(problems)
    assert "11.04.04" in problems[0].message
    assert parse_nik("1104040101900001")["region"] == "11.04.04"


@pytest.mark.parametrize("prefix, province", [
    ("910101", "Papua Selatan"),  # Merauke before 2022, now 93.01
    ("910201", "Papua Pegunungan"),  # Jayawijaya, now 95.01
    ("910901", "Papua Tengah"),  # Mimika, now 94.04
    ("927101", "Papua Barat Daya"),  # Kota Sorong, now 96.71
    ("647301", "Kalimantan Utara"),  # Kota Tarakan before 2012, now 65.71
])
def test_niks_issued_before_a_regency_moved_province_are_accepted_with_a_warning(prefix, province):
    value = f"{prefix}0101900001"
    problems = validate_nik(value)
    assert codes(problems) == ["nik_regency_former"]
    assert problems[0].severity == "warning"
    assert f"Provinsi {province}" in problems[0].message
    assert parse_nik(value)["region"] == f"{prefix[:2]}.{prefix[2:4]}.{prefix[4:]}"


# --- date ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("dd", ["00", "32", "35", "40", "72", "80", "99"])
def test_impossible_day(dd):
    problems = validate_nik(f"317101{dd}01900001")
    assert codes(problems) == ["nik_day_invalid"]
    assert f"angka ke-7 dan ke-8: {dd}" in problems[0].message
    assert "41-71" in problems[0].message


@pytest.mark.parametrize("mm", ["00", "13", "99"])
def test_impossible_month(mm):
    problems = validate_nik(f"31710101{mm}900001")
    assert codes(problems) == ["nik_month_invalid"]
    assert "01-12" in problems[0].message


def test_impossible_day_and_month_are_both_named():
    assert codes(validate_nik("3171013513900001")) == ["nik_day_invalid", "nik_month_invalid"]


@pytest.mark.parametrize("ddmmyy", ["310490", "300290", "310690", "310990", "311190", "710490"])
def test_dates_not_in_the_calendar(ddmmyy):
    problems = validate_nik(f"317101{ddmmyy}0001")
    assert codes(problems) == ["nik_date_invalid"]
    assert "tidak ada di kalender" in problems[0].message


def test_29_february_accepted_when_either_century_is_a_leap_year():
    # YY has no century: 00 could be 1900 (not leap) or 2000 (leap); 96 is 1996 or 2096, both leap.
    for yy in ("00", "04", "96", "24"):
        assert validate_nik(f"3171012902{yy}0001") == [], yy
        assert validate_nik(f"3171016902{yy}0001") == [], yy  # women: 29 + 40
    for yy in ("01", "90", "23", "99"):
        problems = validate_nik(f"3171012902{yy}0001")
        assert codes(problems) == ["nik_date_invalid"], yy
        assert f"29-02-{yy}" in problems[0].message


def test_womens_day_is_shown_without_the_40():
    problems = validate_nik("3171017104900001")  # 71 = 31 + 40, April has 30 days
    assert codes(problems) == ["nik_date_invalid"]
    assert "(31-04-90)" in problems[0].message


# --- serial ----------------------------------------------------------------------------------------

def test_serial_0000():
    problems = validate_nik("3171010101900000")
    assert codes(problems) == ["nik_serial_invalid"]
    assert problems[0].message.startswith("Empat angka terakhir NIK tidak boleh 0000.")
    assert validate_nik("3171010101900001") == [] and validate_nik("3171010101909999") == []


# --- agreement with the rest of the form -------------------------------------------------------------

def test_birth_date_agrees():
    value = nik("31.71.01", 5, 6, 78)
    assert validate_nik(value, birth_date=date(1978, 6, 5)) == []
    assert validate_nik(value, birth_date=date(2078, 6, 5)) == []  # only the last two digits are compared
    assert validate_nik(value, birth_date=datetime(1978, 6, 5, 10, 30)) == []


@pytest.mark.parametrize("given", [date(1978, 6, 6), date(1978, 7, 5), date(1979, 6, 5)])
def test_birth_date_mismatch(given):
    problems = validate_nik(nik("31.71.01", 5, 6, 78), birth_date=given)
    assert codes(problems) == ["nik_birth_date_mismatch"]
    assert problems[0].message == (
        f"Tanggal lahir pada NIK (05-06-78) tidak sama dengan tanggal lahir yang Anda isi ({given:%d-%m-%Y}). "
        "Periksa NIK atau tanggal lahir.")


def test_birth_date_of_a_woman_is_compared_without_the_40():
    value = nik("93.01.01", 12, 3, 1, female=True)
    assert value[6:8] == "52"
    assert validate_nik(value, birth_date=date(2001, 3, 12), sex="P") == []
    assert codes(validate_nik(value, birth_date=date(2001, 3, 13), sex="P")) == ["nik_birth_date_mismatch"]


@pytest.mark.parametrize("sex", ["L", "l", "male", "Male", "laki-laki"])
def test_male_nik_with_male_sex(sex):
    assert validate_nik(nik("51.71.01", 20, 1, 99), sex=sex) == []


@pytest.mark.parametrize("sex", ["P", "p", "female", "FEMALE", "perempuan"])
def test_female_day_plus_40_must_match_sex(sex):
    female = nik("51.71.01", 20, 1, 99, female=True)
    male = nik("51.71.01", 20, 1, 99)
    assert validate_nik(female, sex=sex) == []
    problems = validate_nik(male, sex=sex)
    assert codes(problems) == ["nik_sex_mismatch"]
    assert problems[0].message.startswith(
        "NIK ini tercatat untuk laki-laki, tetapi jenis kelamin yang dipilih perempuan.")
    assert "ditambah 40" in problems[0].message


def test_female_nik_with_male_sex():
    problems = validate_nik(nik("95.01.01", 1, 1, 80, female=True), sex="L")
    assert codes(problems) == ["nik_sex_mismatch"]
    assert problems[0].message.startswith("NIK ini tercatat untuk perempuan, tetapi jenis kelamin yang dipilih")


def test_every_problem_at_once_when_the_shape_is_right():
    problems = validate_nik("9999003513900000", birth_date=date(1990, 1, 1), sex="P")
    assert codes(problems) == ["nik_region_unknown", "nik_day_invalid", "nik_month_invalid", "nik_serial_invalid"]
    value = nik("31.71.01", 1, 1, 90, serial="0000")
    assert codes(validate_nik(value, birth_date=date(1991, 1, 1), sex="P")) == [
        "nik_serial_invalid", "nik_birth_date_mismatch", "nik_sex_mismatch"]


def test_programming_errors_are_not_citizen_errors():
    with pytest.raises(ValueError):
        validate_nik("3171010101900001", sex="X")
    with pytest.raises(TypeError):
        validate_nik("3171010101900001", birth_date="1990-01-01")


# --- language, shape of problems ---------------------------------------------------------------------

def test_english_messages():
    problems = validate_nik("3171010101900000", lang="en")
    assert problems == [NikProblem("nik_serial_invalid",
                                   "The last four digits of the NIK cannot be 0000. Check the NIK against your KTP "
                                   "or Family Card.")]
    assert validate_nik("", lang="en-US")[0].message.startswith("The NIK is required.")
    assert validate_nik("", lang="fr")[0].message.startswith("NIK wajib diisi.")  # Indonesian is the fallback


def test_codes_do_not_depend_on_language():
    for value in ("", "123", "31710101019O0001", "9901010101900001", "3171013513900000", "3171990101900001"):
        assert codes(validate_nik(value)) == codes(validate_nik(value, lang="en"))


def test_problem_as_dict():
    assert validate_nik("")[0].to_dict() == {
        "code": "nik_empty", "message": "NIK wajib diisi. Salin 16 angka NIK dari KTP atau Kartu Keluarga.",
        "severity": "error"}


# --- random input never crashes ----------------------------------------------------------------------

ALPHABET = "0123456789" * 6 + "Oo lI-./\u0663\uff13\u0967\u200b\u00e9x\n"


def _check_never_crashes(value: str) -> None:
    problems = validate_nik(value)
    for problem in problems:
        assert isinstance(problem, NikProblem)
        assert problem.code.startswith("nik_")
        assert problem.severity in ("error", "warning")
        assert problem.message.strip() and "NIK" in problem.message
        assert not re.search(r"\{[a-z_]+\}", problem.message)  # every placeholder filled
    english = validate_nik(value, lang="en")
    assert [p.code for p in english] == [p.code for p in problems]
    parsed = parse_nik(value)
    assert (parsed is None) == is_blocking(problems)
    if parsed is not None:
        assert regions.normalize(parsed["region"], "district") == parsed["region"]


def test_random_strings_never_crash_seeded():
    rng = random.Random(20240611)
    for _ in range(3000):
        length = rng.choice([16, 16, 16, rng.randint(0, 20)])
        _check_never_crashes("".join(rng.choice(ALPHABET) for _ in range(length)))
    for _ in range(3000):  # 16 ASCII digits: exercises region, date and serial checks
        _check_never_crashes("".join(rng.choice("0123456789") for _ in range(16)))
    for region in rng.sample([d["code"] for r in regions.children("31") for d in regions.children(r["code"])], 5):
        _check_never_crashes(region.replace(".", "") + "".join(rng.choice("0123456789") for _ in range(10)))


def test_random_strings_never_crash_hypothesis():
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies

    @hypothesis.settings(max_examples=300, deadline=None)
    @hypothesis.given(st.one_of(st.text(min_size=16, max_size=16), st.text(max_size=24),
                                st.text(alphabet="0123456789", min_size=16, max_size=16)))
    def check(value):
        _check_never_crashes(value)

    check()


# --- normalising: a NIK as people copy it ---------------------------------------------------------

@pytest.mark.parametrize("typed", [
    "3171 0141 0190 0001",  # grouped as on many cards
    "31.71.01.410190.0001",  # dotted region, as in the region code
    "3171-0141-0190-0001",
    " 3171014101900001\n",  # pasted with a newline
    "3171\u00a00141\u202f0190\u20090001",  # no-break and thin spaces from a phone's text
    "3171\u2013014101900001",  # an en dash from a word processor
    "3171014101900001\u200b",  # a zero-width space from a web page
    "\uff13\uff11\uff17\uff11\uff10\uff11\uff14\uff11\uff10\uff11\uff19\uff10\uff10\uff10\uff10\uff11",
    "\u0663\u0661\u0667\u0661\u0660\u0661\u0664\u0661\u0660\u0661\u0669\u0660\u0660\u0660\u0660\u0661",
    "\u06f3\u06f1\u06f7\u06f1\u06f0\u06f1\u06f4\u06f1 \u06f0\u06f1\u06f9\u06f0 \u06f0\u06f0\u06f0\u06f1",
])
def test_a_nik_as_copied_from_a_card_or_a_phone_is_the_same_nik(typed):
    assert normalize_nik(typed) == "3171014101900001"
    assert validate_nik(normalize_nik(typed)) == []
    assert looks_like_nik(typed)


@pytest.mark.parametrize("typed", ["31710141019O0001", "MYS-A12345678", "3171 0141 0190", "petugas.loket", ""])
def test_what_is_not_a_nik_stays_wrong(typed):
    assert not looks_like_nik(typed)
    if typed.startswith("3171"):
        assert is_blocking(validate_nik(normalize_nik(typed)))


def test_devanagari_digits_are_not_taken_for_a_nik():
    # Only the scripts a NIK is copied in here are read as digits; others are still named as not 0-9.
    devanagari = "\u0969\u0967\u096d\u0967\u0966\u0967\u096a\u0967\u0966\u0967\u096f\u0966\u0966\u0966\u0966\u0967"
    assert codes(validate_nik(normalize_nik(devanagari))) == ["nik_not_digits"]


@pytest.mark.parametrize("value", [None, 3171014101900001, ["3171014101900001"]])
def test_normalising_leaves_what_is_not_text_alone(value):
    assert normalize_nik(value) == value


def test_separators_anywhere_never_change_the_nik_hypothesis():
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies
    separators = st.sampled_from([" ", ".", "-", "\u00a0", "\u2013", "\u200b", "\t", "\u3000", "\uff0e"])

    @hypothesis.settings(max_examples=300, deadline=None)
    @hypothesis.given(st.lists(st.tuples(st.sampled_from("0123456789"), st.lists(separators, max_size=2)),
                               min_size=16, max_size=16))
    def check(parts):
        digits = "".join(d for d, _ in parts)
        typed = "".join(d + "".join(seps) for d, seps in parts)
        assert normalize_nik(typed) == digits
        assert normalize_nik(normalize_nik(typed)) == digits  # idempotent

    check()
