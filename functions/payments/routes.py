"""Payments: the SNAP endpoints the RKUD bank calls (signed, see chalicelib/payments/biller.py), and the
citizen's invoice (how to pay, a new code after an expiry)."""

from __future__ import annotations

from chalice import Blueprint, Response

from chalicelib import applications, clock, workflow
from chalicelib.errors import PisaoError
from chalicelib.payments import biller, invoices
from functions import adapters
from functions.http import PARTNER, SIGNED_IN, lang_of, route, source_ip

bp = Blueprint(__name__)


def _snap(answer: tuple[int, dict]) -> Response:
    status, body = answer
    return Response(body=body, status_code=status, headers={
        "Content-Type": "application/json", "X-TIMESTAMP": invoices.wib(clock.iso()), "Cache-Control": "no-store"})


@route(bp, biller.TOKEN_PATH, "POST", PARTNER)  # the bank: SHA256withRSA signature of its registered key
def snap_access_token(request, _principal):
    return _snap(biller.access_token(request.headers, request.raw_body or b"", clock.now(), source_ip(request)))


def _transaction(path: str):
    def view(request, _principal):  # the bank: bearer token + HMAC-SHA512 signature
        return _snap(biller.transaction(path, request.headers, request.raw_body or b"", clock.now(),
                                        adapters.workflow(), source_ip(request)))

    view.__name__ = "snap_" + path.rsplit("/", 1)[-1].replace("-", "_")
    return route(bp, path, "POST", PARTNER)(view)


for _path in (biller.INQUIRY_PATH, biller.PAYMENT_PATH, biller.STATUS_PATH, biller.QRIS_NOTIFY_PATH):
    _transaction(_path)


@route(bp, "/applications/{application_id}/invoice", "GET", SIGNED_IN)  # whoever may read the application
def invoice(request, principal, application_id):
    app = applications.load_for(principal, application_id)
    current = invoices.for_application(app)
    return {"invoice": invoices.view(current, lang_of(request)) if current else None, "status": app.status}


@route(bp, "/applications/{application_id}/invoice", "POST", SIGNED_IN, status=201)  # owner, or counter staff
def new_payment_code(request, principal, application_id):
    applications.editable(principal, application_id)
    app = workflow.renew_invoice(principal, application_id, adapters.workflow())
    return {"invoice": invoices.view(invoices.for_application(app), lang_of(request)), "status": app.status}


@route(bp, "/applications/{application_id}/invoice/receipt", "GET", SIGNED_IN)  # whoever may read the application
def receipt(_request, principal, application_id):
    app = applications.load_for(principal, application_id)
    current = invoices.for_application(app)
    if current is None:
        raise PisaoError(409, "not_paid", "Bukti pembayaran tersedia setelah tagihan dibayar.")
    return {"url": invoices.receipt_link(current, adapters.documents())}
