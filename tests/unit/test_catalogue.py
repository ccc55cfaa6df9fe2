"""The catalogue as data: every permit type passes the publish check, and its rules compute what the
catalogue promises (fee, validity, renewal window)."""

from datetime import date

import pytest

from chalicelib import catalogue, forms
from chalicelib.catalogue import rules, search, views
from infra.local.demo import AGENCIES

AGENCY_IDS = {a["id"] for a in AGENCIES}


@pytest.mark.parametrize("permit", catalogue.all_permits(), ids=lambda p: p["id"])
def test_every_permit_type_can_be_published(permit):
    assert rules.problems(permit, AGENCY_IDS) == []


def test_a_bad_definition_is_refused_with_every_reason():
    good = catalogue.get_permit("spp-irt")
    bad = {**good, "agency": {"id": "dinas-tidak-ada"}, "fee": {"rule": "fixed", "amountRupiah": -5000,
                                                               "basis": {"id": "x", "en": "x"}},
           "validity": {"months": 0}, "lifeEvents": ["liburan"]}
    problems = [p["en"] for p in rules.problems(bad, AGENCY_IDS)]
    assert any(p.startswith("agency: unknown agency") for p in problems)
    assert any(p.startswith("fee.amountRupiah") and "negative" in p for p in problems)
    assert any(p.startswith("validity") for p in problems) and any(p.startswith("lifeEvents") for p in problems)
    no_form = {k: v for k, v in good.items() if k != "form"}
    assert {"id": "form: tidak ada", "en": "form: missing"} in rules.problems(no_form, AGENCY_IDS)
    forever = {**good, "validity": None}
    assert "renewal: a document that does not expire cannot be renewed" in [
        p["en"] for p in rules.problems(forever, AGENCY_IDS)]
    assert "renewal: dokumen yang tidak kedaluwarsa tidak dapat diperpanjang" in [
        p["id"] for p in rules.problems(forever, AGENCY_IDS)]


@pytest.mark.parametrize("fee", [
    {"rule": "fixed", "amountRupiah": 5000, "kind": "sumbangan"},
    {"rule": "fixed", "amountRupiah": 5000, "kind": "gratis"},
    {"rule": "free", "kind": "pajak"},
    {"rule": "computed", "kind": "pajak", "item": {"id": ""}},
])
def test_a_fee_of_no_known_kind_is_refused(fee):
    bad = {**catalogue.get_permit("skck"), "fee": {**fee, "basis": {"id": "x", "en": "x"}}}
    assert any(p["en"].startswith(("fee.kind", "fee.item")) for p in rules.problems(bad, AGENCY_IDS))


def test_validity_counts_calendar_months_to_the_day_before():
    stnk = catalogue.get_permit("pengesahan-stnk-tahunan")
    assert rules.valid_until(stnk, date(2026, 1, 31)) == date(2027, 1, 30)
    assert rules.valid_until(catalogue.get_permit("spp-irt"), date(2024, 2, 29)) == date(2029, 2, 27)
    assert rules.valid_until(catalogue.get_permit("penggantian-ktp-el"), date(2026, 1, 1)) is None


def test_renewal_window_grace_and_new_application():
    stnk, spp = catalogue.get_permit("pengesahan-stnk-tahunan"), catalogue.get_permit("spp-irt")
    until = date(2026, 12, 31)
    assert rules.renewal(stnk, until, date(2026, 11, 30)) == {
        "allowed": False, "opensOn": "2026-12-01", "reason": "Perpanjangan dapat diajukan mulai 01-12-2026."}
    assert rules.renewal(stnk, until, date(2026, 12, 1))["allowed"] is True
    assert rules.renewal(stnk, until, date(2027, 3, 1)) == {"allowed": True, "late": True, "deadline": "2027-12-31"}
    late = rules.renewal(spp, until, date(2027, 1, 1))
    assert late["allowed"] is False and late["newApplication"] is True and "permohonan baru" in late["reason"]


def test_fees():
    assert rules.fee(catalogue.get_permit("penggantian-ktp-el")) == 0
    assert rules.fee(catalogue.get_permit("pengesahan-stnk-tahunan")) is None  # Samsat computes the tax
    tiered = {"fee": {"rule": "tiered", "tiers": [
        {"when": {"==": [{"var": "jenis_sim"}, "A"]}, "amountRupiah": 80000}, {"amountRupiah": 75000}]}}
    assert rules.fee(tiered, {"jenis_sim": "A"}) == 80000 and rules.fee(tiered, {"jenis_sim": "C"}) == 75000


# --- search synonyms (catalogue data) ----------------------------------------------------------------------------
KTP = "penggantian-ktp-el"


@pytest.mark.parametrize("query", ["perpanjang ktp", "perpanjang e-ktp", "perpanjangan ktp", "ktp hilang", "ktp rusak",
                                   "Perpanjang KTP-el", "perpanjng ktp", "perpanjang ektp"])
def test_renewing_an_ektp_leads_to_its_replacement_and_says_why(query):
    first = search.find(catalogue.all_permits(), query)[0]
    assert first.permit["id"] == KTP
    assert "seumur hidup" in first.note["id"] and "penggantian" in first.note["id"]
    assert "valid for life" in first.note["en"]


@pytest.mark.parametrize(("query", "permit_id"), [
    ("perpanjang sim", "perpanjangan-sim"), ("bikin akta lahir", "akta-kelahiran"),
    ("surat domisili", "surat-keterangan-domisili"), ("pajak motor", "pengesahan-stnk-tahunan"),
    ("ganti plat", "perpanjangan-stnk-lima-tahunan"), ("surat kelakuan baik", "skck"),
    ("perpanjng stnk", "pengesahan-stnk-tahunan"), ("akta kelahran", "akta-kelahiran"),  # typos still tolerated
])
def test_everyday_words_find_the_permit_first(query, permit_id):
    assert search.search(catalogue.all_permits(), query)[0]["id"] == permit_id


def test_a_synonym_needs_all_its_words_and_every_query_word_must_match():
    permits = catalogue.all_permits()
    assert KTP not in [p["id"] for p in search.search(permits, "perpanjang")]  # an e-KTP is never renewed
    assert search.search(permits, "perpanjang ktp qwertyuiop") == []
    assert all(hit.note is None for hit in search.find(permits, "ktp"))  # no phrase said, no note


def test_every_synonym_phrase_leads_to_one_permit_type():
    seen: dict[tuple, str] = {}
    for permit in catalogue.all_permits():
        for entry in permit.get("synonyms", []):
            for phrase in entry["phrases"]:
                key = search.phrase_key(phrase)
                assert seen.setdefault(key, permit["id"]) == permit["id"], phrase
                assert search.find(catalogue.all_permits(), phrase)[0].permit["id"] == permit["id"], phrase


@pytest.mark.parametrize(("synonyms", "where"), [
    ("perpanjang ktp", "synonyms"),
    ([{"phrase": ["x y"]}], "synonyms.0"),
    ([{"phrases": []}], "synonyms.0"),
    ([{"phrases": ["izin"]}], "synonyms.0.phrases.0"),  # only a word that does not count
    ([{"phrases": [42]}], "synonyms.0.phrases.0"),
    ([{"phrases": ["kata " * 13]}], "synonyms.0.phrases.0"),
    ([{"phrases": ["pengganti ktp", "Pengganti  KTP!"]}], "synonyms.0.phrases.1"),  # the same phrase twice
    ([{"phrases": ["pajak motor"]}], "synonyms.0.phrases.0"),  # another permit's phrase
    ([{"phrases": ["ktp baru lagi"], "note": {"id": "Berlaku seumur hidup."}}], "synonyms.0.note"),
])
def test_the_publish_check_refuses_a_malformed_synonym_list(synonyms, where):
    ktp = catalogue.get_permit(KTP)
    problems = rules.problems({**ktp, "synonyms": synonyms}, AGENCY_IDS)
    assert [p for p in problems if p["id"].startswith(f"{where}:") and p["en"].startswith(f"{where}:")], problems


# --- figures awaiting confirmation: the agency admin's worklist, never citizens' text ---------------------------
def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@pytest.mark.parametrize("permit", catalogue.all_permits(), ids=lambda p: p["id"])
def test_no_editorial_marker_reaches_citizens(permit):
    for lang in ("id", "en"):
        public = {"summary": views.summary(permit, lang), "form": forms.public_form(permit, lang)}
        assert "unconfirmed" not in public["summary"]
        text = "\n".join(_strings(public)).lower()
        for marker in ("(periksa kembali", "belum dikonfirmasi", "not yet confirmed", "unconfirmed", "todo"):
            assert marker not in text, (lang, marker)


def test_every_unconfirmed_figure_names_its_field_and_regulation():
    items = views.worklist(catalogue.all_permits(), None)
    assert len({i["permitId"] for i in items}) == 19  # all but the e-KTP replacement
    sim = {i["field"]: i for i in items if i["permitId"] == "perpanjangan-sim"}
    assert sim["fee.tiers.2"]["figure"] == "Rp30.000" and "PP 76/2020" in sim["fee.tiers.2"]["regulation"]
    assert sim["slaDays"]["figure"] == "1 hari kerja" and sim["slaDays"]["label"] == "Waktu layanan"
    assert sim["fee.revenueAccount"]["figure"] == "UNCONFIRMED-KODE-REKENING"  # the finance office's placeholder
    akta = {i["field"]: i for i in items if i["permitId"] == "akta-kelahiran"}
    assert akta["legalBasis"]["regulation"] == "Permendagri 9/2016"
    assert akta["faq.0.a"]["label"].startswith("Pertanyaan yang sering diajukan: ")
    only = views.worklist(catalogue.all_permits(), "samsat-jakarta-pusat")
    assert only and {i["agency"] for i in only} == {"samsat-jakarta-pusat"}


def test_the_publish_check_keeps_editorial_notes_out_of_citizen_text():
    spp = catalogue.get_permit("spp-irt")
    noted = {**spp, "legalBasis": spp["legalBasis"] + " (periksa kembali)",
             "faq": [{"q": {"id": "Berapa lama?", "en": "How long?"}, "a": {"id": "14 hari (belum dikonfirmasi)",
                                                                           "en": "14 days (TBD)"}}]}
    problems = rules.problems(noted, AGENCY_IDS)
    assert any(p["id"].startswith("legalBasis: ") and "(periksa kembali)" in p["id"] for p in problems)
    assert any(p["en"].startswith("faq.0.a.id: ") for p in problems)
    assert any(p["en"].startswith("faq.0.a.en: ") for p in problems)
    for entries, where in [(["slaDays"], "unconfirmed.0"),  # the old shape: a bare path
                           ([{"field": "slaDay", "regulation": "X"}], "unconfirmed.0.field"),
                           ([{"field": "fee", "regulation": " "}], "unconfirmed.0.regulation"),
                           ([{"field": "dictionary.tidak.ada", "regulation": "X"}], "unconfirmed.0.field"),
                           ("fee", "unconfirmed")]:
        problems = rules.problems({**spp, "unconfirmed": entries}, AGENCY_IDS)
        assert [p for p in problems if p["id"].startswith(f"{where}:")], (entries, problems)
