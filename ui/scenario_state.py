"""Between a Scenario and the Lab's widget values: pure functions, testable without Streamlit.

Widgets hold flat values (a selectbox's choice, a number, the payload's JSON text); a Scenario is the
validated whole. ``to_widget_values`` fills the widgets from a Scenario (a shared link, a lesson preset, a
solution); ``from_widget_values`` builds the Scenario back, or says which field is wrong and why.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from engine.errors import AwsError, check_range, check_reserved_concurrency
from engine.limits import DEFAULT_ACCOUNT_CONCURRENCY, MAX_EVENT_AGE_SECONDS, MAX_RETRY_ATTEMPTS
from engine.scenario import Scenario, TargetSpec, sample_payload
from engine.simulator import Simulator

NONE = "none"
DESTINATION_CHOICES = {
    "on_success": (NONE, "sqs", "sns", "eventbridge", "lambda"),
    "on_failure": (NONE, "sqs", "sns", "eventbridge", "lambda", "s3"),
    "dead_letter": (NONE, "sqs", "sns"),
}
SERVICE_LABELS = {
    NONE: "None",
    "sqs": "Amazon SQS queue",
    "sns": "Amazon SNS topic",
    "eventbridge": "Amazon EventBridge event bus",
    "lambda": "AWS Lambda function",
    "s3": "Amazon S3 bucket",
}
BEHAVIOR_LABELS = {
    "succeed": "Succeed with a result",
    "fail": "Raise an error",
    "timeout": "Time out",
    "crash": "Crash (runtime exits)",
    "out_of_memory": "Run out of memory",
    "fail_first": "Fail the first N attempts, then succeed",
    "flaky": "Fail with probability p",
}
DEFAULT = "default"
#: Recent value sets whose parse a form remembers: undo-like back-and-forth edits stay instant.
PARSE_MEMORY = 8


@dataclass(frozen=True)
class FieldError:
    """A problem tied to one field of the form, in words a learner understands (plain text, not Markdown)."""

    field: str
    message: str


@dataclass
class FormState:
    """One builder's values between reruns, the source of truth for every field, drawn or not.

    Widgets copy a learner's change in (their on_change) and are refilled from it before they are drawn, so
    a field survives being hidden, a group switch or a page switch. Kept as one session-state entry and
    changed in place: reading it costs one lookup, where a session-state entry per field cost dozens of
    reads and writes on every click. Parses of recent value sets are remembered, so a rerun that changes
    nothing does no validation and keeps the same Scenario object (whose token is cached).
    """

    values: dict[str, Any]
    scenario: Scenario
    _parsed: dict[tuple[Any, ...], tuple[Scenario | None, list[FieldError]]] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, scenario: Scenario) -> FormState:
        return cls(to_widget_values(scenario), scenario)

    def load(self, scenario: Scenario) -> None:
        """Replace every value (a shared link, a lesson preset, a solution)."""
        self.values = to_widget_values(scenario)
        self.scenario = scenario

    def parse(self) -> list[FieldError]:
        """Build the scenario the values describe; on errors keep the last valid one and return the errors."""
        signature = tuple(self.values.items())
        if signature not in self._parsed:
            if len(self._parsed) >= PARSE_MEMORY:
                self._parsed.pop(next(iter(self._parsed)))
            self._parsed[signature] = from_widget_values(self.values)
        scenario, errors = self._parsed[signature]
        if scenario is not None:
            self.scenario = scenario
        return errors


def to_widget_values(scenario: Scenario) -> dict[str, Any]:
    """Flat widget values for a scenario (the payload as pretty JSON, prefilled from the trigger)."""
    payload = scenario.payload if scenario.payload is not None else sample_payload(scenario.trigger, scenario.seed)
    behavior = scenario.behavior
    values: dict[str, Any] = {
        "function_name": scenario.function_name,
        "trigger": scenario.trigger,
        "invocation_type": scenario.invocation_type,
        "behavior_kind": behavior.kind,
        "behavior_result": json.dumps(behavior.result),
        "behavior_error_type": behavior.error_type,
        "behavior_message": behavior.message,
        "behavior_duration": float(behavior.duration),
        "behavior_fail_count": behavior.fail_count,
        "behavior_probability": float(behavior.probability),
        "timeout": scenario.timeout,
        "reserve": scenario.reserved_concurrency is not None,
        "reserved_concurrency": scenario.reserved_concurrency if scenario.reserved_concurrency is not None else 1,
        "max_retry_attempts": DEFAULT if scenario.max_retry_attempts is None else scenario.max_retry_attempts,
        "set_max_event_age": scenario.max_event_age is not None,
        "max_event_age": scenario.max_event_age if scenario.max_event_age is not None else 21_600,
        "payload": json.dumps(payload, indent=2),
        "payload_is_sample": scenario.payload is None,
        "events": scenario.events,
        "interval": float(scenario.interval),
        "seed": scenario.seed,
        "jitter": scenario.jitter,
    }
    for role in DESTINATION_CHOICES:
        spec: TargetSpec | None = getattr(scenario, role)
        values[f"{role}_service"] = spec.service if spec else NONE
        values[f"{role}_name"] = spec.name if spec else ""
        values[f"{role}_fifo"] = spec.fifo if spec else False
        values[f"{role}_exists"] = spec.exists if spec else True
    return values


def from_widget_values(values: dict[str, Any]) -> tuple[Scenario | None, list[FieldError]]:
    """The Scenario the widgets describe, or the fields that are wrong."""
    errors: list[FieldError] = []
    payload: Any = None
    if not values.get("payload_is_sample"):
        payload = _parse_json(values["payload"], "payload", errors)
    result = _parse_json(values["behavior_result"], "behavior_result", errors)
    data: dict[str, Any] = {
        "function_name": values["function_name"],
        "trigger": values["trigger"],
        "invocation_type": values["invocation_type"],
        "behavior": {
            "kind": values["behavior_kind"],
            "result": result,
            "error_type": values["behavior_error_type"],
            "message": values["behavior_message"],
            "duration": values["behavior_duration"],
            "fail_count": values["behavior_fail_count"],
            "probability": values["behavior_probability"],
        },
        "timeout": values["timeout"],
        "reserved_concurrency": values["reserved_concurrency"] if values["reserve"] else None,
        "max_retry_attempts": None if values["max_retry_attempts"] == DEFAULT else values["max_retry_attempts"],
        "max_event_age": values["max_event_age"] if values["set_max_event_age"] else None,
        "payload": payload,
        "events": values["events"],
        "interval": values["interval"],
        "seed": values["seed"],
        "jitter": values["jitter"],
    }
    for role in DESTINATION_CHOICES:
        service = values[f"{role}_service"]
        data[role] = None if service == NONE else {
            "service": service, "name": values[f"{role}_name"], "fifo": values[f"{role}_fifo"],
            "exists": values[f"{role}_exists"],
        }
    # Validated even when some JSON did not parse (it stands in as None), so every problem shows at once.
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as error:
        return None, errors + [FieldError(_field_of(e["loc"]), _friendly(e)) for e in error.errors()]
    return (None, errors) if errors else (scenario, [])


def _parse_json(text: str, field: str, errors: list[FieldError]) -> Any:
    """Invalid JSON in the event gets the error Lambda gives for an Invoke body (AWS_FACTS.md §9).

    The function's result is not an Invoke request body, so Lambda has no error for it: a plain message.
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        where = f"{error.msg} (line {error.lineno}, column {error.colno})"
        message = (f"InvalidRequestContentException: Could not parse request body into json: {where}"
                   if field == "payload" else f"The result must be valid JSON: {where}")
        errors.append(FieldError(field, message))
        return None


def _field_of(location: tuple[Any, ...]) -> str:
    """Map pydantic's error location to the form field that shows it.

    A Scenario's only whole-model check is the dead-letter target's service, so an error without a
    location belongs to the dead-letter queue.
    """
    if not location:
        return "dead_letter"
    head = str(location[0])
    if head == "behavior" and len(location) > 1:
        return f"behavior_{location[1]}"
    return head


#: The API's own check of each range-checked field: a value out of range gets the words the simulated API
#: (and AWS) give for it (S10, §4). Reserved concurrency has no API maximum; the account must keep 100 free.
_API_CHECKS: dict[str, Callable[[int], object]] = {
    "max_retry_attempts": lambda value: check_range(value, MAX_RETRY_ATTEMPTS, "maximumRetryAttempts"),
    "max_event_age": lambda value: check_range(value, MAX_EVENT_AGE_SECONDS, "maximumEventAgeInSeconds"),
    "timeout": Simulator.check_timeout,
    "reserved_concurrency": lambda value: check_reserved_concurrency(value, DEFAULT_ACCOUNT_CONCURRENCY),
}


#: Name rules in plain words rather than pydantic's regular expression: names the Lambda API does not check,
#: and function names the API model would take but this simulator does not (a dot), so the rule says "in this
#: Lab".
_NAME_RULES = {
    "function_name": "In this Lab, a function name is 1 to 64 letters, digits, hyphens (-) and underscores (_).",
    "behavior_error_type": "An error type is a Python class name, such as ValueError or orders.OrderError.",
    "name": "In this Lab, a target name is at most 75 letters, digits, hyphens (-) and underscores (_).",
}


def _friendly(error: Any) -> str:
    """A form error in AWS's words where AWS has them, else in plain words, else pydantic's message tidied."""
    location = error["loc"]
    field = str(location[0]) if location else ""
    message = error["msg"].removeprefix("Value error, ")
    if field in _API_CHECKS and error["type"] in ("greater_than_equal", "less_than_equal"):
        try:
            _API_CHECKS[field](error["input"])
        except AwsError as wrong:
            return f"{wrong.code}: {wrong.message}"
    if field == "function_name":
        try:
            Simulator.check_function_name(error["input"])
        except AwsError as wrong:
            return f"{wrong.code}: {wrong.message}"
    if error["type"] == "string_pattern_mismatch":
        rule = _NAME_RULES.get(_field_of(location)) or _NAME_RULES.get(str(location[-1]))
        if rule:
            return rule
    return message[0].upper() + message[1:]
