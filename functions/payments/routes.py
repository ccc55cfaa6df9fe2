"""Payments: the SNAP endpoints the RKUD bank calls (signed, see chalicelib/payments/snap_api.py), the citizen's
invoice (how to pay, a new code after an expiry, the receipt) and the treasurer's reconciliation, income report
and refunds."""

from __future__ import annotations

from chalice import Blueprint, Response

from chalicelib.agencies import staff
from chalicelib.applications import access
from chalicelib.core import clock
from chalicelib.core.errors import PisaoError
from chalicelib.payments import invoices, snap_api, stage, treasury
from chalicelib.payments.formatting import wib_iso
from functions import adapters
from functions.http import PARTNER, SIGNED_IN, json_body, lang_of, roles, route, source_ip

bp = Blueprint(__name__)


def _snap(answer: tuple[int, dict]) -> Response:
    status, body = answer
    return Response(body=body, status_code=status, headers={
        "Content-Type": "application/json", "X-TIMESTAMP": wib_iso(clock.now()), "Cache-Control": "no-store"})


def _snap_refusal(path: str):
    """The input boundary's refusals (body, content type, method) in SNAP's terms, for the bank's software."""
    return lambda err: _snap(snap_api.boundary_refusal(path, err.code, err.field, err.limit))


@route(bp, snap_api.TOKEN_PATH, "POST", PARTNER, refuse=_snap_refusal(snap_api.TOKEN_PATH))  # the bank: SHA256withRSA
def snap_access_token(request, _principal):
    return _snap(snap_api.access_token(request.headers, request.raw_body or b"", clock.now(), source_ip(request)))


def _transaction(path: str):
    def view(request, _principal):  # the bank: bearer token + HMAC-SHA512 signature
        return _snap(snap_api.transaction(path, request.headers, request.raw_body or b"", clock.now(),
                                        adapters.state_machine(), source_ip(request)))

    view.__name__ = "snap_" + path.rsplit("/", 1)[-1].replace("-", "_")
    return route(bp, path, "POST", PARTNER, refuse=_snap_refusal(path))(view)


for _path in (snap_api.INQUIRY_PATH, snap_api.PAYMENT_PATH, snap_api.STATUS_PATH, snap_api.QRIS_NOTIFY_PATH):
    _transaction(_path)


@route(bp, "/applications/{application_id}/invoice", "GET", SIGNED_IN)  # whoever may read the application
def invoice(request, principal, application_id):
    app = access.load_for(principal, application_id)
    current = invoices.for_application(app)
    return {"invoice": invoices.view(current, lang_of(request)) if current else None, "status": app.status}


@route(bp, "/applications/{application_id}/invoice", "POST", SIGNED_IN, status=201)  # owner, or counter staff
def new_payment_code(request, principal, application_id):
    access.editable(principal, application_id)
    app = stage.new_payment_code(principal, application_id, adapters.state_machine())
    invoice = invoices.for_application(app)
    assert invoice is not None  # the new code was just drawn up, or new_payment_code refused
    return {"invoice": invoices.view(invoice, lang_of(request)), "status": app.status}


@route(bp, "/applications/{application_id}/invoice/receipt", "GET", SIGNED_IN)  # whoever may read the application
def receipt(_request, principal, application_id):
    app = access.load_for(principal, application_id)
    current = invoices.for_application(app)
    if current is None:
        raise PisaoError(409, "not_paid", "Bukti pembayaran tersedia setelah tagihan dibayar.")
    return {"url": invoices.receipt_link(current, adapters.documents())}


TREASURER = roles("treasurer")  # the Kas Daerah: every agency's payments into the one regional account


@route(bp, "/treasury/statements/{day}", "POST", TREASURER, status=201, max_body=treasury.MAX_STATEMENT_BYTES)
def upload_statement(request, principal, day):
    body = json_body(request)
    text = body.get("statement")
    if not isinstance(text, str):
        raise PisaoError(400, "statement_required", "Lampirkan isi rekening koran (CSV dari bank).")
    return treasury.reconcile_statement(principal, treasury.parse_day(day), text, adapters.documents(),
                                        source_ip(request))


@route(bp, "/treasury/reconciliations/{day}", "GET", TREASURER)
def reconciliation(_request, _principal, day):
    return treasury.reconciliation(treasury.parse_day(day), adapters.documents())


def _period(request) -> tuple:
    query = request.query_params or {}
    return treasury.parse_day(query.get("from"), "from"), treasury.parse_day(query.get("to"), "to")


@route(bp, "/treasury/income", "GET", TREASURER)
def income(request, _principal):
    return treasury.income(*_period(request)).to_dict()


@route(bp, "/treasury/income/export", "GET", TREASURER)  # ?from=&to=&format=csv|pdf -> a 5-minute link
def income_export(request, principal):
    report = treasury.income(*_period(request))
    fmt = (request.query_params or {}).get("format", "csv")
    return {"url": treasury.export(report, fmt, adapters.documents(), staff.agency(principal.agency)["name"])}


@route(bp, "/treasury/refunds", "GET", TREASURER)  # ?state=pending|refunded|credited
def refunds(request, _principal):
    return {"refunds": treasury.refunds((request.query_params or {}).get("state", "pending"), lang_of(request))}


@route(bp, "/treasury/refunds/{reference}", "POST", TREASURER)
def decide_refund(request, principal, reference):
    return treasury.decide_refund(principal, reference, json_body(request), lang_of(request), source_ip(request))
