"""The application's life cycle: every change to a stored application is one of the named transitions below.

A transition is a small function that states its guard (the statuses it leaves from, and what else must hold)
and what it changes. It returns the mutation `store.update` applies to the latest stored state: the mutation
returns None when its guard no longer holds (already done, moved on: nothing is written), or `Applied` with
what it hands back to the caller (the task token it cleared, which the caller then answers).

`ALLOWED` (from status → the statuses it may move to) is built from the transitions' declarations; `store.update`
checks every write against it, so a transition that moves a status it did not declare fails loudly
(`IllegalTransition`: a programming error, never a user's). `markdown()` prints the table for
docs/architecture.md."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from chalicelib.applications import statuses as s
from chalicelib.core import clock

if TYPE_CHECKING:
    from chalicelib.catalogue.workflows import Step
    from chalicelib.core.models import ApplicationModel


@dataclass(frozen=True)
class Applied:
    """A transition took effect: what it hands back to its caller, what it adds to its event's data, and the
    other items written in the same transaction (each with its condition)."""

    handed: Any = None
    data: dict | None = None
    also: list[tuple[Any, Any]] = field(default_factory=list)


Mutation = Callable[["ApplicationModel"], "Applied | None"]


class IllegalTransition(RuntimeError):
    """A write would move an application between statuses the life cycle does not allow: a bug in the code
    that wrote it, never something a user can cause (answered as a 500)."""


@dataclass(frozen=True)
class Transition:
    name: str
    leaves: frozenset[str]  # the statuses it leaves from (its guard's first part)
    enters: frozenset[str]  # the statuses it moves to; empty: it keeps the status (an edit)
    events: tuple[str, ...]  # the event types written with it
    summary: str


TRANSITIONS: dict[str, Transition] = {}
EVERY = frozenset(s.LABELS)  # the statuses an application can have
START = s.DRAFT  # every application is created as a draft


def _transition(name: str, leaves: set[str] | frozenset[str], enters: set[str] | frozenset[str] | None = None,
                events: tuple[str, ...] = ()) -> Callable[[Callable[..., Mutation]], Callable[..., Mutation]]:
    """Declare a transition: its name, the statuses it leaves from and those it enters (default: it keeps the
    status), and the events it writes."""

    def register(fn: Callable[..., Mutation]) -> Callable[..., Mutation]:
        doc = " ".join((fn.__doc__ or "").strip().split("\n\n")[0].split())
        TRANSITIONS[name] = Transition(name, frozenset(leaves), frozenset(enters or ()), events, doc)
        return fn

    return register


def _allowed() -> dict[str, set[str]]:
    table: dict[str, set[str]] = {status: set() for status in s.LABELS}
    for t in TRANSITIONS.values():
        for origin in t.leaves:
            table[origin] |= t.enters - {origin}
    return table


def check_start(status: str) -> None:
    if status != START:
        raise IllegalTransition(f"an application is created as {START!r}, not {status!r}")


def check_move(previous: str, status: str) -> None:
    """Raise unless `previous` → `status` is a move the life cycle allows (staying is always allowed)."""
    if status != previous and status not in ALLOWED.get(previous, set()):
        raise IllegalTransition(f"an application cannot move from {previous!r} to {status!r}; allowed from "
                                f"{previous!r}: {sorted(ALLOWED.get(previous, set())) or 'nothing'}")


# --- steps: entering and closing one (their SLA marks) ---------------------------------------------------------

def wait_at(current: ApplicationModel, step: Step, now: datetime) -> None:
    """The application waits at `step` from now: its SLA marks start here (time with the citizen does
    not count against staff)."""
    warn, due = step.marks(now)
    current.status, current.step, current.step_seq = s.AWAITING_VERIFICATION, step.id, current.step_seq + 1
    current.step_started_at, current.step_warn_at, current.step_due_at = clock.iso(now), clock.iso(warn), clock.iso(due)
    current.step_stage, current.task_token, current.assignee = "on_time", None, None
    current.steps_log = [*current.steps_log, {"step": step.id, "seq": current.step_seq, "startedAt": clock.iso(now),
                                              "dueAt": clock.iso(due)}]


def close_step(current: ApplicationModel, outcome: str, now: datetime) -> None:
    log = list(current.steps_log)
    if log and "endedAt" not in log[-1]:
        log[-1] = {**log[-1], "endedAt": clock.iso(now), "outcome": outcome,
                   "withinSla": clock.iso(now) <= log[-1]["dueAt"]}
    current.steps_log = log


# --- the draft ------------------------------------------------------------------------------------------------

_CHANGEABLE = frozenset({s.DRAFT, s.NEEDS_CORRECTION})


@_transition("edit_draft", _CHANGEABLE, events=("answers_saved", "draft_migrated", "upload_requested",
                                                 "document_reused"))
def edit_draft(edit: Callable[[ApplicationModel], None]) -> Mutation:
    """The person changes their draft (or the fields of a correction): answers saved, an upload requested, a
    document reused. The person's edit is what optimistic locking and the draft's expiry count from."""

    def apply(current: ApplicationModel) -> Applied | None:
        if current.status not in _CHANGEABLE:
            return None
        edit(current)
        current.edited_at, current.edited_version = clock.iso(), current.version + 1
        return Applied()

    return apply


@_transition("record_verdict", EVERY, events=("evidence_checked",))
def record_verdict(field_id: str, key: str, verdict: dict) -> Mutation:
    """An upload's check came back (accepted, refused): kept on the application, unless a newer upload
    replaced it meanwhile. Any status: the queue checks the evidence of a submitted application too."""

    def apply(current: ApplicationModel) -> Applied | None:
        if (current.uploads.get(field_id) or {}).get("key") != key:
            return None  # replaced by a newer upload meanwhile
        current.uploads = {**current.uploads, field_id: verdict}
        return Applied()

    return apply


@_transition("delete_draft", {s.DRAFT}, {s.DELETED}, ("draft_deleted",))
def delete_draft() -> Mutation:
    """The person throws a draft away (kept, with its events, for the audit trail)."""

    def apply(current: ApplicationModel) -> Applied | None:
        if current.status != s.DRAFT:
            return None
        current.status = s.DELETED
        return Applied()

    return apply


def _untouched_since(current: ApplicationModel, before: datetime) -> bool:
    return current.status == s.DRAFT and clock.parse(current.edited_at or current.created_at) < before


@_transition("remind_draft", {s.DRAFT}, events=("draft_expiring",))
def remind_draft(before: datetime) -> Mutation:
    """A draft untouched since `before` is about to expire: its owner is told, once per pause."""

    def apply(current: ApplicationModel) -> Applied | None:
        edited = clock.parse(current.edited_at or current.created_at)
        reminded = current.reminded_at and clock.parse(current.reminded_at) >= edited
        if not _untouched_since(current, before) or reminded:
            return None
        current.reminded_at = clock.iso()
        return Applied()

    return apply


@_transition("expire_draft", {s.DRAFT}, {s.EXPIRED}, ("draft_expired",))
def expire_draft(before: datetime) -> Mutation:
    """A draft nobody touched since `before` expires (one saved meanwhile is kept)."""

    def apply(current: ApplicationModel) -> Applied | None:
        if not _untouched_since(current, before):
            return None
        current.status = s.EXPIRED
        return Applied()

    return apply


@_transition("submit", {s.DRAFT}, {s.RECEIVED}, ("submitted",))
def submit(visible: Callable[[dict], dict], office: str | None,
           issued_answers: Callable[[str], dict]) -> Mutation:
    """The person submits their draft: what is kept is what they were last shown (answers to hidden questions
    are dropped); a renewal that changed no answer is "direct" (a later step may take a shorter path)."""

    def apply(current: ApplicationModel) -> Applied | None:
        if current.status != s.DRAFT:
            return None
        current.answers = visible(current.answers)
        current.status, current.reasons = s.RECEIVED, []  # a returned draft's reasons are answered
        details: dict = {}
        if current.renewal_of:
            details["renewalOf"], details["direct"] = current.renewal_of, \
                current.answers == issued_answers(current.renewal_of)
            current.direct_renewal = details["direct"]
        current.submitted_at, current.office = clock.iso(), office
        return Applied(data=details)

    return apply


# --- the queue's checks and the workflow's start ----------------------------------------------------------------

@_transition("return_to_draft", {s.RECEIVED}, {s.DRAFT}, ("validation_failed",))
def return_to_draft(reasons: list[dict]) -> Mutation:
    """The queue's checks failed: back to the person as a draft they can fix and submit again, with what to fix
    (no workflow has started yet, so nothing else is undone); the draft's 30 days start again."""

    def apply(current: ApplicationModel) -> Applied | None:
        if current.status != s.RECEIVED or current.execution_arn:
            return None
        current.status, current.reasons = s.DRAFT, reasons
        current.edited_at = clock.iso()
        return Applied()

    return apply


@_transition("start_workflow", {s.RECEIVED}, events=("validated",))
def start_workflow(execution_arn: str) -> Mutation:
    """The checks passed and the state machine's execution started: it is recorded, once, on an application still
    received (a racing delivery that returned it to draft wins: a draft never holds an execution)."""

    def apply(current: ApplicationModel) -> Applied | None:
        if current.status != s.RECEIVED or current.execution_arn:
            return None
        current.execution_arn = execution_arn
        return Applied()

    return apply


@_transition("enter_step", {s.RECEIVED}, {s.AWAITING_VERIFICATION, s.APPROVED}, ("step_started", "approved"))
def enter_step(path_of: Callable[[ApplicationModel], list[Step]], now: datetime) -> Mutation:
    """The workflow's first Plan: a validated application waits at the first step of its path; one with no
    human step (a direct renewal of a one-step path) is approved at once."""

    def apply(current: ApplicationModel) -> Applied | None:
        if current.status != s.RECEIVED or not current.execution_arn:
            return None
        path = path_of(current)
        if not path:
            current.status, current.decided_at = s.APPROVED, clock.iso(now)
            return Applied()
        wait_at(current, path[0], now)
        return Applied()

    return apply


_WAITING = frozenset({s.AWAITING_VERIFICATION, s.NEEDS_CORRECTION, s.AWAITING_PAYMENT, s.PAYMENT_EXPIRED})


@_transition("await_task", _WAITING, events=("task_waiting",))
def await_task(waiting: tuple[str, ...], step_seq: object, token: str) -> Mutation:
    """A waiting task of the state machine (a staff step, a correction, a payment) gives the token it answers
    to: recorded while the application still waits there."""

    def apply(current: ApplicationModel) -> Applied | None:
        if current.status not in waiting or current.step_seq != step_seq or current.task_token == token:
            return None
        current.task_token = token
        return Applied()

    return apply


# --- staff on a waiting step ------------------------------------------------------------------------------------

def _deciding(step_seq: object, now: datetime, decide: Callable[[ApplicationModel], None]) -> Mutation:
    """A staff decision on the step `step_seq`: exactly one takes effect per step. Hands back the task token it
    cleared (the caller answers it)."""

    def apply(current: ApplicationModel) -> Applied | None:
        if current.status != s.AWAITING_VERIFICATION or current.step_seq != step_seq:
            return None
        token, current.task_token = current.task_token, None
        decide(current)
        return Applied(handed=token)

    return apply


@_transition("pass_step", {s.AWAITING_VERIFICATION}, events=("step_passed",))
def pass_step(step_seq: object, following: Step, now: datetime) -> Mutation:
    """Staff approve a step that is not the last: the application waits at the next one."""

    def decide(current: ApplicationModel) -> None:
        close_step(current, "approved", now)
        wait_at(current, following, now)

    return _deciding(step_seq, now, decide)


@_transition("approve", {s.AWAITING_VERIFICATION}, {s.APPROVED}, ("approved",))
def approve(step_seq: object, now: datetime, assessed_fee: int | None) -> Mutation:
    """Staff approve the last step: the application is approved (with the fee they assessed, for a fee the
    agency computes)."""

    def decide(current: ApplicationModel) -> None:
        close_step(current, "approved", now)
        current.status, current.decided_at, current.assessed_fee = s.APPROVED, clock.iso(now), assessed_fee

    return _deciding(step_seq, now, decide)


@_transition("reject", {s.AWAITING_VERIFICATION}, {s.REJECTED}, ("rejected",))
def reject(step_seq: object, now: datetime, reason: str) -> Mutation:
    """Staff reject the application, with the reason the citizen reads."""

    def decide(current: ApplicationModel) -> None:
        close_step(current, "rejected", now)
        current.status, current.decided_at = s.REJECTED, clock.iso(now)
        current.reasons = [{"field": None, "message": reason}]

    return _deciding(step_seq, now, decide)


@_transition("send_back", {s.AWAITING_VERIFICATION}, {s.NEEDS_CORRECTION}, ("sent_back",))
def send_back(step_seq: object, now: datetime, fields: list[str], note: str, step_id: str,
              due: datetime) -> Mutation:
    """Staff send the application back for correction: the fields to fix, their note, the step it returns to,
    and the day the correction is due."""

    def decide(current: ApplicationModel) -> None:
        close_step(current, "sent_back", now)
        current.status = s.NEEDS_CORRECTION
        current.correction = {"fields": fields, "note": note, "step": step_id, "at": clock.iso(now),
                              "dueAt": clock.iso(due)}

    return _deciding(step_seq, now, decide)


@_transition("assign", {s.AWAITING_VERIFICATION}, events=("claimed", "assigned"))
def assign(step_seq: object, assignee: dict | None) -> Mutation:
    """Staff claim, release or reassign the waiting step (nothing written when it already has that assignee)."""

    def apply(current: ApplicationModel) -> Applied | None:
        if current.status != s.AWAITING_VERIFICATION or current.step_seq != step_seq:
            return None
        if (current.assignee or {}).get("id") == (assignee or {}).get("id"):
            return None
        current.assignee = assignee
        return Applied()

    return apply


def _mark(stage: str, step_seq: object) -> Mutation:
    def apply(current: ApplicationModel) -> Applied | None:
        if current.status != s.AWAITING_VERIFICATION or current.step_seq != step_seq \
                or current.step_stage in (stage, "escalated"):
            return None
        current.step_stage = stage
        return Applied()

    return apply


@_transition("warn", {s.AWAITING_VERIFICATION}, events=("sla_warning",))
def warn(step_seq: object) -> Mutation:
    """The step's SLA warning mark passed: its stage becomes "warned" (once; never after an escalation)."""
    return _mark("warned", step_seq)


@_transition("escalate", {s.AWAITING_VERIFICATION}, events=("sla_escalated",))
def escalate(step_seq: object) -> Mutation:
    """The step is overdue: escalated to the supervisor (once), who may then act on it."""
    return _mark("escalated", step_seq)


# --- the citizen's correction ------------------------------------------------------------------------------------

@_transition("resubmit", {s.NEEDS_CORRECTION}, {s.AWAITING_VERIFICATION}, ("resubmitted",))
def resubmit(step: Step, now: datetime) -> Mutation:
    """The corrected application goes back to the step that returned it (a new wait, new SLA marks). Hands back
    the correction's task token."""

    def apply(current: ApplicationModel) -> Applied | None:
        if current.status != s.NEEDS_CORRECTION:
            return None
        token = current.task_token
        wait_at(current, step, now)
        return Applied(handed=token)

    return apply


def _close(status: str, step_seq: object, now: datetime, reason: str) -> Mutation:
    def apply(current: ApplicationModel) -> Applied | None:
        if current.status != status or current.step_seq != step_seq:
            return None
        current.status, current.decided_at, current.task_token = s.REJECTED, clock.iso(now), None
        current.reasons = [{"field": None, "message": reason}]
        return Applied()

    return apply


@_transition("expire_correction", {s.NEEDS_CORRECTION}, {s.REJECTED}, ("correction_expired",))
def expire_correction(step_seq: object, now: datetime, reason: str) -> Mutation:
    """The correction was not sent by its due day: the application closes, with why."""
    return _close(s.NEEDS_CORRECTION, step_seq, now, reason)


# --- payment --------------------------------------------------------------------------------------------------

@_transition("open_payment", {s.APPROVED}, {s.AWAITING_PAYMENT}, ("invoice_issued",))
def open_payment(invoice_id: str, lapses_at: datetime) -> Mutation:
    """An approved application that owes a fee gets its invoice (once) and waits for payment until the last
    day to pay."""

    def apply(current: ApplicationModel) -> Applied | None:
        if current.status != s.APPROVED or current.invoice_id:
            return None
        current.status, current.invoice_id, current.task_token = s.AWAITING_PAYMENT, invoice_id, None
        current.step_seq, current.payment_lapses_at = current.step_seq + 1, clock.iso(lapses_at)
        return Applied()

    return apply


@_transition("expire_invoice", {s.AWAITING_PAYMENT}, {s.PAYMENT_EXPIRED}, ("invoice_expired",))
def expire_invoice(step_seq: object) -> Mutation:
    """The invoice's time ran out unpaid: the citizen may ask for a new payment code."""

    def apply(current: ApplicationModel) -> Applied | None:
        if current.status != s.AWAITING_PAYMENT or current.step_seq != step_seq:
            return None
        current.status, current.step_seq, current.task_token = s.PAYMENT_EXPIRED, current.step_seq + 1, None
        return Applied()

    return apply


@_transition("new_payment_code", {s.PAYMENT_EXPIRED}, {s.AWAITING_PAYMENT}, ("invoice_renewed",))
def new_payment_code(step_seq: object, invoice_id: str | None) -> Mutation:
    """The citizen asks for a new payment code after the old one expired: a new invoice (once per expiry).
    Hands back the payment step's task token."""

    def apply(current: ApplicationModel) -> Applied | None:
        if current.status != s.PAYMENT_EXPIRED or current.step_seq != step_seq or invoice_id is None:
            return None
        token = current.task_token
        current.status, current.invoice_id, current.task_token = s.AWAITING_PAYMENT, invoice_id, None
        current.step_seq = current.step_seq + 1
        return Applied(handed=token)

    return apply


@_transition("credit", {s.AWAITING_PAYMENT}, {s.PAID}, ("paid",))
def credit(invoice_id: str) -> Mutation:
    """The bank confirmed payment of the application's current invoice: paid (the task token stays until issue,
    so a retry or the sweeper can answer it again)."""

    def apply(current: ApplicationModel) -> Applied | None:
        if current.status != s.AWAITING_PAYMENT or current.invoice_id != invoice_id:
            return None
        current.status = s.PAID
        return Applied()

    return apply


@_transition("lapse_payment", {s.PAYMENT_EXPIRED}, {s.REJECTED}, ("payment_lapsed",))
def lapse_payment(step_seq: object, now: datetime, reason: str) -> Mutation:
    """The last day to pay passed with the code expired: the application closes, with why."""
    return _close(s.PAYMENT_EXPIRED, step_seq, now, reason)


# --- issue ----------------------------------------------------------------------------------------------------

@_transition("issue", {s.APPROVED, s.PAID}, {s.ISSUED}, ("issued",))
def issue(number_for: Callable[[ApplicationModel], str]) -> Mutation:
    """The document is issued: from a paid application, or an approved one that owes nothing (no invoice)."""

    def apply(current: ApplicationModel) -> Applied | None:
        if current.status not in (s.APPROVED, s.PAID) or (current.status == s.APPROVED and current.invoice_id):
            return None
        current.status, current.task_token = s.ISSUED, None
        current.document_number = number_for(current)
        return Applied()

    return apply


ALLOWED: dict[str, set[str]] = _allowed()


def markdown() -> str:
    """The transition table as Markdown (docs/architecture.md): each status, where it may go, and by which
    transition; then every transition with its guard, its events and what it does."""
    order = [s.DRAFT, s.RECEIVED, s.AWAITING_VERIFICATION, s.NEEDS_CORRECTION, s.APPROVED, s.AWAITING_PAYMENT,
             s.PAYMENT_EXPIRED, s.PAID, s.ISSUED, s.REJECTED, s.DELETED, s.EXPIRED]  # as an application goes
    order += [status for status in s.LABELS if status not in order]
    lines = ["| From | To | Transitions |", "|---|---|---|"]
    for origin in order:
        targets = sorted(ALLOWED[origin], key=order.index)
        keeps = sorted(t.name for t in TRANSITIONS.values() if origin in t.leaves and not t.enters
                       and t.leaves != EVERY)
        for target in targets:
            names = sorted(t.name for t in TRANSITIONS.values() if origin in t.leaves and target in t.enters)
            lines.append(f"| `{origin}` | `{target}` | {', '.join(f'`{n}`' for n in names)} |")
        if keeps:
            lines.append(f"| `{origin}` | (same) | {', '.join(f'`{n}`' for n in keeps)} |")
        if not targets and not keeps:
            lines.append(f"| `{origin}` | — (final) | |")
    anywhere = sorted(t.name for t in TRANSITIONS.values() if t.leaves == EVERY)
    lines.append(f"| any | (same) | {', '.join(f'`{n}`' for n in anywhere)} |")
    lines += ["", "| Transition | Leaves from | Enters | Events | What it does |", "|---|---|---|---|---|"]
    for t in TRANSITIONS.values():
        leaves = "any" if t.leaves == EVERY else ", ".join(f"`{x}`" for x in sorted(t.leaves, key=order.index))
        enters = "(same)" if not t.enters else ", ".join(f"`{x}`" for x in sorted(t.enters, key=order.index))
        events = ", ".join(f"`{e}`" for e in t.events)
        lines.append(f"| `{t.name}` | {leaves} | {enters} | {events} | {t.summary} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # python -m chalicelib.applications.lifecycle > the table for docs/architecture.md
    print(markdown(), end="")
