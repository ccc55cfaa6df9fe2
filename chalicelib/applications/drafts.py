"""A draft: started (blank, prefilled, or a renewal), answers saved as typed, deleted."""

from __future__ import annotations

from functools import lru_cache

from chalicelib import catalogue, forms
from chalicelib.applications import lifecycle, statuses, store
from chalicelib.applications.access import editable, own_draft
from chalicelib.core import clock
from chalicelib.core.auth import Principal
from chalicelib.core.errors import FieldError, bad_request
from chalicelib.core.models import ApplicationModel, IssuedPermitModel

# What a draft must hold to be stored at all: answers to questions the form asks, of the right JSON type and
# within the size limits. Everything else a person can type (too short, a wrong pattern, a NIK that does
# not match the sex) is stored as typed and reported, so leaving a page never loses it; submit checks all.
_SHAPE = ("type", "properties", "additionalProperties", "items", "maxLength", "maxItems")


_NOT_STORABLE = "Jawaban ini tidak dapat disimpan. Muat ulang formulir lalu coba lagi."


def start_draft(principal: Principal, permit_id: object, prefill: dict | None = None,
                owner_id: str | None = None, applicant_name: str | None = None,
                filed_by: dict | None = None, renewing: IssuedPermitModel | None = None) -> ApplicationModel:
    """A new draft, prefilled from `prefill` sources (the owner's profile) and, for a renewal, from the
    permit it renews; a counter passes the citizen it files for (owner) and where it is filed."""
    permit = catalogue.get_permit(permit_id)  # raises a clear 404 for an unknown permit type
    at = clock.iso()
    answers = forms.prefilled(permit, prefill or {})
    if renewing is not None:  # nothing retyped: every answer the permit was issued on, still valid
        carried = {k: v for k, v in renewing.data.items() if k in {q["id"] for q in forms.answer_questions(
            permit["form"])}}
        bad = {e.field for e in forms.validate_answers(permit, carried, partial=True)}
        answers.update({k: v for k, v in carried.items() if k not in bad})
    app = ApplicationModel(
        application_id=store.new_application_id(), owner_id=owner_id or principal.person_id, permit_id=permit["id"],
        form_version=permit["version"], agency=permit["agency"]["id"], status=statuses.DRAFT,
        applicant_name=applicant_name or principal.name, answers=answers, uploads={}, reasons=[],
        renewal_of=renewing.number if renewing is not None else None,
        created_by=principal.person_id, filed_by=filed_by, filed_office=(filed_by or {}).get("office"),
        created_at=at, updated_at=at, edited_at=at, edited_version=1,
    )
    return store.create(app, store.Change("created", principal, {"permitId": permit["id"]}))


def form_update(app: ApplicationModel, permit: dict) -> dict | None:
    """What changed for a draft started on an older form version: the answers the new version no longer
    asks for (they are dropped at the next save, and the person is told)."""
    if app.status != statuses.DRAFT or app.form_version == permit["version"]:
        return None
    asked = {q["id"] for q in forms.answer_questions(permit["form"])}
    return {"from": app.form_version, "to": permit["version"], "removed": sorted(set(app.answers) - asked)}


def delete_draft(principal: Principal, application_id: str) -> ApplicationModel:
    own_draft(principal, application_id)
    return store.update(application_id, store.Change("draft_deleted", principal), lifecycle.delete_draft()).app


def _shape(node: object) -> object:
    if not isinstance(node, dict):
        return node
    out = {k: v for k, v in node.items() if k in _SHAPE}
    if isinstance(out.get("properties"), dict):
        out["properties"] = {k: _shape(v) for k, v in out["properties"].items()}
    if "items" in out:
        out["items"] = _shape(out["items"])
    return out


@lru_cache(maxsize=64)
def _shape_of(permit_id: str, version: int) -> dict:
    return _shape(forms.compile.inline(forms.compile_schema(catalogue.get_permit(permit_id))))  # type: ignore[return-value]


def _unstorable(permit: dict, answers: dict) -> set[str]:
    """The top-level questions whose sent answer no draft can hold (unknown, wrong type, too long)."""
    from jsonschema import Draft202012Validator  # on the first draft saved, not at every cold start

    shape = _shape_of(permit["id"], permit["version"])
    sent = {k: v for k, v in answers.items() if v not in (None, "", [])}
    bad = {str(k) for k in sent if k not in shape["properties"]}
    for err in Draft202012Validator(shape).iter_errors({k: v for k, v in sent.items() if k not in bad}):
        if err.absolute_path:
            bad.add(str(err.absolute_path[0]))
    return bad


def save_answers(principal: Principal, application_id: str, answers: object, version: object,
                 lang: str = "id") -> tuple[ApplicationModel, list[FieldError]]:
    """Save answers to a draft: (the application, the problems its answers still have). A draft stores what
    the person typed even when it is wrong (only what no draft can hold is refused); in a correction, a
    save refuses what it sends or newly breaks, as before."""
    if not isinstance(version, int) or isinstance(version, bool):
        raise bad_request("invalid_version", "Versi draf tidak valid. Muat ulang halaman lalu coba lagi.")
    if not isinstance(answers, dict):
        raise bad_request("invalid_answers", "Jawaban formulir harus berupa objek JSON.")
    app = editable(principal, application_id)
    answers = forms.stored_answers(catalogue.get_permit(app.permit_id), answers)  # "0812 …" → "+62812…"
    # In a correction only what staff named may change (a page sent whole repeats the rest unchanged).
    changed = {k for k, v in answers.items() if app.answers.get(k) != v and not (v in (None, "", []) and k not in
                                                                                app.answers)}
    app = own_draft(principal, application_id, changed)
    permit = catalogue.get_permit(app.permit_id)
    update = form_update(app, permit)
    removed = set(update["removed"]) if update else set()  # a new form version no longer asks these

    def merge(current: dict) -> dict:
        merged = {**current, **answers}
        return {k: v for k, v in merged.items() if k not in removed and v not in (None, "", [])}  # emptied = gone

    # The whole draft as it would be, so rules across fields (NIK and sex) see every answer.
    problems = forms.validate_answers(permit, merge(app.answers), lang, partial=True)
    whole = [e for e in problems if e.field == "answers"]  # e.g. too many answers: nothing else to say
    if whole:
        raise bad_request("invalid_answers", "Ada jawaban yang perlu diperbaiki.", whole)
    if app.status == statuses.DRAFT:
        # Nothing of a save is stored when part of it cannot be: then every problem is told at once.
        bad = _unstorable(permit, answers)
        named = {(e.field or "").split(".")[0] for e in problems}
        refused = [*problems, *(FieldError(f[:40], _NOT_STORABLE) for f in sorted(bad - named))] \
            if bad or any(e.field is None for e in problems) else []
    else:
        # Refused are only problems with what this save sends or newly causes (an old answer a page no
        # longer accepts must not block saving another page).
        before = {e.field for e in forms.validate_answers(permit, app.answers, lang, partial=True)}
        refused = [e for e in problems if (e.field or "").split(".")[0] in answers or e.field not in before]
    if refused:
        raise bad_request("invalid_answers", "Ada jawaban yang perlu diperbaiki.", refused)

    def edit(current: ApplicationModel) -> None:
        current.answers = merge(current.answers)
        current.form_version = permit["version"]

    change = store.Change("draft_migrated" if update else "answers_saved", principal, update)
    return store.update(application_id, change, lifecycle.edit_draft(edit), version).app, problems
