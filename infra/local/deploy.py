"""Creates the resources of `infra/resources.yaml` in a local cloud (moto) with boto3.

Production deploys the same file through CloudFormation; moto's CloudFormation lacks Cognito and
Streams details, so this reads the template itself. It understands exactly the resource types and
intrinsics the template uses and fails loudly on anything else, so the two can never drift apart
silently. IAM resources are skipped: moto does not enforce IAM (the template lints check them)."""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path
from typing import Any

import boto3

from infra.build import expand_includes, load_yaml

INFRA = Path(__file__).resolve().parents[1]
ACCOUNT = "123456789012"  # moto's default account
SKIPPED = {"AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::Logs::LogGroup"}
_SUB = re.compile(r"\$\{([^}!]+)\}")


def load_template() -> dict:
    """resources.yaml with its state machine includes expanded, exactly as the production build reads it."""
    return expand_includes(load_yaml(INFRA / "resources.yaml"), INFRA)


class LocalDeployer:
    def __init__(self, region: str, endpoint_url: str | None, parameters: dict[str, str] | None = None):
        self.region = region
        self._clients: dict[str, Any] = {}
        self.endpoint_url = endpoint_url
        self.parameters = dict(parameters or {})
        self.physical: dict[str, str] = {}
        self.attributes: dict[str, dict[str, str]] = {}

    def client(self, service: str) -> Any:
        if service not in self._clients:
            self._clients[service] = boto3.client(service, region_name=self.region, endpoint_url=self.endpoint_url)
        return self._clients[service]

    # -- intrinsics ---------------------------------------------------------------------------------
    def resolve(self, value: Any) -> Any:
        if isinstance(value, dict):
            if set(value) == {"Ref"}:
                return self._ref(value["Ref"])
            if set(value) == {"Fn::GetAtt"}:
                name, attr = value["Fn::GetAtt"] if isinstance(value["Fn::GetAtt"], list) \
                    else value["Fn::GetAtt"].split(".", 1)
                return self.attributes[name][attr]
            if set(value) == {"Fn::Sub"}:
                return self._sub(value["Fn::Sub"])
            if set(value) == {"Fn::Join"}:
                sep, parts = value["Fn::Join"]
                return sep.join(str(self.resolve(p)) for p in parts)
            if len(value) == 1 and next(iter(value)).startswith("Fn::"):
                raise ValueError(f"intrinsic not supported locally: {next(iter(value))}")
            return {k: self.resolve(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        return value

    def _ref(self, name: str) -> str:
        pseudo = {"AWS::Region": self.region, "AWS::AccountId": ACCOUNT, "AWS::Partition": "aws",
                  "AWS::StackName": "pisao-local", "AWS::URLSuffix": "amazonaws.com", "AWS::NoValue": ""}
        if name in pseudo:
            return pseudo[name]
        if name in self.parameters:
            return self.parameters[name]
        return self.physical[name]

    def _sub(self, spec: str | list) -> str:
        text, extra = (spec, {}) if isinstance(spec, str) else (spec[0], self.resolve(spec[1]))

        def one(match: re.Match) -> str:
            key = match.group(1)
            if key in extra:
                return str(extra[key])
            if "." in key and not key.startswith("AWS::"):
                name, attr = key.split(".", 1)
                return str(self.attributes[name][attr])
            return str(self._ref(key))

        return _SUB.sub(one, text)

    # -- resources ----------------------------------------------------------------------------------
    def deploy(self, template: dict) -> dict[str, str]:
        for name, spec in template.get("Parameters", {}).items():
            if name not in self.parameters and "Default" not in spec:
                raise ValueError(f"template parameter {name} has no default: pass it to the local deploy")
            self.parameters.setdefault(name, str(spec.get("Default", "")))
        for name in _ordered(template["Resources"]):
            resource = template["Resources"][name]
            kind = resource["Type"]
            if kind in SKIPPED:  # not created, but others may name its ARN
                self.physical[name] = f"pisao-local-{name}"
                self.attributes[name] = {"Arn": f"arn:aws:iam::{ACCOUNT}:role/pisao-local-{name}"}
                continue
            creator = getattr(self, "_" + kind.replace("AWS::", "").replace("::", "_"), None)
            if creator is None:
                raise ValueError(f"{name}: resource type {kind} is not supported by the local stack")
            creator(name, self.resolve(resource.get("Properties", {})))
        return {k: str(self.resolve(v["Value"])) for k, v in template.get("Outputs", {}).items()}

    def _DynamoDB_Table(self, name: str, p: dict) -> None:
        args: dict[str, Any] = {
            "TableName": p["TableName"], "KeySchema": p["KeySchema"],
            "AttributeDefinitions": p["AttributeDefinitions"], "BillingMode": p.get("BillingMode", "PAY_PER_REQUEST"),
        }
        if p.get("GlobalSecondaryIndexes"):
            args["GlobalSecondaryIndexes"] = p["GlobalSecondaryIndexes"]
        if p.get("StreamSpecification"):
            args["StreamSpecification"] = {"StreamEnabled": True, **p["StreamSpecification"]}
        ddb = self.client("dynamodb")
        try:
            desc = ddb.create_table(**args)["TableDescription"]
        except ddb.exceptions.ResourceInUseException:
            desc = ddb.describe_table(TableName=p["TableName"])["Table"]
        if p.get("TimeToLiveSpecification"):
            ddb.update_time_to_live(TableName=p["TableName"], TimeToLiveSpecification=p["TimeToLiveSpecification"])
        self.physical[name] = desc["TableName"]
        self.attributes[name] = {"Arn": desc["TableArn"], "StreamArn": desc.get("LatestStreamArn", "")}

    def _SQS_Queue(self, name: str, p: dict) -> None:
        attrs = {k: (json.dumps(v) if isinstance(v, dict) else str(v)) for k, v in p.items()
                 if k in ("VisibilityTimeout", "MessageRetentionPeriod", "RedrivePolicy", "DelaySeconds",
                          "ReceiveMessageWaitTimeSeconds", "FifoQueue", "ContentBasedDeduplication")}
        sqs = self.client("sqs")
        url = sqs.create_queue(QueueName=p["QueueName"], Attributes=attrs)["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        self.physical[name] = url
        self.attributes[name] = {"Arn": arn, "QueueName": p["QueueName"], "QueueUrl": url}

    def _S3_Bucket(self, name: str, p: dict) -> None:
        s3, bucket = self.client("s3"), p["BucketName"]
        with contextlib.suppress(s3.exceptions.BucketAlreadyOwnedByYou, s3.exceptions.BucketAlreadyExists):
            s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": self.region})
        if p.get("CorsConfiguration"):
            # CloudFormation and the S3 API spell two keys differently.
            rename = {"Id": "ID", "MaxAge": "MaxAgeSeconds", "ExposedHeaders": "ExposeHeaders"}
            rules = [{rename.get(k, k): v for k, v in r.items()} for r in p["CorsConfiguration"]["CorsRules"]]
            s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": rules})
        self.physical[name] = bucket
        self.attributes[name] = {"Arn": f"arn:aws:s3:::{bucket}", "DomainName": f"{bucket}.s3.amazonaws.com"}

    def _StepFunctions_StateMachine(self, name: str, p: dict) -> None:
        definition = p.get("DefinitionString") or json.dumps(p["Definition"])
        for key, value in (p.get("DefinitionSubstitutions") or {}).items():
            definition = definition.replace("${" + key + "}", str(value))
        sfn = self.client("stepfunctions")
        arn = f"arn:aws:states:{self.region}:{ACCOUNT}:stateMachine:{p['StateMachineName']}"
        role = p.get("RoleArn") or f"arn:aws:iam::{ACCOUNT}:role/pisao-local"
        try:
            sfn.describe_state_machine(stateMachineArn=arn)
            sfn.update_state_machine(stateMachineArn=arn, definition=definition)
        except sfn.exceptions.StateMachineDoesNotExist:
            arn = sfn.create_state_machine(name=p["StateMachineName"], definition=definition,
                                           roleArn=role)["stateMachineArn"]
        self.physical[name] = arn
        self.attributes[name] = {"Arn": arn, "Name": p["StateMachineName"]}

    def _SES_EmailIdentity(self, name: str, p: dict) -> None:
        self.client("ses").verify_email_identity(EmailAddress=p["EmailIdentity"])
        self.physical[name] = p["EmailIdentity"]
        self.attributes[name] = {}

    def _Cognito_UserPool(self, name: str, p: dict) -> None:
        idp = self.client("cognito-idp")
        existing = [u for u in idp.list_user_pools(MaxResults=60)["UserPools"] if u["Name"] == p["UserPoolName"]]
        if existing:
            pool_id = existing[0]["Id"]
        else:
            args = {k: v for k, v in p.items() if k in (
                "Policies", "Schema", "MfaConfiguration", "AccountRecoverySetting", "AutoVerifiedAttributes",
                "UsernameConfiguration", "AdminCreateUserConfig", "UserPoolAddOns")}
            pool_id = idp.create_user_pool(PoolName=p["UserPoolName"], **args)["UserPool"]["Id"]
        self.physical[name] = pool_id
        self.attributes[name] = {
            "Arn": f"arn:aws:cognito-idp:{self.region}:{ACCOUNT}:userpool/{pool_id}",
            "ProviderName": f"cognito-idp.{self.region}.amazonaws.com/{pool_id}",
            "ProviderURL": f"https://cognito-idp.{self.region}.amazonaws.com/{pool_id}",
            "UserPoolId": pool_id,
        }

    def _Cognito_UserPoolClient(self, name: str, p: dict) -> None:
        idp = self.client("cognito-idp")
        clients = idp.list_user_pool_clients(UserPoolId=p["UserPoolId"], MaxResults=60)["UserPoolClients"]
        found = [c for c in clients if c["ClientName"] == p["ClientName"]]
        if found:
            client_id = found[0]["ClientId"]
        else:
            args = {k: v for k, v in p.items() if k in (
                "ExplicitAuthFlows", "GenerateSecret", "PreventUserExistenceErrors", "ReadAttributes",
                "WriteAttributes", "AccessTokenValidity", "IdTokenValidity", "RefreshTokenValidity",
                "TokenValidityUnits")}
            client_id = idp.create_user_pool_client(
                UserPoolId=p["UserPoolId"], ClientName=p["ClientName"], **args)["UserPoolClient"]["ClientId"]
        self.physical[name] = client_id
        self.attributes[name] = {"ClientId": client_id}

    def _Cognito_UserPoolGroup(self, name: str, p: dict) -> None:
        idp = self.client("cognito-idp")
        with contextlib.suppress(idp.exceptions.GroupExistsException):
            idp.create_group(UserPoolId=p["UserPoolId"], GroupName=p["GroupName"],
                             Description=p.get("Description", ""), Precedence=int(p.get("Precedence", 0)))
        self.physical[name] = p["GroupName"]
        self.attributes[name] = {}


def _refs(value: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(value, dict):
        for k, v in value.items():
            if k == "Ref" and isinstance(v, str):
                found.add(v)
            elif k == "Fn::GetAtt":
                found.add(v[0] if isinstance(v, list) else v.split(".")[0])
            elif k == "Fn::Sub":
                text = v if isinstance(v, str) else v[0]
                found.update(m.split(".")[0] for m in _SUB.findall(text))
                found |= _refs(v)
            else:
                found |= _refs(v)
    elif isinstance(value, list):
        for v in value:
            found |= _refs(v)
    return found


def _ordered(resources: dict) -> list[str]:
    """Resources in dependency order (a topological sort over Ref, GetAtt, Sub and DependsOn)."""
    done: list[str] = []
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in done or name not in resources:
            return
        if name in visiting:
            raise ValueError(f"dependency cycle at {name}")
        visiting.add(name)
        spec = resources[name]
        deps = _refs(spec.get("Properties", {}))
        depends = spec.get("DependsOn", [])
        deps |= set([depends] if isinstance(depends, str) else depends)
        for dep in sorted(deps):
            visit(dep)
        visiting.discard(name)
        done.append(name)

    for name in resources:
        visit(name)
    return done


def deploy_local(region: str, endpoint_url: str | None, parameters: dict[str, str] | None = None) -> dict[str, str]:
    """Create every resource and return the functions' environment, resolved from the same overlay
    entry that production uses; only the JWKS address differs (the local server serves the keys)."""
    overlay = load_yaml(INFRA / "overlay.yaml")
    deployer = LocalDeployer(region, endpoint_url, parameters)
    template = load_template()
    template["Parameters"] = {**overlay.get("Parameters", {}), **template.get("Parameters", {})}
    deployer.deploy(template)
    env = deployer.resolve(overlay["Resources"]["APIHandler"]["Properties"]["Environment"]["Variables"])
    env = {k: str(v) for k, v in env.items()}
    env["EVENTS_STREAM_ARN"] = deployer.attributes["EventsTable"]["StreamArn"]
    env["AWS_DEFAULT_REGION"] = env["AWS_REGION"] = region
    if endpoint_url:
        env["AWS_ENDPOINT_URL"] = endpoint_url
        env["JWKS_URL"] = f"{endpoint_url}/{env['USER_POOL_ID']}/.well-known/jwks.json"
    return env
