"""Chalice's local gateway (the local stack's API server and `chalice.test.Client`) answered unknown paths
with API Gateway's bare English 403 "Missing Authentication Token". In production the template's gateway
responses (infra/overlay.yaml, RestAPI GatewayResponses) answer them in PISAO's error shape; this makes the local
gateway answer from the same definition, so a test or the local stack sees what a citizen sees. Methods the
standard library's server does not dispatch (TRACE, CONNECT) reach the app too, which answers 405."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import yaml
from chalice import local

OVERLAY = Path(__file__).resolve().parents[1] / "overlay.yaml"


@cache
def gateway_response(kind: str) -> tuple[int, dict[str, str], str]:
    """(status, headers, body) of one of the template's gateway responses, e.g. MISSING_AUTHENTICATION_TOKEN."""
    overlay = yaml.safe_load(OVERLAY.read_text(encoding="utf-8"))
    response = overlay["Resources"]["RestAPI"]["Properties"]["GatewayResponses"][kind]
    headers = {name: value.strip("'") for name, value in response["ResponseParameters"]["Headers"].items()}
    body = response["ResponseTemplates"]["application/json"]
    json.loads(body)  # the template must hold JSON: a typo fails here, in the tests, not in a citizen's browser
    return int(response["StatusCode"]), {"Content-Type": "application/json", **headers}, body


def apply() -> None:
    gateway = local.LocalGateway
    if getattr(gateway, "pisao_responses", False):
        return
    original = gateway.handle_request

    def handle_request(self, method, path, headers, body):  # noqa: ANN001 - Chalice's signature
        try:
            self.event_converter._route_matcher.match_route(path)  # noqa: SLF001 - the gateway's own matcher
        except ValueError:
            status, response_headers, response_body = gateway_response("MISSING_AUTHENTICATION_TOKEN")
            return {"statusCode": status, "headers": dict(response_headers), "multiValueHeaders": {},
                    "body": "" if method.upper() == "HEAD" else response_body}  # HEAD: never a body
        return original(self, method, path, headers, body)

    gateway.handle_request = handle_request
    gateway.pisao_responses = True
    handler = local.ChaliceRequestHandler
    handler.do_TRACE = handler.do_CONNECT = handler._generic_handle  # noqa: SLF001
