"""The form engine as a citizen meets it: every wrong answer is named, in Bahasa Indonesia."""

import json

import pytest
from jsonschema import Draft202012Validator

from chalicelib import catalogue, forms
from chalicelib.errors import PisaoError

DOMISILI = catalogue.get_permit("surat-keterangan-domisili")
GOOD = {"nama_lengkap": "Siti Aminah", "alamat": "Jl. Kebon Sirih No. 12, RT 003/RW 005", "keperluan": "bank"}


def by_field(errors):
    return {e.field: e.message for e in errors}


def test_complete_valid_answers_have_no_errors():
    assert forms.validate_answers(DOMISILI, GOOD) == []


def test_missing_answers_are_named_in_indonesian():
    errors = by_field(forms.validate_answers(DOMISILI, {"nama_lengkap": "Siti Aminah"}))
    assert errors == {
        "alamat": "Alamat tempat tinggal sekarang wajib diisi.",
        "keperluan": "Keperluan wajib diisi.",
    }


def test_draft_save_accepts_missing_answers_but_not_wrong_ones():
    assert forms.validate_answers(DOMISILI, {"nama_lengkap": "Siti Aminah"}, partial=True) == []
    errors = by_field(forms.validate_answers(DOMISILI, {"nama_lengkap": "S1t1 <script>"}, partial=True))
    assert errors["nama_lengkap"].startswith("Nama hanya boleh berisi huruf")


def test_question_specific_message_wins_over_generic():
    errors = by_field(forms.validate_answers(DOMISILI, {**GOOD, "alamat": "Jl. A"}))
    assert errors == {"alamat": "Alamat terlalu pendek: sebutkan jalan, nomor rumah, dan RT/RW."}


def test_choice_outside_options_is_refused():
    errors = by_field(forms.validate_answers(DOMISILI, {**GOOD, "keperluan": "judi"}))
    assert errors["keperluan"] == "Pilih salah satu pilihan yang tersedia untuk Keperluan."


def test_unknown_field_wrong_type_and_huge_string():
    errors = by_field(forms.validate_answers(DOMISILI, {**GOOD, "hacker": "x", "alamat": 12}))
    assert "Kolom tidak dikenal: hacker" in errors["hacker"]
    assert errors["alamat"] == "Alamat tempat tinggal sekarang harus berupa teks."
    errors = by_field(forms.validate_answers(DOMISILI, {**GOOD, "nama_lengkap": "A" * 5000}))
    assert "terlalu panjang (paling banyak 100 karakter)" in errors["nama_lengkap"]


def test_non_ascii_digits_do_not_pass_a_digit_pattern():
    ktp = catalogue.get_permit("penggantian-ktp-el")
    errors = by_field(forms.validate_answers(ktp, {"alasan": "rusak", "nomor_kk": "٣١٧١٠١٠١٠١٠٩٠٠٠١"}))
    assert errors["nomor_kk"].startswith("Nomor KK harus 16 angka")


def test_answers_must_be_an_object():
    errors = forms.validate_answers(DOMISILI, ["not", "an", "object"])
    assert errors[0].field is None and "objek JSON" in errors[0].message


def test_english_on_request():
    errors = by_field(forms.validate_answers(DOMISILI, {"nama_lengkap": "Siti Aminah"}, lang="en"))
    assert errors["alamat"] == "Current home address is required."


@pytest.mark.parametrize("permit", catalogue.all_permits(), ids=lambda p: p["id"])
def test_every_permit_publishes_a_valid_2020_12_schema_with_examples(permit):
    schema = forms.compile_schema(permit)
    Draft202012Validator.check_schema(schema)
    assert schema["$id"].endswith(f"/{permit['id']}/v{permit['version']}.json")
    for question in forms.questions(permit["form"]):
        assert question["label"]["id"] and question["hint"]["id"] and question["example"]["id"], question["id"]


def test_unknown_permit_is_a_clear_404():
    with pytest.raises(PisaoError) as err:
        catalogue.get_permit("izin-tidak-ada")
    assert err.value.status == 404 and "Jenis izin tidak dikenal" in err.value.message


def test_public_form_speaks_the_citizens_language():
    form = forms.public_form(DOMISILI, "id")
    first = form["pages"][0]["questions"][0]
    assert (first["label"], first["example"]) == ("Nama lengkap sesuai KTP", "Siti Aminah")
    upload = form["pages"][2]["questions"][0]
    assert upload["type"] == "file" and upload["accept"] == "image/jpeg,image/png,application/pdf"
    assert forms.public_form(DOMISILI, "en")["title"] == "Certificate of Domicile"


def test_a_broken_form_is_refused_with_the_reason():
    from chalicelib.forms import compile

    ktp = catalogue.get_permit("penggantian-ktp-el")
    broken = json.loads(json.dumps(ktp))
    questions = broken["form"]["pages"][1]["questions"]
    questions[1]["visibleIf"] = {"===": [{"var": "alasn"}, "hilang"]}
    questions[2]["visibleIf"] = {"eval": ["alert(1)"]}
    questions.append({"id": "nik", "ref": "person.nik"})
    questions.append({"id": "npwp", "ref": "tax.npwp", "pattern": "^.*$"})
    questions.append({"id": "kota", "ref": "address.city"})
    english = lambda found: [p["en"] for p in found]  # noqa: E731 - the findings also in Bahasa Indonesia
    assert english(compile.problems(broken)) == ["unknown dictionary reference 'address.city'"]
    questions.pop()
    problems = english(compile.problems(broken))
    assert "question id 'nik' is used twice" in problems
    assert "nomor_laporan_polisi.visibleIf: reads 'alasn', which is not a question of this form" in problems
    assert any(p.startswith("tanggal_hilang.visibleIf: unknown operator 'eval'") for p in problems)
    assert any(p.startswith("npwp: pattern is defined by dictionary field 'tax.npwp'") for p in problems)
    assert english(compile.problems({"form": {"pages": []}})) == ["form.pages: a form needs at least one page"]


def test_the_publish_check_speaks_indonesian_and_asks_a_worked_example_for_every_typed_answer():
    """R8: every question a person types into carries a hint and a worked example; choices and uploads need
    none. The findings read in Bahasa Indonesia (and English), each starting with what it is about."""
    from chalicelib.forms import compile

    ktp = json.loads(json.dumps(catalogue.get_permit("penggantian-ktp-el")))
    questions = ktp["form"]["pages"][1]["questions"]
    typed = next(q for q in questions if q.get("type") == "text" and not q.get("ref"))
    typed.pop("example")
    questions.append({"id": "catatan", "type": "textarea", "label": {"id": "Catatan", "en": "Note"},
                      "hint": {"id": "", "en": ""}, "example": {"id": "Kartu patah", "en": "Card broken"}})
    questions.append({"id": "pilihan", "type": "radio", "label": {"id": "Pilihan", "en": "Choice"},
                      "options": [{"value": "a", "label": {"id": "A", "en": "A"}}]})
    found = compile.problems(ktp)
    assert [p["id"].split(":")[0] for p in found] == [typed["id"], "catatan"]  # not the radio, not the files
    assert "contoh pengisian" in found[0]["id"] and "worked example" in found[0]["en"]
    empty = compile.problems({"form": {"pages": []}})
    assert empty[0]["id"] == "form.pages: formulir perlu paling sedikit satu halaman"


def test_published_schema_uses_the_shared_dictionary():
    schema = forms.compile_schema(catalogue.get_permit("spp-irt"))
    assert schema["properties"]["nik"]["$ref"] == "#/$defs/person.nik"
    assert schema["$defs"]["person.nik"]["pattern"] == "^[0-9]{16}$"
    assert "nama_usaha" not in schema["required"] and "nib" in schema["required"]  # conditional ones are rules
