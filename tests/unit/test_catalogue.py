"""The catalogue as data: every permit type passes the publish check, and its rules compute what the
catalogue promises (fee, validity, renewal window)."""

from datetime import date

import pytest

from chalicelib import catalogue
from chalicelib.catalogue import rules
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
    problems = rules.problems(bad, AGENCY_IDS)
    assert any(p.startswith("agency: unknown agency") for p in problems)
    assert any(p.startswith("fee.amountRupiah") and "negative" in p for p in problems)
    assert any(p.startswith("validity") for p in problems) and any(p.startswith("lifeEvents") for p in problems)
    no_form = {k: v for k, v in good.items() if k != "form"}
    assert "form: missing" in rules.problems(no_form, AGENCY_IDS)
    forever = {**good, "validity": None}
    assert "renewal: a document that does not expire cannot be renewed" in rules.problems(forever, AGENCY_IDS)


@pytest.mark.parametrize("fee", [
    {"rule": "fixed", "amountRupiah": 5000, "kind": "sumbangan"},
    {"rule": "fixed", "amountRupiah": 5000, "kind": "gratis"},
    {"rule": "free", "kind": "pajak"},
    {"rule": "computed", "kind": "pajak", "item": {"id": ""}},
])
def test_a_fee_of_no_known_kind_is_refused(fee):
    bad = {**catalogue.get_permit("skck"), "fee": {**fee, "basis": {"id": "x", "en": "x"}}}
    assert any(p.startswith(("fee.kind", "fee.item")) for p in rules.problems(bad, AGENCY_IDS))


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
