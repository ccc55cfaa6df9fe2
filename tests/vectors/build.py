"""Writes tests/vectors/forms.generated.json: systematic test vectors for every permit form — one
complete valid application, then for each question: missing, wrong type, too long, bad format, not an
offered choice, hidden-and-wrong (ignored), missing in a draft (fine). The expected message is read from
the compiled message catalogue, never from the validator, so the vectors check the validators on both
sides. Hand-written cases live in forms.core.json. Run after changing a form:

    .venv/bin/python -m tests.vectors.build
"""

from __future__ import annotations

import json
from pathlib import Path

from chalicelib import catalogue
from chalicelib.forms import compile, definition

HERE = Path(__file__).parent
TARGET = HERE / "forms.generated.json"

# A complete, valid application per form (passes the server-only rules too).
VALID = {
    "surat-keterangan-domisili": {"nama_lengkap": "Siti Aminah", "alamat": "Jl. Kebon Sirih No. 12, RT 003/RW 005",
                                  "keperluan": "bank"},
    "penggantian-ktp-el": {"nik": "3171014101900001", "nama_lengkap": "Siti Aminah", "tanggal_lahir": "1990-01-01",
                           "jenis_kelamin": "P", "nomor_kk": "3171010101090001", "alasan": "hilang",
                           "nomor_laporan_polisi": "STPLK/123/XI/2026", "tanggal_hilang": "2026-11-20"},
    "spp-irt": {"jenis_pemohon": "badan_usaha", "nik": "3171010203850002", "nama_lengkap": "Budi Santoso",
                "telepon": "+6281234567890", "npwp": "0123456789012345", "nib": "9120001234567",
                "nama_usaha": "CV Maju Bersama", "provinsi": "31", "kabupaten_kota": "31.71", "kecamatan": "31.71.01",
                "kelurahan_desa": "31.71.01.1001", "alamat_jalan": "Jl. Kebon Sirih No. 12", "kode_pos": "10110",
                "produk": [{"nama_produk": "Keripik Singkong", "jenis_pangan": "makanan_ringan", "berat_gram": 250}]},
    "pengesahan-stnk-tahunan": {"nik": "3171010203850002", "nama_lengkap": "Budi Santoso", "pemilik_sendiri": "tidak",
                                "nik_pemilik": "3171014101900001", "nomor_polisi": "B 1234 XYZ",
                                "nomor_rangka": "MHKA4DE3JBJ012345", "nomor_mesin": "1NRF123456",
                                "jenis_kendaraan": "sepeda_motor", "tahun_pembuatan": 2019},
}
# A value of the right type in the wrong format, per question (where the form has a format).
BAD_FORMAT = {
    "person.nik": "31710141019000AB", "family.kk": "3171-0101-0109-0001", "person.name": "S1ti Am1nah",
    "person.birthDate": "31-01-1990", "tax.npwp": "01.234.567.8-901.234", "business.nib": "91200012345",
    "contact.phone": "081234567890", "address.province": "DKI", "address.regency": "3171",
    "address.district": "31.71.1", "address.village": "31.71.01.1", "address.postalCode": "01234",
    "vehicle.plate": "b1234xyz", "vehicle.chassis": "MHKA4DE3JBJ01234O", "vehicle.engine": "1nrf-123",
    "nomor_laporan_polisi": "STPLK#123", "tanggal_hilang": "2026-13-01",
}


def _case(name: str, answers: object, errors: dict, partial: bool = False) -> dict:
    case = {"name": name, "answers": answers, "errors": errors}
    if partial:
        case["partial"] = True
    return case


def cases_for(permit: dict, lang: str) -> list[dict]:
    form = permit["form"]
    valid = VALID[permit["id"]]
    messages = compile.messages(form, lang)["questions"]
    rules = compile.rules(form)["questions"]
    out = [_case("valid", valid, {})]
    for q in definition.answer_questions(form):
        name, msg = q["id"], messages[q["id"]]
        without = {k: v for k, v in valid.items() if k != name}
        if q.get("required") and "visibleIf" not in rules.get(name, {}):
            out.append(_case(f"{name}: missing", without, {name: msg["required"]}))
            out.append(_case(f"{name}: missing in a draft", without, {}, partial=True))
            out.append(_case(f"{name}: emptied", {**valid, name: ""}, {name: msg["required"]}))
        if q["type"] == "group":
            row = valid[name][0]
            for sub in q["questions"]:
                key = f"{name}.{sub['id']}"
                bad_row = {k: v for k, v in row.items() if k != sub["id"]}
                out.append(_case(f"{key}: missing in a row", {**valid, name: [row, bad_row]},
                                 {f"{name}.1.{sub['id']}": messages[key]["required"]}))
                wrong = "x" if sub["type"] == "number" else 7
                out.append(_case(f"{key}: wrong type in a row", {**valid, name: [{**row, sub["id"]: wrong}]},
                                 {f"{name}.0.{sub['id']}": messages[key]["type"]}))
            out.append(_case(f"{name}: unknown column", {**valid, name: [{**row, "warna": "merah"}]},
                             {f"{name}.0.warna": compile.messages(form, lang)["form"]["unknown"].format(name="warna")}))
            out.append(_case(f"{name}: too many rows", {**valid, name: [row] * (q.get("maxItems", 20) + 1)},
                             {name: msg["maxItems"]}))
            out.append(_case(f"{name}: not a list", {**valid, name: "keripik"}, {name: msg["type"]}))
            continue
        hidden = "visibleIf" in rules.get(name, {})
        if q["type"] == "number":
            out.append(_case(f"{name}: text instead of a number", {**valid, name: "dua ribu"}, {name: msg["type"]}))
            if "minimum" in q:
                out.append(_case(f"{name}: below the minimum", {**valid, name: q["minimum"] - 1},
                                 {name: msg["minimum"]}))
            if "maximum" in q:
                out.append(_case(f"{name}: above the maximum", {**valid, name: q["maximum"] + 1},
                                 {name: msg["maximum"]}))
            continue
        out.append(_case(f"{name}: a number instead of text", {**valid, name: 12345}, {name: msg["type"]}))
        if q.get("options"):
            out.append(_case(f"{name}: not an offered choice", {**valid, name: "lain-lain"}, {name: msg["enum"]}))
            continue
        base = definition.dictionary()["fields"].get(q.get("ref", ""), {}).get("schema", {})
        longest = q.get("maxLength", base.get("maxLength", definition.DEFAULT_MAX_LENGTH))
        too_long = msg["format"] if q["type"] == "date" else msg["maxLength"]  # format is reported first
        out.append(_case(f"{name}: too long", {**valid, name: "A" * (longest + 1)}, {name: too_long}))
        bad = BAD_FORMAT.get(q.get("ref")) or BAD_FORMAT.get(name)
        if bad is not None:
            keyword = "format" if q["type"] == "date" else "pattern"
            out.append(_case(f"{name}: wrong format", {**valid, name: bad}, {name: msg[keyword]}))
        if hidden and bad is not None:
            # The same wrong value, on a question the answers hide: dropped, so no error at all.
            trigger = _hiding_answers(permit["id"])
            if trigger:
                out.append(_case(f"{name}: wrong but hidden", {**valid, **trigger, name: bad}, {}))
    return out


def _hiding_answers(permit_id: str) -> dict | None:
    return {"penggantian-ktp-el": {"alasan": "rusak"}, "pengesahan-stnk-tahunan": {"pemilik_sendiri": "ya"},
            "spp-irt": {"jenis_pemohon": "perorangan"}}.get(permit_id)


def build() -> dict:
    forms = []
    for permit in catalogue.all_permits():
        for lang in catalogue.LANGS:
            forms.append({"permit": permit["id"], "version": permit["version"], "lang": lang,
                          "cases": cases_for(permit, lang)})
    return {"about": "Generated by tests/vectors/build.py; do not edit by hand.", "forms": forms}


if __name__ == "__main__":
    data = build()
    TARGET.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{sum(len(f['cases']) for f in data['forms'])} cases -> {TARGET}")
