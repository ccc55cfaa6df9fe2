"""Who may do what: every protected route called by every kind of caller, on an application filed at a
counter for citizen A (permit of Kelurahan Gambir). Every cross-citizen and cross-agency attempt is
refused, and every refusal by a signed-in caller is in the access audit. Without a token the answer is 401.
A signed-in caller asking for someone else's application, invoice, receipt or permit is answered 404, the
answer for an id that does not exist, so an id cannot be probed; 403 only where the route is not for the
caller's role at all (the same answer for every id). The MPP office is shared by several agencies: its staff
see only their own agency's filings and work on every listing."""

import json

import jwt
import pytest

from chalicelib.core import audit
from chalicelib.core.models import IssuedPermitModel
from functions.http import CITIZEN, PARTNER, PUBLIC, ROUTES, SIGNED_IN, STAFF
from infra.local.demo import seed_directory

REFUSED = (401, 403, 404)
PERMIT = "SKD-2026-MATRIX01"
NO_SUCH_PERMIT = "SKD-2026-MATRIX02"

# caller -> (username, groups, agency, office)
CALLERS = {
    "owner": ("3171014101900001", ["citizen"], None, None),
    "other_citizen": ("3171010203850002", ["citizen"], None, None),
    "counter": ("loket.mpp", ["counter"], "dpmptsp-jakarta-pusat", "mpp-jakarta-pusat"),
    "counter_other_agency": ("loket.samsat", ["counter"], "samsat-jakarta-pusat", "kantor-samsat-jakarta-pusat"),
    # Another agency's counter and verifier in the same shared office (the MPP) as the filing counter.
    "counter_same_office": ("loket.dukcapil.mpp", ["counter"], "disdukcapil-jakarta-pusat", "mpp-jakarta-pusat"),
    "verifier_same_office": ("verifikator.dukcapil.mpp", ["verifier"], "disdukcapil-jakarta-pusat",
                             "mpp-jakarta-pusat"),
    "verifier": ("verifikator.kelurahan", ["verifier"], "kelurahan-gambir", "kantor-kelurahan-gambir"),
    "verifier_other_agency": ("verifikator.dukcapil", ["verifier"], "disdukcapil-jakarta-pusat",
                              "kantor-dukcapil-jakarta-pusat"),
    "agency_admin": ("admin.dukcapil", ["agency_admin"], "disdukcapil-jakarta-pusat",
                     "kantor-dukcapil-jakarta-pusat"),
    "system_admin": ("admin.sistem", ["system_admin"], None, None),
    "treasurer": ("bendahara.bpkd", ["treasurer"], "bapenda-jakarta", "upt-pajak-jakarta-pusat"),
}
EVERYONE = set(CALLERS)
CITIZENS = {"owner", "other_citizen"}
STAFF_OF_APP = {"counter", "verifier"}  # the counter that filed it, the permit's agency
COUNTERS = {"counter", "counter_other_agency", "counter_same_office"}
# Who may read the application (or the permit): refusing them an action on it tells them nothing new.
SEES_APPLICATION = {"owner"} | STAFF_OF_APP | {"system_admin"}
SEES_PERMIT = {"owner", "verifier", "system_admin"}

# (method, path, body, callers allowed); every other caller (and no token) must be refused.
MATRIX = [
    ("GET", "/applications/{id}", None, {"owner"} | STAFF_OF_APP | {"system_admin"}),
    ("PUT", "/applications/{id}/answers", {"answers": {}, "version": 999}, {"owner", "counter"}),
    ("POST", "/applications/{id}/uploads", {"field": "x"}, {"owner", "counter"}),
    ("POST", "/applications/{id}/uploads/{field}/check", None, {"owner", "counter"}),
    ("POST", "/applications/{id}/uploads/reuse", {}, {"owner", "counter"}),
    ("GET", "/staff/applications/{id}", None, STAFF_OF_APP),
    ("POST", "/staff/applications/{id}/decision", {"decision": "approve"}, {"verifier"}),
    ("PUT", "/staff/applications/{id}/assignment", {"assignee": "me"}, {"verifier"}),
    ("GET", "/staff/applications/{id}/events", None, STAFF_OF_APP),
    ("GET", "/staff/applications/{id}/audit", None, {"system_admin"}),  # and the agency admin of Kelurahan Gambir
    ("POST", "/applications", {"permitId": "penggantian-ktp-el"}, CITIZENS),
    ("GET", "/applications", None, CITIZENS),
    ("GET", "/notifications", None, CITIZENS),
    ("GET", "/me/documents", None, CITIZENS),
    ("GET", "/me", None, EVERYONE),
    ("GET", "/me/profile", None, CITIZENS),
    ("PUT", "/me/profile", {"language": "xx"}, CITIZENS),
    ("POST", "/me/contact", {"channel": "fax"}, CITIZENS),
    ("POST", "/me/contact/verify", {"channel": "fax"}, CITIZENS),
    ("GET", "/agencies", None, EVERYONE),
    ("POST", "/admin/agencies", {}, {"system_admin"}),
    ("GET", "/admin/queues", None, {"system_admin"}),
    ("GET", "/admin/queues/{queue}/dead-letters", None, {"system_admin"}),
    ("POST", "/admin/queues/{queue}/redrive", {"limit": 1}, {"system_admin"}),
    ("POST", "/admin/permits", {}, {"agency_admin", "system_admin"}),
    ("GET", "/agency/staff", None, {"agency_admin", "system_admin"}),
    ("POST", "/agency/staff", {}, {"agency_admin", "system_admin"}),
    ("PATCH", "/agency/staff/{staff}", {"roles": []}, {"agency_admin", "system_admin"}),
    ("GET", "/agency/catalogue/unconfirmed", None, {"agency_admin", "system_admin"}),
    ("POST", "/counter/people/lookup", {"nik": "1"}, COUNTERS),
    ("POST", "/counter/people", {}, COUNTERS),
    ("POST", "/counter/applications", {}, COUNTERS),
    ("GET", "/counter/applications", None, COUNTERS),
    ("GET", "/staff/measures", None, EVERYONE - CITIZENS - {"system_admin"}),
    ("GET", "/staff/tasks", None, {"verifier", "verifier_other_agency", "verifier_same_office", "agency_admin"}),
    ("POST", "/treasury/statements/{day}", {"statement": "tanggal_transaksi,kanal,nomor_va,nomor_tagihan,"
                                             "referensi_bank,jumlah,mata_uang,keterangan\n"}, {"treasurer"}),
    ("GET", "/treasury/reconciliations/{day}", None, {"treasurer"}),
    ("GET", "/treasury/income?from={day}&to={day}", None, {"treasurer"}),
    ("GET", "/treasury/income/export?from={day}&to={day}&format=csv", None, {"treasurer"}),
    ("GET", "/treasury/refunds", None, {"treasurer"}),
    ("POST", "/treasury/refunds/{reference}", {"state": "refunded", "note": "x"}, {"treasurer"}),
    ("GET", "/permits", None, CITIZENS),
    ("GET", "/permits/{permit}", None, {"owner", "verifier", "system_admin"}),
    ("POST", "/permits/{permit}/renewals", None, {"owner"}),
    ("GET", "/applications/{id}/invoice", None, {"owner"} | STAFF_OF_APP | {"system_admin"}),
    ("GET", "/applications/{id}/invoice/receipt", None, {"owner"} | STAFF_OF_APP | {"system_admin"}),
    ("POST", "/applications/{id}/invoice", None, {"owner", "counter"}),
    # Last: permitted calls submit, then try to delete, the draft.
    ("POST", "/applications/{id}/submit", None, {"owner", "counter"}),
    ("DELETE", "/applications/{id}", None, {"owner", "counter"}),
]


@pytest.fixture
def setup(cloud):
    seed_directory()
    headers = {name: cloud.user(username, username, groups, agency, office)
               for name, (username, groups, agency, office) in CALLERS.items()}
    person = cloud.call("POST", "/counter/people/lookup", {"nik": CALLERS["owner"][0]}, headers["counter"]).json_body
    app = cloud.call("POST", "/counter/applications", {"personId": person["personId"],
                                                       "permitId": "surat-keterangan-domisili"}, headers["counter"])
    assert app.status_code == 201, app.body
    # The owner also holds an issued permit of the same agency (a certificate of domicile).
    IssuedPermitModel(number=PERMIT, permit_id="surat-keterangan-domisili", permit_version=1, agency="kelurahan-gambir",
                      holder_id=person["personId"], holder_name="Siti", application_id="PSO-X", data={},
                      issued_on="2026-01-01", valid_until="2026-06-30", state="active", version=1,
                      updated_at="2026-01-01T00:00:00.000Z").save()
    return headers, app.json_body["id"]


def _template(path: str) -> str:
    return (path.split("?")[0].replace("{id}", "{application_id}").replace("{staff}", "{username}")
            .replace("{permit}", "{number}").replace("{queue}", "{name}"))


def test_every_protected_route_is_in_the_matrix():
    import app  # noqa: F401 - registering the blueprints fills ROUTES
    protected = {(m, p) for m, p, who in ROUTES if who not in (PUBLIC, PARTNER)}  # partners: test_snap_biller
    assert protected == {(m, _template(p)) for m, p, _, _ in MATRIX}


def _role_may_call(who: str, caller: str) -> bool:
    """Whether the role a route declares lets this caller in at all, before any id is looked at."""
    _, groups, agency, _ = CALLERS[caller]
    if who == SIGNED_IN:
        return True
    if who == CITIZEN:
        return "citizen" in groups
    if who == STAFF:
        return "citizen" not in groups and agency is not None
    return bool(set(groups) & set(who.removeprefix("role:").split("|")))


def _url(path: str, app_id: str, permit: str) -> str:
    url = path.replace("{id}", app_id).replace("{staff}", "admin.dukcapil").replace("{permit}", permit)
    url = url.replace("{field}", "foto_ktp").replace("{queue}", "submissions").replace("{day}", "2026-12-01")
    return url.replace("{reference}", "BPD0001")


def _refusal(response) -> tuple[int, str, str]:
    error = response.json_body["error"]
    return response.status_code, error["code"], error["message"]


def test_every_caller_on_every_route(cloud, setup):
    headers, app_id = setup
    no_such_app = app_id[:-8] + ("00000000" if not app_id.endswith("00000000") else "11111111")
    declared = {(m, p): who for m, p, who in ROUTES}
    outcomes = {}
    for method, path, body, allowed in MATRIX:
        url = _url(path, app_id, PERMIT)
        anonymous = cloud.call(method, url, body)
        assert anonymous.status_code == 401, (method, path)
        names_one = "{id}" in path or "{permit}" in path
        sees = SEES_PERMIT if "{permit}" in path else SEES_APPLICATION
        for caller in sorted(CALLERS, key=lambda c: c in allowed):  # refusals first: they change nothing
            response = cloud.call(method, url, body, headers[caller])
            status = outcomes[(method, path, caller)] = response.status_code
            if caller in allowed:
                assert status not in REFUSED, (method, path, caller, status)
            elif not names_one:
                assert status in REFUSED, (method, path, caller, status)
            elif not _role_may_call(declared[(method, _template(path))], caller):
                assert status == 403, (method, path, caller, status)  # not for their role, whatever the id
            elif caller in sees:
                assert status in (403, 404), (method, path, caller, status)
            else:  # someone else's: answered as if it did not exist
                assert status == 404, (method, path, caller, status)
            if names_one and caller not in allowed and caller not in sees:
                absent = cloud.call(method, _url(path, no_such_app, NO_SUCH_PERMIT), body, headers[caller])
                assert _refusal(response) == _refusal(absent), (method, path, caller)

    # Each refused attempt on the application was audited with who tried.
    refused = [e for e in audit.trail(f"application#{app_id}") if e["outcome"] == "refused"]
    turned_away = {person_id(headers[c]) for (m, p, c), s in outcomes.items() if "{id}" in p and s == 404}
    assert {e["actorId"] for e in refused if e["action"].endswith("_application")} == turned_away
    assert len(turned_away) == 9
    # Staff actions refused by the workflow: the filing counter is not of the permit's agency (403), and the
    # verifier's draft waits for no decision (409).
    assert {(e["actorId"], e["data"]["code"]) for e in refused if not e["action"].endswith("_application")} == {
        (person_id(headers["counter"]), "forbidden"), (person_id(headers["verifier"]), "not_waiting")}
    viewers = {e["actorId"] for e in audit.trail(f"application#{app_id}") if e["action"] == "view_application"}
    assert viewers == {person_id(headers[c]) for c in STAFF_OF_APP}  # staff views of personal data
    for (method, path, caller), status in outcomes.items():
        if status == 403:
            trail = audit.trail(f"route#{method} {_template(path)}")
            assert person_id(headers[caller]) in {e["actorId"] for e in trail if e["outcome"] == "refused"}


def person_id(header: dict) -> str:
    return jwt.decode(header["Authorization"].split()[1], options={"verify_signature": False})["custom:person_id"]


def test_a_shared_office_shows_each_agency_only_its_own(cloud, setup):
    """Two agencies' counters file at the MPP; on every counter and staff listing each sees only its own
    agency's filings and work, never the other's (checked on the bodies, not only the status)."""
    from tests.integration.test_counter import file_for

    headers, draft_id = setup
    lookup = lambda caller, nik: cloud.call("POST", "/counter/people/lookup", {"nik": nik},  # noqa: E731
                                            headers[caller]).json_body["personId"]
    ours = file_for(cloud, headers["counter"], lookup("counter", CALLERS["owner"][0]))
    theirs = file_for(cloud, headers["counter_same_office"],
                      lookup("counter_same_office", CALLERS["other_citizen"][0]))
    for app in (ours, theirs):
        cloud.wait_for(app["id"], headers["verifier"], "awaiting_verification")
    gambir = {draft_id, ours["id"], theirs["id"]}  # every one a Kelurahan Gambir permit

    def listed(caller: str, path: str) -> tuple[int, str]:
        response = cloud.call("GET", path, headers=headers[caller])
        return response.status_code, json.dumps(response.json_body)

    def ids_in(body: str) -> set[str]:
        return {i for i in gambir if i in body}

    # The counter listing: each agency's clerks at the MPP see exactly what their agency filed there.
    assert ids_in(listed("counter", "/counter/applications")[1]) == {draft_id, ours["id"]}
    assert ids_in(listed("counter_same_office", "/counter/applications")[1]) == {theirs["id"]}
    assert ids_in(listed("counter_other_agency", "/counter/applications")[1]) == set()
    # The work queue and the measures: the permit's agency sees both; the other agency in the MPP nothing.
    assert ids_in(listed("verifier", "/staff/tasks")[1]) == set()  # their own office's queue by default
    for path in ("/staff/tasks", "/staff/tasks?office=mpp-jakarta-pusat", "/staff/tasks?office=all"):
        if path != "/staff/tasks":
            assert ids_in(listed("verifier", path)[1]) == {ours["id"], theirs["id"]}, path
        status, body = listed("verifier_same_office", path)
        assert status == 200 and json.loads(body) == {"tasks": []}, path
        assert listed("counter_same_office", path)[0] == 403, path  # a counter has no work queue
    for caller in ("counter_same_office", "verifier_same_office"):
        status, body = listed(caller, "/staff/measures")
        assert status == 200 and "surat-keterangan-domisili" not in body, caller
    assert '"received": 2' in listed("verifier", "/staff/measures")[1]
    # One application of the other agency's counter: refused on every staff and citizen route of it.
    for path, refused in (("/applications/{id}", 404), ("/staff/applications/{id}", 404),
                          ("/staff/applications/{id}/events", 404), ("/staff/applications/{id}/audit", 403),
                          ("/applications/{id}/invoice", 404)):
        for caller in ("counter_same_office", "verifier_same_office"):
            status, body = listed(caller, path.replace("{id}", ours["id"]))
            assert status == refused and ours["id"] not in body and "Siti" not in body, (path, caller, status)
        status, body = listed("counter", path.replace("{id}", theirs["id"]))
        assert status == refused and theirs["id"] not in body, (path, status)
