"""The form engine as a citizen meets it: every wrong answer is named, in Bahasa Indonesia."""

import json

import pytest
from jsonschema import Draft202012Validator

from chalicelib import catalogue, forms
from chalicelib.core.errors import PisaoError

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


# --- issue 14: identity answers as people type them, a NIK holder's sex and age, one round of errors ----

AKTA = catalogue.get_permit("akta-kelahiran")
KTP = catalogue.get_permit("penggantian-ktp-el")
MOTHER, FATHER = "3171014101900001", "3171010203850002"  # a woman born 1990, a man born 1985


def test_a_male_nik_as_the_mothers_nik_is_refused_with_the_field_named():
    errors = by_field(forms.validate_answers(AKTA, {"nik_ibu": FATHER, "tanggal_lahir_anak": "2026-10-15"},
                                             partial=True))
    assert list(errors) == ["nik_ibu"]
    assert errors["nik_ibu"].startswith("NIK ibu harus NIK seorang perempuan")
    english = by_field(forms.validate_answers(AKTA, {"nik_ibu": FATHER}, lang="en", partial=True))
    assert english["nik_ibu"].startswith("Mother's NIK must be a woman's NIK")


def test_a_female_nik_as_the_fathers_nik_is_refused_and_right_parents_pass():
    answers = {"status_perkawinan_orang_tua": "tercatat", "nik_ayah": MOTHER}
    assert by_field(forms.validate_answers(AKTA, answers, partial=True))["nik_ayah"].startswith(
        "NIK ayah harus NIK seorang laki-laki")
    right = {"nik_ibu": MOTHER, "nik_ayah": FATHER, "status_perkawinan_orang_tua": "tercatat",
             "tanggal_lahir_anak": "2026-10-15"}
    assert forms.validate_answers(AKTA, right, partial=True) == []


@pytest.mark.parametrize("mother, fits", [
    ("3171014101160001", True),  # born 2016: 10 on the child's birthday in 2026
    ("3171015611160001", False),  # born 16 November 2016: still 9 on 15 October 2026
    ("3171014101560001", True),  # born 1956: 70
    ("3171014101550001", False),  # born 1955: 71
    ("3171014101270001", False),  # 1927 or 2027: 99, or not born yet
])
def test_the_mothers_age_at_the_childs_birth_is_read_from_her_nik(mother, fits):
    errors = by_field(forms.validate_answers(AKTA, {"nik_ibu": mother, "tanggal_lahir_anak": "2026-10-15"},
                                             partial=True))
    assert ("nik_ibu" not in errors) is fits
    if not fits:
        assert errors["nik_ibu"].startswith("Menurut tanggal lahir pada NIK ibu (angka ke-7 sampai ke-12)")


def test_a_future_birth_date_is_reported_in_the_same_round_as_the_other_errors():
    # Before issue 14 the browser knew nothing of the future date: it came back from the server only once
    # everything else on the page was right (two rounds). Both sides now run it with the schema's checks.
    answers = {"nik": MOTHER, "nama_lengkap": "S1ti", "tanggal_lahir": "2999-01-01", "jenis_kelamin": "P",
               "nomor_kk": "3171010101090001"}
    errors = by_field(forms.validate_answers(KTP, answers))
    assert errors == {"nama_lengkap": errors["nama_lengkap"], "alasan": "Alasan penggantian wajib diisi.",
                      "tanggal_lahir": "Tanggal lahir tidak boleh di masa depan."}
    rules = forms.compile.rules(KTP["form"])
    assert rules["checks"]["tanggal_lahir"] == {"pastDate": True}  # published to the browser


def test_a_nik_and_a_phone_as_typed_are_accepted_and_kept_as_stored():
    spp = catalogue.get_permit("spp-irt")
    kept, errors = forms.validate(spp, {"nik": "3171.0102.0385-0002", "telepon": "0812 3456 7890"}, partial=True)
    assert errors == [] and kept == {"nik": FATHER, "telepon": "+6281234567890"}
    assert forms.stored_answers(spp, {"telepon": "+62 812-3456-7890", "nama_lengkap": "Budi"}) == {
        "telepon": "+6281234567890", "nama_lengkap": "Budi"}


def test_a_nik_in_a_group_row_is_read_as_typed_too():
    kk = catalogue.get_permit("penerbitan-kartu-keluarga")
    rows = [{"nik": "3171 0155 1026 0001", "nama": "Putri Aminah", "hubungan": "anak",
             "keterangan_perubahan": "Lahir 15-10-2026"}]
    kept, errors = forms.validate(kk, {"alasan": "tambah_anggota", "perubahan_anggota": rows}, partial=True)
    assert errors == [] and kept["perubahan_anggota"][0]["nik"] == "3171015510260001"


@pytest.mark.parametrize("holder, words", [
    ({"sex": "W"}, "nik_ibu: holder.sex: must be L or P"),
    ({"ageAt": {"date": "nama_ibu", "min": 10, "max": 70}}, "nik_ibu: holder.ageAt: needs date"),
    ({"ageAt": {"date": "tanggal_lahir_anak", "min": 70, "max": 10}}, "nik_ibu: holder.ageAt: needs date"),
    ({"role": "ibu"}, "nik_ibu: holder: only a person.nik question has a holder"),
])
def test_the_publish_check_refuses_a_holder_that_cannot_run(holder, words):
    permit = json.loads(json.dumps(AKTA))
    question = next(q for p in permit["form"]["pages"] for q in p["questions"] if q["id"] == "nik_ibu")
    question["holder"] = holder
    found = forms.compile.problems(permit)
    assert any(words in p["en"] for p in found) and any(p["id"].startswith(words.split(": ")[0]) for p in found)
