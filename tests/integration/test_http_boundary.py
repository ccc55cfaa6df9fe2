"""The HTTP layer's input boundary (functions/http.py), through the in-process API: odd bytes, odd unicode,
deep or large bodies, odd methods and content types get a clear 4xx in PISAO's error shape, in Bahasa Indonesia
(English on request), naming the problem, and change nothing. Never a 5xx."""

import json

import pytest

from functions.http import HTTP_METHODS, MAX_JSON_DEPTH, ROUTES
from tests.integration.test_journey import draft, upload


def error_of(response) -> dict:
    assert response.headers.get("Cache-Control") == "no-store"
    return response.json_body["error"]


def test_a_lone_surrogate_in_a_sign_in_is_a_clear_400_not_a_500(cloud):
    for raw in (b'{"username": "\\ud800", "password": "rahasia"}',
                b'{"username": "siti", "password": "x\\udfffy"}',
                b'{"username": "siti", "password": "rahasia", "\\ud83d": 1}'):  # in a key too
        refused = cloud.call("POST", "/auth/sessions", raw=raw)
        error = error_of(refused)
        assert refused.status_code == 400 and error["code"] == "invalid_character", raw
        assert "karakter yang tidak sah (surrogat Unicode tunggal \\ud" in error["message"], raw
        assert error["fields"][0]["field"] in ("username", "password", "\\ud83d"), raw
    english = cloud.call("POST", "/auth/sessions", raw=b'{"username": "\\ud800"}', headers={"Accept-Language": "en"})
    assert error_of(english)["message"] == "username holds an invalid character (a lone Unicode surrogate \\ud800)."
    paired = cloud.call("POST", "/auth/sessions", raw=b'{"username": "\\ud83d\\ude00", "password": "x"}')
    assert paired.status_code == 401  # a proper pair is an emoji, and simply a wrong account


def test_odd_text_deep_in_a_body_is_named_and_nothing_is_saved(cloud, citizen):
    app = draft(cloud, citizen, {"nama_lengkap": "Siti Aminah"})
    path = f"/applications/{app['id']}/answers"
    value = cloud.call("PUT", path, raw=b'{"answers": {"alamat": "Jl. \\udc00 No. 1"}, "version": %d}' % app["version"],
                       headers=citizen)
    assert value.status_code == 400 and error_of(value)["fields"][0]["field"] == "answers.alamat"
    key = cloud.call("PUT", path, raw=b'{"answers": {"a\\ud800": "x"}, "version": %d}' % app["version"],
                     headers=citizen)
    assert key.status_code == 400 and error_of(key)["fields"][0]["field"] == "answers.a\\ud800"
    bytes_ = cloud.call("PUT", path, raw=b'{"answers": {"alamat": "Jl. \xff\xfe"}}', headers=citizen)
    assert bytes_.status_code == 400 and error_of(bytes_) == {
        "code": "invalid_encoding", "message": "Data yang dikirim bukan teks UTF-8 yang valid."}
    encoded_surrogate = cloud.call("PUT", path, raw=b'{"answers": {"alamat": "\xed\xa0\x80"}}', headers=citizen)
    assert error_of(encoded_surrogate)["code"] == "invalid_encoding"
    not_json = cloud.call("PUT", path, raw=b'{"answers": {"x": NaN}}', headers=citizen)
    assert error_of(not_json)["code"] == "malformed_json"
    stored = cloud.call("GET", f"/applications/{app['id']}", headers=citizen).json_body
    assert (stored["answers"], stored["version"]) == ({"nama_lengkap": "Siti Aminah"}, app["version"])


def test_odd_unicode_in_paths_and_query_strings_is_a_4xx(cloud, citizen):
    assert cloud.call("GET", "/catalogue?q=%ED%A0%80%FF").status_code == 200  # undecodable bytes: U+FFFD, no match
    assert cloud.call("GET", "/catalogue?q=perpanjang\U0001f600").status_code == 200
    for path in ("/catalogue/\ud800", "/catalogue?q=\udfff", "/catalogue?\ud800=1", "/regions/\ud800x",
                 "/applications/PSO-\udc00", "/permits/\ud800/renewals"):
        method = "POST" if path.endswith("renewals") else "GET"
        refused = cloud.call(method, path, headers=citizen)
        assert refused.status_code == 400 and error_of(refused)["code"] == "invalid_parameter", path
    assert cloud.call("GET", "/regions/\U0001f600").status_code == 404
    for path in ("/staff/applications/\n/decision", "/applications/\t/answers"):  # the URL parser drops them: ""
        empty = cloud.call("POST" if "decision" in path else "PUT", path, {"decision": "approve"}, citizen)
        assert empty.status_code == 404 and error_of(empty)["code"] == "no_such_path", path
    assert cloud.call("GET", "/catalogue/%00%0a").status_code == 404


def test_depth_and_size_limits_on_every_json_body(cloud, citizen):
    def nested(levels: int) -> bytes:  # `levels` objects, one inside the other
        return b'{"permitId": ' + b'{"a": ' * (levels - 1) + b"1" + b"}" * (levels - 1) + b"}"

    deep = cloud.call("POST", "/applications", raw=nested(MAX_JSON_DEPTH + 1), headers=citizen)
    assert deep.status_code == 400 and error_of(deep) == {
        "code": "too_deep", "message": f"Data JSON terlalu bertingkat (paling banyak {MAX_JSON_DEPTH} tingkat)."}
    within = cloud.call("POST", "/applications", raw=nested(MAX_JSON_DEPTH), headers=citizen)
    assert within.status_code == 404 and error_of(within)["code"] == "not_found"  # reached the view: no such permit
    for raw, code in ((b"null", "not_an_object"), (b"[]", "not_an_object"), (b"", "empty_body")):
        assert error_of(cloud.call("POST", "/applications", raw=raw, headers=citizen))["code"] == code, raw
    big = cloud.call("POST", "/auth/sessions", {"username": "x" * 70_000})
    assert big.status_code == 413
    assert error_of(big)["message"] == "Data yang dikirim terlalu besar (paling besar 64 KB)."
    assert cloud.call("GET", "/applications", headers=citizen).json_body["applications"] == []


def test_unknown_methods_answer_405_with_allow_in_bahasa(cloud, citizen):
    refused = cloud.call("DELETE", "/catalogue")
    assert refused.status_code == 405 and refused.headers["Allow"] == "GET, HEAD, OPTIONS"
    assert error_of(refused) == {"code": "method_not_allowed", "message":
                                 "Metode DELETE tidak tersedia untuk alamat ini; yang tersedia: GET, HEAD, OPTIONS."}
    patch = cloud.call("PATCH", "/applications?lang=en", {"x": 1}, citizen)
    assert patch.status_code == 405 and patch.headers["Allow"] == "GET, HEAD, POST, OPTIONS"
    assert error_of(patch)["message"] == "Method PATCH is not available here; allowed: GET, HEAD, POST, OPTIONS."
    trace = cloud.call("TRACE", "/me", headers=citizen)
    assert trace.status_code == 405 and error_of(trace)["code"] == "method_not_allowed"


def test_head_is_get_without_a_body_and_options_lists_the_methods(cloud, citizen):
    get, head = cloud.call("GET", "/catalogue"), cloud.call("HEAD", "/catalogue")
    assert (head.status_code, head.body) == (200, b"") and get.status_code == 200 and get.body
    assert head.headers == get.headers
    assert cloud.call("HEAD", "/applications").status_code == 401  # HEAD is authorised as GET
    options = cloud.call("OPTIONS", "/applications/PSO-1/invoice")
    assert (options.status_code, options.body, options.headers["Allow"]) == (204, b"", "GET, HEAD, POST, OPTIONS")


def test_wrong_content_types_answer_415_in_bahasa(cloud):
    for kind in ("text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin-1",
                 "multipart/form-data; boundary=x"):
        refused = cloud.call("POST", "/auth/sessions", raw=b'{"username": "a", "password": "b"}',
                             headers={"Content-Type": kind})
        assert refused.status_code == 415, kind
        assert error_of(refused)["message"] == (f"Jenis isi \u201c{kind}\u201d tidak didukung: kirim data sebagai "
                                                "JSON (application/json, UTF-8).")
    for kind in ("application/json; charset=UTF-8", "Application/JSON"):
        accepted = cloud.call("POST", "/auth/sessions", raw=b'{"username": "a", "password": "b"}',
                              headers={"Content-Type": kind})
        assert accepted.status_code == 401, kind  # past the boundary: a wrong password


def test_unknown_paths_answer_404_in_pisao_shape(cloud, citizen):
    for path in ("/nope", "/applications/PSO-1/nope/deeper", "/v1.0/transfer-va/nope", "/api/catalogue"):
        for headers in ({}, citizen):
            missing = cloud.call("GET", path, headers=headers)
            assert missing.status_code == 404 and missing.json_body["error"] == {
                "code": "not_found", "message": "Alamat tidak ditemukan. Periksa kembali alamat yang Anda buka."}, path
    head = cloud.call("HEAD", "/nope")
    assert (head.status_code, head.body) == (404, b"")


def test_every_route_answers_every_method_in_pisao_shape(cloud):
    """Registered once for every method: nothing is left to Chalice's English errors."""
    import app as app_module

    paths = {path for _method, path, _who in ROUTES}
    assert {p: sorted(m) for p, m in app_module.app.routes.items()} == {p: sorted(HTTP_METHODS) for p in paths}
    for path in sorted(paths - {p for p in paths if p.startswith("/v1.0/")}):
        concrete = path.replace("{", "").replace("}", "")
        for method in ("PUT", "DELETE", "PATCH"):
            answer = cloud.call(method, concrete, {"x": 1})
            assert answer.status_code < 500 and set(answer.json_body) == {"error"}, (method, path)
            assert answer.json_body["error"]["message"] and answer.json_body["error"]["code"]


def test_too_many_answers_says_so(cloud, citizen):
    app = draft(cloud, citizen)
    many = {f"kolom_{i}": "x" for i in range(501)}
    refused = cloud.call("PUT", f"/applications/{app['id']}/answers", {"answers": many, "version": app["version"]},
                         citizen)
    assert refused.status_code == 400
    assert error_of(refused)["fields"] == [{"field": "answers", "message": (
        "Terlalu banyak jawaban: paling banyak 500 kolom. Muat ulang formulir lalu coba lagi.")}]


@pytest.mark.parametrize("field", ["..", "..%2F..%2Fx", "foto_ktp%2F..%2F..%2Fx"])
def test_an_upload_field_with_dot_dot_is_an_unknown_field(cloud, citizen, field):
    app = draft(cloud, citizen)
    upload(cloud, citizen, app["id"])
    refused = cloud.call("POST", f"/applications/{app['id']}/uploads/{field}/check", headers=citizen)
    assert refused.status_code == 400 and error_of(refused)["code"] == "unknown_field"
    assert error_of(refused)["fields"] == [{"field": field, "message": "Dokumen ini tidak diminta oleh formulir."}]
    body = {"field": "../foto_ktp", "filename": "a.png", "contentType": "image/png", "size": 10}
    presign = cloud.call("POST", f"/applications/{app['id']}/uploads", body, citizen)
    assert presign.status_code == 400 and error_of(presign)["fields"][0]["field"] == "../foto_ktp"
    assert json.loads(cloud.call("GET", f"/applications/{app['id']}", headers=citizen).body)["uploads"].keys() == {
        "foto_ktp"}
