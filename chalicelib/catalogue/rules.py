"""What a permit type's catalogue entry promises, as rules the service computes: the fee (free, fixed,
tiered by the answers, or computed by the agency), the validity of what is issued, and when and how it
can be renewed. `problems` is the publish check: a definition that breaks any of it is refused."""

from __future__ import annotations

import re
from datetime import date, timedelta

from chalicelib import catalogue
from chalicelib.catalogue import search, unconfirmed, workflows
from chalicelib.core.i18n import localize
from chalicelib.forms import compile as form_compile
from chalicelib.forms import definition as form_definition
from chalicelib.forms import logic
from chalicelib.forms.problems import Problem, problem, under

_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{1,62}[a-z0-9]")
FEE_RULES = ("free", "fixed", "tiered", "computed")
# What a fee is, in law, as each invoice line and receipt names it: a (regional) tax, a regional levy, a fee for
# the service (a tariff, PNBP included), or nothing to pay. A fee rule names it in "kind" (a free rule is "gratis");
# "item" {id, en} may say what is charged, e.g. "PKB dan SWDKLLJ" (else the permit's name).
FEE_KINDS = {
    "pajak": {"id": "Pajak", "en": "Tax"},
    "retribusi": {"id": "Retribusi", "en": "Retribution"},
    "biaya": {"id": "Biaya layanan", "en": "Service fee"},
    "gratis": {"id": "Layanan gratis", "en": "Free service"},
}
# No permit in the catalogue names its revenue account (kode rekening) yet. Until the Pemda's finance office
# confirms one per permit type (as "revenueAccount" in the permit's "fee" or at its top level), invoices carry
# this placeholder, so reconciliation and the treasury report show plainly that the account is unconfirmed.
UNCONFIRMED_REVENUE_ACCOUNT = "UNCONFIRMED-KODE-REKENING"
DEFAULT_FEE_KIND = "biaya"  # a charge whose rule names no kind: what every invoice line said before kinds existed
LIFE_EVENT_LABELS = {
    "identitas": {"id": "Identitas diri", "en": "Identity documents"},
    "keluarga": {"id": "Keluarga", "en": "Family"},
    "kelahiran": {"id": "Kelahiran", "en": "Birth"},
    "kematian": {"id": "Kematian", "en": "Death"},
    "pindah": {"id": "Pindah tempat tinggal", "en": "Moving house"},
    "kendaraan": {"id": "Kendaraan", "en": "Vehicles"},
    "usaha": {"id": "Memulai dan menjalankan usaha", "en": "Starting and running a business"},
    "bangunan": {"id": "Membangun dan bangunan", "en": "Building"},
    "kesehatan": {"id": "Kesehatan", "en": "Health"},
    "acara": {"id": "Acara dan keramaian", "en": "Events"},
    "sosial": {"id": "Bantuan sosial", "en": "Social assistance"},
    "pekerjaan": {"id": "Bekerja dan melamar kerja", "en": "Work and job applications"},
}
LIFE_EVENTS = tuple(LIFE_EVENT_LABELS)


def _text(value: object) -> bool:
    return isinstance(value, dict) and isinstance(value.get("id"), str) and bool(value["id"].strip()) \
        and isinstance(value.get("en"), str)


def _money(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


# --- fee -----------------------------------------------------------------------------------------------------
def fee(permit: dict, answers: dict | None = None) -> int | None:
    """The fee in rupiah for these answers; None when the agency computes it (e.g. the vehicle tax), or
    when it depends on answers not given (a tiered fee without answers)."""
    rule = permit["fee"]
    if rule["rule"] == "free":
        return 0
    if rule["rule"] == "fixed":
        return rule["amountRupiah"]
    if rule["rule"] == "tiered":
        if answers is None:
            return None
        for tier in rule["tiers"]:
            if logic.truthy(logic.apply(tier.get("when", True), answers or {})):
                return tier["amountRupiah"]
        return rule["tiers"][-1]["amountRupiah"]
    return None


def fee_kind(rule: dict) -> str:
    """The kind of what a fee rule charges (a key of FEE_KINDS)."""
    if rule.get("rule") == "free":
        return "gratis"
    return rule.get("kind") or DEFAULT_FEE_KIND


def free(permit: dict) -> bool:
    """True for a service that is free by rule (no invoice, no counter number spent on it)."""
    rule = permit.get("fee")
    return isinstance(rule, dict) and rule.get("rule") == "free"


def revenue_account(permit: dict) -> str:
    """The kode rekening named in the permit data, else the unconfirmed placeholder."""
    fee_rule = permit.get("fee")
    if not isinstance(fee_rule, dict):
        fee_rule = {}
    account = fee_rule.get("revenueAccount", permit.get("revenueAccount"))
    if account is None:
        return UNCONFIRMED_REVENUE_ACCOUNT
    if not isinstance(account, str) or not account.strip():
        raise ValueError(f"permit {permit.get('id')!r}: revenueAccount must be a non-empty kode rekening")
    return account.strip()


# --- validity and renewal ---------------------------------------------------------------------------------------
def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def valid_until(permit: dict, issued: date) -> date | None:
    """The last day the issued document is valid; None when it does not expire."""
    validity = permit.get("validity")
    if not validity:
        return None
    return _add_months(issued, validity["months"]) - timedelta(days=1)


def renewal(permit: dict, until: date | None, today: date, lang: str = "id") -> dict:
    """Whether a document valid until `until` can be renewed today, and if not, why and what to do:
    {"allowed", "reason", "late": bool, "opensOn", "deadline"} (the reason in `lang`)."""
    rule = permit.get("renewal")
    if not rule or until is None:
        return {"allowed": False, "reason": localize({"id": "Dokumen ini tidak perlu diperpanjang.",
                                                      "en": "This document does not need renewing."}, lang)}
    opens = until - timedelta(days=rule["windowDays"])
    deadline = until + timedelta(days=rule.get("graceDays", 0))
    if today < opens:
        return {"allowed": False, "opensOn": opens.isoformat(),
                "reason": localize({"id": f"Perpanjangan dapat diajukan mulai {opens:%d-%m-%Y}.",
                                    "en": f"Renewal can be applied for from {opens:%d-%m-%Y}."}, lang)}
    if today <= until:
        return {"allowed": True, "late": False, "deadline": deadline.isoformat()}
    if rule.get("afterExpiry") == "new" or today > deadline:
        return {"allowed": False, "newApplication": True,
                "reason": localize({"id": "Masa berlaku sudah lewat, sehingga tidak dapat diperpanjang: ajukan "
                                          "permohonan baru.",
                                    "en": "It has expired and can no longer be renewed: make a new application."},
                                   lang)}
    return {"allowed": True, "late": True, "deadline": deadline.isoformat()}


# --- the publish check ----------------------------------------------------------------------------------------
def problems(permit: object, agencies: set[str]) -> list[Problem]:
    """Why this catalogue definition cannot be published (empty when it can), in id and en."""
    if not isinstance(permit, dict):
        return [problem("", "jenis izin harus berupa objek JSON", "a permit type must be a JSON object")]
    found: list[Problem] = []
    if not isinstance(permit.get("id"), str) or not _SLUG.fullmatch(permit["id"]):
        found.append(problem("id", "huruf kecil, angka dan tanda hubung, 3–64 karakter",
                             "lowercase letters, digits and hyphens, 3–64 characters"))
    if not isinstance(permit.get("version"), int) or permit["version"] < 1:
        found.append(problem("version", "bilangan bulat mulai 1", "a whole number from 1"))
    for key in ("name", "description"):
        if not _text(permit.get(key)):
            found.append(problem(key, "teks dalam Bahasa Indonesia (id) dan Inggris (en) wajib ada",
                                 "text in Bahasa Indonesia (id) and English (en) is required"))
    agency = permit.get("agency")
    if not isinstance(agency, dict) or agency.get("id") not in agencies:
        named = f"{(agency or {}).get('id') if isinstance(agency, dict) else agency!r}"
        found.append(problem("agency", f"instansi {named} tidak dikenal", f"unknown agency {named}"))
    if not isinstance(permit.get("legalBasis"), str) or not permit["legalBasis"].strip():
        found.append(problem("legalBasis", "sebutkan peraturannya", "name the regulation"))
    if not isinstance(permit.get("slaDays"), int) or permit["slaDays"] < 0:
        found.append(problem("slaDays", "waktu layanan dalam hari kerja (0 atau lebih)",
                             "the service time in working days (0 or more)"))
    found += workflows.problems(permit.get("workflow"))
    events = permit.get("lifeEvents")
    if not isinstance(events, list) or not events or any(e not in LIFE_EVENTS for e in events):
        listed = ", ".join(LIFE_EVENTS)
        found.append(problem("lifeEvents", f"satu atau lebih dari {listed}", f"one or more of {listed}"))
    keywords = permit.get("keywords", [])
    if not isinstance(keywords, list) or any(not isinstance(k, str) or not k.strip() for k in keywords):
        found.append(problem("keywords", "daftar kata yang dipakai orang untuk mencari (misalnya \"perpanjang\", "
                                         "\"pajak motor\")",
                             "a list of words people search with (e.g. \"perpanjang\", \"pajak motor\")"))
    found += search.synonym_problems(permit.get("synonyms"),
                                     search.taken_phrases(catalogue.all_permits(), permit.get("id")))
    found += unconfirmed.problems(permit)
    found += _fee_problems(permit.get("fee"))
    validity, rule = permit.get("validity"), permit.get("renewal")
    if validity is not None and (not isinstance(validity, dict) or not isinstance(validity.get("months"), int)
                                 or not 1 <= validity["months"] <= 1200):
        found.append(problem("validity", "{\"months\": 1–1200}, atau null bila dokumen tidak kedaluwarsa",
                             "{\"months\": 1–1200}, or null when the document does not expire"))
    if rule is not None:
        if validity is None:
            found.append(problem("renewal", "dokumen yang tidak kedaluwarsa tidak dapat diperpanjang",
                                 "a document that does not expire cannot be renewed"))
        if not isinstance(rule, dict) or not isinstance(rule.get("windowDays"), int) or rule["windowDays"] < 0 \
                or not isinstance(rule.get("graceDays", 0), int) or rule.get("graceDays", 0) < 0 \
                or rule.get("afterExpiry", "renew") not in ("renew", "new"):
            found.append(problem("renewal", "{windowDays ≥ 0, graceDays ≥ 0, afterExpiry: renew|new}",
                                 "{windowDays ≥ 0, graceDays ≥ 0, afterExpiry: renew|new}"))
        elif "lateFee" in rule and not _money(rule["lateFee"].get("amountRupiah") if isinstance(rule["lateFee"], dict)
                                               else None):
            found.append(problem("renewal.lateFee", "{amountRupiah ≥ 0}", "{amountRupiah ≥ 0}"))
    if not isinstance(permit.get("faq"), list) or any(not (_text(f.get("q")) and _text(f.get("a")))
                                                      for f in permit["faq"] if isinstance(f, dict)):
        found.append(problem("faq", "daftar {q, a}, masing-masing dalam id dan en",
                             "a list of {q, a}, each in id and en"))
    form = permit.get("form")
    if not isinstance(form, dict):
        return [*found, problem("form", "tidak ada", "missing")]
    form_problems = form_compile.problems(permit)
    found += under("form", form_problems)
    if not form_problems:
        uploads = {q["id"] for q in form_definition.file_questions(form)}
        for i, req in enumerate(permit.get("requirements") or []):
            if not isinstance(req, dict) or not _text(req.get("document")):
                found.append(problem(f"requirements.{i}", "nama dokumen dalam id dan en",
                                     "a document named in id and en"))
            elif req.get("upload") is not None and req["upload"] not in uploads:
                found.append(problem(f"requirements.{i}", f"unggahan {req['upload']!r} bukan pertanyaan berkas di "
                                                          "formulir", f"upload {req['upload']!r} is not a file "
                                                                      "question of the form"))
        if not permit.get("requirements"):
            found.append(problem("requirements", "sebutkan apa yang perlu disiapkan pemohon, walau hanya KTP-el",
                                 "list what the applicant needs, even if only the KTP-el"))
    return found


def _fee_problems(rule: object) -> list[Problem]:
    if not isinstance(rule, dict) or rule.get("rule") not in FEE_RULES:
        listed = ", ".join(FEE_RULES)
        return [problem("fee.rule", f"salah satu dari {listed}", f"one of {listed}")]
    if not _text(rule.get("basis")):
        return [problem("fee.basis", "jelaskan (id dan en) dasar biaya ini, atau mengapa gratis",
                        "say (id and en) why this fee, or why free")]
    kind = rule.get("kind", fee_kind(rule))
    if kind not in FEE_KINDS or (kind == "gratis") != (rule["rule"] == "free"):
        listed = ", ".join(k for k in FEE_KINDS if k != "gratis")
        return [problem("fee.kind", f"salah satu dari {listed} untuk pungutan, gratis bila tanpa biaya",
                        f"one of {listed} for a charge, gratis when free")]
    if "item" in rule and not _text(rule["item"]):
        return [problem("fee.item", "sebutkan (id dan en) apa yang dipungut", "say (id and en) what is charged")]
    if rule["rule"] == "fixed" and not _money(rule.get("amountRupiah")):
        return [problem("fee.amountRupiah", "bilangan bulat rupiah, 0 atau lebih (biaya tidak boleh negatif)",
                        "a whole number of rupiah, 0 or more (no negative fees)")]
    if rule["rule"] == "tiered":
        tiers = rule.get("tiers")
        if not isinstance(tiers, list) or not tiers or any(not isinstance(t, dict) or not _money(t.get("amountRupiah"))
                                                           for t in tiers):
            return [problem("fee.tiers", "daftar {when (JSON Logic), amountRupiah ≥ 0}",
                            "a list of {when (JSON Logic), amountRupiah ≥ 0}")]
        return [p for i, t in enumerate(tiers) for p in under(f"fee.tiers.{i}.when", logic.check(t.get("when", True)))]
    return []
