"""The payments capability's tables: invoices and their sequence counter, refunds (both in the invoices table),
and the SNAP partner's access tokens and used external ids (in the security table). The only payments code that
touches PynamoDB; it answers with records or plain values and turns PynamoDB's errors into outcomes (None,
True/False), so the rules need no PynamoDB of their own.

Writes that ride along with an application's change (`store.update(..., extras=)`) are handed over as
(item, condition) pairs made here: `new_item`, `unchanged`."""

from __future__ import annotations

from collections.abc import Iterable

from pynamodb.exceptions import DoesNotExist, PutError, UpdateError
from pynamodb.expressions.condition import Condition

from chalicelib.core.models import InvoiceModel, RefundModel, SecurityModel

_COUNTER = "#seq"

# --- invoices ----------------------------------------------------------------------------------------------------


def next_invoice_seq() -> int:
    """A number never handed out before (atomic counter); a number lost to a failed write is simply skipped."""
    counter = InvoiceModel(invoice_id=_COUNTER)
    counter.update(actions=[InvoiceModel.seq.add(1)])
    return int(counter.seq)


def find_invoice(invoice_id: str) -> InvoiceModel | None:
    """The invoice as last written (a consistent read), or None."""
    try:
        return InvoiceModel.get(invoice_id, consistent_read=True)
    except DoesNotExist:
        return None


def paid_invoices_on(day: str) -> Iterable[InvoiceModel]:
    """The invoices paid on one Jakarta day (YYYY-MM-DD)."""
    return InvoiceModel.by_paid_day.query(day)


def new_item(item: InvoiceModel) -> tuple[InvoiceModel, Condition]:
    """`item` to be written only if nothing is stored under its key yet (a new invoice)."""
    return item, InvoiceModel.invoice_id.does_not_exist()


def unchanged(inv: InvoiceModel, expected_version: float, status: str) -> tuple[InvoiceModel, Condition]:
    """`inv` to be written only if the stored invoice is still the one read: at `expected_version`, in `status`."""
    return inv, (InvoiceModel.version == expected_version) & (InvoiceModel.status == status)


# --- refunds -----------------------------------------------------------------------------------------------------


def save_refund_if_new(refund: RefundModel) -> bool:
    """Write the refund unless one is stored under its key already; False when it was not written."""
    try:
        refund.save(condition=RefundModel.invoice_id.does_not_exist())
    except PutError:
        return False
    return True


def refunds_in_state(state: str) -> Iterable[RefundModel]:
    return RefundModel.by_refund_state.query(state)


def find_refund(key: str) -> RefundModel | None:
    try:
        return RefundModel.get(key, consistent_read=True)
    except RefundModel.DoesNotExist:
        return None


def decide_refund(refund: RefundModel, state: str, at: str, entry: dict) -> bool:
    """Move a pending refund to `state`, adding `entry` to its history, if nobody decided it since it was read;
    False when it was not written. `refund` then holds what is stored."""
    try:
        refund.update(actions=[RefundModel.refund_state.set(state), RefundModel.updated_at.set(at),
                               RefundModel.version.add(1), RefundModel.history.set([*refund.history, entry])],
                      condition=(RefundModel.refund_state == "pending") & (RefundModel.version == refund.version))
    except UpdateError:
        return False
    return True


# --- the SNAP partner's access tokens and external ids (security table) ------------------------------------------


def save_token(key: str, client_id: str, expires_at: int) -> None:
    SecurityModel(key=key, payload={"clientId": client_id}, expires_at=expires_at).save()


def find_token(key: str) -> SecurityModel | None:
    try:
        return SecurityModel.get(key, consistent_read=True)
    except DoesNotExist:
        return None


def claim_once(key: str, expires_at: int) -> bool:
    """Take `key` (e.g. an external id of the day) if nobody has; False when it was taken already."""
    try:
        SecurityModel(key=key, expires_at=expires_at).save(condition=SecurityModel.key.does_not_exist())
    except PutError:
        return False
    return True
