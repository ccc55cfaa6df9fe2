"""Application states and the words a citizen sees for them and for each event of the timeline."""

from __future__ import annotations

DRAFT = "draft"
RECEIVED = "received"
AWAITING_VERIFICATION = "awaiting_verification"
APPROVED = "approved"
ISSUED = "issued"
REJECTED = "rejected"
DELETED = "deleted"  # a draft the person threw away; kept (with its events) for the audit trail
EXPIRED = "expired"  # a draft left untouched too long

LABELS = {
    DRAFT: {"id": "Draf", "en": "Draft"},
    RECEIVED: {"id": "Diterima", "en": "Received"},
    AWAITING_VERIFICATION: {"id": "Menunggu verifikasi petugas", "en": "Waiting for staff verification"},
    APPROVED: {"id": "Disetujui", "en": "Approved"},
    ISSUED: {"id": "Terbit", "en": "Issued"},
    REJECTED: {"id": "Ditolak", "en": "Rejected"},
    DELETED: {"id": "Draf dihapus", "en": "Draft deleted"},
    EXPIRED: {"id": "Draf kedaluwarsa", "en": "Draft expired"},
}

EVENT_LABELS = {
    "created": {"id": "Draf permohonan dibuat", "en": "Draft created"},
    "answers_saved": {"id": "Jawaban disimpan", "en": "Answers saved"},
    "upload_requested": {"id": "Dokumen diunggah", "en": "Document uploaded"},
    "submitted": {"id": "Permohonan dikirim", "en": "Application submitted"},
    "validated": {"id": "Kelengkapan data diperiksa: lengkap", "en": "Completeness checked: complete"},
    "validation_failed": {"id": "Kelengkapan data diperiksa: ada yang perlu diperbaiki",
                          "en": "Completeness checked: something needs fixing"},
    "verification_requested": {"id": "Menunggu verifikasi petugas", "en": "Waiting for staff verification"},
    "task_token_renewed": {"id": "Langkah verifikasi dilanjutkan kembali", "en": "Verification step resumed"},
    "approved": {"id": "Disetujui petugas", "en": "Approved by staff"},
    "rejected": {"id": "Ditolak petugas", "en": "Rejected by staff"},
    "issued": {"id": "Dokumen terbit", "en": "Document issued"},
    "draft_deleted": {"id": "Draf dihapus", "en": "Draft deleted"},
    "permit_renewal_open": {"id": "Izin dapat diperpanjang sekarang, sebelum masa berlakunya habis",
                            "en": "The permit can be renewed now, before it expires"},
    "permit_expired": {"id": "Masa berlaku izin sudah habis", "en": "The permit has expired"},
    "draft_expiring": {"id": "Draf akan kedaluwarsa: lanjutkan pengisian agar tidak terhapus",
                       "en": "Draft expires soon: continue it to keep it"},
    "draft_expired": {"id": "Draf kedaluwarsa karena lama tidak dilanjutkan", "en": "Draft expired after a long pause"},
    "draft_migrated": {"id": "Draf dipindahkan ke versi formulir terbaru",
                       "en": "Draft moved to the latest form version"},
}

# Events a citizen sees on the timeline (the audit trail shows every event).
TIMELINE = {"created", "draft_expiring", "draft_expired", "submitted", "validated", "validation_failed",
            "verification_requested", "approved", "rejected", "issued"}
