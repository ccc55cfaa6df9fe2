"""Billing: invoices from the real catalogue's fee rules, customer numbers with a Luhn check digit, expiry."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta, timezone

import pytest

from chalicelib.catalogue import _permits
from chalicelib.catalogue.rules import UNCONFIRMED_REVENUE_ACCOUNT
from chalicelib.payments import fees
from chalicelib.payments.fees import (
    Invoice,
    Line,
    bill,
    check_customer_no,
    customer_no,
    is_expired,
)

NOW = datetime(2026, 12, 2, 9, 30, tzinfo=timezone(timedelta(hours=7)))  # 02:30 UTC
PARTNER = "12345"


def permit(permit_id: str) -> dict:
    return copy.deepcopy(_permits()[permit_id])


def application(permit_id: str, answers: dict | None = None) -> dict:
    return {"id": "app-1", "permitId": permit_id, "answers": answers or {}}


def make(permit_id: str, answers: dict | None = None, **kwargs) -> Invoice | None:
    return bill(application(permit_id, answers), permit(permit_id), NOW, PARTNER, invoice_seq=42, **kwargs)


# --- amounts from the catalogue ------------------------------------------------------------------------------------


@pytest.mark.parametrize("permit_id", ["akta-kelahiran", "izin-keramaian", "nomor-induk-berusaha"])
def test_free_permit_has_no_invoice(permit_id):
    assert permit(permit_id)["fee"]["rule"] == "free"
    assert make(permit_id) is None


def test_zero_fixed_fee_has_no_invoice():
    p = permit("skck")
    p["fee"]["amountRupiah"] = 0
    assert bill(application("skck"), p, NOW, PARTNER, invoice_seq=1) is None


def test_fixed_fee_skck():
    invoice = make("skck")
    assert (permit("skck")["fee"]["rule"], permit("skck")["fee"]["amountRupiah"]) == ("fixed", 30000)
    assert invoice.total == 30000
    assert invoice.amount == {"value": "30000.00", "currency": "IDR"}
    assert (invoice.currency, invoice.status) == ("IDR", "unpaid")
    assert (invoice.application_id, invoice.permit_id) == ("app-1", "skck")
    assert invoice.lines[0].kind == "biaya"  # PNBP: a state tariff for the service
    assert invoice.lines[0].label["id"] == "PNBP penerbitan SKCK"
    assert invoice.lines[0].revenue_account == UNCONFIRMED_REVENUE_ACCOUNT


@pytest.mark.parametrize(
    ("golongan", "amount"), [("A", 80000), ("B1", 80000), ("B2", 80000), ("C", 75000), ("D", 30000)]
)
def test_tiered_fee_sim_renewal(golongan, amount):
    assert permit("perpanjangan-sim")["fee"]["rule"] == "tiered"
    assert make("perpanjangan-sim", {"golongan_sim": golongan}).total == amount


@pytest.mark.parametrize(
    ("kind", "amount"),
    [("sepeda_motor", 160000), ("roda_tiga", 160000), ("mobil_penumpang", 300000), ("mobil_bus", 300000)],
)
def test_tiered_fee_stnk_five_yearly(kind, amount):
    assert make("perpanjangan-stnk-lima-tahunan", {"jenis_kendaraan": kind}).total == amount


@pytest.mark.parametrize("permit_id", ["izin-penyelenggaraan-reklame", "persetujuan-bangunan-gedung"])
def test_computed_fee_uses_the_agency_assessment(permit_id):
    assert permit(permit_id)["fee"]["rule"] == "computed"
    assert make(permit_id, assessed_rupiah=1_234_567).total == 1_234_567
    with pytest.raises(ValueError, match="computed by the agency"):
        make(permit_id)
    assert make(permit_id, assessed_rupiah=0) is None


# --- what each line is: tax, retribution, fee --------------------------------------------------------------------
def stored(line: Line) -> dict:
    """A line as invoices.draw_up stores it."""
    return {"label": line.label, "kind": line.kind, "amount": line.amount, "revenueAccount": line.revenue_account}


def test_the_vehicle_tax_is_a_tax_not_a_service_fee():
    # Issue 14: the STNK invoice and receipt called the vehicle tax (PKB) "Biaya layanan".
    line = make("pengesahan-stnk-tahunan", assessed_rupiah=1_250_000).lines[0]
    assert line.kind == "pajak"
    assert fees.line_label(stored(line)) == {"id": "Pajak: PKB dan SWDKLLJ",
                                                "en": "Tax: Motor vehicle tax (PKB) and SWDKLLJ"}
    # The bank's inquiry names the kind too (SNAP's description holds 18 characters).
    from types import SimpleNamespace

    from chalicelib.payments import snap_api
    bank = snap_api._bill_details(SimpleNamespace(invoice_id="INV-1", permit_id="pengesahan-stnk-tahunan",
                                                lines=[stored(line)]))
    assert bank[0]["billDescription"] == {"english": "Tax", "indonesia": "Pajak"}


@pytest.mark.parametrize(("permit_id", "kind", "answers", "assessed"), [
    ("izin-penyelenggaraan-reklame", "pajak", None, 500_000),
    ("persetujuan-bangunan-gedung", "retribusi", None, 2_000_000),
    ("perpanjangan-stnk-lima-tahunan", "biaya", {"jenis_kendaraan": "mobil_penumpang"}, None),
    ("perpanjangan-sim", "biaya", {"golongan_sim": "C"}, None),
])
def test_each_line_carries_the_kind_its_fee_rule_names(permit_id, kind, answers, assessed):
    line = make(permit_id, answers, assessed_rupiah=assessed).lines[0]
    assert line.kind == kind
    assert fees.line_label(stored(line))["id"].startswith(fees.rules.FEE_KINDS[kind]["id"] + ": ")


def test_every_charged_permit_says_what_kind_of_charge_it_is():
    charged = {pid: p["fee"] for pid, p in _permits().items() if p["fee"]["rule"] != "free"}
    assert charged and all(fee.get("kind") in ("pajak", "retribusi", "biaya") for fee in charged.values()), charged
    assert fees.rules.fee_kind({"rule": "free"}) == "gratis"


def test_a_line_stored_before_kinds_still_loads_as_it_was_issued():
    old = {"label": {"id": "Biaya layanan Pengesahan STNK Tahunan", "en": "Service fee: Annual STNK validation"},
           "amount": 1_250_000, "revenueAccount": UNCONFIRMED_REVENUE_ACCOUNT}
    assert fees.line_kind(old) == "biaya"
    assert fees.line_label(old) == old["label"]  # not "Biaya layanan: Biaya layanan ..."


def test_assessment_refused_for_a_rule_that_is_not_computed():
    with pytest.raises(ValueError, match="only to a computed fee"):
        make("skck", assessed_rupiah=30000)


def test_lines_sum_to_total_and_an_inconsistent_invoice_is_refused():
    invoice = make("perpanjangan-sim", {"golongan_sim": "C"})
    assert invoice.total == sum(line.amount for line in invoice.lines)
    line = Line({"id": "a", "en": "a"}, 1000, "x")
    with pytest.raises(ValueError, match="sum of its lines"):
        Invoice("i", "a", "p", (line, line), 1000, "1", "1", invoice.created_at, invoice.expires_at)


def test_revenue_account_from_the_permit_data():
    p = permit("skck")
    p["fee"]["revenueAccount"] = "4.1.2.01.01"
    invoice = bill(application("skck"), p, NOW, PARTNER, invoice_seq=7)
    assert invoice.lines[0].revenue_account == "4.1.2.01.01"
    p["fee"]["revenueAccount"] = " "
    with pytest.raises(ValueError, match="revenueAccount"):
        bill(application("skck"), p, NOW, PARTNER, invoice_seq=7)


# --- refusals ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fee",
    [
        {"rule": "fixed"},  # no figure
        {"rule": "tiered", "tiers": []},  # no figure
        {"rule": "donation", "amountRupiah": 5000},  # unknown rule
        {"rule": "fixed", "amountRupiah": -1},
        {"rule": "fixed", "amountRupiah": 1500.5},
        {"rule": "fixed", "amountRupiah": "30000"},
        {"rule": "fixed", "amountRupiah": True},
        {"rule": "tiered", "tiers": [{"when": True, "amountRupiah": None}]},
    ],
)
def test_bad_fee_rules_are_refused(fee):
    p = permit("skck")
    p["fee"] = {**fee, "basis": p["fee"]["basis"]}
    with pytest.raises(ValueError, match="skck"):
        bill(application("skck"), p, NOW, PARTNER, invoice_seq=1)


def test_tiered_fee_without_answers_is_refused():
    app = application("perpanjangan-sim")
    del app["answers"]
    with pytest.raises(ValueError, match="no amount"):
        bill(app, permit("perpanjangan-sim"), NOW, PARTNER, invoice_seq=1)


@pytest.mark.parametrize(
    "kwargs",
    [{"validity_hours": 0}, {"validity_hours": 1.5}, {"invoice_seq": 0}, {"invoice_seq": 10**11},
     {"partner_service_id": "123456789"}, {"partner_service_id": "12a"}, {"now": datetime(2026, 12, 2, 2, 30)}],
)
def test_bad_arguments_are_refused(kwargs):
    args = {"now": NOW, "partner_service_id": PARTNER, "invoice_seq": 1, **kwargs}
    with pytest.raises(ValueError):
        bill(application("skck"), permit("skck"), **args)


def test_application_for_another_permit_is_refused():
    with pytest.raises(ValueError, match="perpanjangan-sim"):
        bill(application("perpanjangan-sim"), permit("skck"), NOW, PARTNER, invoice_seq=1)


# --- customer numbers and VA ---------------------------------------------------------------------------------------


def test_va_is_padded_partner_service_id_plus_customer_no():
    invoice = make("skck")
    assert invoice.customer_no == customer_no(42)
    assert invoice.va_number == "   12345" + invoice.customer_no
    assert len(invoice.va_number) == 20
    assert invoice.invoice_id == f"INV-{invoice.customer_no}"


def test_customer_no_shape_and_known_vector():
    # 7992739871 is the textbook Luhn example (check digit 3); zero padding on the left does not change it.
    assert customer_no(7992739871) == "079927398713"
    assert customer_no(1) == "000000000018"
    for seq in (1, 42, 99_999_999_999):
        number = customer_no(seq)
        assert len(number) == 12 and number.isdigit() and int(number[:-1]) == seq
        assert check_customer_no(number)


SAMPLE = [customer_no(seq) for seq in (1, 9, 42, 90, 123_456, 7_992_739_871, 31_415_926_535, 99_999_999_999)]


@pytest.mark.parametrize("number", SAMPLE)
def test_every_single_digit_error_is_caught(number):
    for i, digit in enumerate(number):
        for other in "0123456789":
            if other != digit:
                assert not check_customer_no(number[:i] + other + number[i + 1:]), (number, i, other)


@pytest.mark.parametrize("number", SAMPLE)
def test_adjacent_transpositions_are_caught_except_09(number):
    for i in range(len(number) - 1):
        a, b = number[i], number[i + 1]
        swapped = number[:i] + b + a + number[i + 2:]
        if a == b:
            continue
        if {a, b} == {"0", "9"}:  # Luhn's known blind spot
            assert check_customer_no(swapped)
        else:
            assert not check_customer_no(swapped), (number, i)


@pytest.mark.parametrize(
    "no", ["", "00000000001", "0000000000180", "00000000001x", 18, None, "\uff10" * 10 + "\uff11\uff18"]
)
def test_malformed_customer_numbers_are_refused(no):
    assert not check_customer_no(no)


# --- expiry --------------------------------------------------------------------------------------------------------


def test_times_are_utc_and_expiry_boundary():
    invoice = make("skck")
    assert invoice.created_at == datetime(2026, 12, 2, 2, 30, tzinfo=UTC)
    assert invoice.created_at.tzinfo == UTC
    assert invoice.expires_at == invoice.created_at + timedelta(hours=24)
    one_us = timedelta(microseconds=1)
    assert not is_expired(invoice, invoice.expires_at - one_us)
    assert is_expired(invoice, invoice.expires_at)
    assert is_expired(invoice, invoice.expires_at + one_us)
    # the same instant written in WIB
    assert is_expired(invoice, invoice.expires_at.astimezone(timezone(timedelta(hours=7))))
    with pytest.raises(ValueError):
        is_expired(invoice, datetime(2026, 12, 3, 3, 0))


def test_custom_validity():
    invoice = bill(application("skck"), permit("skck"), NOW, PARTNER, 2, invoice_seq=3)
    assert invoice.expires_at - invoice.created_at == timedelta(hours=2)
    assert fees.is_expired(invoice, NOW + timedelta(hours=2))
