"""Publishing a form version compiles it into three artefacts that the server and the browser run
unchanged: a JSON Schema 2020-12 (formats, lengths, choices, and the questions that are always required;
any validator can use it), the rules (JSON Logic `visibleIf` / `requiredIf` per question) and the
messages (every error text per question and keyword, in one language)."""

from __future__ import annotations

from chalicelib.catalogue import localize
from chalicelib.forms import definition, logic

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


def rules(form: dict) -> dict:
    visible = visibility(form)
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
    return {"questions": out}


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


def _question_messages(q: dict, lang: str) -> dict[str, str]:
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
    return out


def messages(form: dict, lang: str) -> dict:
    out: dict[str, dict[str, str]] = {}
    for q in definition.answer_questions(form):
        out[q["id"]] = _question_messages(q, lang)
        if q["type"] == "group":
            for sub in q["questions"]:
                out[f"{q['id']}.{sub['id']}"] = _question_messages(sub, lang)
    return {"questions": out, "form": {k: localize(v, lang) for k, v in FORM_MESSAGES.items()}}


def problems(permit: dict) -> list[str]:
    """Why a form definition cannot be published (empty when it can): unknown types or dictionary
    references, duplicate ids, rules that cannot run or read answers that do not exist."""
    found: list[str] = []
    form = permit.get("form") if isinstance(permit, dict) else None
    if not isinstance(form, dict) or not isinstance(form.get("pages"), list) or not form["pages"]:
        return ["form.pages: a form needs at least one page"]
    try:
        questions = definition.questions(form)
    except KeyError as exc:
        return [f"unknown dictionary reference {exc.args[0]!r}"]
    ids = [q.get("id") for q in questions]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        found.append(f"question id {dup!r} is used twice")
    known = set(ids)
    rule_sources = [(f"page {p.get('id')}", p.get("visibleIf")) for p in form["pages"]]
    fields = definition.dictionary()["fields"]
    for q in questions:
        redefined = sorted(set(fields.get(q.get("ref", ""), {}).get("schema", {})) & set(q) - {"type"})
        if redefined:
            found.append(f"{q.get('id')}: {', '.join(redefined)} is defined by dictionary field {q['ref']!r}; "
                         "use another field or none")
        if q.get("type") not in definition.TYPES:
            found.append(f"{q.get('id')}: unknown type {q.get('type')!r}")
        if not (isinstance(q.get("label"), dict) and q["label"].get("id")):
            found.append(f"{q.get('id')}: a label in Bahasa Indonesia is required")
        rule_sources += [(f"{q.get('id')}.visibleIf", q.get("visibleIf")),
                         (f"{q.get('id')}.requiredIf", q.get("requiredIf"))]
        parent = q.get("choices", {}).get("parent")
        if parent and parent not in known:
            found.append(f"{q.get('id')}: choices.parent {parent!r} is not a question of this form")
    for where, rule in rule_sources:
        if rule is None:
            continue
        found += [f"{where}: {p}" for p in logic.check(rule)]
        found += [f"{where}: reads {name!r}, which is not a question of this form"
                  for name in sorted(logic.variables(rule) - known)]
    return found
