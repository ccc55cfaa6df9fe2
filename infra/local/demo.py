"""Demo accounts for the local stack (printed at start-up) and the helper that creates any account."""

from __future__ import annotations

import contextlib
import json
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from chalicelib import catalogue

# The Pemda the demo catalogue serves (DKI Jakarta, its city hall at Jl. Medan Merdeka Selatan): its name, city and
# postal code as its QRIS shows them (infra/overlay.yaml parameters; the bank's half is in infra/local/bank.py).
PEMDA = {"QrisMerchantName": "PEMPROV DKI JAKARTA", "QrisMerchantCity": "JAKARTA", "QrisPostalCode": "10110"}
DEMO_PASSWORD = "Demo#2026pisao"  # noqa: S105 - local stack only: moto's user pool, never a real one


@dataclass(frozen=True)
class DemoUser:
    username: str
    name: str
    groups: tuple[str, ...]
    agency: str | None
    what: str
    office: str | None = None
    attributes: tuple[tuple[str, str], ...] = ()  # what a citizen's registration records

    @property
    def person_id(self) -> str:
        # Stable across restarts, so restored applications still belong to their owner.
        return "P-" + uuid.uuid5(uuid.NAMESPACE_URL, f"pisao-demo:{self.username}").hex[:20]


_AGENCIES_FILE = Path(catalogue.__file__).parent / "agencies.json"
AGENCIES = tuple(json.loads(_AGENCIES_FILE.read_text(encoding="utf-8"))["agencies"])

USERS = (
    DemoUser("3171014101900001", "Siti Aminah", ("citizen",), None, "warga (NIK)", attributes=(
        ("birthdate", "1990-01-01"), ("gender", "female"), ("email", "siti.aminah@contoh.id"),
        ("email_verified", "true"))),
    DemoUser("3171010203850002", "Budi Santoso", ("citizen",), None, "warga (NIK)", attributes=(
        ("birthdate", "1985-03-02"), ("gender", "male"), ("phone_number", "+6281234560002"),
        ("phone_number_verified", "true"))),
    DemoUser("verifikator.kelurahan", "Rina Kurniawati", ("verifier",), "kelurahan-gambir",
             "verifikator Kelurahan Gambir", "kantor-kelurahan-gambir"),
    DemoUser("lurah.gambir", "Ahmad Fauzi", ("approver",), "kelurahan-gambir",
             "lurah (penyetuju) Kelurahan Gambir", "kantor-kelurahan-gambir"),
    DemoUser("verifikator.dukcapil", "Agus Pratama", ("verifier",), "disdukcapil-jakarta-pusat",
             "verifikator Disdukcapil Jakarta Pusat", "kantor-dukcapil-jakarta-pusat"),
    DemoUser("loket.mpp", "Dewi Lestari", ("counter",), "dpmptsp-jakarta-pusat",
             "petugas loket MPP Jakarta Pusat", "mpp-jakarta-pusat"),
    DemoUser("bendahara.dpmptsp", "Hendra Wijaya", ("treasurer",), "dpmptsp-jakarta-pusat",
             "bendahara DPMPTSP Jakarta Pusat", "mpp-jakarta-pusat"),
    DemoUser("verifikator.samsat", "Yusuf Hidayat", ("verifier",), "samsat-jakarta-pusat",
             "verifikator Samsat Jakarta Pusat", "kantor-samsat-jakarta-pusat"),
    DemoUser("kasi.samsat", "Bambang Sutrisno", ("approver",), "samsat-jakarta-pusat",
             "kepala seksi (penyetuju) Samsat Jakarta Pusat", "kantor-samsat-jakarta-pusat"),
    DemoUser("admin.samsat", "Lina Marlina", ("agency_admin",), "samsat-jakarta-pusat",
             "admin instansi Samsat", "kantor-samsat-jakarta-pusat"),
    DemoUser("admin.dukcapil", "Maria Ulfa", ("agency_admin",), "disdukcapil-jakarta-pusat",
             "admin instansi Disdukcapil", "kantor-dukcapil-jakarta-pusat"),
    DemoUser("admin.sistem", "Taufik Rahman", ("system_admin",), None, "admin sistem PISAO"),
)


def create_user(idp: Any, pool_id: str, username: str, name: str, groups: tuple[str, ...] | list[str],
                agency: str | None = None, person_id: str | None = None, password: str = DEMO_PASSWORD,
                office: str | None = None, attributes: tuple[tuple[str, str], ...] = ()) -> None:
    attrs = [{"Name": "name", "Value": name},
             {"Name": "custom:person_id", "Value": person_id or "P-" + uuid.uuid4().hex[:20]},
             *({"Name": k, "Value": v} for k, v in attributes)]
    if agency:
        attrs.append({"Name": "custom:agency", "Value": agency})
    if office:
        attrs.append({"Name": "custom:office", "Value": office})
    try:
        idp.admin_create_user(UserPoolId=pool_id, Username=username, UserAttributes=attrs, MessageAction="SUPPRESS")
    except idp.exceptions.UsernameExistsException:
        return
    idp.admin_set_user_password(UserPoolId=pool_id, Username=username, Password=password, Permanent=True)
    for group in groups:
        idp.admin_add_user_to_group(UserPoolId=pool_id, Username=username, GroupName=group)


def seed_users(idp: Any, pool_id: str) -> None:
    for user in USERS:
        create_user(idp, pool_id, user.username, user.name, user.groups, user.agency, user.person_id,
                    office=user.office, attributes=user.attributes)


def seed_directory() -> None:
    """Agencies and their staff lists, the demo citizens' profiles (the app's tables must be configured:
    call after deploy)."""
    from chalicelib.core import directory

    for agency in AGENCIES:
        if directory.get("AGENCY", agency["id"]) is None:
            directory.put("AGENCY", agency["id"], agency, "demo")
    gambir = {"province": "31", "regency": "31.71", "district": "31.71.01", "village": "31.71.01.1001",
              "rt": "003", "rw": "005", "postalCode": "10110"}
    profiles = {USERS[0]: {"kk": "3171010101090001", "birthPlace": "Jakarta",
                           "address": {**gambir, "street": "Jl. Kebon Sirih No. 12"}},
                USERS[1]: {"kk": "3171010202100002", "birthPlace": "Bandung",
                           "address": {**gambir, "street": "Jl. Tanah Abang II No. 7"}}}
    for user, profile in profiles.items():
        if directory.get(f"PERSON#{user.person_id}", "PROFILE") is None:
            directory.put(f"PERSON#{user.person_id}", "PROFILE", profile, "demo")
    for user in USERS:
        if user.agency and directory.get(f"AGENCY#{user.agency}", f"STAFF#{user.username}") is None:
            directory.put(f"AGENCY#{user.agency}", f"STAFF#{user.username}", {
                "username": user.username, "name": user.name, "email": f"{user.username}@demo.pisao.go.id",
                "office": user.office, "roles": list(user.groups), "enabled": True}, "demo")


def _issued(user: DemoUser, number: str, permit_id: str, issued_days_ago: int, data: dict, state: str = "active"):
    from chalicelib import catalogue as permits_catalogue
    from chalicelib.catalogue import rules
    from chalicelib.core import clock
    from chalicelib.core.models import IssuedPermitModel
    from chalicelib.permits import issued as issued_permits

    issued = issued_permits.today() - timedelta(days=issued_days_ago)
    until = rules.valid_until(permits_catalogue.get_permit(permit_id), issued)
    return IssuedPermitModel(
        number=number, permit_id=permit_id, permit_version=permits_catalogue.get_permit(permit_id)["version"],
        agency=permits_catalogue.get_permit(permit_id)["agency"]["id"], holder_id=user.person_id,
        holder_name=user.name, application_id=f"PSO-DEMO-{number[-4:]}", data=data, issued_on=issued.isoformat(),
        valid_until=until.isoformat() if until else issued_permits.NO_EXPIRY, state=state, reminders=[], version=1,
        updated_at=clock.iso())


def seed_permits() -> None:
    """Issued permits for the demo citizens: one in its renewal window, active ones, an expired one that
    needs a new application, a revoked one (kept as they are after the first start)."""
    from pynamodb.exceptions import PutError

    from chalicelib.core.models import IssuedPermitModel

    siti, budi = USERS[0], USERS[1]
    stnk = {"nik": budi.username, "nama_lengkap": budi.name, "pemilik_sendiri": "ya", "nomor_polisi": "B 1234 XYZ",
            "nomor_rangka": "MHKA4DE3JBJ012345", "nomor_mesin": "1NRF123456", "jenis_kendaraan": "sepeda_motor",
            "tahun_pembuatan": 2019}
    spp = {"jenis_pemohon": "perorangan", "nik": siti.username, "nama_lengkap": siti.name,
           "telepon": "+6281234560001", "nib": "9120001234567", "provinsi": "31", "kabupaten_kota": "31.71",
           "kecamatan": "31.71.01", "kelurahan_desa": "31.71.01.1001", "alamat_jalan": "Jl. Kebon Sirih No. 12",
           "produk": [{"nama_produk": "Keripik Singkong", "jenis_pangan": "makanan_ringan", "berat_gram": 250}]}
    domisili = {"nama_lengkap": siti.name, "alamat": "Jl. Kebon Sirih No. 12, RT 003/RW 005", "keperluan": "bank"}
    for item in (
        _issued(budi, "PST-DEMO-0001", "pengesahan-stnk-tahunan", 351, stnk),  # renewal window open
        _issued(siti, "SI-DEMO-0002", "spp-irt", 365, spp),  # valid for years
        _issued(budi, "SI-DEMO-0003", "spp-irt", 5 * 365 + 40,  # expired: a new application is needed
                {**spp, "nik": budi.username, "nama_lengkap": budi.name}),
        _issued(siti, "SKD-DEMO-0004", "surat-keterangan-domisili", 240, domisili),  # expired
        _issued(siti, "SKD-DEMO-0005", "surat-keterangan-domisili", 30, domisili, state="revoked"),
        _issued(budi, "PS-DEMO-0006", "perpanjangan-sim", 5 * 365 + 30,  # an expired SIM: a new SIM is needed
                {"nik": budi.username, "nama_lengkap": budi.name, "golongan_sim": "C", "nomor_sim": "850312345678"}),
        _issued(budi, "STNK-DEMO-0007", "perpanjangan-stnk-lima-tahunan", 5 * 365 - 10,  # its 5 years end soon
                {**stnk, "nomor_polisi": "B 5678 KLM", "nomor_rangka": "MHKA4DE3JBJ067890",
                 "nomor_mesin": "1NRF678901", "tahun_pembuatan": 2021}),
    ):
        with contextlib.suppress(PutError):  # already seeded: kept with its changes
            item.save(condition=IssuedPermitModel.number.does_not_exist())
