"""Catalogue figures awaiting confirmation are the agency admin's worklist: each admin sees their own
agency's (with the figure, the permit and the regulation to check), a system admin any agency's; the
public catalogue never carries them. Publishing a version without an entry takes it off the list."""

import copy

import pytest

from chalicelib import catalogue
from infra.local.demo import seed_directory

ROUTE = "/agency/catalogue/unconfirmed"


@pytest.fixture
def admins(cloud):
    seed_directory()
    return {
        "dukcapil": cloud.user("admin.dukcapil", "Admin Dukcapil", ["agency_admin"], "disdukcapil-jakarta-pusat",
                               "kantor-dukcapil-jakarta-pusat"),
        "kelurahan": cloud.user("admin.kelurahan", "Lurah Gambir", ["agency_admin"], "kelurahan-gambir",
                                "kantor-kelurahan-gambir"),
        "system": cloud.user("admin.sistem", "Admin Sistem", ["system_admin"]),
    }


def test_an_agency_admin_sees_only_their_agencys_figures(cloud, admins, citizen):
    listed = cloud.call("GET", ROUTE, None, admins["dukcapil"])
    assert listed.status_code == 200, listed.body
    items = listed.json_body["items"]
    assert items and {i["agency"] for i in items} == {"disdukcapil-jakarta-pusat"}
    akta = next(i for i in items if i["permitId"] == "akta-kelahiran" and i["field"] == "legalBasis")
    assert akta["permitName"] == "Akta Kelahiran" and akta["regulation"] == "Permendagri 9/2016"
    assert akta["figure"].startswith("UU 23/2006") and akta["label"] == "Dasar hukum" and akta["note"]
    # Another agency's figures are not theirs to see, not even by asking.
    assert cloud.call("GET", f"{ROUTE}?agency=samsat-jakarta-pusat", None, admins["dukcapil"]).status_code == 403
    assert cloud.call("GET", ROUTE, None, citizen).status_code == 403

    # A system admin: one agency on request (with the finance office's placeholder account), or all.
    samsat = cloud.call("GET", f"{ROUTE}?agency=samsat-jakarta-pusat", None, admins["system"]).json_body["items"]
    assert {i["agency"] for i in samsat} == {"samsat-jakarta-pusat"}
    assert ("pengesahan-stnk-tahunan", "fee.revenueAccount", "UNCONFIRMED-KODE-REKENING") in {
        (i["permitId"], i["field"], i["figure"]) for i in samsat}
    everything = cloud.call("GET", ROUTE, None, admins["system"]).json_body["items"]
    assert {i["agency"] for i in everything} > {"samsat-jakarta-pusat", "disdukcapil-jakarta-pusat"}
    assert cloud.call("GET", f"{ROUTE}?agency=dinas-tidak-ada", None, admins["system"]).status_code == 404

    # The public catalogue says nothing of it.
    for lang in ("id", "en"):
        body = cloud.call("GET", f"/catalogue/akta-kelahiran?lang={lang}").body.decode()
        assert "unconfirmed" not in body and "periksa kembali" not in body and "Permendagri 9/2016" in body


def test_a_confirmed_figure_leaves_the_worklist_when_published(cloud, admins):
    def fields():
        items = cloud.call("GET", ROUTE, None, admins["kelurahan"]).json_body["items"]
        return {i["field"] for i in items if i["permitId"] == "surat-keterangan-domisili"}

    assert fields() == {"validity", "legalBasis"}
    live = copy.deepcopy(catalogue.get_permit("surat-keterangan-domisili"))
    confirmed = {**live, "version": live["version"] + 1,
                 "unconfirmed": [u for u in live["unconfirmed"] if u["field"] != "validity"]}
    assert cloud.call("POST", "/admin/permits", confirmed, admins["kelurahan"]).status_code == 201
    assert fields() == {"legalBasis"}
    # An editorial note put back into the legal basis is refused, field named, and nothing changes.
    noted = {**confirmed, "version": confirmed["version"] + 1, "legalBasis": live["legalBasis"] + " (periksa kembali)"}
    refused = cloud.call("POST", "/admin/permits", noted, admins["kelurahan"])
    assert refused.status_code == 400
    assert [f["field"] for f in refused.json_body["error"]["fields"]] == ["legalBasis"]
    assert cloud.call("GET", "/catalogue/surat-keterangan-domisili").json_body["version"] == confirmed["version"]
