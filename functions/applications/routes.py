"""The citizen's applications: start a draft, list, read, save answers, delete."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib.applications import access, drafts, statuses, store
from chalicelib.identity import profile
from chalicelib.views import applications as views
from functions import adapters
from functions.http import CITIZEN, SIGNED_IN, json_body, lang_of, route

bp = Blueprint(__name__)


@route(bp, "/applications", "POST", CITIZEN, status=201)
def create_application(request, principal):
    body = json_body(request)
    sources = profile.prefill_for(adapters.accounts(), principal.username, principal.person_id)
    return views.view(drafts.start_draft(principal, body.get("permitId"), sources), lang_of(request))


@route(bp, "/applications", "GET", CITIZEN)
def my_applications(request, principal):
    lang = lang_of(request)
    return {"applications": [views.view(a, lang, with_timeline=False)
                             for a in store.list_by_owner(principal.person_id) if a.status != statuses.DELETED]}


@route(bp, "/applications/{application_id}", "GET", SIGNED_IN)
def get_application(request, principal, application_id):
    return views.view(access.load_for(principal, application_id), lang_of(request))


@route(bp, "/applications/{application_id}", "DELETE", SIGNED_IN)  # owner, or the counter filing it
def delete_draft(request, principal, application_id):
    return views.view(drafts.delete_draft(principal, application_id), lang_of(request),
                             with_timeline=False)


@route(bp, "/applications/{application_id}/answers", "PUT", SIGNED_IN)  # owner, or the counter filing it
def save_answers(request, principal, application_id):
    body = json_body(request)
    lang = lang_of(request)
    app, problems = drafts.save_answers(principal, application_id, body.get("answers"), body.get("version"),
                                              lang)
    # A draft is stored as typed; what it still needs fixing is told with it (the submit checks everything).
    return {**views.view(app, lang, with_timeline=False), "problems": [p.to_dict() for p in problems]}
