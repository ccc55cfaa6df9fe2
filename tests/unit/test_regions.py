"""The region table: Kemendagri codes from idn-area-data, read lazily, plain data in and out."""

import csv
import gzip
import re

import pytest

from chalicelib import regions
from chalicelib.regions import DATA_DIR


def test_counts_are_those_of_the_current_kemendagri_table():
    counts = regions.counts()
    assert counts["provinces"] == 38
    assert 500 <= counts["regencies"] <= 530  # 514 in idn-area-data 4.0.1
    assert 7_200 <= counts["districts"] <= 7_400  # 7,285
    assert 83_000 <= counts["villages"] <= 85_000  # 83,762
    assert counts == {"provinces": 38, "regencies": 514, "districts": 7_285, "villages": 83_762}


def test_records_at_every_level():
    assert regions.province("31") == {
        "code": "31", "name": "Daerah Khusus Ibukota Jakarta", "parent": None, "level": "province"}
    assert regions.regency("31.71") == {
        "code": "31.71", "name": "Kota Administrasi Jakarta Pusat", "parent": "31", "level": "regency"}
    assert regions.district("31.71.01") == {
        "code": "31.71.01", "name": "Gambir", "parent": "31.71", "level": "district"}
    assert regions.village("31.71.01.1001") == {
        "code": "31.71.01.1001", "name": "Gambir", "parent": "31.71.01", "level": "village"}


def test_plain_digit_codes_are_read_as_dotted_ones():
    assert regions.regency("3171")["code"] == "31.71"
    assert regions.district("317101")["name"] == "Gambir"
    assert regions.village("3171011001")["code"] == "31.71.01.1001"


@pytest.mark.parametrize("finder, code", [
    (regions.province, "99"), (regions.province, "3"), (regions.province, "31.71"),
    (regions.regency, "31.79"), (regions.regency, "31"), (regions.district, "31.71.99"),
    (regions.village, "31.71.01.9999"), (regions.village, "99.99.99.9999"),
    (regions.district, "３１.７１.０１"),  # full-width digits are not digits here
    (regions.district, "٣١.٧١.٠١"),  # nor are Arabic-Indic ones
    (regions.province, None), (regions.province, 31), (regions.district, "")
])
def test_unknown_or_malformed_codes_give_none(finder, code):
    assert finder(code) is None


def test_surrounding_whitespace_is_forgiven_inner_is_not():
    assert regions.district(" 31.71.01\n")["code"] == "31.71.01"
    assert regions.district("31.71\n.01") is None and regions.district("31 71 01") is None


def test_kemendagri_codes_not_bps():
    # BPS numbers Jakarta's cities differently (BPS 3173 is Jakarta Pusat); Kemendagri's 31.71 is.
    assert regions.regency("31.71")["name"].endswith("Jakarta Pusat")
    assert regions.regency("31.73")["name"].endswith("Jakarta Barat")
    # Kemendagri: 91 Papua, 92 Papua Barat (BPS had 91 Papua Barat, 94 Papua before 2022).
    assert regions.province("91")["name"] == "Papua"
    assert regions.province("92")["name"] == "Papua Barat"
    assert regions.province("94")["name"] == "Papua Tengah"
    # No BPS-style 7-digit district or 10-digit village codes anywhere.
    with (DATA_DIR / "districts.csv").open(encoding="utf-8", newline="") as f:
        assert all(re.fullmatch(r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}", row["code"]) for row in csv.DictReader(f))


def test_children_at_every_level():
    provinces = regions.children()
    assert len(provinces) == 38
    assert provinces[0] == {"code": "11", "name": "Aceh"}
    assert {"code": "96", "name": "Papua Barat Daya"} in provinces

    jakarta = regions.children("31")
    assert [r["code"] for r in jakarta] == ["31.01", "31.71", "31.72", "31.73", "31.74", "31.75"]
    assert jakarta[1] == {"code": "31.71", "name": "Kota Administrasi Jakarta Pusat"}

    pusat = regions.children("31.71")
    assert [d["name"] for d in pusat][:3] == ["Gambir", "Sawah Besar", "Kemayoran"]
    assert len(pusat) == 8

    gambir = regions.children("31.71.01")
    assert gambir[0] == {"code": "31.71.01.1001", "name": "Gambir"}
    assert [v["name"] for v in gambir] == ["Gambir", "Cideng", "Petojo Utara", "Petojo Selatan", "Kebon Kelapa",
                                           "Duri Pulo"]

    assert regions.children("31.71.01.1001") == []  # a village has no children
    assert regions.children("99") == [] and regions.children("31.79") == [] and regions.children("nonsense") == []


def test_children_in_the_papua_provinces():
    assert [r["code"] for r in regions.children("93")] == ["93.01", "93.02", "93.03", "93.04"]
    assert regions.children("93")[0]["name"] == "Kabupaten Merauke"
    assert any(d["name"] == "Wamena" for d in regions.children("95.01"))
    villages = regions.children("91.71.01")
    assert {"code": "91.71.01.1001", "name": "Gurabesi"} in villages
    assert all(v["code"].startswith("91.71.01.") for v in villages)


def test_children_are_fresh_lists():
    regions.children("31.71.01").clear()
    regions.children("31").clear()
    assert len(regions.children("31.71.01")) == 6 and len(regions.children("31")) == 6


def test_names_with_quotes_and_commas_survive():
    assert regions.village("12.07.28.1007")["name"] == "Lubuk Pakam I,II"
    assert regions.village("35.13.15.2017")["name"] == 'Soka"an'


def test_every_village_is_found_through_its_district():
    with gzip.open(DATA_DIR / "villages.csv.gz", "rt", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == regions.counts()["villages"]
    districts = {row["code"][:8] for row in rows}
    assert districts <= set(_all_district_codes())
    for row in rows[::997]:  # a spread sample across the file; one lookup each
        assert regions.village(row["code"])["name"] == row["name"]
    assert regions.village(rows[0]["code"]) is not None and regions.village(rows[-1]["code"]) is not None


def _all_district_codes():
    with (DATA_DIR / "districts.csv").open(encoding="utf-8", newline="") as f:
        return [row["code"] for row in csv.DictReader(f)]


@pytest.mark.parametrize("codes", [
    ("31", "31.71", "31.71.01", "31.71.01.1001"),
    ("31", "31.71", "31.71.01"),
    ("31", "31.71"),
    ("31",),
    ("93", "93.01", "93.01.01", "93.01.01.1002"),
    ("51", "51.71", "51.71.01", "51.71.01.2007"),
    ("31", "3171", "317101", "3171011001"),
])
def test_is_nested_true(codes):
    assert regions.is_nested(*codes)


@pytest.mark.parametrize("codes", [
    ("32", "31.71", "31.71.01", "31.71.01.1001"),  # regency in another province
    ("31", "31.72", "31.71.01", "31.71.01.1001"),  # district in another regency
    ("31", "31.71", "31.71.02", "31.71.01.1001"),  # village in another district
    ("31", "31.71", "31.71.01", "31.71.01.9999"),  # village does not exist
    ("91", "91.01", "91.01.01"),  # Merauke's pre-2022 code: no longer a regency
    ("31", None, "31.71.01"),  # a gap
    (None, "31.71"),
    ("99",),
    (None,),
])
def test_is_nested_false(codes):
    assert not regions.is_nested(*codes)


def test_former_regencies_are_not_current_and_point_to_current_provinces():
    former = regions.former_regency("91.01")
    assert former == {"code": "91.01", "name": "Kabupaten Merauke", "successor": "93", "event": "Papua Selatan 2022"}
    assert regions.former_regency("64.73")["successor"] == "65"
    assert regions.former_regency("31.71") is None
    with (DATA_DIR / "former_regencies.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            assert regions.regency(row["code"]) is None
            assert regions.province(row["successor"]) is not None


def test_level_of():
    assert [regions.level_of(c) for c in ("31", "31.71", "317101", "31.71.01.1001", "3", None)] == [
        "province", "regency", "district", "village", None, None]


def test_committed_data_stays_small():
    sizes = {p.name: p.stat().st_size for p in DATA_DIR.iterdir()}
    assert sum(sizes.values()) < 1_000_000, sizes
    assert "ODbL" in (DATA_DIR / "README.md").read_text(encoding="utf-8")
