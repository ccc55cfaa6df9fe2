"""A submission checked against its form and evidence, and, once valid, its workflow started."""

from __future__ import annotations

from chalicelib import catalogue, forms
from chalicelib.applications import evidence, lifecycle, statuses, store
from chalicelib.core.auth import SYSTEM
from chalicelib.core.errors import FieldError
from chalicelib.core.i18n import localize
from chalicelib.core.models import ApplicationModel
from chalicelib.core.ports import Files, Scanner, StateMachine


def check_submission(app: ApplicationModel, lang: str = "id", scanned: bool = True) -> list[FieldError]:
    """Everything wrong with a submitted application: answers against the form (the rules and messages the
    browser runs), and the evidence (which must have passed its checks: chalicelib/applications/evidence.py). Before
    the queue has scanned the uploads (`scanned=False`, at submit) an upload still unchecked is no error
    yet: it must be there, and not already refused."""
    permit = catalogue.get_permit(app.permit_id)
    kept, errors = forms.validate(permit, app.answers, lang)
    rules = forms.compile.rules(permit["form"])
    for question in forms.file_questions(permit["form"]):
        visible = forms.visible_answers(rules, {question["id"]: True, **kept})
        if question["id"] not in visible:
            continue  # a document the answers no longer ask for (e.g. a police report for a damaged card)
        upload = app.uploads.get(question["id"])
        if upload is None and not forms.is_required(rules, question["id"], kept):
            continue
        if not scanned and upload is not None and upload.get("status") not in ("missing", "rejected"):
            continue  # the queue scans it; a bad file sends the application back then
        problem = evidence.problem(upload, localize(question["label"], "id"))
        if problem:
            errors.append(FieldError(question["id"], problem))
    return errors


def process_submission(application_id: str, files: Files, workflow: StateMachine, scanner: Scanner) -> ApplicationModel:
    app = store.get(application_id)
    if app.status != statuses.RECEIVED or app.execution_arn:
        return app  # already processed: a redelivery
    app = evidence.check_all(app, files, scanner, SYSTEM)  # a scanner outage raises: the message is retried
    errors = check_submission(app)
    if errors:
        reasons = [e.to_dict() for e in errors]
        return store.update(application_id, store.Change("validation_failed", SYSTEM, {"reasons": reasons}),
                            lifecycle.return_to_draft(reasons)).app
    # Start first, record after: a crash in between is healed by the redelivery (same execution name).
    execution_arn = workflow.start(application_id, {"applicationId": application_id})
    return store.update(application_id, store.Change("validated", SYSTEM), lifecycle.start_workflow(execution_arn)).app
