"""Random answers thrown at the validator of every form: it never crashes, and every error names a field
(a path into the answers) and says in Bahasa Indonesia what is wrong."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chalicelib import catalogue, forms

PERMITS = catalogue.all_permits()
NAMES = sorted({q["id"] for p in PERMITS for q in forms.questions(p["form"])} | {"x", "__proto__", "a.b"})
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=True),
                    st.text(max_size=40), st.sampled_from(["3171014101900001", "31.71", "B 1234 XYZ", "1990-02-30"]))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.sampled_from(NAMES), inner, max_size=4)),
                      max_leaves=12)
ANSWERS = st.one_of(st.dictionaries(st.sampled_from(NAMES), VALUES, max_size=12), VALUES)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(permit=st.sampled_from(PERMITS), answers=ANSWERS, partial=st.booleans())
def test_random_answers_never_crash_and_every_error_is_explained(permit, answers, partial):
    kept, errors = forms.validate(permit, answers, partial=partial)
    english = {e.field: e.message for e in forms.validate(permit, answers, lang="en", partial=partial)[1]}
    assert isinstance(kept, dict) and set(english) == {e.field for e in errors}
    for error in errors:
        assert error.message.strip() and "{" not in error.message, error
        assert error.message != english[error.field], error  # the Indonesian text, not a fallback
        if isinstance(answers, dict):
            keys = {str(k)[:40] for k in answers} | set(NAMES)
            assert error.field in keys or error.field.split(".")[0] in keys, error  # a path into the answers
        else:
            assert error.field is None
