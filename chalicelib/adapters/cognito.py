"""The user pool: sign-in, and the administrative steps of registration (an account stays disabled
until its e-mail or phone is verified with PISAO's own one-time code)."""

from __future__ import annotations

from botocore.exceptions import ClientError

from chalicelib.adapters.aws import client


class CognitoAccounts:
    def __init__(self, pool_id: str, client_id: str) -> None:
        self.pool_id, self.client_id = pool_id, client_id

    def login(self, username: str, password: str) -> dict | None:
        """The tokens, or None for a wrong or unknown username/password (or a disabled account)."""
        try:
            result = client("cognito-idp").initiate_auth(
                ClientId=self.client_id, AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": username, "PASSWORD": password},
            )
        except ClientError as exc:
            if exc.response["Error"]["Code"] in ("NotAuthorizedException", "UserNotFoundException"):
                return None
            raise
        return result.get("AuthenticationResult")

    def get(self, username: str) -> dict | None:
        try:
            user = client("cognito-idp").admin_get_user(UserPoolId=self.pool_id, Username=username)
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "UserNotFoundException":
                return None
            raise
        return {"enabled": user.get("Enabled", True), "created": user["UserCreateDate"].timestamp(),
                "attributes": {a["Name"]: a["Value"] for a in user.get("UserAttributes", [])}}

    def create_disabled(self, username: str, password: str, attributes: dict[str, str]) -> None:
        idp = client("cognito-idp")
        idp.admin_create_user(UserPoolId=self.pool_id, Username=username, MessageAction="SUPPRESS",
                              UserAttributes=[{"Name": k, "Value": v} for k, v in attributes.items()])
        idp.admin_set_user_password(UserPoolId=self.pool_id, Username=username, Password=password, Permanent=True)
        idp.admin_disable_user(UserPoolId=self.pool_id, Username=username)

    def delete(self, username: str) -> None:
        client("cognito-idp").admin_delete_user(UserPoolId=self.pool_id, Username=username)

    def activate(self, username: str, verified: str, group: str) -> None:
        idp = client("cognito-idp")
        idp.admin_update_user_attributes(UserPoolId=self.pool_id, Username=username,
                                         UserAttributes=[{"Name": verified, "Value": "true"}])
        idp.admin_add_user_to_group(UserPoolId=self.pool_id, Username=username, GroupName=group)
        idp.admin_enable_user(UserPoolId=self.pool_id, Username=username)
