"""The catalogue's read side: a permit type as citizens see it (`summary`), and the agency admin's worklist of
figures awaiting confirmation (`worklist`, see `unconfirmed` for what a permit type lists and the publish check)."""

from __future__ import annotations

import json

from chalicelib.catalogue import rules
from chalicelib.catalogue.unconfirmed import resolve
from chalicelib.core.i18n import localize
from chalicelib.core.money import format_rupiah
from chalicelib.forms import definition as form_definition

REVENUE_ACCOUNT_REGULATION = "Permendagri 90/2019 (klasifikasi, kodefikasi, dan nomenklatur keuangan daerah)"

LABELS = {  # the figure's name on the worklist, by the first part of its path
    "fee": {"id": "Biaya", "en": "Fee"},
    "slaDays": {"id": "Waktu layanan", "en": "Service time"},
    "validity": {"id": "Masa berlaku", "en": "Validity"},
    "renewal": {"id": "Perpanjangan", "en": "Renewal"},
    "legalBasis": {"id": "Dasar hukum", "en": "Legal basis"},
    "faq": {"id": "Pertanyaan yang sering diajukan", "en": "Frequently asked questions"},
    "requirements": {"id": "Persyaratan", "en": "Requirements"},
    "dictionary": {"id": "Kamus data", "en": "Data dictionary"},
    "description": {"id": "Keterangan", "en": "Description"},
}
PARTS = {  # ... and of the figure within it
    "windowDays": {"id": "dibuka sebelum masa berlaku habis", "en": "opens before expiry"},
    "graceDays": {"id": "batas setelah masa berlaku habis", "en": "deadline after expiry"},
    "tiers": {"id": "tarif menurut jenis", "en": "rate by kind"},
    "basis": {"id": "dasar biaya", "en": "fee basis"},
    "revenueAccount": {"id": "kode rekening pendapatan", "en": "revenue account code"},
}


def summary(permit: dict, lang: str) -> dict:
    return {
        "id": permit["id"],
        "version": permit["version"],
        "name": localize(permit["name"], lang),
        "agency": {"id": permit["agency"]["id"], "name": localize(permit["agency"]["name"], lang)},
        "description": localize(permit["description"], lang),
        "feeRupiah": rules.fee(permit),  # None: computed by the agency (e.g. the vehicle tax)
        "feeRule": permit["fee"]["rule"],
        "feeBasis": localize(permit["fee"]["basis"], lang),
        "slaDays": permit["slaDays"],
        "legalBasis": permit.get("legalBasis"),
        "lifeEvents": permit["lifeEvents"],
        "validityMonths": (permit.get("validity") or {}).get("months"),
        "renewal": permit.get("renewal"),
        "requirements": [{"document": localize(r["document"], lang), "example": localize(r.get("example"), lang)}
                         for r in permit["requirements"]],
        "faq": [{"q": localize(f["q"], lang), "a": localize(f["a"], lang)} for f in permit["faq"]],
    }  # no "unconfirmed": figures awaiting confirmation are the agency admin's worklist, not citizens' text


# --- the agency admin's worklist: figures awaiting confirmation, never citizens' text ---------------------------
def figure(permit: dict, field: str, lang: str = "id") -> str:
    """The figure as the catalogue states it now, for the admin to compare with the regulation."""
    value = resolve(permit, field)
    last = field.split(".")[-1]
    if isinstance(value, dict) and "amountRupiah" in value:
        return format_rupiah(value["amountRupiah"])
    if field == "fee" and isinstance(value, dict):
        if value.get("rule") == "tiered":
            return " / ".join(format_rupiah(t["amountRupiah"]) for t in value.get("tiers", []))
        rule = str(value.get("rule"))
        return {"free": "Gratis" if lang == "id" else "Free",
                "computed": "Dihitung oleh instansi" if lang == "id" else "Computed by the agency"}.get(rule, rule)
    if isinstance(value, int) and not isinstance(value, bool):
        days = "hari kerja" if last == "slaDays" else "hari"
        return f"{value} {days}" if lang == "id" else f"{value} {'working days' if last == 'slaDays' else 'days'}"
    if isinstance(value, dict) and isinstance(value.get("months"), int):
        return f"{value['months']} bulan" if lang == "id" else f"{value['months']} months"
    if isinstance(value, dict) and "id" in value:
        return localize(value, lang) or ""
    if field.startswith("dictionary.") and isinstance(value, dict):
        return json.dumps(value.get("schema", value), ensure_ascii=False, separators=(", ", ": "))
    if value is None:
        return "Tanpa batas waktu" if lang == "id" else "No expiry"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def _label(permit: dict, field: str, lang: str) -> str:
    head = field.split(".")
    label = localize(LABELS.get(head[0], {"id": head[0], "en": head[0]}), lang) or head[0]
    if head[0] == "faq" and len(head) > 1 and head[1].isdigit():
        question = resolve(permit, f"faq.{head[1]}.q")
        return f"{label}: {localize(question, lang)}" if isinstance(question, dict | str) else label
    if head[0] == "dictionary":
        entry = form_definition.dictionary()["fields"].get(".".join(head[1:]), {})
        return f"{label}: {localize(entry.get('label'), lang) or '.'.join(head[1:])}"
    part = next((localize(PARTS[h], lang) for h in head[1:] if h in PARTS), None)
    return f"{label}: {part}" if part else label


def worklist(permits: list[dict], agency: str | None, lang: str = "id") -> list[dict]:
    """Every figure awaiting confirmation in the permits of `agency` (every agency for None), by permit."""
    items = []
    for permit in sorted(permits, key=lambda p: localize(p["name"], "id") or p["id"]):
        if agency is not None and permit["agency"]["id"] != agency:
            continue
        base = {"agency": permit["agency"]["id"], "permitId": permit["id"], "version": permit["version"],
                "permitName": localize(permit["name"], lang)}
        for entry in permit.get("unconfirmed", []):
            items.append({**base, "field": entry["field"], "label": _label(permit, entry["field"], lang),
                          "figure": figure(permit, entry["field"], lang), "regulation": entry["regulation"],
                          "note": entry.get("note")})
        if not rules.free(permit) and rules.revenue_account(permit) == rules.UNCONFIRMED_REVENUE_ACCOUNT:
            items.append({**base, "field": "fee.revenueAccount", "label": _label(permit, "fee", lang),
                          "figure": rules.UNCONFIRMED_REVENUE_ACCOUNT, "regulation": REVENUE_ACCOUNT_REGULATION,
                          "note": "Kode rekening pendapatan belum dikonfirmasi bagian keuangan: tagihan memakai kode "
                                  "sementara sampai \"revenueAccount\" dicantumkan di data biaya izin ini."})
    return items
