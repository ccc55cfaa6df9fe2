"""The user pool: sign-in with its challenges (new password, TOTP), and the administrative steps of
registration, profiles and staff management. Cognito's own errors are turned into plain outcomes here,
so the domain never sees botocore."""

from __future__ import annotations

from botocore.exceptions import ClientError

from chalicelib.adapters.aws import client
from chalicelib.core.ports import CodeMismatch, SessionExpired


def _code(exc: ClientError) -> str:
    return exc.response["Error"]["Code"]


def _auth_result(result: dict) -> dict:
    """{"tokens": ...} or {"challenge": name, "session": ...}."""
    if "AuthenticationResult" in result:
        return {"tokens": result["AuthenticationResult"]}
    return {"challenge": result["ChallengeName"], "session": result.get("Session", "")}


class CognitoAccounts:
    def __init__(self, pool_id: str, client_id: str) -> None:
        self.pool_id, self.client_id = pool_id, client_id

    # --- sign-in ------------------------------------------------------------------------------------
    def login(self, username: str, password: str) -> dict | None:
        """Tokens or a challenge; None for a wrong or unknown username/password (or a disabled account)."""
        try:
            result = client("cognito-idp").initiate_auth(
                ClientId=self.client_id, AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": username, "PASSWORD": password},
            )
        except ClientError as exc:
            if _code(exc) in ("NotAuthorizedException", "UserNotFoundException"):
                return None
            raise
        return _auth_result(result)

    def respond(self, username: str, challenge: str, session: str, answers: dict[str, str]) -> dict:
        try:
            result = client("cognito-idp").respond_to_auth_challenge(
                ClientId=self.client_id, ChallengeName=challenge, Session=session,
                ChallengeResponses={"USERNAME": username, **answers},
            )
        except ClientError as exc:
            if _code(exc) == "CodeMismatchException":
                raise CodeMismatch from exc
            if _code(exc) in ("NotAuthorizedException", "ResourceNotFoundException", "ExpiredCodeException"):
                raise SessionExpired from exc
            raise
        return _auth_result(result)

    def start_totp(self, access_token: str) -> str:
        """The authenticator secret (base32) for the signed-in user."""
        return client("cognito-idp").associate_software_token(AccessToken=access_token)["SecretCode"]

    def confirm_totp(self, access_token: str, code: str) -> None:
        idp = client("cognito-idp")
        try:
            result = idp.verify_software_token(AccessToken=access_token, UserCode=code, FriendlyDeviceName="PISAO")
        except ClientError as exc:
            if _code(exc) in ("CodeMismatchException", "EnableSoftwareTokenMFAException"):
                raise CodeMismatch from exc
            raise
        if result.get("Status") != "SUCCESS":
            raise CodeMismatch
        idp.set_user_mfa_preference(AccessToken=access_token,
                                    SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True})

    def refresh(self, refresh_token: str) -> dict:
        """Fresh tokens, carrying the attributes as they are now."""
        result = client("cognito-idp").initiate_auth(
            ClientId=self.client_id, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": refresh_token})
        return result["AuthenticationResult"]

    # --- administration -----------------------------------------------------------------------------
    def get(self, username: str) -> dict | None:
        try:
            user = client("cognito-idp").admin_get_user(UserPoolId=self.pool_id, Username=username)
        except ClientError as exc:
            if _code(exc) == "UserNotFoundException":
                return None
            raise
        return {"username": user["Username"], "enabled": user.get("Enabled", True),
                "created": user["UserCreateDate"].timestamp(),
                "attributes": {a["Name"]: a["Value"] for a in user.get("UserAttributes", [])}}

    def create_disabled(self, username: str, password: str, attributes: dict[str, str]) -> None:
        self.create(username, password, attributes, permanent=True)
        client("cognito-idp").admin_disable_user(UserPoolId=self.pool_id, Username=username)

    def create(self, username: str, password: str, attributes: dict[str, str], permanent: bool,
               groups: tuple[str, ...] = ()) -> None:
        """A new account; with `permanent=False` the password is temporary and must be changed at first sign-in."""
        idp = client("cognito-idp")
        attrs = [{"Name": k, "Value": v} for k, v in attributes.items()]
        if permanent:
            idp.admin_create_user(UserPoolId=self.pool_id, Username=username, MessageAction="SUPPRESS",
                                  UserAttributes=attrs)
            idp.admin_set_user_password(UserPoolId=self.pool_id, Username=username, Password=password,
                                        Permanent=True)
        else:
            idp.admin_create_user(UserPoolId=self.pool_id, Username=username, MessageAction="SUPPRESS",
                                  UserAttributes=attrs, TemporaryPassword=password)
        for group in groups:
            idp.admin_add_user_to_group(UserPoolId=self.pool_id, Username=username, GroupName=group)

    def delete(self, username: str) -> None:
        client("cognito-idp").admin_delete_user(UserPoolId=self.pool_id, Username=username)

    def activate(self, username: str, verified: str, group: str) -> None:
        self.update(username, {verified: "true"})
        client("cognito-idp").admin_add_user_to_group(UserPoolId=self.pool_id, Username=username, GroupName=group)
        self.set_enabled(username, True)

    def update(self, username: str, attributes: dict[str, str]) -> None:
        client("cognito-idp").admin_update_user_attributes(
            UserPoolId=self.pool_id, Username=username,
            UserAttributes=[{"Name": k, "Value": v} for k, v in attributes.items()])

    def set_password(self, username: str, password: str) -> None:
        client("cognito-idp").admin_set_user_password(UserPoolId=self.pool_id, Username=username,
                                                      Password=password, Permanent=True)

    def set_enabled(self, username: str, enabled: bool) -> None:
        idp = client("cognito-idp")
        if enabled:
            idp.admin_enable_user(UserPoolId=self.pool_id, Username=username)
        else:
            idp.admin_disable_user(UserPoolId=self.pool_id, Username=username)

    def groups(self, username: str) -> set[str]:
        result = client("cognito-idp").admin_list_groups_for_user(UserPoolId=self.pool_id, Username=username)
        return {g["GroupName"] for g in result["Groups"]}

    def set_groups(self, username: str, wanted: set[str]) -> None:
        idp = client("cognito-idp")
        current = self.groups(username)
        for group in sorted(wanted - current):
            idp.admin_add_user_to_group(UserPoolId=self.pool_id, Username=username, GroupName=group)
        for group in sorted(current - wanted):
            idp.admin_remove_user_from_group(UserPoolId=self.pool_id, Username=username, GroupName=group)
