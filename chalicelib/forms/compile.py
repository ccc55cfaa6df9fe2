"""Publishing a form version compiles it into three artefacts that the server and the browser run
unchanged: a JSON Schema 2020-12 (formats, lengths, choices, and the questions that are always required;
any validator can use it), the rules (JSON Logic `visibleIf` / `requiredIf` per question) and the
messages (every error text per question and keyword, in one language)."""

from __future__ import annotations

from typing import Any

from chalicelib.core.i18n import localize
from chalicelib.forms import definition, logic
from chalicelib.forms.problems import Problem, problem, under

TYPED = ("text", "textarea", "date", "number")  # what a person types: these need a hint and an example (R8)

SCHEMA_BASE = "https://pisao.go.id/schemas"
# When one answer breaks several keywords, both sides report the first in this order.
KEYWORDS = ("type", "enum", "format", "minLength", "maxLength", "pattern", "minimum", "maximum", "minItems",
            "maxItems", "required")

GENERIC = {
    "required": {"id": "{label} wajib diisi.", "en": "{label} is required."},
    "type": {"id": "{label} harus berupa {kind}.", "en": "{label} must be {kind_en}."},
    "enum": {"id": "Pilih salah satu pilihan yang tersedia untuk {label}.",
             "en": "Choose one of the options offered for {label}."},
    "format": {"id": "{label} bukan tanggal yang benar. Tulis seperti contoh pengisian.",
               "en": "{label} is not a real date. Write it like the example."},
    "minLength": {"id": "{label} terlalu pendek (paling sedikit {n} karakter).",
                  "en": "{label} is too short (at least {n} characters)."},
    "maxLength": {"id": "{label} terlalu panjang (paling banyak {n} karakter).",
                  "en": "{label} is too long (at most {n} characters)."},
    "pattern": {"id": "Format {label} tidak sesuai. Lihat contoh pengisian.",
                "en": "{label} is not in the right format. See the example."},
    "minimum": {"id": "{label} paling kecil {n}.", "en": "{label} must be at least {n}."},
    "maximum": {"id": "{label} paling besar {n}.", "en": "{label} must be at most {n}."},
    "minItems": {"id": "Isi paling sedikit {n} {label}.", "en": "Add at least {n} {label}."},
    "maxItems": {"id": "Paling banyak {n} {label}.", "en": "At most {n} {label}."},
}
# The checks both sides run after the schema (rules → "checks"), one text per question and kind.
CHECK_MESSAGES = {
    "future": {"id": "{label} tidak boleh di masa depan.", "en": "{label} cannot be in the future."},
    "tooOld": {"id": "{label} terlalu lama (sebelum 1900).", "en": "{label} is too long ago (before 1900)."},
    "holderSex.P": {"id": "{label} harus NIK seorang perempuan: pada NIK perempuan angka ke-7 dan ke-8 (tanggal lahir) "
                            "ditambah 40, jadi 41–71. Periksa kembali {mid}.",
                    "en": "{label} must be a woman's NIK: a woman's NIK has 40 added to the day of birth (digits 7-8), "
                          "so 41-71. Check the {mid}."},
    "holderSex.L": {"id": "{label} harus NIK seorang laki-laki: pada NIK laki-laki angka ke-7 dan ke-8 (tanggal lahir) "
                            "01–31, bukan 41–71. Periksa kembali {mid}.",
                    "en": "{label} must be a man's NIK: a man's NIK has the day of birth itself in digits 7-8 "
                          "(01-31, not 41-71). Check the {mid}."},
    "holderAge": {"id": "Menurut tanggal lahir pada {mid} (angka ke-7 sampai ke-12), umurnya pada {date} bukan "
                          "{min}–{max} tahun. Periksa kembali {mid} dan {date}.",
                  "en": "By the date of birth in the {mid} (digits 7-12), the person was not {min}-{max} years old "
                        "on the {date}. Check the {mid} and the {date}."},
}
FORM_MESSAGES = {
    "unknown": {"id": "Kolom tidak dikenal: {name}. Muat ulang formulir lalu coba lagi.",
                "en": "Unknown field: {name}. Reload the form and try again."},
    "notObject": {"id": "Jawaban formulir harus berupa objek JSON.", "en": "Form answers must be a JSON object."},
    "tooMany": {"id": "Terlalu banyak jawaban: paling banyak {limit} kolom. Muat ulang formulir lalu coba lagi.",
                "en": "Too many answers: at most {limit} fields. Reload the form and try again."},
}
_KIND = {"string": ("teks", "text"), "integer": ("bilangan bulat", "a whole number"),
         "array": ("daftar", "a list")}


def _property(q: dict) -> dict:
    """The JSON Schema of one answer (dictionary fields by reference to the form's $defs)."""
    if q["type"] == "group":
        return {"type": "array", "minItems": q.get("minItems", 0), "maxItems": q.get("maxItems", 20),
                "items": _object(q["questions"], static_required=True)}
    prop: dict = {"$ref": f"#/$defs/{q['ref']}"} if q.get("ref") else {}
    if q["type"] == "number":
        prop["type"] = "integer"
        for key in ("minimum", "maximum"):
            if key in q:
                prop[key] = q[key]
        return prop
    prop["type"] = "string"
    base = definition.dictionary()["fields"].get(q.get("ref", ""), {}).get("schema", {})
    if "maxLength" not in base or "maxLength" in q:
        prop["maxLength"] = q.get("maxLength", definition.DEFAULT_MAX_LENGTH)
    for key in ("minLength", "pattern"):
        if key in q:
            prop[key] = q[key]
    if q["type"] == "date" and "$ref" not in prop:
        prop["format"] = "date"
    if q.get("options"):
        prop["enum"] = [o["value"] for o in q["options"]]
    return prop


def _object(questions: list[dict], static_required: bool) -> dict:
    answered = [q for q in questions if q["type"] != "file"]
    schema: dict = {"type": "object", "additionalProperties": False,
                    "properties": {q["id"]: _property(q) for q in answered}}
    if static_required:
        schema["required"] = [q["id"] for q in answered if q.get("required")]
    return schema


def visibility(form: dict) -> dict[str, object]:
    """Each question's visibility rule: its own `visibleIf` and its page's, joined by "and"."""
    rules: dict[str, object] = {}
    for page in definition.pages(form):
        for q in page["questions"]:
            parts = [r for r in (page.get("visibleIf"), q.get("visibleIf")) if r is not None]
            if parts:
                rules[q["id"]] = parts[0] if len(parts) == 1 else {"and": parts}
    return rules


def _checks(q: dict) -> dict:
    """The checks after the schema that the browser runs too: a date not in the future, and for a NIK of
    another person with a stated role (`holder`), their sex and their age at a date answered."""
    out: dict = {}
    if q.get("check") == "past_date":
        out["pastDate"] = True
    if isinstance(q.get("holder"), dict):
        out["holder"] = {k: v for k, v in q["holder"].items() if k in ("sex", "ageAt")}
    return out


def rules(form: dict) -> dict:
    """Per question `visibleIf`/`requiredIf`; `normalize` (answer path → "nik"/"phone": how a typed
    value is read before checking, e.g. "3171 0141 …" → "31710141…"); `checks` per question."""
    visible = visibility(form)
    normalize: dict[str, str] = {}
    checks: dict[str, dict] = {}
    out: dict[str, dict] = {}
    for q in definition.questions(form):
        entry = {}
        if q["id"] in visible:
            entry["visibleIf"] = visible[q["id"]]
        if "requiredIf" in q:
            entry["requiredIf"] = q["requiredIf"]
        elif q.get("required"):
            entry["requiredIf"] = True
        if entry:
            out[q["id"]] = entry
        for path, item in [(q["id"], q), *((f"{q['id']}.{sub['id']}", sub) for sub in q.get("questions", []))]:
            if item.get("normalize"):
                normalize[path] = item["normalize"]
        if _checks(q):
            checks[q["id"]] = _checks(q)
    return {"questions": out, "normalize": normalize, "checks": checks}


def schema(permit: dict) -> dict:
    form = permit["form"]
    visible = visibility(form)
    answered = definition.answer_questions(form)
    top = _object(answered, static_required=False)
    # Required for any validator: questions that are always shown and always required.
    top["required"] = [q["id"] for q in answered if q.get("required") and "requiredIf" not in q
                       and q["id"] not in visible]
    refs = sorted({q["ref"] for q in answered if q.get("ref")}
                  | {s["ref"] for q in answered if q["type"] == "group" for s in q["questions"] if s.get("ref")})
    fields = definition.dictionary()["fields"]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_BASE}/{permit['id']}/v{permit['version']}.json",
        "title": localize(permit["name"], "id"),
        **top,
        "$defs": {ref: {**fields[ref]["schema"], "title": localize(fields[ref]["label"], "id")} for ref in refs},
    }


def inline(schema: dict) -> dict:
    """The schema with every dictionary `$ref` replaced by the definition itself: the same answers pass
    (a question may not redefine a keyword of its dictionary field, see `problems`), but validating
    needs no reference lookups, about twice as fast. The server and the browser validate with this one."""
    defs = schema.get("$defs", {})

    def resolve(node: object) -> object:
        if isinstance(node, list):
            return [resolve(item) for item in node]
        if not isinstance(node, dict):
            return node
        out = {k: resolve(v) for k, v in node.items() if k not in ("$ref", "$defs")}
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            base = {k: v for k, v in defs[ref[len("#/$defs/"):]].items() if k != "title"}
            out = {**base, **out}
        return out

    return resolve(schema)  # type: ignore[return-value]


def label(q: dict, lang: str) -> str:
    # A short noun ("Keperluan") reads better in a sentence than a question ("Untuk keperluan apa?").
    return localize(q.get("name") or q["label"], lang) or q["id"]


def _question_messages(q: dict, lang: str, questions: dict[str, dict] | None = None) -> dict[str, str]:
    questions = questions or {}
    prop = _property(q)
    base = definition.dictionary()["fields"].get(q.get("ref", ""), {}).get("schema", {})
    limits = {**base, **prop}
    kind = _KIND.get(limits.get("type", "string"), _KIND["string"])
    applies = {"type", "required", *(k for k in KEYWORDS if k in limits)}
    out = {}
    for keyword in KEYWORDS:
        if keyword not in applies:
            continue  # a message only for what the question actually checks
        template = q.get("messages", {}).get(keyword) or GENERIC[keyword]
        n = limits.get(keyword, "")
        text = localize(template, lang).format(label=label(q, lang), n=n, kind=kind[0], kind_en=kind[1])
        out[keyword] = text[:1].upper() + text[1:]  # "produk wajib diisi" starts a sentence
    return {**out, **_check_messages(q, lang, questions)}


def _check_messages(q: dict, lang: str, questions: dict[str, dict]) -> dict[str, str]:
    """The texts of a question's `checks` (see `_checks`), complete: the browser fills in nothing."""
    checks, name = _checks(q), label(q, lang)
    mid = _mid(name)
    out = {}
    if checks.get("pastDate"):
        for kind in ("future", "tooOld"):
            out[kind] = localize(CHECK_MESSAGES[kind], lang).format(label=name)
    holder = checks.get("holder", {})
    if holder.get("sex") in ("L", "P"):
        out["holderSex"] = localize(CHECK_MESSAGES[f"holderSex.{holder['sex']}"], lang).format(label=name, mid=mid)
    age = holder.get("ageAt")
    if isinstance(age, dict) and age.get("date") in questions:
        out["holderAge"] = localize(CHECK_MESSAGES["holderAge"], lang).format(
            mid=mid, date=_mid(label(questions[age["date"]], lang)), min=age.get("min"), max=age.get("max"))
    return out


def _mid(text: str) -> str:
    """A label inside a sentence: "Father's NIK" → "father's NIK", but "NIK ibu" stays."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def messages(form: dict, lang: str) -> dict:
    out: dict[str, dict[str, str]] = {}
    by_id = {q["id"]: q for q in definition.answer_questions(form)}
    for q in definition.answer_questions(form):
        out[q["id"]] = _question_messages(q, lang, by_id)
        if q["type"] == "group":
            for sub in q["questions"]:
                out[f"{q['id']}.{sub['id']}"] = _question_messages(sub, lang)
    return {"questions": out, "form": {k: localize(v, lang) for k, v in FORM_MESSAGES.items()}}


def _texted(value: object) -> bool:
    return isinstance(value, dict) and isinstance(value.get("id"), str) and bool(value["id"].strip())


def problems(permit: dict) -> list[Problem]:
    """Why a form definition cannot be published (empty when it can): unknown types or dictionary
    references, duplicate ids, a typed answer without its hint and worked example (R8), rules that
    cannot run or read answers that do not exist."""
    found: list[Problem] = []
    form = permit.get("form") if isinstance(permit, dict) else None
    if not isinstance(form, dict) or not isinstance(form.get("pages"), list) or not form["pages"]:
        return [problem("form.pages", "formulir perlu paling sedikit satu halaman", "a form needs at least one page")]
    try:
        questions = definition.questions(form)
    except KeyError as exc:
        return [problem("", f"rujukan kamus data {exc.args[0]!r} tidak dikenal",
                        f"unknown dictionary reference {exc.args[0]!r}")]
    ids = [q.get("id") for q in questions]
    for dup in sorted({i for i in ids if ids.count(i) > 1}, key=str):  # ids are JSON: a missing one is None
        found.append(problem("", f"id pertanyaan {dup!r} dipakai dua kali", f"question id {dup!r} is used twice"))
    known = set(ids)
    rule_sources = [(f"page {p.get('id')}", p.get("visibleIf")) for p in form["pages"]]
    fields = definition.dictionary()["fields"]
    for q in questions:
        where = str(q.get("id"))
        redefined = sorted(set(fields.get(q.get("ref", ""), {}).get("schema", {})) & set(q) - {"type"})
        if redefined:
            keys = ", ".join(redefined)
            found.append(problem(where, f"{keys} sudah ditetapkan oleh kolom kamus data {q['ref']!r}; pakai kolom "
                                        "lain atau tanpa rujukan",
                                 f"{keys} is defined by dictionary field {q['ref']!r}; use another field or none"))
        if q.get("type") not in definition.TYPES:
            found.append(problem(where, f"jenis {q.get('type')!r} tidak dikenal", f"unknown type {q.get('type')!r}"))
        if not (isinstance(q.get("label"), dict) and q["label"].get("id")):
            found.append(problem(where, "label dalam Bahasa Indonesia wajib ada", "a label in Bahasa Indonesia is "
                                                                                 "required"))
        for typed in [q, *(q.get("questions") or [] if q.get("type") == "group" else [])]:
            if typed.get("type") in TYPED and not (_texted(typed.get("hint")) and _texted(typed.get("example"))):
                found.append(problem(str(typed.get("id")),
                                     "isian yang diketik perlu petunjuk (hint) dan contoh pengisian (example), "
                                     "misalnya petunjuk \"Sesuai KTP-el\" dan contoh \"Siti Aminah\"",
                                     "a typed answer needs a hint and a worked example (example), e.g. the hint "
                                     "\"As on the e-KTP\" and the example \"Siti Aminah\""))
        rule_sources += [(f"{where}.visibleIf", q.get("visibleIf")), (f"{where}.requiredIf", q.get("requiredIf"))]
        holder = q.get("holder")
        if holder is not None:
            found += under(where, _holder_problems(q, holder, questions))
        parent = q.get("choices", {}).get("parent")
        if parent and parent not in known:
            found.append(problem(where, f"choices.parent {parent!r} bukan pertanyaan di formulir ini",
                                 f"choices.parent {parent!r} is not a question of this form"))
    for where, rule in rule_sources:
        if rule is None:
            continue
        found += under(where, logic.check(rule))
        found += [problem(where, f"membaca {name!r}, yang bukan pertanyaan di formulir ini",
                          f"reads {name!r}, which is not a question of this form")
                  for name in sorted(logic.variables(rule) - known)]
    return found


def _holder_problems(q: dict, holder: object, questions: list[dict]) -> list[Problem]:
    """Why a `holder` declaration cannot run: it needs a NIK question, sex L or P, and `ageAt` naming a
    date question with whole-year bounds."""
    if q.get("ref") != "person.nik" or not isinstance(holder, dict) or not set(holder) <= {"sex", "ageAt"}:
        return [problem("holder", "hanya pertanyaan person.nik yang punya holder, dengan kunci sex dan ageAt",
                        "only a person.nik question has a holder, with keys sex and ageAt")]
    found = []
    if "sex" in holder and holder["sex"] not in ("L", "P"):
        found.append(problem("holder.sex", "harus L atau P", "must be L or P"))
    age = holder.get("ageAt")
    if age is not None:
        dates = {x["id"] for x in questions if x.get("type") == "date"}
        bounds: list[Any] = [age.get(k) for k in ("min", "max")] if isinstance(age, dict) else []
        if not isinstance(age, dict) or age.get("date") not in dates or not all(
                isinstance(b, int) and not isinstance(b, bool) and 0 <= b <= 150 for b in bounds) \
                or bounds[0] > bounds[1]:
            found.append(problem("holder.ageAt", "perlu date (pertanyaan tanggal di formulir ini), min dan max "
                                                 "(tahun)",
                                 "needs date (a date question of this form), min and max (years)"))
    return found
