"""What a permit type's catalogue entry promises, as rules the service computes: the fee (free, fixed,
tiered by the answers, or computed by the agency), the validity of what is issued, and when and how it
can be renewed. `problems` is the publish check: a definition that breaks any of it is refused."""

from __future__ import annotations

import re
from datetime import date, timedelta

from chalicelib.catalogue import localize, workflows
from chalicelib.forms import compile as form_compile
from chalicelib.forms import definition as form_definition
from chalicelib.forms import logic

_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{1,62}[a-z0-9]")
FEE_RULES = ("free", "fixed", "tiered", "computed")
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
def problems(permit: object, agencies: set[str]) -> list[str]:
    """Why this catalogue definition cannot be published (empty when it can)."""
    if not isinstance(permit, dict):
        return ["a permit type must be a JSON object"]
    found: list[str] = []
    if not isinstance(permit.get("id"), str) or not _SLUG.fullmatch(permit["id"]):
        found.append("id: lowercase letters, digits and hyphens, 3–64 characters")
    if not isinstance(permit.get("version"), int) or permit["version"] < 1:
        found.append("version: a whole number from 1")
    for key in ("name", "description"):
        if not _text(permit.get(key)):
            found.append(f"{key}: text in Bahasa Indonesia (id) and English (en) is required")
    agency = permit.get("agency")
    if not isinstance(agency, dict) or agency.get("id") not in agencies:
        found.append(f"agency: unknown agency {(agency or {}).get('id') if isinstance(agency, dict) else agency!r}")
    if not isinstance(permit.get("legalBasis"), str) or not permit["legalBasis"].strip():
        found.append("legalBasis: name the regulation")
    if not isinstance(permit.get("slaDays"), int) or permit["slaDays"] < 0:
        found.append("slaDays: the service time in working days (0 or more)")
    found += workflows.problems(permit.get("workflow"))
    events = permit.get("lifeEvents")
    if not isinstance(events, list) or not events or any(e not in LIFE_EVENTS for e in events):
        found.append(f"lifeEvents: one or more of {', '.join(LIFE_EVENTS)}")
    keywords = permit.get("keywords", [])
    if not isinstance(keywords, list) or any(not isinstance(k, str) or not k.strip() for k in keywords):
        found.append("keywords: a list of words people search with (e.g. \"perpanjang\", \"pajak motor\")")
    found += _fee_problems(permit.get("fee"))
    validity, rule = permit.get("validity"), permit.get("renewal")
    if validity is not None and (not isinstance(validity, dict) or not isinstance(validity.get("months"), int)
                                 or not 1 <= validity["months"] <= 1200):
        found.append("validity: {\"months\": 1–1200}, or null when the document does not expire")
    if rule is not None:
        if validity is None:
            found.append("renewal: a document that does not expire cannot be renewed")
        if not isinstance(rule, dict) or not isinstance(rule.get("windowDays"), int) or rule["windowDays"] < 0 \
                or not isinstance(rule.get("graceDays", 0), int) or rule.get("graceDays", 0) < 0 \
                or rule.get("afterExpiry", "renew") not in ("renew", "new"):
            found.append("renewal: {windowDays ≥ 0, graceDays ≥ 0, afterExpiry: renew|new}")
        elif "lateFee" in rule and not _money(rule["lateFee"].get("amountRupiah") if isinstance(rule["lateFee"], dict)
                                               else None):
            found.append("renewal.lateFee: {amountRupiah ≥ 0}")
    if not isinstance(permit.get("faq"), list) or any(not (_text(f.get("q")) and _text(f.get("a")))
                                                      for f in permit["faq"] if isinstance(f, dict)):
        found.append("faq: a list of {q, a}, each in id and en")
    form = permit.get("form")
    if not isinstance(form, dict):
        return [*found, "form: missing"]
    form_problems = form_compile.problems(permit)
    found += [f"form: {p}" for p in form_problems]
    if not form_problems:
        uploads = {q["id"] for q in form_definition.file_questions(form)}
        for i, req in enumerate(permit.get("requirements") or []):
            if not isinstance(req, dict) or not _text(req.get("document")):
                found.append(f"requirements.{i}: a document named in id and en")
            elif req.get("upload") is not None and req["upload"] not in uploads:
                found.append(f"requirements.{i}: upload {req['upload']!r} is not a file question of the form")
        if not permit.get("requirements"):
            found.append("requirements: list what the applicant needs, even if only the KTP-el")
    return found


def _fee_problems(rule: object) -> list[str]:
    if not isinstance(rule, dict) or rule.get("rule") not in FEE_RULES:
        return [f"fee.rule: one of {', '.join(FEE_RULES)}"]
    if not _text(rule.get("basis")):
        return ["fee.basis: say (id and en) why this fee, or why free"]
    if rule["rule"] == "fixed" and not _money(rule.get("amountRupiah")):
        return ["fee.amountRupiah: a whole number of rupiah, 0 or more (no negative fees)"]
    if rule["rule"] == "tiered":
        tiers = rule.get("tiers")
        if not isinstance(tiers, list) or not tiers or any(not isinstance(t, dict) or not _money(t.get("amountRupiah"))
                                                           for t in tiers):
            return ["fee.tiers: a list of {when (JSON Logic), amountRupiah ≥ 0}"]
        return [f"fee.tiers.{i}.when: {p}" for i, t in enumerate(tiers) for p in logic.check(t.get("when", True))]
    return []
