"""Shared HTTP plumbing for the blueprints: every route declares who may call it; one input boundary checks
every request's method, parameters, content type and body (size, strict UTF-8, depth) before any view; every
refusal is a JSON error in Bahasa Indonesia (English on request)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from aws_lambda_powertools import Logger
from chalice import Blueprint, Response

from chalicelib.core import audit
from chalicelib.core.auth import Principal, principal_from_header
from chalicelib.core.config import settings
from chalicelib.core.errors import FieldError, PisaoError, forbidden, unauthorized

logger = Logger(service="pisao")

PUBLIC, CITIZEN, STAFF, SIGNED_IN = "public", "citizen", "staff", "signed-in"
PARTNER = "partner"  # a partner system that proves itself by its protocol's own signature (SNAP: the RKUD bank)


def roles(*names: str) -> str:
    """Staff holding one of these roles (Cognito groups), e.g. roles("counter")."""
    return "role:" + "|".join(names)


ADMINS = roles("agency_admin", "system_admin")  # an agency admin acts for their own agency only

MAX_BODY_BYTES = 64 * 1024
MAX_JSON_DEPTH = 32  # nesting levels of a JSON body (the deepest permit definition has 11)
# Every method API Gateway routes: each path is registered once with all of them, so an unknown method reaches
# the app and is answered 405 in our shape (API Gateway would answer 403 "Missing Authentication Token").
HTTP_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
JSON_TYPE = "application/json"

# (method, path, who): the authorisation table, checked by tests and listed in docs/architecture.md.
ROUTES: list[tuple[str, str, str]] = []


@dataclass(frozen=True)
class _View:
    handler: Callable[[Any, dict], Response]
    max_body: int


_VIEWS: dict[str, dict[str, _View]] = {}  # path -> method -> view
_NO_BODY = object()

# The boundary's refusals, Bahasa Indonesia and English (SNAP routes answer in SNAP's terms: `route(refuse=)`).
_TEXT: dict[str, tuple[str, str]] = {
    "too_large": ("Data yang dikirim terlalu besar (paling besar {limit} KB).",
                  "The request body is too large (at most {limit} KB)."),
    "empty_body": ("Data permintaan kosong: kirim data dalam format JSON.",
                   "The request body is empty: send the data as JSON."),
    "invalid_encoding": ("Data yang dikirim bukan teks UTF-8 yang valid.", "The request body is not valid UTF-8 text."),
    "malformed_json": ("Data yang dikirim bukan JSON yang valid.", "The request body is not valid JSON."),
    "not_an_object": ("Data yang dikirim harus berupa objek JSON.", "The request body must be a JSON object."),
    "too_deep": ("Data JSON terlalu bertingkat (paling banyak {limit} tingkat).",
                 "The JSON body is nested too deeply (at most {limit} levels)."),
    "invalid_character": ("Isian {field} memuat karakter yang tidak sah (surrogat Unicode tunggal {char}).",
                          "{field} holds an invalid character (a lone Unicode surrogate {char})."),
    "invalid_parameter": ("Parameter {field} memuat karakter yang tidak sah.",
                          "Parameter {field} holds an invalid character."),
    "unsupported_media_type": ("Jenis isi \u201c{type}\u201d tidak didukung: kirim data sebagai JSON "
                               "(application/json, UTF-8).",
                               "Content type \u201c{type}\u201d is not supported: send application/json (UTF-8)."),
    "no_such_path": ("Alamat tidak ditemukan. Periksa kembali alamat yang Anda buka.",
                     "Address not found. Check the address you opened."),
    "method_not_allowed": ("Metode {method} tidak tersedia untuk alamat ini; yang tersedia: {allow}.",
                           "Method {method} is not available here; allowed: {allow}."),
}
_STATUS = {"too_large": 413, "unsupported_media_type": 415, "method_not_allowed": 405, "no_such_path": 404}


def lang_of(request: Any) -> str:
    query = request.query_params or {}
    if query.get("lang") in ("id", "en"):
        return query["lang"]
    accept = (request.headers or {}).get("accept-language", "")
    return "en" if accept.lower().startswith("en") else "id"


class Refusal(PisaoError):
    """A request the boundary refuses before any view runs: bytes, JSON, method or content type."""

    def __init__(self, code: str, lang: str, field: str | None = None, **args: object) -> None:
        message = _TEXT[code][lang == "en"].format(field=field, **args)
        super().__init__(_STATUS.get(code, 400), code, message, [FieldError(field, message)] if field else [])
        self.field, self.limit = field, args.get("limit")  # for another protocol's own message (SNAP)


def _printable(text: str) -> str:
    """A name as it can be shown: a lone surrogate becomes its escape (\\ud800), never a broken string."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _lone_surrogate(text: str) -> str | None:
    for char in text:
        if "\ud800" <= char <= "\udfff":
            return f"\\u{ord(char):04x}"
    return None


def _check_tree(body: Any, lang: str) -> None:
    """Depth and strict text over the whole parsed body, keys included, without recursion."""
    stack: list[tuple[Any, str, int]] = [(body, "", 1)]
    while stack:
        node, where, depth = stack.pop()
        if isinstance(node, (dict, list)) and depth > MAX_JSON_DEPTH:
            raise Refusal("too_deep", lang, limit=MAX_JSON_DEPTH)
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, value in items:
            name = f"{where}.{key}" if where else str(key)
            if isinstance(key, str) and (char := _lone_surrogate(key)):
                raise Refusal("invalid_character", lang, _printable(name), char=char)
            if isinstance(value, str):
                if char := _lone_surrogate(value):
                    raise Refusal("invalid_character", lang, _printable(name), char=char)
            elif isinstance(value, (dict, list)):
                stack.append((value, name, depth + 1))


def _no_constants(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def parse_json(raw: bytes, lang: str = "id", max_bytes: int = MAX_BODY_BYTES) -> Any:
    """Strict JSON: within the size limit, UTF-8 only, no NaN/Infinity, at most MAX_JSON_DEPTH levels, no lone
    surrogate in any key or string (they cannot be stored, hashed or sent on). Raises Refusal."""
    if len(raw) > max_bytes:
        raise Refusal("too_large", lang, limit=max_bytes // 1024)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Refusal("invalid_encoding", lang) from exc
    try:
        body = json.loads(text, parse_constant=_no_constants)
    except RecursionError as exc:  # absurdly deep nesting
        raise Refusal("too_deep", lang, limit=MAX_JSON_DEPTH) from exc
    except ValueError as exc:
        raise Refusal("malformed_json", lang) from exc
    _check_tree(body, lang)
    return body


def _raw_body(request: Any, lang: str) -> bytes:
    try:
        return request.raw_body or b""
    except UnicodeEncodeError as exc:  # a str body (API Gateway's) holding a lone surrogate
        raise Refusal("invalid_encoding", lang) from exc


def _content_type_ok(header: str | None) -> bool:
    """application/json, with no charset or UTF-8; a missing header counts as JSON (as Chalice has it)."""
    if not header:
        return True
    kind, *params = [part.strip().lower() for part in header.split(";")]
    charset = [p.split("=", 1)[1].strip('" ') for p in params if p.startswith("charset=")]
    return kind == JSON_TYPE and all(c in ("utf-8", "utf8") for c in charset)


def _check_params(request: Any, lang: str) -> None:
    """Path and query parameters are text like any other: a lone surrogate cannot reach a key or a log."""
    named = [(f"{{{k}}}", v) for k, v in (request.uri_params or {}).items()]
    if any(not value for _name, value in named):  # an empty segment (API Gateway would not match it): no key
        raise Refusal("no_such_path", lang)
    query = request.query_params
    if query:
        named += [(k, v) for k in query for v in query.getlist(k)]
        named += [(k, k) for k in query]
    for name, value in named:
        if _lone_surrogate(str(name)) or _lone_surrogate(str(value)):
            raise Refusal("invalid_parameter", lang, _printable(str(name)))


def json_body(request: Any) -> dict:
    """The request's body as the boundary parsed it (see `parse_json`): a JSON object, or a clear 400."""
    body = getattr(request, "pisao_body", _NO_BODY)
    if body is _NO_BODY:
        raise Refusal("empty_body", lang_of(request))
    if not isinstance(body, dict):
        raise Refusal("not_an_object", lang_of(request))
    return body


def source_ip(request: Any) -> str | None:
    return ((getattr(request, "context", None) or {}).get("identity") or {}).get("sourceIp")


def _authorise(who: str, request: Any, method: str, path: str) -> Principal | None:
    if who in (PUBLIC, PARTNER):  # a partner's signature is checked by the domain (chalicelib/payments/snap_api.py)
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


def _error(err: PisaoError) -> Response:
    return Response(body=err.to_dict(), status_code=err.status, headers={"Cache-Control": "no-store"})


def route(bp: Blueprint, path: str, method: str, who: str, status: int = 200, max_body: int = MAX_BODY_BYTES,
          refuse: Callable[[Refusal], Response] | None = None) -> Callable:
    """Register a view that receives (request, principal, **uri params) and returns a JSON-able body.
    `max_body` raises the body limit of this route; `refuse` answers the boundary's refusals on this path in
    another protocol's shape (SNAP)."""

    def register(view: Callable) -> Callable:
        @wraps(view)
        def handler(request: Any, params: dict) -> Response:
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
                return _error(err)

        ROUTES.append((method, path, who))
        views = _VIEWS.setdefault(path, {})
        if method in views:
            raise ValueError(f"{method} {path} is declared twice")
        if not views:  # the first view of a path registers it, once, for every method
            bp.route(path, methods=list(HTTP_METHODS), content_types=["*/*"])(_dispatcher(bp, path))
        views[method] = _View(handler, max_body)
        if refuse is not None:
            _REFUSE[path] = refuse
        return view

    return register


_REFUSE: dict[str, Callable[[Refusal], Response]] = {}


def _allow(views: dict[str, _View]) -> str:
    methods = set(views) | {"OPTIONS"} | ({"HEAD"} if "GET" in views else set())
    return ", ".join(m for m in HTTP_METHODS if m in methods)


def _dispatcher(bp: Blueprint, path: str) -> Callable:
    """The input boundary every route shares: method, parameters, content type and body are checked here,
    before authorisation and before any view, so a view only ever sees a well-formed JSON object."""

    def dispatch(**params: str) -> Response:
        request = bp.current_request
        views = _VIEWS[path]
        method = str(request.method).upper()
        lang = lang_of(request)
        allow = _allow(views)
        if method == "OPTIONS" and "OPTIONS" not in views:
            return Response(body="", status_code=204, headers={"Allow": allow, "Cache-Control": "no-store"})
        try:
            view = views.get("GET" if method == "HEAD" and "HEAD" not in views else method)
            if view is None:
                raise Refusal("method_not_allowed", lang, method=_printable(method)[:20], allow=allow)
            _check_params(request, lang)
            raw = _raw_body(request, lang)
            if raw:
                kind = request.headers.get("content-type")
                if not _content_type_ok(kind):
                    raise Refusal("unsupported_media_type", lang, type=_printable(str(kind))[:80])
                # handed to json_body on the request itself (Chalice's Request declares no such attribute)
                request.pisao_body = parse_json(raw, lang, view.max_body)  # type: ignore[attr-defined]
            response = view.handler(request, params)
        except Refusal as err:
            refuse = _REFUSE.get(path)
            response = refuse(err) if refuse else _error(err)
            if err.code == "method_not_allowed":
                response.headers["Allow"] = allow
        if method == "HEAD":  # as GET, without the body
            response.body = ""
        return response

    dispatch.__name__ = "route" + "".join(c if c.isalnum() else "_" for c in path)
    return dispatch


def other_methods(request: Any, get_response: Callable) -> Response:
    """HTTP middleware: a method no route can have (TRACE, CONNECT, anything made up) never reaches Chalice's
    English 405; it gets ours, with the path's Allow."""
    method = str(request.method).upper()
    views = _VIEWS.get(request.path)
    if method in HTTP_METHODS or views is None:
        return get_response(request)
    err = Refusal("method_not_allowed", lang_of(request), method=_printable(method)[:20], allow=_allow(views))
    refuse = _REFUSE.get(request.path)
    response = refuse(err) if refuse else _error(err)
    response.headers["Allow"] = _allow(views)
    return response
