"""Writes tests/vectors/forms.generated.json: systematic test vectors for every permit form — one
complete valid application, then for each question: missing, wrong type, too long, bad format, not an
offered choice, hidden-and-wrong (ignored), missing in a draft (fine). The expected message is read from
the compiled message catalogue, never from the validator, so the vectors check the validators on both
sides. Hand-written cases live in forms.core.json. Run after changing a form:

    .venv/bin/python -m tests.vectors.build
"""

from __future__ import annotations

import json
from pathlib import Path

from chalicelib import catalogue
from chalicelib.core.i18n import LANGS
from chalicelib.forms import compile, definition

HERE = Path(__file__).parent
TARGET = HERE / "forms.generated.json"

# A complete, valid application per form (passes the server-only rules too).
VALID = {
    "surat-keterangan-domisili": {"nama_lengkap": "Siti Aminah", "alamat": "Jl. Kebon Sirih No. 12, RT 003/RW 005",
                                  "keperluan": "bank"},
    "penggantian-ktp-el": {"nik": "3171014101900001", "nama_lengkap": "Siti Aminah", "tanggal_lahir": "1990-01-01",
                           "jenis_kelamin": "P", "nomor_kk": "3171010101090001", "alasan": "hilang",
                           "nomor_laporan_polisi": "STPLK/123/XI/2026", "tanggal_hilang": "2026-11-20"},
    "spp-irt": {"jenis_pemohon": "badan_usaha", "nik": "3171010203850002", "nama_lengkap": "Budi Santoso",
                "telepon": "+6281234567890", "npwp": "0123456789012345", "nib": "9120001234567",
                "nama_usaha": "CV Maju Bersama", "provinsi": "31", "kabupaten_kota": "31.71", "kecamatan": "31.71.01",
                "kelurahan_desa": "31.71.01.1001", "alamat_jalan": "Jl. Kebon Sirih No. 12", "kode_pos": "10110",
                "produk": [{"nama_produk": "Keripik Singkong", "jenis_pangan": "makanan_ringan", "berat_gram": 250}]},
    "pengesahan-stnk-tahunan": {"nik": "3171010203850002", "nama_lengkap": "Budi Santoso", "pemilik_sendiri": "tidak",
                                "nik_pemilik": "3171014101900001", "nomor_polisi": "B 1234 XYZ",
                                "nomor_rangka": "MHKA4DE3JBJ012345", "nomor_mesin": "1NRF123456",
                                "jenis_kendaraan": "sepeda_motor", "tahun_pembuatan": 2019},
    "penerbitan-kartu-keluarga": {"nik": "3171014101900001", "nama_lengkap": "Siti Aminah",
        "nomor_kk": "3171010101090001", "telepon": "+6281234567890", "hubungan_pemohon": "istri",
        "alasan": "tambah_anggota",
        "perubahan_anggota": [{"nik": "3171015510260001", "nama": "Putri Aminah", "hubungan": "anak",
                              "keterangan_perubahan": "Lahir 15-10-2026"}]},
    "akta-kelahiran": {"nik": "3171010203850002", "nama_lengkap": "Budi Santoso", "telepon": "+6281234567890",
        "hubungan_pelapor": "ayah", "nama_anak": "Putri Santoso", "jenis_kelamin_anak": "P",
        "tanggal_lahir_anak": "2026-10-15", "tempat_lahir_anak": "Jakarta", "jam_lahir": "08:30",
        "tempat_dilahirkan": "rumah_sakit", "penolong_kelahiran": "dokter", "anak_ke": 1, "berat_lahir_gram": 3200,
        "ada_surat_lahir": "ya", "nik_ibu": "3171014101900001", "nama_ibu": "Siti Aminah",
        "status_perkawinan_orang_tua": "tercatat", "nik_ayah": "3171010203850002", "nama_ayah": "Budi Santoso",
        "nomor_akta_perkawinan": "0123/045/VI/2019", "nomor_kk": "3171010202100002"},
    "akta-kematian": {"nik": "3171010203850002", "nama_lengkap": "Budi Santoso", "telepon": "+6281234567890",
        "hubungan_pelapor": "anak", "nik_almarhum": "3171011207500001", "nama_almarhum": "Slamet Santoso",
        "jenis_kelamin_almarhum": "L", "tanggal_lahir_almarhum": "1950-07-12", "tanggal_meninggal": "2026-11-10",
        "tempat_meninggal": "lainnya", "keterangan_tempat": "Dalam perjalanan di Jl. Medan Merdeka Barat",
        "sebab_kematian": "sakit", "yang_menerangkan": "dokter", "nomor_kk": "3171010202100002"},
    "surat-pindah-skpwni": {"nik": "3171010203850002", "nama_lengkap": "Budi Santoso", "nomor_kk": "3171010202100002",
        "telepon": "+6281234567890", "provinsi_tujuan": "32", "kabupaten_kota_tujuan": "32.73",
        "kecamatan_tujuan": "32.73.01", "kelurahan_desa_tujuan": "32.73.01.1001",
        "alamat_jalan_tujuan": "Jl. Setiabudi No. 45", "rt_rw_tujuan": "002/004", "alasan_pindah": "pekerjaan",
        "jenis_kepindahan": "sebagian",
        "anggota_pindah": [{"nik": "3171010203850002", "nama": "Budi Santoso", "hubungan": "kepala_keluarga"}]},
    "skck": {"nik": "3171014101900001", "nama_lengkap": "Siti Aminah", "tempat_lahir": "Jakarta",
        "tanggal_lahir": "1990-01-01", "jenis_kelamin": "P", "telepon": "+6281234567890",
        "email": "siti.aminah@contoh.id", "provinsi": "31", "kabupaten_kota": "31.71", "kecamatan": "31.71.01",
        "kelurahan_desa": "31.71.01.1001", "alamat_jalan": "Jl. Kebon Sirih No. 12", "rt_rw": "003/005",
        "jenis_permohonan": "perpanjangan", "nomor_skck_lama": "SKCK/YANMAS/12345/V/2026/INTELKAM",
        "keperluan": "lainnya", "keperluan_lainnya": "Pendaftaran program magang", "pernah_pidana": "ya",
        "keterangan_perkara": "Perkara penganiayaan ringan tahun 2010, putusan sudah dijalani"},
    "perpanjangan-sim": {"nik": "3171010203850002", "nama_lengkap": "Budi Santoso", "tanggal_lahir": "1985-03-02",
        "jenis_kelamin": "L", "telepon": "+6281234560002", "golongan_sim": "C", "nomor_sim": "850312345678",
        "sim_berlaku_sampai": "2027-01-15", "alamat_berubah": "ya", "provinsi": "31", "kabupaten_kota": "31.71",
        "kecamatan": "31.71.01", "kelurahan_desa": "31.71.01.1001", "alamat_jalan": "Jl. Tanah Abang II No. 7",
        "rt_rw": "003/005"},
    "izin-keramaian": {"nik": "3171010203850002", "nama_lengkap": "Budi Santoso", "telepon": "+6281234567890",
        "email": "budi.santoso@contoh.id", "penyelenggara_atas_nama": "organisasi",
        "nama_organisasi": "Karang Taruna RW 005 Gambir", "jenis_acara": "musik",
        "nama_acara": "Pentas Seni Kemerdekaan", "tanggal_mulai": "2027-08-17", "tanggal_selesai": "2027-08-17",
        "jam_mulai": "19:00", "jam_selesai": "22:00", "perkiraan_peserta": 1500, "ada_tiket": "ya",
        "harga_tiket": 50000, "nama_tempat": "Lapangan Banteng", "provinsi": "31", "kabupaten_kota": "31.71",
        "kecamatan": "31.71.02", "kelurahan_desa": "31.71.02.1001", "alamat_jalan": "Jl. Lapangan Banteng Utara"},
    "perpanjangan-stnk-lima-tahunan": {"nik": "3171010203850002", "nama_lengkap": "Budi Santoso",
        "telepon": "+6281234567890", "pemilik_sendiri": "tidak", "nik_pemilik": "3171014101900001",
        "nama_pemilik": "Siti Aminah", "nomor_polisi": "B 1234 XYZ", "nomor_rangka": "MHKA4DE3JBJ012345",
        "nomor_mesin": "1NRF123456", "jenis_kendaraan": "sepeda_motor", "tahun_pembuatan": 2021},
    "nomor-induk-berusaha": {"jenis_pemohon": "badan_usaha", "nik": "3171010203850002",
        "nama_lengkap": "Budi Santoso", "telepon": "+6281234567890", "email": "budi.santoso@contoh.id",
        "npwp": "0123456789012345", "nama_usaha": "CV Maju Bersama", "bentuk_badan_usaha": "cv",
        "modal_usaha": 250000000, "provinsi": "31", "kabupaten_kota": "31.71", "kecamatan": "31.71.01",
        "kelurahan_desa": "31.71.01.1001", "alamat_jalan": "Jl. Kebon Sirih No. 12", "rt_rw": "003/005",
        "kode_pos": "10110",
        "kegiatan_usaha": [{"kode_kbli": "10794", "uraian_kegiatan": "Produksi keripik singkong"}]},
    "izin-penyelenggaraan-reklame": {"jenis_pemohon": "badan_usaha", "nik": "3171010203850002",
        "nama_lengkap": "Budi Santoso", "telepon": "+6281234567890", "npwp": "0123456789012345",
        "nib": "9120001234567", "nama_usaha": "CV Maju Bersama", "jenis_permohonan": "perpanjangan",
        "nomor_izin_lama": "1234/-1.858.9/2025", "jenis_reklame": "kain_spanduk",
        "naskah_reklame": "Diskon Akhir Tahun Toko Maju Bersama", "lebar_cm": 500, "tinggi_cm": 100,
        "jumlah_muka": "1", "jumlah_buah": 2, "kategori": "insidentil", "lama_hari": 30,
        "titik_pemasangan": "Depan toko, sisi Jl. Kebon Sirih", "provinsi": "31", "kabupaten_kota": "31.71",
        "kecamatan": "31.71.01", "kelurahan_desa": "31.71.01.1001", "alamat_jalan": "Jl. Kebon Sirih No. 12",
        "rt_rw": "003/005"},
    "persetujuan-bangunan-gedung": {"nik": "3171014101900001", "nama_lengkap": "Siti Aminah",
        "telepon": "+6281234567890", "email": "siti.aminah@contoh.id", "pemilik_tanah": "ya",
        "jenis_kegiatan": "baru", "fungsi_bangunan": "usaha", "nib": "9120001234567",
        "nomor_sertifikat": "SHM No. 1234/Cideng", "luas_tanah_m2": 120, "luas_bangunan_m2": 180, "jumlah_lantai": 2,
        "jumlah_basemen": 0, "provinsi": "31", "kabupaten_kota": "31.71", "kecamatan": "31.71.01",
        "kelurahan_desa": "31.71.01.1002", "alamat_jalan": "Jl. Cideng Barat No. 20", "rt_rw": "004/002"},
    "sertifikat-laik-fungsi": {"nik": "3171010203850002", "nama_lengkap": "Budi Santoso", "telepon": "+6281234567890",
        "email": "budi.santoso@contoh.id", "pemohon_sebagai": "pemilik", "jenis_permohonan": "perpanjangan",
        "nomor_pbg": "SK-PBG-317101-12032022-001", "nomor_slf_lama": "SK-SLF-317101-01022021-001",
        "nama_bangunan": "Gedung Maju Bersama", "fungsi_bangunan": "usaha", "luas_bangunan_m2": 1200,
        "jumlah_lantai": 5, "provinsi": "31", "kabupaten_kota": "31.71", "kecamatan": "31.71.01",
        "kelurahan_desa": "31.71.01.1001", "alamat_jalan": "Jl. Kebon Sirih No. 30"},
    "surat-izin-praktik-tenaga-kesehatan": {"nik": "3171014101900001", "nama_lengkap": "Siti Aminah",
        "tanggal_lahir": "1990-01-01", "jenis_kelamin": "P", "telepon": "+6281234567890",
        "email": "siti.aminah@contoh.id", "nama_dengan_gelar": "dr. Siti Aminah, Sp.A", "profesi": "dokter_spesialis",
        "spesialisasi": "Anak", "nomor_str": "3121100320148432", "jenis_permohonan": "perpanjangan",
        "nomor_sip_lama": "503/1234/SIP-DS/2021", "sip_ke": "1", "jenis_fasyankes": "rumah_sakit",
        "nama_fasyankes": "RSUD Tarakan", "provinsi": "31", "kabupaten_kota": "31.71", "kecamatan": "31.71.01",
        "kelurahan_desa": "31.71.01.1002", "alamat_jalan": "Jl. Kyai Caringin No. 7"},
    "surat-keterangan-tidak-mampu": {"nik": "3171014101900001", "nama_lengkap": "Siti Aminah",
        "nomor_kk": "3171010101090001", "telepon": "+6281234567890", "alamat_jalan": "Jl. Kebon Sirih No. 12",
        "rt_rw": "003/005", "untuk_siapa": "anggota_keluarga", "nik_anggota": "3171011505120001",
        "nama_anggota": "Rizki Pratama", "keperluan": "pendidikan", "instansi_tujuan": "SMP Negeri 1 Jakarta",
        "pekerjaan_kepala_keluarga": "buruh_harian", "penghasilan_per_bulan": 2500000, "jumlah_tanggungan": 4,
        "status_rumah": "sewa_kontrak"},
    "surat-keterangan-ahli-waris": {"nik": "3171010203850002", "nama_lengkap": "Budi Santoso",
        "telepon": "+6281234567890", "hubungan_dengan_pewaris": "anak", "nik_pewaris": "3171011207500001",
        "nama_pewaris": "Slamet Santoso", "tanggal_meninggal": "2026-11-10",
        "nomor_akta_kematian": "3171-KM-17112026-0001", "status_perkawinan_pewaris": "kawin",
        "ahli_waris": [{"nik": "3171010203850002", "nama": "Budi Santoso", "tanggal_lahir": "1985-03-02",
                              "hubungan": "anak"}],
        "ada_ahli_waris_di_bawah_umur": "ya", "nama_wali": "Budi Santoso"},
    "pendaftaran-bpjs-kesehatan-mandiri": {"nik": "3171014101900001", "nama_lengkap": "Siti Aminah",
        "tanggal_lahir": "1990-01-01", "jenis_kelamin": "P", "nomor_kk": "3171010101090001",
        "telepon": "+6281234567890", "email": "siti.aminah@contoh.id", "provinsi": "31", "kabupaten_kota": "31.71",
        "kecamatan": "31.71.01", "kelurahan_desa": "31.71.01.1001", "alamat_jalan": "Jl. Kebon Sirih No. 12",
        "rt_rw": "003/005", "kode_pos": "10110", "kelas_rawat": "kelas_3",
        "faskes_pertama": "Puskesmas Kecamatan Gambir", "ada_anggota_keluarga": "ya",
        "anggota_keluarga": [{"nik": "3171015510260001", "nama": "Putri Aminah", "tanggal_lahir": "2026-10-15",
                              "hubungan": "anak"}],
        "nama_bank": "bank_dki", "nomor_rekening": "1234567890", "nama_pemilik_rekening": "Siti Aminah"},
}
# A value of the right type in the wrong format, per question (where the form has a format).
BAD_FORMAT = {
    "person.nik": "31710141019000AB", "family.kk": "3171-0101-0109-0001", "person.name": "S1ti Am1nah",
    "person.birthDate": "31-01-1990", "tax.npwp": "01.234.567.8-901.234", "business.nib": "91200012345",
    "contact.phone": "(021) 345 6789", "address.province": "DKI", "address.regency": "3171",
    "address.district": "31.71.1", "address.village": "31.71.01.1", "address.postalCode": "01234",
    "vehicle.plate": "b1234xyz", "vehicle.chassis": "MHKA4DE3JBJ01234O", "vehicle.engine": "1nrf-123",
    "nomor_laporan_polisi": "STPLK#123", "tanggal_hilang": "2026-13-01", "nomor_sim": "8503-1234-5678",
    "business.kbli": "4711", "driver.simNumber": "1234-5678-9012", "health.str": "STR 123#45",
    "bank.account": "12 3456 7890", "contact.email": "siti.aminah@contoh", "address.rtRw": "3/5",
    "person.birthPlace": "Jakarta 1", "jam_lahir": "8.30", "jam_mulai": "7 mlm", "jam_selesai": "22.00",
    "tanggal_meninggal": "10-11-2026", "nomor_skck_lama": "SKCK#123", "nomor_sip_lama": "SIP#12",
}


# Valid answers as people type them (issue 14): read by the form's `normalize` rules on both sides.
AS_TYPED = {"nik": lambda v: f"{v[0:4]} {v[4:8]}.{v[8:12]}-{v[12:]}",
            "phone": lambda v: f"0{v[3:6]} {v[6:10]} {v[10:]}"}


def _holder_cases(name: str, holder: dict, valid: dict, msg: dict) -> list[dict]:
    """A NIK of the other sex, and one whose holder was 6 or 106 at the date (born 20 or 1920)."""
    out = []
    female = holder.get("sex") == "P"
    if "sex" in holder:
        other = "3171010203850002" if female else "3171014101900001"
        out.append(_case(f"{name}: a NIK of the other sex", {**valid, name: other}, {name: msg["holderSex"]}))
    if "ageAt" in holder:
        young = f"317101{41 if female else 1:02d}01200001"
        out.append(_case(f"{name}: too young or too old at {holder['ageAt']['date']}", {**valid, name: young},
                         {name: msg["holderAge"]}))
    return out


def _case(name: str, answers: object, errors: dict, partial: bool = False) -> dict:
    case = {"name": name, "answers": answers, "errors": errors}
    if partial:
        case["partial"] = True
    return case


def cases_for(permit: dict, lang: str) -> list[dict]:
    form = permit["form"]
    valid = VALID[permit["id"]]
    messages = compile.messages(form, lang)["questions"]
    rules = compile.rules(form)["questions"]
    out = [_case("valid", valid, {})]
    normalize, checks = compile.rules(form)["normalize"], compile.rules(form)["checks"]
    for q in definition.answer_questions(form):
        name, msg = q["id"], messages[q["id"]]
        if name in normalize and isinstance(valid.get(name), str):
            out.append(_case(f"{name}: as typed", {**valid, name: AS_TYPED[normalize[name]](valid[name])}, {}))
        if checks.get(name, {}).get("pastDate") and name in valid:
            out.append(_case(f"{name}: in the future", {**valid, name: "2999-01-01"}, {name: msg["future"]}))
            out.append(_case(f"{name}: before 1900", {**valid, name: "1899-12-31"}, {name: msg["tooOld"]}))
        if "holder" in checks.get(name, {}) and name in valid:
            out += _holder_cases(name, checks[name]["holder"], valid, msg)
        without = {k: v for k, v in valid.items() if k != name}
        if q.get("required") and "visibleIf" not in rules.get(name, {}):
            out.append(_case(f"{name}: missing", without, {name: msg["required"]}))
            out.append(_case(f"{name}: missing in a draft", without, {}, partial=True))
            out.append(_case(f"{name}: emptied", {**valid, name: ""}, {name: msg["required"]}))
        if q["type"] == "group":
            row = valid[name][0]
            for sub in q["questions"]:
                key = f"{name}.{sub['id']}"
                bad_row = {k: v for k, v in row.items() if k != sub["id"]}
                out.append(_case(f"{key}: missing in a row", {**valid, name: [row, bad_row]},
                                 {f"{name}.1.{sub['id']}": messages[key]["required"]}))
                wrong = "x" if sub["type"] == "number" else 7
                out.append(_case(f"{key}: wrong type in a row", {**valid, name: [{**row, sub["id"]: wrong}]},
                                 {f"{name}.0.{sub['id']}": messages[key]["type"]}))
            out.append(_case(f"{name}: unknown column", {**valid, name: [{**row, "warna": "merah"}]},
                             {f"{name}.0.warna": compile.messages(form, lang)["form"]["unknown"].format(name="warna")}))
            out.append(_case(f"{name}: too many rows", {**valid, name: [row] * (q.get("maxItems", 20) + 1)},
                             {name: msg["maxItems"]}))
            out.append(_case(f"{name}: not a list", {**valid, name: "keripik"}, {name: msg["type"]}))
            continue
        hidden = "visibleIf" in rules.get(name, {})
        if q["type"] == "number":
            out.append(_case(f"{name}: text instead of a number", {**valid, name: "dua ribu"}, {name: msg["type"]}))
            if "minimum" in q:
                out.append(_case(f"{name}: below the minimum", {**valid, name: q["minimum"] - 1},
                                 {name: msg["minimum"]}))
            if "maximum" in q:
                out.append(_case(f"{name}: above the maximum", {**valid, name: q["maximum"] + 1},
                                 {name: msg["maximum"]}))
            continue
        out.append(_case(f"{name}: a number instead of text", {**valid, name: 12345}, {name: msg["type"]}))
        if q.get("options"):
            out.append(_case(f"{name}: not an offered choice", {**valid, name: "lain-lain"}, {name: msg["enum"]}))
            continue
        base = definition.dictionary()["fields"].get(q.get("ref", ""), {}).get("schema", {})
        longest = q.get("maxLength", base.get("maxLength", definition.DEFAULT_MAX_LENGTH))
        too_long = msg["format"] if q["type"] == "date" else msg["maxLength"]  # format is reported first
        out.append(_case(f"{name}: too long", {**valid, name: "A" * (longest + 1)}, {name: too_long}))
        bad = BAD_FORMAT.get(q.get("ref")) or BAD_FORMAT.get(name)
        if bad is not None:
            keyword = "format" if q["type"] == "date" else "pattern"
            out.append(_case(f"{name}: wrong format", {**valid, name: bad}, {name: msg[keyword]}))
        if hidden and bad is not None:
            # The same wrong value, on a question the answers hide: dropped, so no error at all.
            trigger = _hiding_answers(permit["id"])
            if trigger:
                out.append(_case(f"{name}: wrong but hidden", {**valid, **trigger, name: bad}, {}))
    return out


def _hiding_answers(permit_id: str) -> dict | None:
    return {"penggantian-ktp-el": {"alasan": "rusak"}, "pengesahan-stnk-tahunan": {"pemilik_sendiri": "ya"},
            "spp-irt": {"jenis_pemohon": "perorangan"}}.get(permit_id)


def build() -> dict:
    forms = []
    for permit in catalogue.all_permits():
        for lang in LANGS:
            forms.append({"permit": permit["id"], "version": permit["version"], "lang": lang,
                          "cases": cases_for(permit, lang)})
    return {"about": "Generated by tests/vectors/build.py; do not edit by hand.", "forms": forms}


if __name__ == "__main__":
    data = build()
    TARGET.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{sum(len(f['cases']) for f in data['forms'])} cases -> {TARGET}")
