"""Tokens are trusted only when signed by the pool's key, unexpired, for our client and issuer."""

import json
import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from chalicelib.core import auth
from chalicelib.core.config import Settings
from chalicelib.core.errors import PisaoError

ISSUER = "https://cognito-idp.ap-southeast-3.amazonaws.com/ap-southeast-3_test"


def _key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    trusted, other = _key(), _key()
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(trusted.public_key()))
    path = tmp_path_factory.mktemp("jwks") / "jwks.json"
    path.write_text(json.dumps({"keys": [{**jwk, "kid": "k1", "alg": "RS256", "use": "sig"}]}))
    cfg = Settings(
        region="ap-southeast-3", endpoint_url=None, applications_table="a", events_table="e", uploads_bucket="u",
        documents_bucket="d", submissions_queue_url="", tasks_queue_url="", state_machine_arn="",
        user_pool_id="ap-southeast-3_test", user_pool_client_id="client-1", jwks_url=path.as_uri(),
        token_issuer=ISSUER, presign_expires_seconds=1, otp_pepper="p", mail_from="m@x.id",
    )
    return trusted, other, cfg


def _token(key, **overrides):
    now = int(time.time())
    claims = {"sub": "user-1", "aud": "client-1", "iss": ISSUER, "token_use": "id", "iat": now, "exp": now + 600,
              "name": "Siti Aminah", "custom:person_id": "P-1", "cognito:groups": ["verifier"],
              "custom:agency": "kelurahan-gambir"}
    claims.update(overrides)
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": "k1"})


def test_valid_token_gives_roles_and_agency(keys):
    trusted, _, cfg = keys
    who = auth.principal_from_header(f"Bearer {_token(trusted)}", cfg)
    assert (who.person_id, who.roles, who.agency, who.is_citizen) == ("P-1", {"verifier"}, "kelurahan-gambir", False)


@pytest.mark.parametrize("case,message", [
    ("other_key", "Token masuk tidak sah"),
    ("expired", "Sesi Anda sudah berakhir"),
    ("other_audience", "Token masuk tidak sah"),
    ("other_issuer", "Token masuk tidak sah"),
    ("access_token", "Token masuk tidak sah"),
    ("garbage", "Token masuk tidak sah"),
    ("no_header", "Silakan masuk"),
])
def test_untrusted_tokens_are_refused_with_401(keys, case, message):
    trusted, other, cfg = keys
    header = {
        "other_key": f"Bearer {_token(other)}",
        "expired": f"Bearer {_token(trusted, exp=int(time.time()) - 5)}",
        "other_audience": f"Bearer {_token(trusted, aud='someone-else')}",
        "other_issuer": f"Bearer {_token(trusted, iss='https://evil.example/pool')}",
        "access_token": f"Bearer {_token(trusted, token_use='access')}",
        "garbage": "Bearer not.a.jwt",
        "no_header": None,
    }[case]
    with pytest.raises(PisaoError) as err:
        auth.principal_from_header(header, cfg)
    assert err.value.status == 401 and message in err.value.message


def test_token_without_person_id_is_refused(keys):
    trusted, _, cfg = keys
    with pytest.raises(PisaoError) as err:
        auth.principal_from_header(f"Bearer {_token(trusted, **{'custom:person_id': None})}", cfg)
    assert err.value.status == 401 and "belum lengkap" in err.value.message


def test_unsigned_token_is_refused(keys):
    _, _, cfg = keys
    forged = jwt.encode({"sub": "x", "aud": "client-1", "iss": ISSUER, "token_use": "id"}, None, algorithm="none")
    with pytest.raises(PisaoError):
        auth.principal_from_header(f"Bearer {forged}", cfg)
