"""infra/resources.yaml keeps to what the local stack can interpret (a few resource types, long-form Ref /
Fn::GetAtt / string Fn::Sub, no YAML tags), is valid CloudFormation on its own, and names resources as the
local stack expects."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.infra

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "infra" / "resources.yaml"
LOCAL_TYPES = {
    "AWS::DynamoDB::Table",
    "AWS::S3::Bucket",
    "AWS::SQS::Queue",
    "AWS::StepFunctions::StateMachine",
    "AWS::IAM::Role",
    "AWS::Cognito::UserPool",
    "AWS::Cognito::UserPoolClient",
    "AWS::Cognito::UserPoolGroup",
    "AWS::SES::EmailIdentity",
}
LOCAL_INTRINSICS = {"Ref", "Fn::GetAtt", "Fn::Sub"}


def _intrinsics(node, found: set[str]) -> set[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "Ref" or key.startswith("Fn::"):
                found.add(key)
                if key == "Fn::Sub":
                    assert isinstance(value, str), f"Fn::Sub must be the string form: {value!r}"
            _intrinsics(value, found)
    elif isinstance(node, list):
        for item in node:
            _intrinsics(item, found)
    return found


def test_only_what_the_local_stack_interprets():
    text = RESOURCES.read_text(encoding="utf-8")
    assert not re.search(r"(^|[\s:\[{,])!\w", text, re.M), "YAML short tags (!Ref ...) are not allowed"
    template = yaml.safe_load(text)
    assert set(template) <= {"AWSTemplateFormatVersion", "Description", "Parameters", "Resources"}
    types = {r["Type"] for r in template["Resources"].values()}
    assert types <= LOCAL_TYPES, types - LOCAL_TYPES
    used = _intrinsics(template["Resources"], set())
    assert used <= LOCAL_INTRINSICS, used - LOCAL_INTRINSICS


def test_local_names():
    resources = yaml.safe_load(RESOURCES.read_text(encoding="utf-8"))["Resources"]
    names = {
        r["Properties"].get("TableName")
        or r["Properties"].get("BucketName")
        or r["Properties"].get("QueueName")
        or r["Properties"].get("StateMachineName")
        or r["Properties"].get("UserPoolName")
        for r in resources.values()
    }
    assert {
        "pisao-applications",
        "pisao-events",
        "pisao-uploads",
        "pisao-documents",
        "pisao-web",
        "pisao-submissions",
        "pisao-submissions-dlq",
        "pisao-tasks",
        "pisao-tasks-dlq",
        "pisao-application",
        "pisao-users",
    } <= names
    groups = {
        r["Properties"]["GroupName"] for r in resources.values() if r["Type"] == "AWS::Cognito::UserPoolGroup"
    }
    assert groups == {
        "citizen",
        "counter",
        "verifier",
        "approver",
        "agency_admin",
        "treasurer",
        "system_admin",
    }


def test_resources_alone_are_valid_cloudformation(build_module, tmp_path):
    expanded = build_module.expand_includes(build_module.load_yaml(RESOURCES), RESOURCES.parent)
    path = tmp_path / "resources.yaml"
    path.write_text(yaml.dump(expanded, Dumper=build_module._NoAliases, sort_keys=False), encoding="utf-8")
    result = subprocess.run(
        [str(Path(sys.executable).parent / "cfn-lint"), str(path)], capture_output=True, text=True
    )
    assert result.returncode & (2 | 4) == 0, result.stdout + result.stderr
