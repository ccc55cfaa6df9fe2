"""NIK (Nomor Induk Kependudukan) checks: `PP KK CC DDMMYY SSSS`, 16 ASCII digits.

`PPKKCC` is the district (kecamatan) where the person was FIRST registered, `DD` the day of birth
(+40 for women), `MM` the month, `YY` the year's last two digits, `SSSS` a serial from 0001.

`validate_nik` returns every problem it finds, each with a stable `code`, a short message that says what
to fix (Bahasa Indonesia, or English with lang="en") and a `severity`:

* "error": the NIK cannot be right as typed; the form must refuse it.
* "warning": the NIK is possible but its region code is not in today's table; accept it and show the
  message so a typo can be caught.

Region decision (why there are warnings at all): a NIK never changes, but the region table does.
When a district is split or renumbered the old `PP.KK.CC` can vanish from the current Kepmendagri table
while the regency `PP.KK` remains (597 retired district numbers are visible as gaps in today's table),
and when a regency moves to a new province its whole `PP.KK` vanishes: every NIK issued in Merauke before
2022 starts 9101…, a code that today's table (Merauke = 93.01) no longer has. Refusing those would lock
real citizens out of the service, while accepting a mistyped district costs little (the NIK is checked
again against Dukcapil and by the officer). So:

* province unknown, regency unknown and never known, district `00`, or a district number above the
  highest the regency has (e.g. 31.71.99: Jakarta Pusat's districts are 01-08) → error `nik_region_unknown`.
  Kemendagri numbers a regency's districts upwards and does not reuse a retired number, so a number above
  today's highest was never issued (unless the regency's last districts moved away; none is known);
* regency current, district a gap below its highest (a retired number) → warning `nik_district_not_current`;
* regency moved to another province (regions.former_regency: Sulawesi Barat 2004, Kalimantan Utara
  2012, the Papua provinces 2022) → warning `nik_regency_former`.

`normalize_nik` turns a NIK as people copy it (from a card, a photo, a phone: `3171.0101-0190 0001`,
full-width or Arabic-Indic digits) into the 16 ASCII digits every check and every account key uses; the
form engine in the browser (web/src/forms/engine.js: NIK_SEPARATORS, OTHER_DIGITS) does the same.

Dates: `YY` has no century, so a date is real if it exists in 19YY or 20YY (29 February is accepted
exactly when YY is divisible by 4, since 2000 was a leap year); nothing is said about the future.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date
from functools import lru_cache

from chalicelib import regions

NIK_LENGTH = 16
_NOT_ASCII_DIGIT = re.compile(r"[^0-9]")
# Spaces (of every width, and the invisible ones a copy brings along), dots and dashes. The same class,
# character for character, is in web/src/forms/engine.js (the shared vectors prove both agree).
SEPARATORS = re.compile("[\t\n\r \u00a0\u1680\u2000-\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff"
                        ".\u00b7\u2024\u2027\uff0e\\-\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
# Arabic-Indic, Eastern Arabic-Indic (Persian, Urdu) and full-width digits: each block's zero sits at a
# multiple of 16, so a digit's value is its code point's last four bits.
OTHER_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9\uff10-\uff19]")

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class NikProblem:
    code: str
    message: str
    severity: str = ERROR

    @property
    def blocking(self) -> bool:
        return self.severity == ERROR

    def to_dict(self) -> dict:
        return asdict(self)


# Every message names the field as "NIK" and says what to do. {placeholders} are filled per problem.
_MESSAGES: dict[str, dict[str, str]] = {
    "nik_not_text": {
        "id": "NIK harus diisi berupa 16 angka.",
        "en": "The NIK must be given as 16 digits.",
    },
    "nik_empty": {
        "id": "NIK wajib diisi. Salin 16 angka NIK dari KTP atau Kartu Keluarga.",
        "en": "The NIK is required. Copy the 16-digit NIK from your KTP or Family Card (KK).",
    },
    "nik_length": {
        "id": "NIK harus 16 angka. Anda mengisi {n} {unit_id}.",
        "en": "The NIK must be 16 digits. You entered {n} {unit_en}.",
    },
    "nik_not_digits": {
        "id": "NIK hanya boleh berisi angka 0-9. Karakter ke-{pos} berupa {what_id}.{more_id}",
        "en": "The NIK may contain only the digits 0-9. Character {pos} is {what_en}.{more_en}",
    },
    "nik_region_unknown.province": {
        "id": "Kode provinsi pada NIK (angka ke-1 dan ke-2: {code}) tidak dikenal. "
              "Periksa kembali NIK sesuai KTP atau Kartu Keluarga.",
        "en": "The province code in the NIK (digits 1-2: {code}) is unknown. "
              "Check the NIK against your KTP or Family Card.",
    },
    "nik_region_unknown.regency": {
        "id": "Kode kabupaten/kota pada NIK (angka ke-1 sampai ke-4: {code}) tidak dikenal. "
              "Periksa kembali NIK sesuai KTP atau Kartu Keluarga.",
        "en": "The regency/city code in the NIK (digits 1-4: {code}) is unknown. "
              "Check the NIK against your KTP or Family Card.",
    },
    "nik_region_unknown.district": {
        "id": "Kode kecamatan pada NIK (angka ke-5 dan ke-6) tidak boleh 00. "
              "Periksa kembali NIK sesuai KTP atau Kartu Keluarga.",
        "en": "The district code in the NIK (digits 5-6) cannot be 00. "
              "Check the NIK against your KTP or Family Card.",
    },
    "nik_region_unknown.district_missing": {
        "id": "Kode kecamatan pada NIK (angka ke-5 dan ke-6: {cc}) tidak ada di {regency} ({code}). "
              "Periksa kembali NIK sesuai KTP atau Kartu Keluarga.",
        "en": "The district code in the NIK (digits 5-6: {cc}) does not exist in {regency} ({code}). "
              "Check the NIK against your KTP or Family Card.",
    },
    "nik_district_not_current": {
        "id": "Kode kecamatan pada NIK ({code}) tidak ada di daftar wilayah saat ini. "
              "Bila NIK sudah sama dengan KTP, lanjutkan saja (kecamatan mungkin sudah dimekarkan).",
        "en": "The district code in the NIK ({code}) is not in the current region list. "
              "If the NIK matches your KTP, carry on (the district may have been split since).",
    },
    "nik_regency_former": {
        "id": "Kode wilayah pada NIK ({code}, {name}) adalah kode lama, sebelum wilayah itu masuk "
              "Provinsi {province}. Bila NIK sudah sama dengan KTP, lanjutkan saja.",
        "en": "The region code in the NIK ({code}, {name}) is an old one, from before the area became part "
              "of {province} province. If the NIK matches your KTP, carry on.",
    },
    "nik_day_invalid": {
        "id": "Tanggal lahir pada NIK (angka ke-7 dan ke-8: {dd}) tidak mungkin. Untuk laki-laki 01-31, "
              "untuk perempuan 41-71 (tanggal lahir ditambah 40). Periksa kembali NIK Anda.",
        "en": "The day of birth in the NIK (digits 7-8: {dd}) is impossible: 01-31 for men, 41-71 for women "
              "(day of birth plus 40). Check the NIK.",
    },
    "nik_month_invalid": {
        "id": "Bulan lahir pada NIK (angka ke-9 dan ke-10: {mm}) tidak mungkin; bulan harus 01-12. "
              "Periksa kembali NIK Anda.",
        "en": "The month of birth in the NIK (digits 9-10: {mm}) is impossible; it must be 01-12. "
              "Check the NIK.",
    },
    "nik_date_invalid": {
        "id": "Tanggal lahir pada NIK ({dmy}) tidak ada di kalender. Periksa angka ke-7 sampai ke-12 NIK.",
        "en": "The date of birth in the NIK ({dmy}) does not exist. Check digits 7 to 12 of the NIK.",
    },
    "nik_serial_invalid": {
        "id": "Empat angka terakhir NIK tidak boleh 0000. Periksa kembali NIK sesuai KTP atau Kartu Keluarga.",
        "en": "The last four digits of the NIK cannot be 0000. Check the NIK against your KTP or Family Card.",
    },
    "nik_birth_date_mismatch": {
        "id": "Tanggal lahir pada NIK ({nik_dmy}) tidak sama dengan tanggal lahir yang Anda isi ({given}). "
              "Periksa NIK atau tanggal lahir.",
        "en": "The date of birth in the NIK ({nik_dmy}) differs from the date of birth you entered ({given}). "
              "Check the NIK or the date of birth.",
    },
    "nik_sex_mismatch": {
        "id": "NIK ini tercatat untuk {nik_sex_id}, tetapi jenis kelamin yang dipilih {given_id}. Periksa NIK "
              "atau jenis kelamin (pada NIK perempuan, tanggal lahir ditambah 40).",
        "en": "This NIK belongs to a {nik_sex_en}, but the sex chosen is {given_en}. Check the NIK or the sex "
              "(for women the NIK's day of birth is increased by 40).",
    },
}

_SEX_WORDS = {"L": {"id": "laki-laki", "en": "man"}, "P": {"id": "perempuan", "en": "woman"}}
_SEX_CHOICE = {"L": {"id": "laki-laki", "en": "male"}, "P": {"id": "perempuan", "en": "female"}}
_SEX_ALIASES = {"l": "L", "p": "P", "male": "L", "female": "P", "laki-laki": "L", "perempuan": "P"}


def ascii_digits(text: str) -> str:
    """`text` with Arabic-Indic, Eastern Arabic-Indic and full-width digits as 0-9."""
    return OTHER_DIGITS.sub(lambda m: str(ord(m.group()) & 15), text)


def normalize_nik(value: object) -> object:
    """A NIK as typed or pasted → as stored: separators dropped, other digits as 0-9. Anything that is
    not a NIK stays wrong in the same way (letters are kept for `validate_nik` to name); non-strings are
    returned unchanged."""
    return ascii_digits(SEPARATORS.sub("", value)) if isinstance(value, str) else value


def looks_like_nik(value: object) -> bool:
    """True when `value` normalises to 16 ASCII digits (a sign-in name that is a NIK, not a passport)."""
    normal = normalize_nik(value)
    return isinstance(normal, str) and len(normal) == NIK_LENGTH and not _NOT_ASCII_DIGIT.search(normal)


def username_of(value: str) -> str:
    """A sign-in name as typed → the account's username: a NIK normalised, anything else (a passport
    `MYS-A12345678`, a staff name) only stripped."""
    return normalize_nik(value) if looks_like_nik(value) else value.strip()  # type: ignore[return-value]


def _lang(lang: object) -> str:
    return "en" if isinstance(lang, str) and lang.lower().startswith("en") else "id"


def _problem(key: str, lang: str, severity: str = ERROR, **values) -> NikProblem:
    code = key.split(".", 1)[0]
    return NikProblem(code, _MESSAGES[key][lang].format(**values), severity)


def _describe(char: str) -> dict[str, str]:
    """How to name a character that is not an ASCII digit, in both languages."""
    if char.isspace():
        return {"id": "spasi", "en": "a space"}
    if char.isdigit() or char.isdecimal() or char.isnumeric():  # e.g. Arabic-Indic "٣", full-width "３"
        return {"id": f'angka "{char}" dari tulisan lain (bukan 0-9)',
                "en": f'the digit "{char}" from another script (not 0-9)'}
    if char in "oO":
        return {"id": f'huruf "{char}" (bukan angka nol)', "en": f'the letter "{char}" (not the digit zero)'}
    if char in "lI":
        return {"id": f'huruf "{char}" (bukan angka satu)', "en": f'the letter "{char}" (not the digit one)'}
    if char.isalpha():
        return {"id": f'huruf "{char}"', "en": f'the letter "{char}"'}
    if char.isprintable():
        return {"id": f'tanda "{char}"', "en": f'the symbol "{char}"'}
    return {"id": "karakter tak terlihat", "en": "an invisible character"}


def _real_date(day: int, month: int, yy: int) -> bool:
    for century in (1900, 2000):
        try:
            date(century + yy, month, day)
        except ValueError:
            continue
        return True
    return False


def _normalize_sex(sex: object) -> str:
    key = sex.strip().lower() if isinstance(sex, str) else None
    if key not in _SEX_ALIASES:
        raise ValueError(f"sex must be one of L, P, male, female, laki-laki, perempuan; got {sex!r}")
    return _SEX_ALIASES[key]


@lru_cache(maxsize=1024)
def _highest_district(regency_code: str) -> int:
    return max((int(d["code"][-2:]) for d in regions.children(regency_code)), default=0)


def _region_problems(nik: str, lang: str) -> list[NikProblem]:
    pp, kk, cc = nik[0:2], nik[2:4], nik[4:6]
    if regions.province(pp) is None:
        return [_problem("nik_region_unknown.province", lang, code=pp)]
    if cc == "00":
        return [_problem("nik_region_unknown.district", lang)]
    regency_code, district_code = f"{pp}.{kk}", f"{pp}.{kk}.{cc}"
    if regions.district(district_code) is not None:
        return []
    regency = regions.regency(regency_code)
    if regency is not None:
        if int(cc) > _highest_district(regency_code):
            return [_problem("nik_region_unknown.district_missing", lang, cc=cc, regency=regency["name"],
                             code=regency_code)]
        return [_problem("nik_district_not_current", lang, WARNING, code=district_code)]
    former = regions.former_regency(regency_code)
    if former is not None:
        successor = regions.province(former["successor"])
        return [_problem("nik_regency_former", lang, WARNING, code=regency_code, name=former["name"],
                         province=successor["name"] if successor else former["successor"])]
    return [_problem("nik_region_unknown.regency", lang, code=nik[0:4])]


def validate_nik(nik: object, *, birth_date: date | None = None, sex: str | None = None,
                 lang: str = "id") -> list[NikProblem]:
    """Every problem with `nik`; [] when it is well formed. Problems with severity "warning" do not make
    the NIK invalid (see the module doc). `birth_date` and `sex` ("L"/"P", "male"/"female"), when the form
    has them, must agree with the NIK; a `sex` outside those words or a non-date `birth_date` is a
    programming error (ValueError/TypeError), not a citizen's."""
    lang = _lang(lang)
    if birth_date is not None and not isinstance(birth_date, date):
        raise TypeError("birth_date must be a datetime.date")
    expected_sex = _normalize_sex(sex) if sex is not None else None

    if not isinstance(nik, str):
        return [_problem("nik_not_text", lang)]
    if nik == "":
        return [_problem("nik_empty", lang)]

    problems: list[NikProblem] = []
    # An explicit [0-9] test: str.isdigit() would let Arabic-Indic, Devanagari or full-width digits through.
    first_bad = _NOT_ASCII_DIGIT.search(nik)
    if len(nik) != NIK_LENGTH:
        problems.append(_problem("nik_length", lang, n=len(nik), unit_id="karakter" if first_bad else "angka",
                                 unit_en="characters" if first_bad else "digits"))
    if first_bad:
        n_bad = len(nik) - sum(map(nik.count, "0123456789"))  # C-speed, even for a huge pasted text
        what = _describe(first_bad.group())
        problems.append(_problem(
            "nik_not_digits", lang, pos=first_bad.start() + 1, what_id=what["id"], what_en=what["en"],
            more_id=f" Ada {n_bad} karakter yang bukan angka." if n_bad > 1 else "",
            more_en=f" {n_bad} characters are not digits." if n_bad > 1 else ""))
    if problems:
        return problems  # positions cannot be trusted: the checks below would only add noise

    problems.extend(_region_problems(nik, lang))

    dd, mm, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    day_ok = 1 <= dd <= 31 or 41 <= dd <= 71
    month_ok = 1 <= mm <= 12
    nik_sex = "P" if dd > 40 else "L"
    day = dd - 40 if nik_sex == "P" else dd
    if not day_ok:
        problems.append(_problem("nik_day_invalid", lang, dd=nik[6:8]))
    if not month_ok:
        problems.append(_problem("nik_month_invalid", lang, mm=nik[8:10]))
    date_ok = day_ok and month_ok and _real_date(day, mm, yy)
    if day_ok and month_ok and not date_ok:
        problems.append(_problem("nik_date_invalid", lang, dmy=f"{day:02d}-{mm:02d}-{yy:02d}"))

    if nik[12:16] == "0000":
        problems.append(_problem("nik_serial_invalid", lang))

    if date_ok and birth_date is not None and (birth_date.day, birth_date.month, birth_date.year % 100) != (
            day, mm, yy):
        problems.append(_problem("nik_birth_date_mismatch", lang, nik_dmy=f"{day:02d}-{mm:02d}-{yy:02d}",
                                 given=f"{birth_date.day:02d}-{birth_date.month:02d}-{birth_date.year:04d}"))
    if day_ok and expected_sex is not None and expected_sex != nik_sex:
        problems.append(_problem(
            "nik_sex_mismatch", lang, nik_sex_id=_SEX_WORDS[nik_sex]["id"], nik_sex_en=_SEX_WORDS[nik_sex]["en"],
            given_id=_SEX_CHOICE[expected_sex]["id"], given_en=_SEX_CHOICE[expected_sex]["en"]))
    return problems


def is_blocking(problems: list[NikProblem]) -> bool:
    """True when at least one problem is an error (warnings alone let the form go on)."""
    return any(p.blocking for p in problems)


def parse_nik(nik: object) -> dict | None:
    """The parts of a NIK that has no error (warnings allowed), else None:
    `{"region": "31.71.01", "birth_date": (day, month, yy), "sex": "L"|"P", "serial": "0001"}`.
    `region` is the district of first registration as written in the NIK, which may be a former code."""
    if is_blocking(validate_nik(nik)):
        return None
    assert isinstance(nik, str)
    dd = int(nik[6:8])
    sex = "P" if dd > 40 else "L"
    return {
        "region": f"{nik[0:2]}.{nik[2:4]}.{nik[4:6]}",
        "birth_date": (dd - 40 if sex == "P" else dd, int(nik[8:10]), int(nik[10:12])),
        "sex": sex,
        "serial": nik[12:16],
    }
