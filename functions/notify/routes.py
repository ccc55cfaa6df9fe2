"""The citizen's inbox."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib.notifications import inbox as messages
from functions.http import CITIZEN, lang_of, route

bp = Blueprint(__name__)


@route(bp, "/notifications", "GET", CITIZEN)
def inbox(request, principal):
    return {"notifications": messages.inbox(principal.person_id, lang_of(request))}
