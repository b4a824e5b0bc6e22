""""Create this in a real account": a Scenario as a boto3 script, AWS CLI v2 commands or an AWS SAM template.

Pure text generation: no Streamlit and no AWS calls, so the Lab can show the output and tests can check it.
What each target needs, and when AWS refuses a setting, come from ../shared/AWS_FACTS.md (§5 destinations and
execution-role permissions, §7 DLQ, §8 API and SAM, S12-S14). Each note is written once, in ``_targets`` or
``_scenario_notes``, and all three exports show it.
"""

from __future__ import annotations

import json
import re
import shlex
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from engine.events import TRIGGERS
from engine.limits import FUNCTION_NAME_MAX
from engine.scenario import TRIGGER_LABELS, BehaviorSpec, Role, Scenario, sample_payload

_SAM_DOCS = "https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/"
DOC_LINKS = (
    ("Lambda destinations and DLQs", "https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html"),
    ("Retries and maximum event age", "https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-configuring.html"),
    ("AWS SAM EventInvokeConfig", _SAM_DOCS + "sam-property-function-eventinvokeconfiguration.html"),
    ("AWS SAM DeadLetterQueue", _SAM_DOCS + "sam-property-function-deadletterqueue.html"),
)
ROLE_PLACEHOLDER = "REPLACE-WITH-THE-EXECUTION-ROLE-OF-"
RUNTIME = "python3.12"
IAM_WAIT_SECONDS = 10

_ROLES: tuple[Role, ...] = ("on_success", "on_failure", "dead_letter")
_ROLE_KEY = {"on_success": "OnSuccess", "on_failure": "OnFailure", "dead_letter": "DeadLetter"}
_ROLE_TEXT = {"on_success": "OnSuccess destination", "on_failure": "OnFailure destination",
              "dead_letter": "dead-letter queue"}
_KIND = {"sqs": "SQS queue", "sns": "SNS topic", "eventbridge": "EventBridge event bus",
         "lambda": "Lambda function", "s3": "S3 bucket"}
_CLIENT = {"sqs": "sqs", "sns": "sns", "eventbridge": "events", "lambda": "lambda", "s3": "s3"}  # boto3 names
_LOGICAL_SUFFIX = {"sqs": "Queue", "sns": "Topic", "eventbridge": "Bus", "lambda": "Function", "s3": "Bucket"}
# §5 and §7: what the function's execution role must be allowed to do on each target.
_ACTIONS = {"sqs": ("sqs:SendMessage",), "sns": ("sns:Publish",), "eventbridge": ("events:PutEvents",),
            "lambda": ("lambda:InvokeFunction",), "s3": ("s3:PutObject", "s3:ListBucket")}
# §8: the SAM Type of an EventInvokeConfig destination or a DeadLetterQueue.
_SAM_TYPE = {"sqs": "SQS", "sns": "SNS", "eventbridge": "EventBridge", "lambda": "Lambda", "s3": "S3Bucket"}
#: SAM's docs list "S3", but its translator accepts only "S3Bucket" (samtranslator/model/sam_resources.py).
_S3_BUCKET_TYPE_NOTE = ("Type S3Bucket is right, though SAM's OnFailure page lists \"S3\": the SAM translator "
                        "accepts SQS, SNS, EventBridge, Lambda and S3Bucket, and refuses S3.")
# A target's ARN from its name; {bucket} is the S3 bucket's name, the prefix plus the account ID.
_ARN = {"sqs": "arn:{partition}:sqs:{region}:{account}:{name}",
        "sns": "arn:{partition}:sns:{region}:{account}:{name}",
        "eventbridge": "arn:{partition}:events:{region}:{account}:event-bus/{name}",
        "lambda": "arn:{partition}:lambda:{region}:{account}:function:{name}",
        "s3": "arn:{partition}:s3:::{bucket}"}
_S3_PREFIX_MAX = 63 - len("-123456789012")
#: Prefixes S3 reserves: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
_S3_RESERVED_PREFIXES = ("xn--", "sthree-", "amzn-s3-demo-")
_PERMISSIONS_NOTE = ["# The execution role, not the target, needs these permissions (SAM adds them for you)."]
_IAM_WAIT_NOTE = ["# IAM changes take seconds to reach Lambda, which checks a DLQ's permission when set."]
#: Code for a real account, so it states what AWS documents: today's guide makes the DLQ a function-level
#: setting that every version shares with $LATEST (older editions fixed it per published version).
_DLQ_NOTE = ["# The DLQ is a function-level setting: published versions use the same DLQ as $LATEST.",
             "# https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html#invocation-dlq"]


@dataclass(frozen=True, slots=True)
class _Target:
    """One destination or DLQ as the exports build it."""

    role: Role
    service: str
    name: str  # the queue, topic, bus or function name, or the bucket's name before the account ID
    fifo: bool
    created: bool  # False: only its ARN is used (a missing target, the default bus, the function itself)
    shared_with: Role | None  # an earlier role that names the same resource
    notes: tuple[str, ...]

    @property
    def var(self) -> str:
        return f"{self.role}_arn"

    @property
    def logical_id(self) -> str:
        return _ROLE_KEY[self.shared_with or self.role] + _LOGICAL_SUFFIX[self.service]

    @property
    def bucket_prefix(self) -> str:
        """S3 bucket names are global and lower case, so the exports append the account ID to this."""
        prefix = re.sub(r"[^a-z0-9-]", "-", self.name.lower()).strip("-")
        if prefix.startswith(_S3_RESERVED_PREFIXES):
            prefix = f"lab-{prefix}"
        return prefix[:_S3_PREFIX_MAX].rstrip("-") or "lab-bucket"

    def arn(self, partition: str, region: str, account: str) -> str:
        """The ARN from the target's name, with the three parts spelled the way the output language needs."""
        return _ARN[self.service].format(partition=partition, region=region, account=account, name=self.name,
                                         bucket=f"{self.bucket_prefix}-{account}")


def _targets(scenario: Scenario) -> list[_Target]:
    """The scenario's targets in OnSuccess, OnFailure, DLQ order, each with the notes a reader needs."""
    targets: list[_Target] = []
    seen: dict[tuple[str, str], Role] = {}
    for role in _ROLES:
        spec = getattr(scenario, role)
        if spec is None:
            continue
        name = scenario.target_name(role)
        where = f"The {_ROLE_TEXT[role]}, {_KIND[spec.service]} {name},"
        notes = []
        if spec.fifo and spec.service in ("sqs", "sns"):  # S13
            metric = "DeadLetterErrors" if role == "dead_letter" else "DestinationDeliveryFailures"
            notes.append(f"{where} is FIFO. Lambda cannot deliver to FIFO queues or topics: every delivery "
                         f"fails and counts in {metric} (a 2021 report saw AWS refuse the setting instead).")
        if spec.service == "s3" and role == "on_success":  # S12
            notes.append(f"{where} cannot work: AWS accepts S3 buckets only as OnFailure destinations and "
                         "rejects the setting (with InvalidParameterValueException in this simulator; AWS "
                         "does not document the exact error). So this code creates the bucket but leaves it "
                         "out of DestinationConfig, where it would make AWS refuse the other settings too.")
        itself = spec.service == "lambda" and name == scenario.function_name
        if itself:  # §5
            notes.append(f"{where} is the function itself, which Lambda rejects with "
                         "InvalidParameterValueException.")
        elif spec.service == "lambda" and len(name) > FUNCTION_NAME_MAX:
            notes.append(f"{where} has a name longer than {FUNCTION_NAME_MAX} characters, the most a function "
                         "name may have: AWS refuses it, as the Lab does.")
        elif not spec.exists and spec.service == "lambda":  # S14
            notes.append(f"{where} does not exist: Lambda rejects a missing destination function with "
                         "InvalidParameterValueException when the configuration is saved.")
        elif not spec.exists:  # S14
            notes.append(f"{where} is never created, as in the Lab: only its ARN is used, so deliveries to "
                         "it fail (AWS may also refuse the setting when it is saved).")
        default_bus = spec.service == "eventbridge" and name == "default"
        key = (spec.service, name)
        created = spec.exists and not itself and not default_bus
        targets.append(_Target(role, spec.service, name, spec.fifo, created, seen.get(key), tuple(notes)))
        seen.setdefault(key, role)
    return targets


def _scenario_notes(scenario: Scenario, targets: list[_Target]) -> list[str]:
    """Notes about the whole scenario, shown at the top of every export."""
    notes = []
    async_settings = targets or scenario.max_retry_attempts is not None or scenario.max_event_age is not None
    if not scenario.is_async and async_settings:  # §5: async only
        caller = "The SDK/CLI call" if scenario.trigger == "sdk" else TRIGGER_LABELS[scenario.trigger]
        notes.append(f"{caller} invokes synchronously (RequestResponse): the caller gets the result or the "
                     "error, and Lambda never retries it or sends it to a destination or the DLQ. Those "
                     "settings apply only to asynchronous (Event) invocations.")
    if scenario.reserved_concurrency == 0:  # §4
        notes.append("Reserved concurrency 0: asynchronous events never run; each goes straight to OnFailure "
                     "and/or the DLQ (records seen on AWS name the condition ZeroReservedConcurrency). "
                     "Synchronous calls get 429.")
    return notes


def _invoke_note(scenario: Scenario) -> str:
    how = scenario.effective_invocation_type
    if scenario.trigger == "sdk":
        return f"Invoke it as the Lab does: InvocationType {how}."
    return (f"In the Lab, {TRIGGER_LABELS[scenario.trigger]} invokes the function ({how}). This does not "
            "wire up that trigger (see the SAM template); it invokes the function the same way, with the "
            "Lab's sample event.")


def _payload(scenario: Scenario) -> Any:
    if scenario.payload is not None:
        return scenario.payload
    return sample_payload(scenario.trigger, scenario.seed)


def _comments(prefix: str, texts: list[str] | tuple[str, ...]) -> list[str]:
    """Each text as comment lines, wrapped to 108 columns, continuation lines indented."""
    lines = []
    for text in texts:
        first, *rest = textwrap.wrap(text, 108 - len(prefix))
        lines += [prefix + first, *(f"{prefix}  {line}" for line in rest)]
    return lines


def _header(scenario: Scenario, targets: list[_Target], what: str) -> list[str]:
    lines = [f"# {what} for the Lab scenario of function {scenario.function_name}.",
             *(f"# {title}: {url}" for title, url in DOC_LINKS)]
    return lines + _comments("# ", _scenario_notes(scenario, targets))


def _role_placeholder(scenario: Scenario) -> list[str]:
    # GetFunctionConfiguration's Role is the role's ARN, while PutRolePolicy takes its name: the ARN's last part.
    return ["# PLACEHOLDER: the name (not the ARN) of the function's execution role, which needs permission to "
            "write to the targets.",
            f"# Find it with: aws lambda get-function-configuration --function-name {scenario.function_name} "
            "--query Role --output text | sed 's#.*/##'"]


def _function_settings_note(dead_letter: _Target | None) -> list[str]:
    """Why the function's own configuration is updated: the Lab's timeout, and the DLQ when there is one."""
    note = ["# The function's timeout as in the Lab" + (", and its DLQ." if dead_letter else ".")]
    return note + (_DLQ_NOTE if dead_letter else [])


def _target_heading(target: _Target) -> list[str]:
    heading = f"# {_ROLE_KEY[target.role]}: {_KIND[target.service]} {target.name}"
    return [heading, *_comments("# ", target.notes)]


# --- Permissions, shared by the three exports ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Grant:
    """One policy statement: an action on a target, or on its objects (``/*``)."""

    action: str
    target: _Target

    @property
    def on_objects(self) -> bool:
        return self.action == "s3:PutObject"


def _grants(targets: list[_Target]) -> list[_Grant]:
    return [_Grant(action, target) for target in targets if target.shared_with is None
            for action in _ACTIONS[target.service]]


def _statements(grants: list[_Grant], resource: Callable[[_Grant], Any], account: Any) -> list[dict]:
    statements = []
    for grant in grants:
        statement = {"Effect": "Allow", "Action": grant.action, "Resource": resource(grant)}
        if grant.target.service == "s3":  # §5: a deleted bucket's name can be taken by another account
            statement["Condition"] = {"StringEquals": {"s3:ResourceAccount": account}}
        statements.append(statement)
    return statements


def _destinations(targets: list[_Target]) -> list[_Target]:
    """The OnSuccess and OnFailure targets that can go into DestinationConfig (S3 serves OnFailure only, S12)."""
    return [target for target in targets
            if target.role != "dead_letter" and not (target.service == "s3" and target.role == "on_success")]


def _dead_letter(targets: list[_Target]) -> _Target | None:
    return next((target for target in targets if target.role == "dead_letter"), None)


# --- boto3 ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Py:
    """A Python expression spliced into generated code as is."""

    source: str


def _py_literal(value: Any, indent: int = 0) -> str:
    """Python source for JSON-like data and ``_Py`` expressions: one line if short, else one item a line."""
    if isinstance(value, _Py):
        return value.source
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a valid Python string literal
    if not isinstance(value, dict | list):
        return repr(value)  # None, True, False, numbers
    if isinstance(value, dict):
        items, brackets = [f"{json.dumps(k)}: {_py_literal(v, indent + 4)}" for k, v in value.items()], "{}"
    else:
        items, brackets = [_py_literal(item, indent + 4) for item in value], "[]"
    one_line = brackets[0] + ", ".join(items) + brackets[1]
    if "\n" not in one_line and indent + len(one_line) <= 90:
        return one_line
    body = "".join(f"{' ' * (indent + 4)}{item},\n" for item in items)
    return f"{brackets[0]}\n{body}{' ' * indent}{brackets[1]}"


def _py_call(call: str, arguments: list[str]) -> list[str]:
    return [f"{call}(", *(f"    {argument}," for argument in arguments), ")"]


def _py_target(target: _Target) -> list[str]:
    """Lines that create the target if the scenario has it, and set ``<role>_arn`` to its ARN."""
    var, name = target.var, json.dumps(target.name)
    if target.shared_with is not None:
        return [f"{var} = {target.shared_with}_arn  # the same resource"]
    if not target.created:
        return [f'{var} = f"{target.arn("{PARTITION}", "{REGION}", "{ACCOUNT_ID}")}"']
    if target.service == "sqs":
        fifo = ', Attributes={"FifoQueue": "true"}' if target.fifo else ""
        return [f'queue_url = sqs.create_queue(QueueName={name}{fifo})["QueueUrl"]',
                f'{var} = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])'
                '["Attributes"]["QueueArn"]']
    if target.service == "sns":
        fifo = ', Attributes={"FifoTopic": "true"}' if target.fifo else ""
        return [f'{var} = sns.create_topic(Name={name}{fifo})["TopicArn"]']
    if target.service == "eventbridge":
        return ["try:", f'    {var} = events.create_event_bus(Name={name})["EventBusArn"]',
                "except events.exceptions.ResourceAlreadyExistsException:",
                f'    {var} = events.describe_event_bus(Name={name})["Arn"]']
    if target.service == "lambda":
        return ["# The destination function must already exist.",
                f'{var} = lambda_client.get_function(FunctionName={name})["Configuration"]["FunctionArn"]']
    bucket = f"{target.role}_bucket"
    return ["# Bucket names are global, so the account ID is appended.",
            f'{bucket} = f"{target.bucket_prefix}-{{ACCOUNT_ID}}"',
            "try:",
            '    if REGION == "us-east-1":  # the one region that takes no LocationConstraint',
            f"        s3.create_bucket(Bucket={bucket})",
            "    else:",
            f"        s3.create_bucket(Bucket={bucket}, "
            'CreateBucketConfiguration={"LocationConstraint": REGION})',
            "except s3.exceptions.BucketAlreadyOwnedByYou:",
            "    pass",
            f'{var} = f"arn:{{PARTITION}}:s3:::{{{bucket}}}"']


def boto3_code(scenario: Scenario) -> str:
    """A runnable boto3 script that builds the scenario's configuration in a real account, then invokes it.

    The function must exist already, and so must a Lambda destination; the script creates the queues,
    topics, buses and buckets, grants the execution role what each target needs, sets the Lab's timeout,
    and otherwise only what the scenario sets.
    """
    targets = _targets(scenario)
    grants = _grants(targets)
    needs_arn_parts = any(t.service == "s3" or not t.created for t in targets if t.shared_with is None)
    pause = scenario.interval if scenario.events > 1 else 0

    lines = ['"""Recreate a Lab scenario in a real AWS account with boto3."""', "",
             *_header(scenario, targets, "boto3 script"),
             f"# It assumes the function {scenario.function_name} already exists.", "",
             "import json", *(["import sys"] if grants else []),
             *(["import time"] if grants or pause else []), "",
             "import boto3", "", f"FUNCTION_NAME = {json.dumps(scenario.function_name)}"]
    if grants:
        lines += [*_role_placeholder(scenario),
                  f"EXECUTION_ROLE_NAME = {json.dumps(ROLE_PLACEHOLDER + scenario.function_name)}",
                  f"if EXECUTION_ROLE_NAME.startswith({json.dumps(ROLE_PLACEHOLDER)}):",
                  '    sys.exit("Set EXECUTION_ROLE_NAME to the name of the execution role first.")']
    lines += ["", "session = boto3.session.Session()", 'lambda_client = session.client("lambda")']
    if needs_arn_parts:
        lines += ["# The function's ARN tells us the partition, region and account this session uses.",
                  'function_arn = lambda_client.get_function(FunctionName=FUNCTION_NAME)["Configuration"]'
                  '["FunctionArn"]',
                  '_, PARTITION, _, REGION, ACCOUNT_ID = function_arn.split(":")[:5]']
    for client in dict.fromkeys(_CLIENT[t.service] for t in targets if t.created and t.shared_with is None):
        if client != "lambda":
            lines.append(f'{client} = session.client("{client}")')
    for target in targets:
        lines += ["", *_target_heading(target), *_py_target(target)]

    if grants:
        def resource(grant: _Grant) -> _Py:
            return _Py(f'f"{{{grant.target.var}}}/*"' if grant.on_objects else grant.target.var)

        statements = _statements(grants, resource, _Py("ACCOUNT_ID"))
        lines += ["", *_PERMISSIONS_NOTE,
                  f'policy = {_py_literal({"Version": "2012-10-17", "Statement": statements})}',
                  *_py_call('session.client("iam").put_role_policy', [
                      "RoleName=EXECUTION_ROLE_NAME", f'PolicyName="{scenario.function_name}-async-targets"',
                      "PolicyDocument=json.dumps(policy)"]),
                  *_IAM_WAIT_NOTE, f"time.sleep({IAM_WAIT_SECONDS})"]
    dead_letter = _dead_letter(targets)
    settings = ["FunctionName=FUNCTION_NAME", f"Timeout={scenario.timeout}"]
    if dead_letter is not None:
        settings.append(f'DeadLetterConfig={{"TargetArn": {dead_letter.var}}}')
    lines += ["", *_function_settings_note(dead_letter),
              *_py_call("lambda_client.update_function_configuration", settings),
              'lambda_client.get_waiter("function_updated_v2").wait(FunctionName=FUNCTION_NAME)']
    if scenario.reserved_concurrency is not None:
        lines += ["", *_py_call("lambda_client.put_function_concurrency", [
            "FunctionName=FUNCTION_NAME", f"ReservedConcurrentExecutions={scenario.reserved_concurrency}"])]
    arguments = []
    if scenario.max_retry_attempts is not None:
        arguments.append(f"MaximumRetryAttempts={scenario.max_retry_attempts}")
    if scenario.max_event_age is not None:
        arguments.append(f"MaximumEventAgeInSeconds={scenario.max_event_age}")
    if destinations := _destinations(targets):
        config = {_ROLE_KEY[t.role]: {"Destination": _Py(t.var)} for t in destinations}
        arguments.append(f"DestinationConfig={_py_literal(config, 4)}")
    if arguments:
        lines += ["", "# Put replaces the whole configuration: what it leaves out falls back to the defaults",
                  "# (2 retries, 21600 s, no destinations). No Qualifier, so it applies to $LATEST.",
                  *_py_call("lambda_client.put_function_event_invoke_config", ["FunctionName=FUNCTION_NAME",
                                                                               *arguments])]

    call = ["response = lambda_client.invoke(",
            f'    FunctionName=FUNCTION_NAME, InvocationType="{scenario.effective_invocation_type}", '
            "Payload=json.dumps(PAYLOAD)",
            ")",
            "# Event: 202 and an empty body. RequestResponse: 200, then the result or the error.",
            'print(response["StatusCode"], response.get("FunctionError", ""),',
            '      response["Payload"].read().decode())',
            *([f"time.sleep({pause!r})"] if pause else [])]
    if scenario.events > 1:
        call = [f"for _ in range({scenario.events}):", *(f"    {line}" for line in call)]
    lines += ["", *_comments("# ", [_invoke_note(scenario)]), f"PAYLOAD = {_py_literal(_payload(scenario))}",
              *call]
    return "\n".join(lines) + "\n"


# --- AWS CLI v2 ----------------------------------------------------------------------------------------


def _sh_var(target: _Target) -> str:
    return target.var.upper()


def _sh_json(var: str, document: Any, values: dict[str, str], indent: int | None = None) -> str:
    """``VAR=$(printf '<json>' "$A" ...)``: JSON in shell-safe single quotes, with shell values spliced in.

    ``document`` holds the keys of ``values`` as placeholder strings; each becomes ``%s`` and its value a
    printf argument, in order of appearance.
    """
    text = json.dumps(document, indent=indent).replace("\\", "\\\\").replace("%", "%%")
    pattern = re.compile("|".join(re.escape(json.dumps(key)) for key in values))
    arguments = [values[json.loads(match.group())] for match in pattern.finditer(text)]
    text = pattern.sub(lambda _: '"%s"', text)
    return f"{var}=$(printf {shlex.quote(text)} {' '.join(arguments)})"


def _sh_target(target: _Target) -> list[str]:
    """Commands that create the target if the scenario has it, and set ``<ROLE>_ARN`` to its ARN."""
    var, name = _sh_var(target), shlex.quote(target.name)
    if target.shared_with is not None:
        return [f'{var}="${target.shared_with.upper()}_ARN"  # the same resource']
    if not target.created:
        return [f'{var}="{target.arn("$PARTITION", "$REGION", "$ACCOUNT_ID")}"']
    if target.service == "sqs":
        fifo = " --attributes FifoQueue=true" if target.fifo else ""
        return [f"QUEUE_URL=$(aws sqs create-queue --queue-name {name}{fifo} --query QueueUrl --output text)",
                f'{var}=$(aws sqs get-queue-attributes --queue-url "$QUEUE_URL" \\',
                "  --attribute-names QueueArn --query Attributes.QueueArn --output text)"]
    if target.service == "sns":
        fifo = " --attributes FifoTopic=true" if target.fifo else ""
        return [f"{var}=$(aws sns create-topic --name {name}{fifo} --query TopicArn --output text)"]
    if target.service == "eventbridge":
        return [f"{var}=$(aws events describe-event-bus --name {name} --query Arn --output text \\",
                "  2>/dev/null \\",
                f"  || aws events create-event-bus --name {name} --query EventBusArn --output text)"]
    if target.service == "lambda":
        return ["# The destination function must already exist.",
                f"{var}=$(aws lambda get-function --function-name {name} --query Configuration.FunctionArn "
                "--output text)"]
    bucket = f"{target.role.upper()}_BUCKET"
    return ["# Bucket names are global, so the account ID is appended.",
            f'{bucket}="{target.bucket_prefix}-$ACCOUNT_ID"',
            f'if ! aws s3api head-bucket --bucket "${bucket}" 2>/dev/null; then',
            '  if [ "$REGION" = us-east-1 ]; then  # the one region that takes no LocationConstraint',
            f'    aws s3api create-bucket --bucket "${bucket}"',
            "  else",
            f'    aws s3api create-bucket --bucket "${bucket}" --create-bucket-configuration '
            '"LocationConstraint=$REGION"',
            "  fi",
            "fi",
            f'{var}="arn:$PARTITION:s3:::${bucket}"']


def cli_commands(scenario: Scenario) -> str:
    """AWS CLI v2 commands, as a bash script, that build the same configuration and invoke the function.

    JSON arguments are single-quoted with ``shlex.quote`` and take the ARNs the earlier commands printed.
    """
    targets = _targets(scenario)
    grants = _grants(targets)
    name = shlex.quote(scenario.function_name)

    lines = ["#!/usr/bin/env bash", *_header(scenario, targets, "AWS CLI v2 commands"),
             f"# They assume the function {scenario.function_name} already exists.", "set -euo pipefail", ""]
    if grants:
        lines += [*_role_placeholder(scenario), f"ROLE_NAME={ROLE_PLACEHOLDER}{scenario.function_name}",
                  f'case "$ROLE_NAME" in {ROLE_PLACEHOLDER}*)',
                  '  echo "Set ROLE_NAME to the name of the execution role first." >&2; exit 1 ;;', "esac"]
    lines += ["# The function's ARN tells us the partition, region and account the CLI uses.",
              f"FUNCTION_ARN=$(aws lambda get-function --function-name {name} "
              "--query Configuration.FunctionArn --output text)",
              'IFS=: read -r _ PARTITION _ REGION ACCOUNT_ID _ <<< "$FUNCTION_ARN"']
    for target in targets:
        lines += ["", *_target_heading(target), *_sh_target(target)]

    if grants:
        keys = {grant: f"@{index}@" for index, grant in enumerate(grants)}
        values = {keys[g]: f'"${_sh_var(g.target)}{"/*" if g.on_objects else ""}"' for g in grants}
        policy = {"Version": "2012-10-17", "Statement": _statements(grants, keys.__getitem__, "@account@")}
        lines += ["", *_PERMISSIONS_NOTE,
                  _sh_json("POLICY", policy, {**values, "@account@": '"$ACCOUNT_ID"'}, indent=2),
                  f'aws iam put-role-policy --role-name "$ROLE_NAME" '
                  f'--policy-name {shlex.quote(scenario.function_name + "-async-targets")} '
                  '--policy-document "$POLICY"',
                  *_IAM_WAIT_NOTE, f"sleep {IAM_WAIT_SECONDS}"]
    dead_letter = _dead_letter(targets)
    dead_letter_flag = "" if dead_letter is None else f' --dead-letter-config "TargetArn=${_sh_var(dead_letter)}"'
    lines += ["", *_function_settings_note(dead_letter),
              f"aws lambda update-function-configuration --function-name {name} --timeout {scenario.timeout}"
              + dead_letter_flag,
              f"aws lambda wait function-updated-v2 --function-name {name}"]
    if scenario.reserved_concurrency is not None:
        lines += ["", f"aws lambda put-function-concurrency --function-name {name} "
                      f"--reserved-concurrent-executions {scenario.reserved_concurrency}"]
    flags, config = [], []
    if scenario.max_retry_attempts is not None:
        flags.append(f"--maximum-retry-attempts {scenario.max_retry_attempts}")
    if scenario.max_event_age is not None:
        flags.append(f"--maximum-event-age-in-seconds {scenario.max_event_age}")
    if destinations := _destinations(targets):
        document = {_ROLE_KEY[t.role]: {"Destination": f"@{t.role}@"} for t in destinations}
        values = {f"@{t.role}@": f'"${_sh_var(t)}"' for t in destinations}
        config = [_sh_json("DESTINATION_CONFIG", document, values)]
        flags.append('--destination-config "$DESTINATION_CONFIG"')
    if flags:
        lines += ["", "# put replaces the whole configuration: what it leaves out falls back to the defaults",
                  "# (2 retries, 21600 s, no destinations). No --qualifier, so it applies to $LATEST.",
                  *config, f"aws lambda put-function-event-invoke-config --function-name {name} \\",
                  *(f"  {flag} \\" for flag in flags[:-1]), f"  {flags[-1]}"]

    call = [f"aws lambda invoke --function-name {name} \\",
            f"  --invocation-type {scenario.effective_invocation_type} \\",
            "  --cli-binary-format raw-in-base64-out \\",
            f"  --payload {shlex.quote(json.dumps(_payload(scenario)))} \\",
            "  response.json"]
    if scenario.events > 1:
        pause = [f"sleep {scenario.interval:g}"] if scenario.interval > 0 else []
        call = [f"for i in $(seq {scenario.events}); do", *(f"  {line}" for line in call + pause), "done"]
    lines += ["", *_comments("# ", [_invoke_note(scenario)]), *call,
              "# Event: an empty response.json. RequestResponse: the result or the error.",
              "cat response.json", "echo"]
    return "\n".join(lines) + "\n"


# --- AWS SAM -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Tag:
    """A CloudFormation short-form function written as YAML text, e.g. ``!GetAtt Queue.Arn``."""

    name: str
    value: str


@dataclass(frozen=True, slots=True)
class _Block:
    """A YAML literal block (``|``), for inline code."""

    text: str


@dataclass(frozen=True, slots=True)
class _Comment:
    """A mapping key written as comment lines; its value is ignored."""

    text: str


_PLAIN = re.compile(r"[A-Za-z](?:[A-Za-z0-9_.:/*-]*[A-Za-z0-9_./*-])?")
_YAML_WORDS = {"y", "n", "yes", "no", "true", "false", "on", "off", "null"}


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, _Tag):
        return f"{value.name} {_scalar(value.value)}"
    if _PLAIN.fullmatch(value) and value.lower() not in _YAML_WORDS:
        return value
    return json.dumps(value)  # a JSON string is a valid YAML double-quoted scalar


def _yaml_mapping(mapping: dict[Any, Any], indent: int) -> list[str]:
    pad = "  " * indent
    lines = []
    for key, value in mapping.items():
        if isinstance(key, _Comment):
            lines += _comments(pad + "# ", [key.text])
        elif isinstance(value, _Block):
            lines += [f"{pad}{key}: |", *(f"{pad}  {line}".rstrip() for line in value.text.splitlines())]
        elif isinstance(value, dict):
            lines += [f"{pad}{key}:", *_yaml_mapping(value, indent + 1)]
        elif isinstance(value, list):
            lines += [f"{pad}{key}:", *_yaml_sequence(value, indent + 1)]
        else:
            lines.append(f"{pad}{key}: {_scalar(value)}")
    return lines


def _yaml_sequence(items: list[Any], indent: int) -> list[str]:
    pad = "  " * indent
    lines = []
    for item in items:
        if isinstance(item, dict):
            body = _yaml_mapping(item, indent + 1)
            first = next(i for i, line in enumerate(body) if not line.lstrip().startswith("#"))
            body[first] = f"{pad}- {body[first].lstrip()}"
            lines += body
        else:
            lines.append(f"{pad}- {_scalar(item)}")
    return lines


def _sam_arn(target: _Target) -> _Tag:
    """The target's ARN: an attribute of a resource the template creates, or built from its name."""
    if target.created or target.shared_with is not None:
        # An SNS topic's Ref is its ARN; the other resources have an Arn attribute.
        if target.service == "sns":
            return _Tag("!Ref", target.logical_id)
        return _Tag("!GetAtt", f"{target.logical_id}.Arn")
    return _Tag("!Sub", target.arn("${AWS::Partition}", "${AWS::Region}", "${AWS::AccountId}"))


def _sam_resource(target: _Target) -> dict[Any, Any]:
    if target.service == "sqs":
        return {"Type": "AWS::SQS::Queue",
                "Properties": {"QueueName": target.name, **({"FifoQueue": True} if target.fifo else {})}}
    if target.service == "sns":
        return {"Type": "AWS::SNS::Topic",
                "Properties": {"TopicName": target.name, **({"FifoTopic": True} if target.fifo else {})}}
    if target.service == "eventbridge":
        return {"Type": "AWS::Events::EventBus", "Properties": {"Name": target.name}}
    if target.service == "s3":
        return {_Comment("Bucket names are global, so the account ID is appended."): None,
                "Type": "AWS::S3::Bucket",
                "Properties": {"BucketName": _Tag("!Sub", f"{target.bucket_prefix}-${{AWS::AccountId}}")}}
    return {"Type": "AWS::Serverless::Function",
            "Properties": {"FunctionName": target.name, "Runtime": RUNTIME, "Handler": "index.handler",
                           "InlineCode": _Block(_RECORD_PRINTER)}}


_RECORD_PRINTER = '''import json


def handler(event, context):
    # The invocation record: requestContext.condition, requestPayload, responsePayload...
    print(json.dumps(event))
'''


def _handler_code(behavior: BehaviorSpec) -> str:
    """Python that behaves roughly like the Lab's function: the same result, error type and message."""
    kind = behavior.kind
    imports = ["json", *(["os"] if kind == "crash" else []), *(["random"] if kind == "flaky" else []), "time"]
    head = [*(f"import {module}" for module in imports), ""]
    if kind in ("succeed", "fail_first", "flaky"):
        head.append(f"RESULT = json.loads({json.dumps(behavior.result)!a})")
    if kind in ("fail", "fail_first", "flaky"):
        head += ["# An exception class named like the Lab's error type, so errorType matches.",
                 f"Error = type({behavior.error_type!r}, (Exception,), {{}})",
                 f"MESSAGE = {behavior.message!a}"]
    if kind == "fail_first":
        head += ["# Retries keep the request ID (seen on AWS; the guide does not say). Counted per execution",
                 "# environment, so only roughly.",
                 "ATTEMPTS = {}"]
    body = ["print(json.dumps(event))"]
    if kind == "timeout":
        body.append("time.sleep(context.get_remaining_time_in_millis() / 1000 + 1)  # runs past the timeout")
    elif behavior.duration > 0:
        body.append(f"time.sleep({behavior.duration!r})")
    body += {
        "succeed": ["return RESULT"],
        "fail": ["raise Error(MESSAGE)"],
        "timeout": [],
        "crash": ["os._exit(1)  # the runtime exits: Runtime.ExitError"],
        "out_of_memory": ["hog = []", "while True:  # until the memory limit stops it: Runtime.OutOfMemory",
                          '    hog.append(b"x" * (64 << 20))'],
        "fail_first": ["ATTEMPTS[context.aws_request_id] = ATTEMPTS.get(context.aws_request_id, 0) + 1",
                       f"if ATTEMPTS[context.aws_request_id] <= {behavior.fail_count}:",
                       "    raise Error(MESSAGE)", "return RESULT"],
        "flaky": [f"if random.random() < {behavior.probability!r}:", "    raise Error(MESSAGE)",
                  "return RESULT"],
    }[kind]
    lines = [*head, "", "", "def handler(event, context):", *(f"    {line}" for line in body)]
    return "\n".join(lines) + "\n"


def _sam_trigger(scenario: Scenario) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
    """The function's Events entry, the resources it needs, and notes, for the scenario's trigger."""
    trigger = scenario.trigger
    params = TRIGGERS[trigger].params if trigger in TRIGGERS else {}
    if trigger == "s3":
        return ({"Upload": {"Type": "S3", "Properties": {"Bucket": _Tag("!Ref", "TriggerBucket"),
                                                          "Events": "s3:ObjectCreated:*"}}},
                {"TriggerBucket": {"Type": "AWS::S3::Bucket"}}, [])
    if trigger == "sns":
        return ({"Message": {"Type": "SNS", "Properties": {"Topic": _Tag("!Ref", "TriggerTopic")}}},
                {"TriggerTopic": {"Type": "AWS::SNS::Topic"}}, [])
    if trigger == "eventbridge":
        pattern = {"source": [params["source"]], "detail-type": [params["detail_type"]]}
        return {"Rule": {"Type": "EventBridgeRule", "Properties": {"Pattern": pattern}}}, {}, []
    if trigger == "cloudwatch_logs":
        logs = {"LogGroupName": _Tag("!Ref", "TriggerLogGroup"), "FilterPattern": "ERROR"}
        return ({"Logs": {"Type": "CloudWatchLogs", "Properties": logs}},
                {"TriggerLogGroup": {"Type": "AWS::Logs::LogGroup"}}, [])
    if trigger == "api_gateway":
        request = {"Path": params["path"], "Method": params["method"].lower()}
        return ({"Request": {"Type": "Api", "Properties": request}}, {},
                ["A proxy integration expects {statusCode, body} back; the handler returns the Lab's result "
                 "as it is, so API Gateway answers 502 unless the result has that shape."])
    if trigger == "cognito":
        signup = {"UserPool": _Tag("!Ref", "TriggerUserPool"), "Trigger": "PreSignUp"}
        return ({"SignUp": {"Type": "Cognito", "Properties": signup}},
                {"TriggerUserPool": {"Type": "AWS::Cognito::UserPool"}},
                ["Cognito expects the event back from a pre sign-up trigger; the handler returns the Lab's "
                 "result as it is, so Cognito refuses the sign-up unless you return the event instead."])
    if trigger == "alb":
        return {}, {}, ["SAM has no event type for an Application Load Balancer: add an "
                        "AWS::ElasticLoadBalancingV2::TargetGroup with TargetType lambda, a listener rule, "
                        "and an AWS::Lambda::Permission for elasticloadbalancing.amazonaws.com. The load "
                        "balancer expects {statusCode, body} back, which the Lab's result may not have."]
    return {}, {}, ["No trigger: invoke the function yourself with the SDK or the CLI (the other exports)."]


def _sam_policies(grants: list[_Grant]) -> list[dict[str, Any]]:
    def resource(grant: _Grant) -> _Tag:
        arn = _sam_arn(grant.target)
        if not grant.on_objects:
            return arn
        return _Tag("!Sub", (arn.value if arn.name == "!Sub" else "${" + arn.value + "}") + "/*")

    return [{"Statement": _statements(grants, resource, _Tag("!Ref", "AWS::AccountId"))}]


def sam_template(scenario: Scenario) -> str:
    """An AWS SAM template (YAML text): the function, its trigger, its targets and its async settings.

    Short-form tags such as ``!GetAtt`` are written as text, so no YAML library is needed.
    """
    targets = _targets(scenario)
    events, trigger_resources, trigger_notes = _sam_trigger(scenario)
    properties: dict[Any, Any] = {"FunctionName": scenario.function_name, "Runtime": RUNTIME,
                                  "Handler": "index.handler", "Timeout": scenario.timeout}
    if scenario.reserved_concurrency is not None:
        properties["ReservedConcurrentExecutions"] = scenario.reserved_concurrency
    properties["InlineCode"] = _Block(_handler_code(scenario.behavior))
    if grants := _grants(targets):
        properties[_Comment("SAM adds the permissions for EventInvokeConfig destinations and the "
                            "DeadLetterQueue itself; they are written out to show what each target "
                            "needs.")] = None
        properties["Policies"] = _sam_policies(grants)
    if (dead_letter := _dead_letter(targets)) is not None:
        properties |= {_Comment(note): None for note in dead_letter.notes}
        properties["DeadLetterQueue"] = {"Type": _SAM_TYPE[dead_letter.service],
                                         "TargetArn": _sam_arn(dead_letter)}

    invoke_config: dict[str, Any] = {}
    if scenario.max_retry_attempts is not None:
        invoke_config["MaximumRetryAttempts"] = scenario.max_retry_attempts
    if scenario.max_event_age is not None:
        invoke_config["MaximumEventAgeInSeconds"] = scenario.max_event_age
    destination_config = {}
    for target in targets:
        if target.role != "dead_letter":
            properties |= {_Comment(note): None for note in target.notes}
    if any(target.service == "s3" for target in _destinations(targets)):
        properties[_Comment(_S3_BUCKET_TYPE_NOTE)] = None
    for target in _destinations(targets):
        destination_config[_ROLE_KEY[target.role]] = {"Type": _SAM_TYPE[target.service],
                                                      "Destination": _sam_arn(target)}
    if destination_config:
        invoke_config["DestinationConfig"] = destination_config
    if invoke_config:
        properties["EventInvokeConfig"] = invoke_config
    if events:
        properties["Events"] = events

    resources: dict[Any, Any] = {"Function": {"Type": "AWS::Serverless::Function", "Properties": properties},
                                 **trigger_resources}
    for target in targets:
        if target.created and target.shared_with is None:
            resources[target.logical_id] = _sam_resource(target)
    template = {"AWSTemplateFormatVersion": "2010-09-09", "Transform": "AWS::Serverless-2016-10-31",
                "Description": f"Lab scenario: function {scenario.function_name} and its async settings",
                "Resources": resources}
    lines = [*_header(scenario, targets, "AWS SAM template"), *_comments("# ", trigger_notes),
             *_yaml_mapping(template, 0)]
    return "\n".join(lines) + "\n"
