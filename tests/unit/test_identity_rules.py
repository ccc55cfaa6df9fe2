"""Identity rules that need no AWS: what a counter may leave out, and staff temporary passwords."""

from datetime import date

from chalicelib.agencies.staff import temporary_password
from chalicelib.identity.registration import password_problems, validate

WALK_IN = {"nik": "3171015507600004", "name": "Sri Wahyuni", "birthDate": "1960-07-15", "sex": "P"}


def test_a_walk_in_needs_no_password_or_contact_but_a_self_registration_does():
    data, errors = validate(WALK_IN, today=date(2026, 11, 28), at_counter=True)
    assert errors == [] and data["nik"] == WALK_IN["nik"] and "password" not in data
    _, errors = validate(WALK_IN, today=date(2026, 11, 28))
    assert {e.field for e in errors} == {"email", "password"}


def test_a_child_is_served_at_the_counter_only():
    child = {**WALK_IN, "nik": "3171011505150003", "name": "Adi Saputra", "birthDate": "2015-05-15", "sex": "L"}
    assert validate(child, today=date(2026, 11, 28), at_counter=True)[1] == []
    assert [e.field for e in validate(child, today=date(2026, 11, 28))[1]] == ["birthDate", "email", "password"]


def test_temporary_passwords_meet_the_pool_policy_and_differ():
    passwords = {temporary_password() for _ in range(50)}
    assert len(passwords) == 50 and all(password_problems(p) == [] for p in passwords)


# --- issue 14: identity data as people copy it, and data that cannot exist --------------------------

SELF = {**WALK_IN, "email": "sri@contoh.id", "password": "RahasiaSri2026"}


def test_a_nik_copied_with_spaces_dots_or_other_digits_registers_as_its_16_digits():
    for typed in ("3171 0155 0760 0004", "3171.01.550760.0004", "3171-0155-0760-0004",
                  "\u0663\u0661\u0667\u0661\u0660\u0661\u0665\u0665\u0660\u0667\u0666\u0660\u0660\u0660\u0660\u0664"):
        data, errors = validate({**SELF, "nik": typed}, today=date(2026, 11, 28))
        assert errors == [] and data["nik"] == data["username"] == "3171015507600004", typed


def test_a_nik_whose_district_does_not_exist_is_refused_with_the_field_named():
    data, errors = validate({**SELF, "nik": "3171995507600004"}, today=date(2026, 11, 28))
    assert [e.field for e in errors] == ["nik"] and "nik" not in data
    assert errors[0].message.startswith("Kode kecamatan pada NIK (angka ke-5 dan ke-6: 99) tidak ada di "
                                        "Kota Administrasi Jakarta Pusat (31.71).")


def test_a_phone_as_written_is_stored_as_e164_and_a_landline_is_refused():
    for typed in ("0812 3456 7890", "+62 812-3456-7890", "62812 3456 7890", "(0812) 3456-7890"):
        data, errors = validate({**SELF, "email": None, "phone": typed}, today=date(2026, 11, 28))
        assert errors == [] and data["phone"] == "+6281234567890", typed
    _, errors = validate({**SELF, "email": None, "phone": "(021) 345 6789"}, today=date(2026, 11, 28))
    assert [(e.field, e.message) for e in errors] == [("phone", "Nomor HP tidak valid, contoh: 0812 3456 7890.")]
