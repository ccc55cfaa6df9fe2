"""Identity rules that need no AWS: what a counter may leave out, and staff temporary passwords."""

from datetime import date

from chalicelib.identity.registration import password_problems, validate
from chalicelib.staff import temporary_password

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
