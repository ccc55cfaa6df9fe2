"""The permits capability's table: issued permits, and the events their own changes write. The only permits code
that touches PynamoDB; it answers with records or plain values and turns PynamoDB's errors into outcomes (None,
True/False), so the rules need no PynamoDB of their own.

Writes that ride along with an application's change (`store.update(..., extras=)`, the issue) are handed over as
(item, condition) pairs made here: `new_permit`, `unchanged`."""

from __future__ import annotations

from collections.abc import Iterable

from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.expressions.condition import Condition
from pynamodb.transactions import TransactWrite

from chalicelib.core import models
from chalicelib.core.models import EventModel, IssuedPermitModel


def find(number: str) -> IssuedPermitModel | None:
    """The permit as last written (a consistent read), or None."""
    try:
        return IssuedPermitModel.get(number, consistent_read=True)
    except DoesNotExist:
        return None


def held_by(holder_id: str) -> list[IssuedPermitModel]:
    return list(IssuedPermitModel.by_holder.query(holder_id))


def active_expiring(before: str) -> Iterable[IssuedPermitModel]:
    """Active permits whose validity ends before `before` (YYYY-MM-DD), soonest first."""
    return IssuedPermitModel.by_state_expiry.query("active", IssuedPermitModel.valid_until < before)


def new_permit(permit: IssuedPermitModel) -> tuple[IssuedPermitModel, Condition]:
    """`permit` to be written only if no permit has its number yet (issuing twice cannot make two permits)."""
    return permit, IssuedPermitModel.number.does_not_exist()


def unchanged(permit: IssuedPermitModel, expected_version: float) -> tuple[IssuedPermitModel, Condition]:
    """`permit` to be written only if the stored one is still at `expected_version` (nobody changed it since)."""
    return permit, IssuedPermitModel.version == expected_version


def save_with_event(permit: IssuedPermitModel, expected_version: float, event: EventModel) -> bool:
    """The permit (if still at `expected_version`) and its event (if new), in one transaction; False when either
    condition failed and nothing was written."""
    try:
        with TransactWrite(connection=models.connection()) as tx:
            tx.save(permit, condition=IssuedPermitModel.version == expected_version)
            tx.save(event, condition=EventModel.seq.does_not_exist())
    except TransactWriteError:
        return False
    return True
