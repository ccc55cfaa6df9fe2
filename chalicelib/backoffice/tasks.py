"""The state machine's tasks (infra/statemachine/application.asl.json).

The state machine is a loop that follows the application: its Plan step asks `plan()` what comes next, each human
step (and a correction by the citizen) waits on a task token, and a timer running out comes back through
`overdue()`. The steps themselves are data (chalicelib/catalogue/workflows.py). Every handler is idempotent: a
redelivered message changes nothing the second time."""

from __future__ import annotations

from chalicelib.applications import lifecycle, statuses, store
from chalicelib.backoffice.steps import (
    OPEN,
    WAITING,
    path_of,
    step_label,
    step_of_application,
    timer_seconds,
)
from chalicelib.core import clock
from chalicelib.core.auth import SYSTEM
from chalicelib.core.models import ApplicationModel
from chalicelib.core.ports import Queue, StateMachine
from chalicelib.payments.stage import bill, payment_overdue
from chalicelib.permits import issued


def handle_task(message: dict, workflow: StateMachine) -> None:
    """A step of the state machine asks for work (waitForTaskToken)."""
    kind, application_id, token = message.get("kind"), message.get("applicationId"), message.get("taskToken")
    if not isinstance(application_id, str) or not isinstance(token, str):
        raise ValueError("task message without applicationId or taskToken")
    if kind == "plan":
        workflow.succeed(token, plan(application_id))
    elif kind in WAITING:
        if not _await(application_id, message.get("stepSeq"), token, kind):
            workflow.succeed(token, {})  # already acted on while this execution was (re)starting: go on
    elif kind == "overdue":
        overdue(application_id, message.get("stepSeq"))
        workflow.succeed(token, {})
    elif kind == "issue":
        app = issue(application_id)
        workflow.succeed(token, {"documentNumber": app.document_number})
    else:
        raise ValueError(f"unknown task kind {kind!r}")


def plan(application_id: str) -> dict:
    """What the execution does next, read from the application; a validated one enters its first step."""
    now = clock.now()
    first = path_of(store.get(application_id))  # none: no human step left (a direct renewal of a one-step path)
    change = store.Change("step_started", SYSTEM, step_label(first[0]) if first else {"step": None})
    app = store.update(application_id, change if first else store.Change("approved", SYSTEM),
                       lifecycle.enter_step(path_of, now)).app
    if app.status == statuses.APPROVED and not app.invoice_id:
        app = bill(app, now)
    answer = {"next": "", "step": app.step or "", "stepSeq": app.step_seq, "timeoutSeconds": 1}
    waits = {status: kind for kind, waiting in WAITING.items() for status in waiting}
    if app.status in waits:
        return {**answer, "next": waits[app.status], "timeoutSeconds": timer_seconds(app, now)}
    following = {statuses.APPROVED: "issue", statuses.PAID: "issue", statuses.ISSUED: "issued",
                 statuses.REJECTED: "rejected"}
    if app.status in following:
        return {**answer, "next": following[app.status]}
    raise ValueError(f"application {application_id} is {app.status}: nothing to plan")


def _await(application_id: str, step_seq: object, token: str, kind: str) -> bool:
    """Record the token the waiting step answers to; False when the step is no longer waiting."""
    waiting = WAITING[kind]
    done = store.update(application_id, store.Change("task_waiting", SYSTEM, {"kind": kind}),
                        lifecycle.await_task(waiting, step_seq, token))
    return done.changed or (done.app.status in waiting and done.app.step_seq == step_seq)


def overdue(application_id: str, step_seq: object) -> ApplicationModel:
    """A timer ran out: raise the SLA warning, escalate to the supervisor, or close a correction that
    never came. Only what is due happens; a repeated message finds it done."""
    now = clock.now()
    app = store.get(application_id)
    if app.step_seq != step_seq:
        return app
    if app.status in WAITING["payment"]:
        return payment_overdue(app, now)
    if app.status == statuses.NEEDS_CORRECTION:
        if clock.iso(now) < app.correction["dueAt"]:
            return app
        closing = lifecycle.expire_correction(step_seq, now, "Perbaikan tidak dikirim sampai batas waktu sehingga "
                                              "permohonan ditutup. Anda dapat mengajukan permohonan baru.")
        return store.update(application_id, store.Change("correction_expired", SYSTEM), closing).app
    step = step_of_application(app)
    if app.status != statuses.AWAITING_VERIFICATION or step is None:
        return app
    stage = "escalated" if clock.iso(now) >= app.step_due_at else "warned" if clock.iso(now) >= app.step_warn_at \
        else app.step_stage
    if stage == app.step_stage or app.step_stage == "escalated":
        return app
    escalating = stage == "escalated"
    event = "sla_escalated" if escalating else "sla_warning"
    data = {**step_label(step), "supervisor": step.supervisor}
    mark = lifecycle.escalate(step_seq) if escalating else lifecycle.warn(step_seq)
    return store.update(application_id, store.Change(event, SYSTEM, data), mark).app


def issue(application_id: str) -> ApplicationModel:
    on = issued.today()
    # The issued permit ("Izin Saya") is written in the same transaction as the application's change.
    return store.update(application_id, store.Change("issued", SYSTEM),
                        lifecycle.issue(lambda current: issued.number_for(current, on)),
                        extras=lambda app: issued.issued_from(app, app.document_number, on)).app


def resume(app: ApplicationModel, queue: Queue, workflow: StateMachine) -> str | None:
    """Re-start the work of an application whose queue message or execution was lost (the local stack
    after a restart; production after a redrive). Safe to repeat: every step it triggers is idempotent."""
    if app.status == statuses.RECEIVED and not app.execution_arn:
        queue.send({"applicationId": app.application_id})
        return "revalidate"
    if app.status not in OPEN:
        return None
    # Step Functions keeps execution names for 90 days: a resumed one is named after the version it
    # resumes, so resuming the same state twice is still one execution. Its Plan step reads where to go on.
    workflow.start(f"{app.application_id}-r{app.version}", {"applicationId": app.application_id})
    return app.status
