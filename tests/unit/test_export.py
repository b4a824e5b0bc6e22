"""Exports: the boto3 script, AWS CLI commands and SAM template that rebuild a Lab scenario in a real account.

The boto3 script runs offline against real botocore clients, which check every parameter against the
service's API model; canned responses stand in for AWS. The CLI script runs under bash with a fake ``aws``
that records each command line, and every command and flag is checked against the same models. SAM
templates are parsed with cfn-lint's decoder, and every one is linted.
"""

from __future__ import annotations

import functools
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
import types
from pathlib import Path
from typing import Any
from unittest import mock

import botocore.session
import pytest
from botocore import xform_name
from cfnlint.api import lint
from cfnlint.config import ConfigMixIn
from cfnlint.decode.decode import decode_str
from cfnlint.rules import RulesCollection
from cfnlint.runner import Runner

from engine.events import TRIGGERS
from engine.scenario import Scenario, TargetSpec, sample_payload
from ui.export import ROLE_PLACEHOLDER, boto3_code, cli_commands, sam_template

ACCOUNT = "123456789012"
ROLE = "orders-role"
BOTOCORE = botocore.session.get_session()
ROLES = ("on_success", "on_failure", "dead_letter")
DESTINATION_KEYS = (("on_success", "OnSuccess"), ("on_failure", "OnFailure"))


def scenario(**changes: Any) -> Scenario:
    return Scenario().with_changes(**changes)


def target(service: str, **spec: Any) -> dict[str, Any]:
    return {"service": service, **spec}


# --- the matrix of scenarios -----------------------------------------------------------------------------

SERVICES = ("sqs", "sns", "eventbridge", "lambda", "s3")
SCENARIOS: dict[str, Scenario] = {
    "defaults, nothing set": scenario(),
    **{f"on_success {service}": scenario(on_success=target(service)) for service in SERVICES},
    **{f"on_failure {service}": scenario(on_failure=target(service)) for service in SERVICES},
    "dlq sqs": scenario(dead_letter=target("sqs")),
    "dlq sns": scenario(dead_letter=target("sns")),
    "fifo everywhere": scenario(on_success=target("sns", fifo=True), on_failure=target("sqs", fifo=True),
                                dead_letter=target("sqs", fifo=True)),
    "reserved concurrency 0": scenario(reserved_concurrency=0, on_failure=target("sqs")),
    "reserved concurrency 5": scenario(reserved_concurrency=5),
    "a 30 s timeout": scenario(timeout=30, behavior={"kind": "timeout"}),
    "retries and age at their minimum": scenario(max_retry_attempts=0, max_event_age=60),
    "retries and age at their maximum": scenario(max_retry_attempts=2, max_event_age=21_600),
    "only retries set": scenario(max_retry_attempts=1),
    "everything": scenario(max_retry_attempts=1, max_event_age=90, reserved_concurrency=3,
                           on_success=target("eventbridge"), on_failure=target("s3"),
                           dead_letter=target("sns"), behavior={"kind": "fail_first", "fail_count": 2}),
    **{f"trigger {name}": scenario(trigger=name, on_failure=target("sqs")) for name in TRIGGERS},
    "sdk async": scenario(trigger="sdk", invocation_type="Event", on_success=target("lambda")),
    "sdk sync": scenario(trigger="sdk", invocation_type="RequestResponse", max_retry_attempts=0,
                         on_failure=target("sqs")),
    "missing targets": scenario(on_success=target("lambda", exists=False),
                                on_failure=target("sqs", exists=False),
                                dead_letter=target("sns", exists=False)),
    "shared queue, named targets": scenario(on_failure=target("sqs", name="shared"),
                                            dead_letter=target("sqs", name="shared"),
                                            on_success=target("sns", name="yes")),
    "default event bus": scenario(on_failure=target("eventbridge", name="default")),
    "the function as its own destination": scenario(on_success=target("lambda", name="orders")),
    "three events, a custom payload": scenario(trigger="sdk", events=3, interval=1.5,
                                               payload={"orderId": "A-7", "note": "it's \"quoted\" $HOME",
                                                        "ok": True, "none": None}),
    "s3 bucket name to clean up": scenario(on_failure=target("s3", name="My_Failures")),
}
MATRIX = pytest.mark.parametrize("case", SCENARIOS.values(), ids=SCENARIOS.keys())
NAMES = pytest.mark.parametrize("name", SCENARIOS)


# --- what AWS expects, from the scenario alone -----------------------------------------------------------


def expected_payload(case: Scenario) -> Any:
    return case.payload if case.payload is not None else sample_payload(case.trigger, case.seed)


def bucket_name(name: str) -> str:
    return re.sub(r"[^a-z0-9-]", "-", name.lower()).strip("-") + f"-{ACCOUNT}"


def expected_arn(case: Scenario, role: str, region: str = "us-east-1") -> str:
    """The ARN AWS would give the target, from its name alone."""
    spec, name = getattr(case, role), case.target_name(role)
    return {
        "sqs": f"arn:aws:sqs:{region}:{ACCOUNT}:{name}",
        "sns": f"arn:aws:sns:{region}:{ACCOUNT}:{name}",
        "eventbridge": f"arn:aws:events:{region}:{ACCOUNT}:event-bus/{name}",
        "lambda": f"arn:aws:lambda:{region}:{ACCOUNT}:function:{name}",
        "s3": f"arn:aws:s3:::{bucket_name(name)}",
    }[spec.service]


def expected_event_invoke_config(case: Scenario, region: str = "us-east-1") -> dict[str, Any] | None:
    """PutFunctionEventInvokeConfig's parameters, or None when the scenario sets none of them."""
    config: dict[str, Any] = {}
    if case.max_retry_attempts is not None:
        config["MaximumRetryAttempts"] = case.max_retry_attempts
    if case.max_event_age is not None:
        config["MaximumEventAgeInSeconds"] = case.max_event_age
    destinations = {key: {"Destination": expected_arn(case, role, region)}
                    for role, key in DESTINATION_KEYS if getattr(case, role) is not None
                    and (role, getattr(case, role).service) != ("on_success", "s3")}  # S3: OnFailure only
    if destinations:
        config["DestinationConfig"] = destinations
    return {"FunctionName": case.function_name, **config} if config else None


def expected_dead_letter_arn(case: Scenario) -> str | None:
    return None if case.dead_letter is None else expected_arn(case, "dead_letter")


def expected_grants(case: Scenario, region: str = "us-east-1") -> set[tuple[str, str]]:
    """AWS_FACTS §5 and §7: each target's execution-role actions, as (action, resource) pairs."""
    grants = set()
    for role in ROLES:
        spec = getattr(case, role)
        if spec is None:
            continue
        arn = expected_arn(case, role, region)
        grants |= {
            "sqs": {("sqs:SendMessage", arn)},
            "sns": {("sns:Publish", arn)},
            "eventbridge": {("events:PutEvents", arn)},
            "lambda": {("lambda:InvokeFunction", arn)},
            "s3": {("s3:PutObject", f"{arn}/*"), ("s3:ListBucket", arn)},
        }[spec.service]
    return grants


def check_policy(document: dict[str, Any], case: Scenario, region: str = "us-east-1") -> None:
    assert document["Version"] == "2012-10-17"
    assert {(s["Action"], s["Resource"]) for s in document["Statement"]} == expected_grants(case, region)
    for statement in document["Statement"]:
        assert statement["Effect"] == "Allow"
        if statement["Action"].startswith("s3:"):  # §5: another account could re-create a deleted bucket
            assert statement["Condition"] == {"StringEquals": {"s3:ResourceAccount": ACCOUNT}}


def comments(text: str) -> str:
    """An export's comment lines as one line of prose, however they were wrapped."""
    lines = (line.strip() for line in text.splitlines())
    return " ".join(" ".join(line[1:].split()) for line in lines if line.startswith("#"))


# --- boto3: run the script against botocore clients with canned responses -----------------------------


class FakeAws:
    """A boto3 stand-in whose clients are real botocore clients that never reach the network."""

    def __init__(self, region: str) -> None:
        self.region_name = region
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def module(self) -> types.ModuleType:
        boto3 = types.ModuleType("boto3")
        boto3.session = types.SimpleNamespace(Session=lambda: self)  # type: ignore[attr-defined]
        return boto3

    def client(self, service: str) -> Any:
        client = BOTOCORE.create_client(service, region_name=self.region_name, aws_access_key_id="testing",
                                        aws_secret_access_key="testing")
        client.meta.events.register("before-parameter-build", self._record)
        client.meta.events.register("before-call", self._respond)  # botocore has validated the params by now
        return client

    def _record(self, params: dict[str, Any], model: Any, **_: Any) -> None:
        self.calls.append((model.name, dict(params)))

    def _respond(self, model: Any, **_: Any) -> tuple[Any, dict[str, Any]]:
        operation, params = self.calls[-1]
        assert model.name == operation
        where = f"{self.region_name}:{ACCOUNT}"
        responses = {
            "GetFunction": lambda: {"Configuration": {
                "FunctionArn": f"arn:aws:lambda:{where}:function:{params['FunctionName']}",
                "LastUpdateStatus": "Successful"}},
            "CreateQueue": lambda: {
                "QueueUrl": f"https://sqs.{self.region_name}.amazonaws.com/{ACCOUNT}/{params['QueueName']}"},
            "GetQueueAttributes": lambda: {"Attributes": {
                "QueueArn": f"arn:aws:sqs:{where}:{params['QueueUrl'].rsplit('/', 1)[1]}"}},
            "CreateTopic": lambda: {"TopicArn": f"arn:aws:sns:{where}:{params['Name']}"},
            "CreateEventBus": lambda: {"EventBusArn": f"arn:aws:events:{where}:event-bus/{params['Name']}"},
            "Invoke": lambda: {"StatusCode": 202 if params["InvocationType"] == "Event" else 200,
                               "Payload": io.BytesIO(b"")},
        }
        return types.SimpleNamespace(status_code=200, headers={}), responses.get(operation, dict)()

    def params(self, operation: str) -> list[dict[str, Any]]:
        return [params for name, params in self.calls if name == operation]


def run_boto3(case: Scenario, region: str = "us-east-1") -> FakeAws:
    """Run the script with its role placeholder filled in; ``time.sleep`` does not wait."""
    code = boto3_code(case).replace(f'"{ROLE_PLACEHOLDER}{case.function_name}"', f'"{ROLE}"')
    aws = FakeAws(region)
    with mock.patch.dict(sys.modules, {"boto3": aws.module()}), mock.patch.object(time, "sleep"):
        exec(compile(code, "x", "exec"), {"__name__": "__main__"})
    return aws


@functools.cache
def boto3_run_of(name: str) -> FakeAws:
    """Each matrix scenario's run, shared by the tests that check it."""
    return run_boto3(SCENARIOS[name])


@NAMES
def test_the_boto3_script_compiles_and_makes_exactly_the_calls_the_scenario_needs(name: str) -> None:
    case, aws = SCENARIOS[name], boto3_run_of(name)

    config = expected_event_invoke_config(case)
    assert aws.params("PutFunctionEventInvokeConfig") == ([config] if config else [])
    concurrency = case.reserved_concurrency
    assert aws.params("PutFunctionConcurrency") == (
        [] if concurrency is None
        else [{"FunctionName": "orders", "ReservedConcurrentExecutions": concurrency}])
    dead_letter = expected_dead_letter_arn(case)
    assert aws.params("UpdateFunctionConfiguration") == [
        {"FunctionName": "orders", "Timeout": case.timeout,
         **({} if dead_letter is None else {"DeadLetterConfig": {"TargetArn": dead_letter}})}]
    policies = aws.params("PutRolePolicy")
    if expected_grants(case):
        [policy] = policies
        assert (policy["RoleName"], policy["PolicyName"]) == (ROLE, "orders-async-targets")
        check_policy(json.loads(policy["PolicyDocument"]), case)
    else:
        assert policies == []

    invokes = aws.params("Invoke")
    assert len(invokes) == case.events
    for invoke in invokes:
        assert invoke["FunctionName"] == "orders"
        assert invoke["InvocationType"] == case.effective_invocation_type
        assert json.loads(invoke["Payload"]) == expected_payload(case)


@NAMES
def test_the_boto3_script_creates_each_target_once_with_its_fifo_attribute(name: str) -> None:
    case, aws = SCENARIOS[name], boto3_run_of(name)
    expected: dict[str, list[dict[str, Any]]] = {"CreateQueue": [], "CreateTopic": [], "CreateEventBus": [],
                                                  "CreateBucket": []}
    for role in ROLES:
        spec = getattr(case, role)
        if spec is None or not spec.exists or spec.service == "lambda" or case.target_name(role) == "default":
            continue
        name = case.target_name(role)
        fifo = {"sqs": {"FifoQueue": "true"}, "sns": {"FifoTopic": "true"}}.get(spec.service)
        attributes = {"Attributes": fifo} if spec.fifo else {}
        operation, params = {
            "sqs": ("CreateQueue", {"QueueName": name, **attributes}),
            "sns": ("CreateTopic", {"Name": name, **attributes}),
            "eventbridge": ("CreateEventBus", {"Name": name}),
            "s3": ("CreateBucket", {"Bucket": bucket_name(name)}),
        }[spec.service]
        if params not in expected[operation]:
            expected[operation].append(params)
    for operation, calls in expected.items():
        assert aws.params(operation) == calls


def test_outside_us_east_1_the_bucket_gets_a_location_constraint_and_arns_carry_the_region() -> None:
    case = SCENARIOS["everything"]
    aws = run_boto3(case, region="eu-west-1")
    assert aws.params("CreateBucket") == [{"Bucket": f"orders-failures-{ACCOUNT}",
                                           "CreateBucketConfiguration": {"LocationConstraint": "eu-west-1"}}]
    assert aws.params("PutFunctionEventInvokeConfig") == [expected_event_invoke_config(case, "eu-west-1")]
    check_policy(json.loads(aws.params("PutRolePolicy")[0]["PolicyDocument"]), case, "eu-west-1")


def test_the_boto3_script_stops_before_any_call_until_the_role_placeholder_is_replaced(
        monkeypatch: pytest.MonkeyPatch) -> None:
    aws = FakeAws("us-east-1")
    monkeypatch.setitem(sys.modules, "boto3", aws.module())
    with pytest.raises(SystemExit, match="EXECUTION_ROLE_NAME"):
        exec(compile(boto3_code(SCENARIOS["dlq sqs"]), "x", "exec"), {"__name__": "__main__"})
    assert aws.calls == []


def test_the_boto3_script_sets_the_dlq_only_after_granting_the_role_and_invokes_last() -> None:
    # §7: Lambda checks that the execution role can write to the DLQ when the DLQ is set.
    operations = [name for name, _ in boto3_run_of("everything").calls]
    assert operations.index("PutRolePolicy") < operations.index("UpdateFunctionConfiguration")
    assert operations[-1] == "Invoke"


# --- AWS CLI: run the commands under bash with a fake aws that records them ---------------------------

FAKE_AWS = r"""#!/usr/bin/env bash
{ printf '%s\0' "$@"; printf '\036'; } >> "$AWS_CALLS"
where="$FAKE_REGION:123456789012"
case "$1 $2" in
  "lambda get-function") echo "arn:aws:lambda:$where:function:$4" ;;
  "sqs create-queue") echo "https://sqs.$FAKE_REGION.amazonaws.com/123456789012/$4" ;;
  "sqs get-queue-attributes") echo "arn:aws:sqs:$where:${4##*/}" ;;
  "sns create-topic") echo "arn:aws:sns:$where:$4" ;;
  "events describe-event-bus" | "s3api head-bucket") exit 254 ;;
  "events create-event-bus") echo "arn:aws:events:$where:event-bus/$4" ;;
  "lambda invoke") echo '{}' > "${!#}"; echo '{"StatusCode": 202}' ;;
  *) echo '{}' ;;
esac
"""
CLI_OPTIONS = {"--query", "--output", "--cli-binary-format"}  # the CLI's own options, not API members


def run_cli(case: Scenario, tmp_path: Path, region: str = "us-east-1",
            script: str | None = None) -> tuple[subprocess.CompletedProcess[str], list[list[str]]]:
    """Run the commands with fake ``aws`` and ``sleep`` first on the PATH; return each aws argv."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    for tool, text in (("aws", FAKE_AWS), ("sleep", "#!/bin/sh\n")):
        (bin_dir / tool).write_text(text)
        (bin_dir / tool).chmod(0o755)
    calls_file = tmp_path / "calls"
    calls_file.write_bytes(b"")
    if script is None:
        script = cli_commands(case).replace(f"ROLE_NAME={ROLE_PLACEHOLDER}{case.function_name}",
                                            f"ROLE_NAME={ROLE}")
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "AWS_CALLS": str(calls_file),
           "FAKE_REGION": region}
    result = subprocess.run([shutil.which("bash") or "bash", "-c", script], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=60)
    calls = [record.decode().split("\0")[:-1] for record in calls_file.read_bytes().split(b"\x1e")[:-1]]
    return result, calls


def command_flags(argv: list[str]) -> dict[str, str]:
    """``--flag value`` pairs after ``aws <service> <command>``; a trailing positional is the outfile."""
    rest, flags = argv[2:], {}
    while rest:
        if rest[0].startswith("--"):
            flags[rest[0]], rest = rest[1], rest[2:]
        else:
            flags["<outfile>"], rest = rest[0], rest[1:]
    return flags


def check_against_the_api_model(argv: list[str]) -> None:
    """The command and each flag exist in the real API model: no invented flags."""
    service = BOTOCORE.get_service_model({"s3api": "s3"}.get(argv[0], argv[0]))
    if argv[1] == "wait":
        waiter_model = BOTOCORE.get_waiter_model(argv[0])
        waiters = {xform_name(name, "-"): name for name in waiter_model.waiter_names}
        assert argv[2] in waiters
        argv = [argv[0], xform_name(waiter_model.get_waiter(waiters[argv[2]]).operation, "-"), *argv[3:]]
    operations = {xform_name(name, "-"): name for name in service.operation_names}
    assert argv[1] in operations, argv
    members = service.operation_model(operations[argv[1]]).input_shape.members
    flags = command_flags(argv)
    allowed = {f"--{xform_name(name, '-')}" for name in members} | CLI_OPTIONS
    assert set(flags) - {"<outfile>"} <= allowed, argv
    assert ("<outfile>" in flags) == (argv[:2] == ["lambda", "invoke"])


def cli_calls(calls: list[list[str]], command: str) -> list[dict[str, str]]:
    return [command_flags(argv) for argv in calls if argv[:2] == command.split()]


@MATRIX
def test_the_cli_commands_use_real_flags_and_pass_the_exact_settings(case: Scenario, tmp_path: Path) -> None:
    result, calls = run_cli(case, tmp_path)
    assert result.returncode == 0, result.stderr
    for argv in calls:
        check_against_the_api_model(argv)

    config = expected_event_invoke_config(case)
    configs = cli_calls(calls, "lambda put-function-event-invoke-config")
    if config is None:
        assert configs == []
    else:
        [flags] = configs
        assert flags["--function-name"] == "orders"
        for flag, key in (("--maximum-retry-attempts", "MaximumRetryAttempts"),
                          ("--maximum-event-age-in-seconds", "MaximumEventAgeInSeconds")):
            assert flags.get(flag) == (str(config[key]) if key in config else None)
        destination_config = flags.get("--destination-config")
        assert (destination_config and json.loads(destination_config)) == config.get("DestinationConfig")
    concurrency = case.reserved_concurrency
    assert cli_calls(calls, "lambda put-function-concurrency") == (
        [] if concurrency is None
        else [{"--function-name": "orders", "--reserved-concurrent-executions": str(concurrency)}])
    dead_letter = expected_dead_letter_arn(case)
    assert cli_calls(calls, "lambda update-function-configuration") == [
        {"--function-name": "orders", "--timeout": str(case.timeout),
         **({} if dead_letter is None else {"--dead-letter-config": f"TargetArn={dead_letter}"})}]
    policies = cli_calls(calls, "iam put-role-policy")
    if expected_grants(case):
        [policy] = policies
        assert (policy["--role-name"], policy["--policy-name"]) == (ROLE, "orders-async-targets")
        check_policy(json.loads(policy["--policy-document"]), case)
    else:
        assert policies == []

    invokes = cli_calls(calls, "lambda invoke")
    assert len(invokes) == case.events
    for flags in invokes:
        assert flags["--invocation-type"] == case.effective_invocation_type
        assert flags["--cli-binary-format"] == "raw-in-base64-out"
        assert json.loads(flags["--payload"]) == expected_payload(case)
        assert flags["<outfile>"] == "response.json"


def test_the_cli_commands_create_fifo_targets_and_buckets_with_their_region(tmp_path: Path) -> None:
    _, calls = run_cli(SCENARIOS["fifo everywhere"], tmp_path)
    queues = [(flags["--queue-name"], flags["--attributes"])
              for flags in cli_calls(calls, "sqs create-queue")]
    assert queues == [("orders-failures.fifo", "FifoQueue=true"), ("orders-dlq.fifo", "FifoQueue=true")]
    assert cli_calls(calls, "sns create-topic")[0]["--attributes"] == "FifoTopic=true"

    case = SCENARIOS["everything"]
    result, calls = run_cli(case, tmp_path, region="eu-west-1")
    assert result.returncode == 0, result.stderr
    assert cli_calls(calls, "s3api create-bucket") == [{
        "--bucket": f"orders-failures-{ACCOUNT}",
        "--create-bucket-configuration": "LocationConstraint=eu-west-1"}]
    [flags] = cli_calls(calls, "lambda put-function-event-invoke-config")
    expected = expected_event_invoke_config(case, "eu-west-1")
    assert expected is not None
    assert json.loads(flags["--destination-config"]) == expected["DestinationConfig"]


def test_the_cli_commands_stop_before_any_call_until_the_role_placeholder_is_replaced(tmp_path: Path) -> None:
    result, calls = run_cli(SCENARIOS["dlq sqs"], tmp_path, script=cli_commands(SCENARIOS["dlq sqs"]))
    assert result.returncode == 1
    assert "ROLE_NAME" in result.stderr
    assert calls == []


def test_the_role_hint_prints_the_roles_name_which_put_role_policy_takes_not_its_arn(tmp_path: Path) -> None:
    """GetFunctionConfiguration's Role is an ARN (with any path); PutRolePolicy's RoleName is the bare name."""
    hint = next(line for line in cli_commands(SCENARIOS["dlq sqs"]).splitlines() if "Find it with" in line)
    command = hint.split("Find it with: ", 1)[1]
    fake = tmp_path / "aws"
    fake.write_text("#!/bin/sh\necho arn:aws:iam::123456789012:role/service-role/orders-role-x1\n")
    fake.chmod(0o755)
    result = subprocess.run([shutil.which("bash") or "bash", "-c", command], capture_output=True, text=True,
                            env={**os.environ, "PATH": f"{tmp_path}:{os.environ['PATH']}"}, timeout=60)
    assert result.stdout.strip() == "orders-role-x1"
    assert hint in boto3_code(SCENARIOS["dlq sqs"])


@pytest.mark.parametrize("name", ["xn--failures", "sthree-failures", "amzn-s3-demo-failures"])
def test_a_bucket_never_gets_a_name_s3_reserves(name: str) -> None:
    """bucketnamingrules.html: names must not start with xn--, sthree- or amzn-s3-demo-."""
    case = scenario(on_failure=target("s3", name=name))
    [bucket] = run_boto3(case).params("CreateBucket")
    assert bucket["Bucket"] == f"lab-{name}-{ACCOUNT}"
    assert f'BucketName: !Sub "lab-{name}-${{AWS::AccountId}}"' in sam_template(case)


def test_a_lambda_destination_named_beyond_64_characters_is_flagged_as_refused_like_in_the_lab() -> None:
    case = scenario(function_name="f" * 64, on_failure=target("lambda"))
    assert case.run().setup_error is not None  # the Lab refuses it too
    for export in (boto3_code(case), cli_commands(case), sam_template(case)):
        assert "has a name longer than 64 characters" in comments(export)


def test_the_sam_template_says_why_an_s3_destination_has_type_s3bucket_not_the_s3_its_docs_list() -> None:
    text = sam_template(SCENARIOS["on_failure s3"])
    assert parse(text)["Resources"]["Function"]["Properties"]["EventInvokeConfig"]["DestinationConfig"][
        "OnFailure"]["Type"] == "S3Bucket"
    assert "Type S3Bucket is right" in comments(text)
    assert "Type S3Bucket is right" not in comments(sam_template(SCENARIOS["on_failure sqs"]))


def test_json_arguments_are_single_quoted_for_the_shell() -> None:
    case = SCENARIOS["three events, a custom payload"]
    quoted = "'" + json.dumps(case.payload).replace("'", "'\"'\"'") + "'"
    assert f"--payload {quoted}" in cli_commands(case)
    printf = """DESTINATION_CONFIG=$(printf '{"OnSuccess": {"Destination": "%s"}}' "$ON_SUCCESS_ARN")"""
    assert printf in cli_commands(SCENARIOS["on_success sqs"])


# --- AWS SAM -------------------------------------------------------------------------------------------

PSEUDO_PARAMETERS = {"AWS::AccountId", "AWS::Partition", "AWS::Region"}
SAM_TYPE = {"sqs": "SQS", "sns": "SNS", "eventbridge": "EventBridge", "lambda": "Lambda", "s3": "S3Bucket"}


def parse(template: str) -> dict[str, Any]:
    parsed, errors = decode_str(template)
    assert not errors, errors
    return parsed


def function_properties(case: Scenario) -> tuple[dict[str, Any], dict[str, Any]]:
    resources = parse(sam_template(case))["Resources"]
    return resources, resources["Function"]["Properties"]


def references(node: Any) -> set[str]:
    """The logical IDs and pseudo parameters that Ref, GetAtt and Sub name anywhere in ``node``."""
    if isinstance(node, list):
        return set().union(*map(references, node))
    if not isinstance(node, dict):
        return set()
    found = set()
    for key, value in node.items():
        if key == "Ref":
            found.add(value)
        elif key == "Fn::GetAtt":
            found.add(value[0])
        elif key == "Fn::Sub":
            found |= {name.split(".")[0] for name in re.findall(r"\$\{([^}!]+)\}", value)}
        else:
            found |= references(value)
    return found


@MATRIX
def test_the_sam_template_sets_exactly_what_the_scenario_sets(case: Scenario) -> None:
    template = parse(sam_template(case))
    assert template["Transform"] == "AWS::Serverless-2016-10-31"
    resources = template["Resources"]
    properties = resources["Function"]["Properties"]
    assert (properties["Runtime"], properties["Timeout"]) == ("python3.12", case.timeout)
    assert properties.get("ReservedConcurrentExecutions") == case.reserved_concurrency

    invoke_config = properties.get("EventInvokeConfig", {})
    assert invoke_config.get("MaximumRetryAttempts") == case.max_retry_attempts
    assert invoke_config.get("MaximumEventAgeInSeconds") == case.max_event_age
    destinations = invoke_config.get("DestinationConfig", {})
    for role, key in DESTINATION_KEYS:
        spec = getattr(case, role)
        if spec is None or (spec.service == "s3" and role == "on_success"):  # S12: AWS rejects it
            assert key not in destinations
        else:
            assert destinations[key]["Type"] == SAM_TYPE[spec.service]
    assert ("EventInvokeConfig" in properties) == (
        case.max_retry_attempts is not None or case.max_event_age is not None or bool(destinations))
    if case.dead_letter is None:
        assert "DeadLetterQueue" not in properties
    else:
        assert properties["DeadLetterQueue"]["Type"] == SAM_TYPE[case.dead_letter.service]
    assert ("Policies" in properties) == any(getattr(case, role) for role in ROLES)

    # cfn-lint does not resolve references in SAM templates, so check them here.
    assert references(resources) <= set(resources) | PSEUDO_PARAMETERS


@MATRIX
def test_the_sam_template_creates_the_targets_it_refers_to_with_their_names(case: Scenario) -> None:
    resources, _ = function_properties(case)
    name_keys = ("QueueName", "TopicName", "Name", "FunctionName")
    made = {(resource["Type"], str(resource["Properties"][key]))
            for logical_id, resource in resources.items() if logical_id != "Function"
            for key in name_keys if key in resource.get("Properties", {})}
    kinds = {"sqs": "AWS::SQS::Queue", "sns": "AWS::SNS::Topic", "eventbridge": "AWS::Events::EventBus",
             "lambda": "AWS::Serverless::Function"}
    for role in ROLES:
        spec = getattr(case, role)
        if spec is None or spec.service == "s3":
            continue
        name = case.target_name(role)
        created = spec.exists and name != "default" and not (spec.service == "lambda" and name == "orders")
        assert ((kinds[spec.service], name) in made) == created


def test_fifo_targets_are_modelled_faithfully_with_a_warning_in_every_export() -> None:
    case = SCENARIOS["fifo everywhere"]
    resources, _ = function_properties(case)
    assert resources["OnFailureQueue"]["Properties"]["FifoQueue"] is True
    assert resources["OnSuccessTopic"]["Properties"]["FifoTopic"] is True
    assert resources["DeadLetterQueue"]["Properties"]["QueueName"] == "orders-dlq.fifo"
    for text in (sam_template(case), boto3_code(case), cli_commands(case)):
        assert comments(text).count("Lambda cannot deliver to FIFO") == 3


def test_an_s3_on_success_destination_is_left_out_of_every_export_with_the_reason() -> None:
    """PutFunctionEventInvokeConfig: "S3 buckets are supported only for on-failure destinations"; set anyway,
    AWS would refuse the whole call, retries and the OnFailure destination with it."""
    case = scenario(on_success=target("s3"), on_failure=target("sqs"), max_retry_attempts=0)
    text = sam_template(case)
    assert set(parse(text)["Resources"]["Function"]["Properties"]["EventInvokeConfig"]["DestinationConfig"]) \
        == {"OnFailure"}
    [config] = run_boto3(case).params("PutFunctionEventInvokeConfig")
    assert set(config["DestinationConfig"]) == {"OnFailure"} and config["MaximumRetryAttempts"] == 0
    for export in (text, boto3_code(case), cli_commands(case)):
        assert "AWS accepts S3 buckets only as OnFailure destinations" in comments(export)
        assert "leaves it out of DestinationConfig" in comments(export)


def test_each_trigger_becomes_the_sam_event_source_that_invokes_the_function() -> None:
    expected = {"s3": "S3", "sns": "SNS", "eventbridge": "EventBridgeRule",
                "cloudwatch_logs": "CloudWatchLogs", "api_gateway": "Api", "cognito": "Cognito"}
    for trigger, event_type in expected.items():
        _, properties = function_properties(SCENARIOS[f"trigger {trigger}"])
        [event] = properties["Events"].values()
        assert event["Type"] == event_type
    _, properties = function_properties(SCENARIOS["trigger alb"])
    assert "Events" not in properties
    assert "SAM has no event type for an Application Load Balancer" in comments(
        sam_template(SCENARIOS["trigger alb"]))


def test_a_synchronous_scenario_says_its_async_settings_never_apply() -> None:
    for text in (sam_template(SCENARIOS["sdk sync"]), boto3_code(SCENARIOS["sdk sync"]),
                 cli_commands(SCENARIOS["sdk sync"]), sam_template(SCENARIOS["trigger api_gateway"])):
        assert "invokes synchronously (RequestResponse)" in comments(text)
    assert "invokes synchronously" not in comments(sam_template(SCENARIOS["sdk async"]))


def test_every_export_starts_with_the_destination_and_sam_doc_links() -> None:
    for export in (boto3_code, cli_commands, sam_template):
        text = export(SCENARIOS["everything"])
        assert "https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html" in text
        assert ("https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/"
                "sam-property-function-eventinvokeconfiguration.html") in text


def test_unset_settings_appear_in_no_export() -> None:
    case = SCENARIOS["defaults, nothing set"]
    for text in (boto3_code(case), cli_commands(case)):
        for absent in ("event_invoke_config", "event-invoke-config", "concurrency", "DeadLetterConfig",
                       "dead-letter-config", "role_policy", "role-policy", "ROLE_NAME"):
            assert absent not in text
    resources, properties = function_properties(case)
    assert set(resources) == {"Function", "TriggerBucket"}
    for absent in ("EventInvokeConfig", "ReservedConcurrentExecutions", "DeadLetterQueue", "Policies"):
        assert absent not in properties


def handler_of(case: Scenario) -> Any:
    code = parse(sam_template(case))["Resources"]["Function"]["Properties"]["InlineCode"]
    namespace: dict[str, Any] = {}
    exec(compile(str(code), "index.py", "exec"), namespace)
    return namespace["handler"]


def test_the_inline_handler_behaves_roughly_like_the_lab_function(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "sleep", lambda seconds: None)
    context = types.SimpleNamespace(aws_request_id="req-1")
    result = {"stored": True, "note": "naïve \"quotes\" 'and' \\ back"}
    assert handler_of(scenario(behavior={"result": result}))({}, context) == result

    fail = handler_of(scenario(behavior={"kind": "fail", "error_type": "OrderError", "message": "it's bad"}))
    with pytest.raises(Exception, match="it's bad") as raised:
        fail({}, context)
    assert type(raised.value).__name__ == "OrderError"

    fail_first = handler_of(scenario(behavior={"kind": "fail_first", "fail_count": 2}))
    for _ in range(2):
        with pytest.raises(Exception, match="bad order"):
            fail_first({}, context)
    assert fail_first({}, context) == {"status": "ok"}
    never_fails = handler_of(scenario(behavior={"kind": "flaky", "probability": 0.0}))
    assert never_fails({}, context) == {"status": "ok"}
    with pytest.raises(Exception, match="bad order"):
        handler_of(scenario(behavior={"kind": "flaky", "probability": 1.0}))({}, context)


@pytest.mark.parametrize("kind", ["timeout", "crash", "out_of_memory"])
def test_the_inline_handler_for_runtime_failures_compiles(kind: str) -> None:
    _, properties = function_properties(scenario(behavior={"kind": kind}))
    compile(str(properties["InlineCode"]), "index.py", "exec")


def test_target_names_that_yaml_would_misread_stay_strings() -> None:
    resources, _ = function_properties(scenario(on_failure=target("sns", name="yes"),
                                                dead_letter=target("sqs", name="123"),
                                                on_success=target("sqs", name="null")))
    names = [resources[logical_id]["Properties"][key] for logical_id, key in (
        ("OnFailureTopic", "TopicName"), ("DeadLetterQueue", "QueueName"), ("OnSuccessQueue", "QueueName"))]
    assert names == ["yes", "123", "null"]


def test_bucket_names_are_lower_case_and_carry_the_account_id() -> None:
    resources, _ = function_properties(SCENARIOS["s3 bucket name to clean up"])
    bucket_name = resources["OnFailureBucket"]["Properties"]["BucketName"]
    assert bucket_name == {"Fn::Sub": "my-failures-${AWS::AccountId}"}


# Every template of the matrix is linted (about a second each): a learner may export any of them.
LINTED = list(SCENARIOS)


@pytest.fixture(scope="module")
def cfn_lint_rules() -> RulesCollection:
    """cfn-lint's default rules, loaded once for the module."""
    return Runner(ConfigMixIn(regions=["us-east-1"])).rules


def cfn_lint_errors(template: str, rules: RulesCollection) -> list[str]:
    matches = lint(template, rules=rules, regions=["us-east-1"])
    for match in matches:
        print(f"cfn-lint {match.rule.id} line {match.linenumber}: {match.message}")
    return [str(match) for match in matches if match.rule.id.startswith("E")]


@pytest.mark.parametrize("name", LINTED)
def test_the_sam_template_passes_cfn_lint_without_errors(name: str, cfn_lint_rules: RulesCollection) -> None:
    assert cfn_lint_errors(sam_template(SCENARIOS[name]), cfn_lint_rules) == []


def test_cfn_lint_would_catch_a_destination_type_sam_does_not_know(cfn_lint_rules: RulesCollection) -> None:
    template = sam_template(SCENARIOS["on_failure s3"]).replace("Type: S3Bucket", "Type: S3")
    assert any("E3030" in error for error in cfn_lint_errors(template, cfn_lint_rules))


def test_the_export_module_does_not_import_streamlit() -> None:
    source = (Path(__file__).parents[2] / "ui" / "export.py").read_text()
    assert not re.search(r"^\s*(import|from)\s+streamlit", source, re.MULTILINE)


def test_the_dlq_note_says_what_the_current_guide_says_and_links_it() -> None:
    """invocation-async-retain-records.html: "you can only add or remove a dead-letter queue at the function
    level. Function versions use the same dead-letter queue settings as the unpublished version ($LATEST)."."""
    scenario = Scenario(dead_letter=TargetSpec(service="sqs"))
    for code in (boto3_code(scenario), cli_commands(scenario)):
        assert "published versions use the same DLQ as $LATEST" in code
        assert "invocation-async-retain-records.html#invocation-dlq" in code
        assert "publish new versions" not in code
