"""Property-based fuzzing of the HTTP layer (hypothesis) against the in-process app on moto: every registered
route with odd path parameters and query strings, unknown paths, every method, garbage headers (content type,
language, authorization) and odd JSON bodies (deep, large, lone surrogates, wrong types, bad bytes).

The property: no answer is a server error, and every error is in PISAO's shape (SNAP's on the SNAP routes).
tests/integration/test_http_fuzz.py runs it with a fixed seed and a small budget; for a longer run:

    python -m bench.fuzz [--examples 5000] [--seed 1]

prints how many cases were tried and the answers by status.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from hypothesis import strategies as st

from functions.http import HTTP_METHODS, MAX_BODY_BYTES, ROUTES

SNAP_PREFIX = "/v1.0/"
# Any code point, with lone surrogates, NUL, zero-width and bidi controls, path characters drawn often.
ODD_TEXT = st.text(st.one_of(st.characters(exclude_categories=()), st.characters(min_codepoint=0xD800,
                                                                                max_codepoint=0xDFFF),
                             st.sampled_from("\u0000\u200b\ufeff\u202e.%\\")), max_size=40)
SEGMENT = ODD_TEXT.map(lambda s: s.replace("/", "").replace("?", "").replace("#", ""))
HEADER_TEXT = st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=60)  # what a header can carry
FIELD_NAMES = ("username", "password", "permitId", "answers", "version", "field", "filename", "contentType", "size",
               "nik", "code", "ticket", "statement", "decision", "note", "reason", "email", "phone", "name",
               "grantType", "partnerServiceId", "customerNo", "virtualAccountNo", "paidAmount", "fields",
               "applicationId", "roles", "office", "agency", "channel", "comment", "assignee", "destination")


NIK = "3171014101900001"
# Well-formed bodies of the routes that take one, each fuzzed by changing one value: most cases then pass the
# route's first checks and reach the domain with one odd value (the way the sign-in's lone surrogate reached otp).
EXAMPLES: dict[str, dict] = {
    "/auth/sessions": {"username": NIK, "password": "Rahasia-123"},
    "/auth/sessions/challenge": {"ticket": "t" * 32, "code": "123456", "newPassword": "Rahasia-456!"},
    "/auth/registrations": {"idType": "nik", "nik": "3171015505900002", "name": "Dewi Lestari",
                            "birthDate": "1990-05-15", "sex": "P", "email": "dewi@example.id", "phone": "081234567890",
                            "password": "Rahasia-123!", "channel": "email"},
    "/auth/registrations/code": {"username": NIK, "channel": "email"},
    "/auth/registrations/verify": {"username": NIK, "code": "123456"},
    "/auth/password-resets": {"username": NIK, "channel": "email"},
    "/auth/password-resets/confirm": {"username": NIK, "code": "123456", "password": "Rahasia-789!"},
    "/applications": {"permitId": "surat-keterangan-domisili"},
    "/applications/{application_id}/answers": {"answers": {"nama_lengkap": "Siti Aminah", "alamat": "Jl. Merdeka 1",
                                                           "keperluan": "bank"}, "version": 1},
    "/applications/{application_id}/uploads": {"field": "foto_ktp", "filename": "ktp.png", "contentType": "image/png",
                                               "size": 1000},
    "/applications/{application_id}/uploads/reuse": {"field": "foto_kk", "applicationId": "PSO-20261203-AAAAAAAA"},
    "/counter/people/lookup": {"nik": NIK},
    "/counter/people": {"nik": "3171015505900002", "name": "Dewi Lestari", "birthDate": "1990-05-15", "sex": "P"},
    "/counter/applications": {"personId": "p-1", "permitId": "surat-keterangan-domisili"},
    "/me/contact": {"channel": "email", "value": "siti@example.id"},
    "/me/contact/verify": {"channel": "email", "code": "123456"},
    "/permits/{number}/renewals": {},
    "/staff/applications/{application_id}/decision": {"decision": "approve", "note": "Lengkap", "version": 1},
    "/staff/applications/{application_id}/assignment": {"assignee": "verifikator.kelurahan"},
    "/agency/staff": {"username": "petugas.baru", "name": "Petugas", "email": "p@example.id", "roles": ["verifier"],
                      "office": "kantor-kelurahan-gambir"},
    "/treasury/refunds/{reference}": {"decision": "refunded", "note": "Dikembalikan"},
}


@dataclass(frozen=True)
class Case:
    method: str
    path: str
    template: str | None  # the route the path was made from (None: an unknown path)
    headers: dict[str, str]
    body: bytes


@dataclass
class Tally:
    tried: int = 0
    by_status: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    def summary(self) -> str:
        statuses = ", ".join(f"{s}: {n}" for s, n in sorted(self.by_status.items()))
        return f"{self.tried} cases tried; by status {{{statuses}}}; {len(self.failures)} broke the property"


def _templates() -> list[str]:
    import app  # noqa: F401 - registering the blueprints fills ROUTES

    return sorted({path for _method, path, _who in ROUTES})


def json_values(max_leaves: int = 20) -> st.SearchStrategy:
    scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
                        ODD_TEXT, st.sampled_from(["", "0", "-1", "1e309", "3171014101900001", "../x", "\u0000"]))
    return st.recursive(scalars, lambda inner: st.one_of(
        st.lists(inner, max_size=5), st.dictionaries(st.one_of(st.sampled_from(FIELD_NAMES), ODD_TEXT), inner,
                                                      max_size=6)), max_leaves=max_leaves)


def _nested(depth: int, inner: bytes = b"1") -> bytes:
    return b'{"a":' * depth + inner + b"}" * depth


SURROGATES = st.text(st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), min_size=1, max_size=3)
ODD_VALUES = st.one_of(SURROGATES, ODD_TEXT, (ODD_TEXT | st.just("siti")).flatmap(lambda t: SURROGATES.map(t.__add__)),
                       st.sampled_from([None, True, 0, -1, 10**30, 1.5, [], {}, "", "x" * 5000, "\u0000", "../x",
                                        [[["deep"]]], {"nested": {"a": 1}}, NIK + " ", "Jl. \ud800"]))


@st.composite
def mutated(draw, example: dict) -> bytes:
    """The example with one value made odd: a lone surrogate in it (written as a JSON escape, as JSON clients
    send it), an odd value or type, or an extra key."""
    body = json.loads(json.dumps(example))
    target = body["answers"] if "answers" in body and draw(st.booleans()) else body
    keys = sorted(target)
    how = draw(st.sampled_from(["surrogate", "surrogate", "odd", "extra"] if keys else ["extra"]))
    if how == "surrogate":
        key = draw(st.sampled_from(keys))
        text = target[key] if isinstance(target[key], str) else "x"
        at = draw(st.integers(0, len(text)))
        target[key] = text[:at] + draw(SURROGATES) + text[at:]
    elif how == "odd":
        target[draw(st.sampled_from(keys))] = draw(ODD_VALUES)
    else:
        target[draw(st.sampled_from(FIELD_NAMES) | ODD_TEXT)] = draw(ODD_VALUES)
    return json.dumps(body).encode("ascii")


@st.composite
def bodies(draw, template: str | None = None) -> bytes:
    example = EXAMPLES.get(template or "")
    kinds = ["none", "json", "object", "deep", "large", "bytes", "surrogate"]
    kind = draw(st.sampled_from(kinds + ["example"] * (3 * len(kinds) if example is not None else 0)))
    if kind == "example":
        return draw(mutated(example))
    if kind == "none":
        return b""
    if kind == "json":
        return json.dumps(draw(json_values())).encode()
    if kind == "object":
        obj = draw(st.dictionaries(st.sampled_from(FIELD_NAMES), json_values(8), max_size=8))
        return json.dumps(obj, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")
    if kind == "deep":
        return _nested(draw(st.integers(1, 200)))
    if kind == "large":
        return json.dumps({"x": "a" * draw(st.integers(MAX_BODY_BYTES - 64, MAX_BODY_BYTES + 64))}).encode()
    if kind == "surrogate":
        return b'{"%s": "\\u%s"}' % (draw(st.sampled_from(FIELD_NAMES)).encode(),
                                     draw(st.sampled_from([b"d800", b"dbff", b"dc00", b"dfff"])))
    return draw(st.binary(max_size=200))


def _param(real_ids: list[str]) -> st.SearchStrategy:
    return st.one_of(st.sampled_from(real_ids or ["x"]), SEGMENT.filter(bool),
                     st.sampled_from(["..", "%2e%2e%2f", "..%2F..%2Fetc", "foto_ktp", "2026-12-03", "v1", "x" * 300,
                                      "%ED%A0%80", "%00", "PSO-20261203-AAAAAAAA", "31", "31.71", "IZN-1"]))


def _quoted(text: str) -> str:
    return quote(text, safe="", errors="surrogatepass")  # a lone surrogate as the bytes a client would send


@st.composite
def cases(draw, tokens: dict[str, str], real_ids: list[str]) -> Case:
    templates = _templates()
    # Half the cases on a route that takes a body (EXAMPLES), where odd values can reach the domain.
    template: str | None = draw(st.sampled_from(sorted(set(EXAMPLES) & set(templates)) if draw(st.booleans())
                                                else templates))
    if draw(st.integers(0, 9)) == 0:  # an unknown path
        path, template = "/" + "/".join(draw(st.lists(SEGMENT, min_size=1, max_size=4))), None
    else:
        path = re.sub(r"\{[^}]+\}", lambda _m: draw(_param(real_ids)), template)
    if draw(st.booleans()):
        pairs = draw(st.lists(st.tuples(st.sampled_from(["lang", "q", "from", "to", "format", "state", "agency",
                                                         "lifeEvent", "page"]) | ODD_TEXT, ODD_TEXT), max_size=3))
        raw_query = draw(st.booleans())
        path += "?" + "&".join(f"{k}={v}" if raw_query else f"{_quoted(k)}={_quoted(v)}" for k, v in pairs)
    def often(likely: st.SearchStrategy, odd: st.SearchStrategy):  # mostly what clients send, sometimes anything
        return draw(likely if draw(st.integers(0, 9)) < 8 else odd)

    headers: dict[str, str] = {}
    content_type = often(st.sampled_from([None, "application/json", "application/json; charset=utf-8"]),
                         st.sampled_from(["text/plain", "application/json; charset=latin-1", "multipart/form-data",
                                          "*/*", ""]) | HEADER_TEXT)
    if content_type is not None:
        headers["Content-Type"] = content_type
    language = often(st.sampled_from([None, "en", "id", "en-US,en;q=0.9"]), HEADER_TEXT)
    if language is not None:
        headers["Accept-Language"] = language
    auth = often(st.sampled_from([None, *tokens]), st.sampled_from(["garbage", "bearer"]) | HEADER_TEXT)
    if auth in tokens:
        headers["Authorization"] = tokens[auth]
    elif auth == "bearer":
        headers["Authorization"] = "Bearer " + draw(HEADER_TEXT)
    elif auth is not None:
        headers["Authorization"] = auth
    own = sorted({m for m, p, _who in ROUTES if p == template}) or ["GET"]
    method = often(st.sampled_from(own), st.sampled_from([*HTTP_METHODS, "TRACE", "CONNECT", "PROPFIND"]))
    return Case(method, path, template, headers, draw(bodies(template)))


def broken(case: Case, status: int, headers: dict, body: bytes) -> str | None:
    """Why this answer breaks the property, or None."""
    if status >= 500:
        return f"server error {status}"
    if case.method == "HEAD" or status == 204:
        return None if not body else "a body on HEAD/204"
    if status < 400:
        return None
    try:
        answer = json.loads(body)
    except ValueError:
        return f"{status} without a JSON body"
    if case.template and case.template.startswith(SNAP_PREFIX):
        code = answer.get("responseCode") if isinstance(answer, dict) else None
        ok = isinstance(code, str) and re.fullmatch(r"[0-9]{7}", code) and code[:3] == str(status) and \
            isinstance(answer.get("responseMessage"), str)
        return None if ok else f"{status} not in SNAP's shape: {answer!r:.200}"
    error = answer.get("error") if isinstance(answer, dict) and set(answer) == {"error"} else None
    ok = isinstance(error, dict) and all(isinstance(error.get(k), str) and error[k] for k in ("code", "message")) \
        and set(error) <= {"code", "message", "fields"}
    return None if ok else f"{status} not in PISAO's shape: {answer!r:.200}"


def run_case(cloud, case: Case, tally: Tally) -> str | None:
    response = cloud.http.request(case.method, case.path, headers=dict(case.headers), body=case.body)
    tally.tried += 1
    tally.by_status[response.status_code] += 1
    problem = broken(case, response.status_code, response.headers, response.body)
    if problem:
        tally.failures.append(f"{case.method} {case.path[:120]!r}: {problem}")
    return problem


def prepare(cloud) -> tuple[dict[str, str], list[str]]:
    """Callers of every kind (their tokens) and real ids, so cases reach past authorisation into the views."""
    from infra.local.demo import seed_directory

    seed_directory()
    tokens = {
        "citizen": cloud.user("3171014101900001", "Siti Aminah", ["citizen"])["Authorization"],
        "verifier": cloud.user("verifikator.kelurahan", "Budi Santoso", ["verifier"],
                               "kelurahan-gambir")["Authorization"],
        "counter": cloud.user("loket.mpp", "Rina", ["counter"], "dpmptsp-jakarta-pusat",
                              "mpp-jakarta-pusat")["Authorization"],
        "treasurer": cloud.user("bendahara.bpkd", "Dewi", ["treasurer"], "bapenda-jakarta",
                                "upt-pajak-jakarta-pusat")["Authorization"],
        "system_admin": cloud.user("admin.sistem", "Admin", ["system_admin"])["Authorization"],
    }
    draft = cloud.call("POST", "/applications", {"permitId": "surat-keterangan-domisili"},
                       {"Authorization": tokens["citizen"]}).json_body
    return tokens, [draft["id"], "surat-keterangan-domisili", "foto_ktp", "31.71", "submissions"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=None, help="a fixed seed (default: a new search each run)")
    args = parser.parse_args(argv)

    import os

    from hypothesis import HealthCheck, given, seed, settings

    os.environ.update({"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                       "AWS_DEFAULT_REGION": "ap-southeast-3"})
    logging.getLogger("pisao").setLevel(logging.ERROR)  # one line per request would drown the figures
    from tests.cloud import local_cloud

    tally = Tally()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, local_cloud(Path(tmp)) as cloud:
        tokens, ids = prepare(cloud)

        @settings(max_examples=args.examples, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(cases(tokens, ids))
        def explore(case: Case) -> None:
            run_case(cloud, case, tally)  # collect, do not stop: the whole run's figures

        (seed(args.seed)(explore) if args.seed is not None else explore)()
    print(f"{tally.summary()} in {time.perf_counter() - started:.0f} s")
    for failure in tally.failures[:50]:
        print("  " + failure)


if __name__ == "__main__":
    main()
