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
NEEDS_CORRECTION = "needs_correction"  # staff sent it back: the citizen fixes the named answers and resubmits
AWAITING_PAYMENT = "awaiting_payment"  # approved; an invoice waits to be paid (chalicelib/payments/)
PAYMENT_EXPIRED = "payment_expired"  # the invoice expired unpaid: the citizen may ask for a new payment code
PAID = "paid"  # the bank confirmed the payment: the document is being issued

LABELS = {
    DRAFT: {"id": "Draf", "en": "Draft"},
    RECEIVED: {"id": "Diterima", "en": "Received"},
    AWAITING_VERIFICATION: {"id": "Menunggu verifikasi petugas", "en": "Waiting for staff verification"},
    APPROVED: {"id": "Disetujui", "en": "Approved"},
    ISSUED: {"id": "Terbit", "en": "Issued"},
    REJECTED: {"id": "Ditolak", "en": "Rejected"},
    DELETED: {"id": "Draf dihapus", "en": "Draft deleted"},
    EXPIRED: {"id": "Draf kedaluwarsa", "en": "Draft expired"},
    NEEDS_CORRECTION: {"id": "Perlu perbaikan dari Anda", "en": "Needs your correction"},
    AWAITING_PAYMENT: {"id": "Menunggu pembayaran", "en": "Waiting for payment"},
    PAYMENT_EXPIRED: {"id": "Kode pembayaran kedaluwarsa", "en": "Payment code expired"},
    PAID: {"id": "Lunas", "en": "Paid"},
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
    "step_started": {"id": "Tahap dimulai: {step}", "en": "Step started: {step}"},
    "step_passed": {"id": "Tahap selesai: {step}; berikutnya: {next}", "en": "Step completed: {step}; next: {next}"},
    "sent_back": {"id": "Dikembalikan kepada Anda untuk perbaikan", "en": "Sent back to you for correction"},
    "resubmitted": {"id": "Perbaikan dikirim", "en": "Correction submitted"},
    "correction_expired": {"id": "Ditutup: perbaikan tidak dikirim sampai batas waktu",
                           "en": "Closed: the correction was not sent before the deadline"},
    "sla_warning": {"id": "Peringatan SLA: {step} mendekati batas waktu", "en": "SLA warning: {step} nearly due"},
    "sla_escalated": {"id": "Eskalasi: {step} melewati batas waktu", "en": "Escalated: {step} is overdue"},
    "claimed": {"id": "Diambil petugas", "en": "Claimed by staff"},
    "assigned": {"id": "Ditugaskan ke petugas lain", "en": "Assigned to another officer"},
    "invoice_issued": {"id": "Tagihan terbit: bayar sebelum batas waktu",
                       "en": "Invoice issued: pay before it expires"},
    "invoice_expired": {"id": "Kode pembayaran kedaluwarsa sebelum dibayar", "en": "The payment code expired unpaid"},
    "invoice_renewed": {"id": "Kode pembayaran baru dibuat", "en": "A new payment code was issued"},
    "paid": {"id": "Pembayaran diterima bank", "en": "Payment received by the bank"},
    "payment_lapsed": {"id": "Ditutup: tagihan tidak dibayar sampai batas akhir",
                       "en": "Closed: the invoice was not paid before the final deadline"},
    "draft_migrated": {"id": "Draf dipindahkan ke versi formulir terbaru",
                       "en": "Draft moved to the latest form version"},
}

# A draft the queue's checks sent back (its `reasons` say what to fix): the person edits and submits again.
RETURNED_LABEL = {"id": "Dikembalikan: perlu dilengkapi", "en": "Returned: needs completing"}
RETURNED_NEXT = {"id": "Perbaiki isian yang ditandai, lalu kirim permohonan lagi.",
                 "en": "Fix the marked answers, then submit the application again."}

# Events a citizen sees on the timeline (the audit trail shows every event).
TIMELINE = {"created", "draft_expiring", "draft_expired", "submitted", "validated", "validation_failed",
            "verification_requested", "step_started", "step_passed", "sent_back", "resubmitted",
            "correction_expired", "approved", "rejected", "issued", "invoice_issued", "invoice_expired",
            "invoice_renewed", "paid", "payment_lapsed"}

# What the citizen should do now, per status (the timeline's "next" line).
NEXT_ACTION = {
    DRAFT: {"id": "Lengkapi formulir lalu kirim permohonan.", "en": "Complete the form, then submit."},
    RECEIVED: {"id": "Tidak ada yang perlu Anda lakukan: kelengkapan data sedang diperiksa.",
               "en": "Nothing to do: completeness is being checked."},
    AWAITING_VERIFICATION: {"id": "Tidak ada yang perlu Anda lakukan: petugas sedang memeriksa permohonan Anda.",
                            "en": "Nothing to do: staff are reviewing your application."},
    NEEDS_CORRECTION: {"id": "Perbaiki isian yang diminta petugas, lalu kirim ulang sebelum batas waktu.",
                       "en": "Fix what staff asked for, then resubmit before the deadline."},
    APPROVED: {"id": "Tidak ada yang perlu Anda lakukan: dokumen sedang diterbitkan.",
               "en": "Nothing to do: the document is being issued."},
    AWAITING_PAYMENT: {"id": "Bayar tagihan dengan nomor virtual account atau QRIS sebelum batas waktu.",
                       "en": "Pay the invoice by virtual account or QRIS before it expires."},
    PAYMENT_EXPIRED: {"id": "Minta kode pembayaran baru, lalu bayar sebelum batas waktunya.",
                      "en": "Ask for a new payment code, then pay before it expires."},
    PAID: {"id": "Tidak ada yang perlu Anda lakukan: pembayaran diterima, dokumen sedang diterbitkan.",
           "en": "Nothing to do: payment received, the document is being issued."},
    ISSUED: {"id": "Dokumen sudah terbit. Lihat di Izin Saya.", "en": "Issued. See My Permits."},
    REJECTED: {"id": "Baca alasan penolakan. Anda dapat mengajukan permohonan baru.",
               "en": "Read the reason. You may apply again."},
}


def next_action(status: str) -> dict | None:
    return NEXT_ACTION.get(status)
