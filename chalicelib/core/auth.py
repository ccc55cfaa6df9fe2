"""Who is calling: Cognito ID tokens verified by signature (JWKS), expiry, audience and issuer.
`chalice local` verifies nothing, so the API always does it itself."""

from __future__ import annotations

import json
import time
import urllib.request
from dataclasses import dataclass

import jwt

from chalicelib.core.config import Settings
from chalicelib.core.errors import PisaoError, forbidden, unauthorized

CITIZEN = "citizen"
STAFF_ROLES = ("counter", "verifier", "approver", "agency_admin", "treasurer", "system_admin")


@dataclass(frozen=True)
class Principal:
    person_id: str  # PISAO's own stable id (custom:person_id), never the NIK; survives an IdP migration
    name: str
    roles: frozenset[str]
    agency: str | None
    office: str | None = None
    username: str = ""  # the pool's username: a citizen's NIK, so never logged
    second_factor: bool = False  # signed in with an authenticator code (required of staff)

    @property
    def is_citizen(self) -> bool:
        return CITIZEN in self.roles

    @property
    def is_staff(self) -> bool:
        return bool(self.roles.intersection(STAFF_ROLES))

    def role_label(self) -> str:
        """What the citizen's timeline shows: the role, never the staff member's name."""
        for role in STAFF_ROLES:
            if role in self.roles:
                return role
        if "bank" in self.roles:  # the RKUD bank confirming a payment (chalicelib/payments/snap_api.py)
            return "bank"
        return CITIZEN if self.is_citizen else "system"

    def require_role(self, *roles: str) -> None:
        if not self.roles.intersection(roles):
            raise forbidden("Peran Anda tidak mengizinkan tindakan ini.")

    def require_agency(self, agency: str) -> None:
        if self.agency != agency and "system_admin" not in self.roles:
            raise forbidden("Permohonan ini bukan milik instansi Anda.")


SYSTEM = Principal(person_id="system", name="PISAO", roles=frozenset({"system"}), agency=None)


_JWKS_TTL_SECONDS = 3600
_JWKS_MIN_REFRESH_SECONDS = 60
_jwks_cache: dict[str, tuple[float, jwt.PyJWKSet]] = {}


def _jwks(url: str, refresh: bool = False) -> jwt.PyJWKSet:
    """The pool's public keys, cached for an hour and re-read once when an unknown key id appears
    (key rotation). `file://` serves an on-premise pool whose keys are pinned in configuration."""
    cached = _jwks_cache.get(url)
    # A forged kid must not make every request re-read the keys: refresh at most once a minute.
    if cached and time.monotonic() - cached[0] < (_JWKS_MIN_REFRESH_SECONDS if refresh else _JWKS_TTL_SECONDS):
        return cached[1]
    if not url.startswith(("https://", "http://", "file://")):
        raise ValueError("JWKS_URL must be an http(s) or file URL")
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - scheme checked above
        keys = jwt.PyJWKSet.from_dict(json.load(response))
    _jwks_cache[url] = (time.monotonic(), keys)
    return keys


def _signing_key(token: str, url: str) -> jwt.PyJWK:
    kid = jwt.get_unverified_header(token).get("kid")
    for refresh in (False, True):
        for key in _jwks(url, refresh).keys:
            if key.key_id == kid:
                return key
    raise jwt.InvalidKeyError("unknown key id")


def verify_token(token: str, cfg: Settings) -> Principal:
    try:
        key = _signing_key(token, cfg.jwks_url)
        claims = jwt.decode(
            token, key.key, algorithms=["RS256"], audience=cfg.user_pool_client_id,
            issuer=cfg.token_issuer, options={"require": ["exp", "iat", "sub", "aud", "iss"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise unauthorized("Sesi Anda sudah berakhir. Silakan masuk kembali.") from exc
    except (jwt.PyJWTError, ValueError, OSError) as exc:
        raise unauthorized("Token masuk tidak sah. Silakan masuk kembali.") from exc
    if claims.get("token_use") != "id":
        raise unauthorized("Token masuk tidak sah. Silakan masuk kembali.")
    person_id = claims.get("custom:person_id")
    if not person_id:
        raise unauthorized("Akun Anda belum lengkap. Hubungi petugas layanan PISAO.")
    roles = frozenset(claims.get("cognito:groups") or [])
    return Principal(
        person_id=person_id, name=claims.get("name") or "", roles=roles, agency=claims.get("custom:agency") or None,
        office=claims.get("custom:office") or None, username=claims.get("cognito:username") or "",
        second_factor=claims.get("custom:second_factor") == "totp",
    )


def principal_from_header(header: str | None, cfg: Settings) -> Principal:
    if not header or not header.startswith("Bearer "):
        raise unauthorized()
    return verify_token(header[len("Bearer "):].strip(), cfg)


__all__ = ["Principal", "PisaoError", "SYSTEM", "principal_from_header", "verify_token"]
