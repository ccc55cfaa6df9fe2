"""Shared HTTP plumbing for the blueprints: every route declares who may call it, bodies are parsed
with a size limit, and every refusal is a JSON error in Bahasa Indonesia (English on request)."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from aws_lambda_powertools import Logger
from chalice import Blueprint, Response

from chalicelib import audit
from chalicelib.auth import Principal, principal_from_header
from chalicelib.config import settings
from chalicelib.errors import PisaoError, bad_request, forbidden, unauthorized

logger = Logger(service="pisao")

PUBLIC, CITIZEN, STAFF, SIGNED_IN = "public", "citizen", "staff", "signed-in"
PARTNER = "partner"  # a partner system that proves itself by its protocol's own signature (SNAP: the RKUD bank)


def roles(*names: str) -> str:
    """Staff holding one of these roles (Cognito groups), e.g. roles("counter")."""
    return "role:" + "|".join(names)

MAX_BODY_BYTES = 64 * 1024

# (method, path, who): the authorisation table, checked by tests and listed in docs/architecture.md.
ROUTES: list[tuple[str, str, str]] = []


def lang_of(request: Any) -> str:
    query = request.query_params or {}
    if query.get("lang") in ("id", "en"):
        return query["lang"]
    accept = (request.headers or {}).get("accept-language", "")
    return "en" if accept.lower().startswith("en") else "id"


def json_body(request: Any, max_bytes: int = MAX_BODY_BYTES) -> dict:
    raw = request.raw_body or b""
    if len(raw) > max_bytes:
        limit = max_bytes // 1024
        raise PisaoError(413, "too_large", f"Data yang dikirim terlalu besar (paling besar {limit} KB).")
    if not raw:
        raise bad_request("empty_body", "Data permintaan kosong: kirim data dalam format JSON.")
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:  # RecursionError: absurdly deep nesting
        raise bad_request("malformed_json", "Data yang dikirim bukan JSON yang valid.") from exc
    if not isinstance(body, dict):
        raise bad_request("malformed_json", "Data yang dikirim harus berupa objek JSON.")
    return body


def source_ip(request: Any) -> str | None:
    return ((getattr(request, "context", None) or {}).get("identity") or {}).get("sourceIp")


def _authorise(who: str, request: Any, method: str, path: str) -> Principal | None:
    if who in (PUBLIC, PARTNER):  # a partner's signature is checked by the domain (chalicelib/payments/biller.py)
        return None
    principal = principal_from_header((request.headers or {}).get("authorization"), settings())
    if principal.is_staff and not principal.second_factor:
        raise unauthorized("Petugas wajib masuk dengan kode dari aplikasi autentikator.")
    refusal = None
    if who == CITIZEN and not principal.is_citizen:
        refusal = "Halaman ini hanya untuk warga yang masuk dengan akun pribadi."
    elif who == STAFF and (not principal.is_staff or not principal.agency):
        refusal = "Halaman ini hanya untuk petugas instansi."
    elif who.startswith("role:") and not principal.roles.intersection(who[len("role:"):].split("|")):
        refusal = "Peran Anda tidak mengizinkan tindakan ini."
    if refusal:
        _audit_refusal(principal, request, method, path)
        raise forbidden(refusal)
    return principal


def _audit_refusal(principal: Principal, request: Any, method: str, path: str) -> None:
    audit.record(principal, "route", f"route#{method} {path}", outcome="refused", source_ip=source_ip(request))


def route(bp: Blueprint, path: str, method: str, who: str, status: int = 200) -> Callable:
    """Register a view that receives (request, principal, **uri params) and returns a JSON-able body."""

    def register(view: Callable) -> Callable:
        @wraps(view)
        def handler(**params: str) -> Response:
            request = bp.current_request
            principal = None
            try:
                principal = _authorise(who, request, method, path)
                body = view(request, principal, **params)
                if isinstance(body, Response):  # a view that chose its own status
                    return body
                return Response(body=body, status_code=status, headers={"Cache-Control": "no-store"})
            except PisaoError as err:
                if err.status == 403 and principal is not None:  # refused by the domain (role, agency)
                    _audit_refusal(principal, request, method, path)
                if err.status in (401, 403):
                    logger.warning("access refused", extra={"route": path, "method": method, "code": err.code})
                return Response(body=err.to_dict(), status_code=err.status, headers={"Cache-Control": "no-store"})

        ROUTES.append((method, path, who))
        return bp.route(path, methods=[method])(handler)

    return register
