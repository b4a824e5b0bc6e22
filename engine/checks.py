"""Checks on an Outcome, written as data: lesson goals and quiz proofs are lists of these.

Each check states one observable fact ("every event ended RetriesExhausted", "the DLQ received one
message") and carries the feedback to show when it does not hold. ``failed_checks`` evaluates a list.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .outcome import Outcome
from .scenario import Role

Condition = Literal["Success", "RetriesExhausted", "EventAgeExceeded", "ZeroReservedConcurrency"]
Comparison = Literal["==", "!=", "<", "<=", ">", ">="]
Quantifier = Literal["all", "any", "none"]


class _Check(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    feedback: str = Field(min_length=1, description="shown when this check fails: what to look at, not the answer")


class ConditionCheck(_Check):
    """How the async events of the main function ended (the record's requestContext.condition)."""

    kind: Literal["condition"]
    value: Condition
    events: Quantifier = "all"


class AttemptsCheck(_Check):
    """How many times each async event ran (approximateInvokeCount)."""

    kind: Literal["attempts"]
    op: Comparison = "=="
    value: int = Field(ge=0)
    events: Quantifier = "all"


class DeliveredCheck(_Check):
    """What a destination or the DLQ received: how many deliveries, optionally to which service."""

    kind: Literal["delivered"]
    role: Role
    op: Comparison = ">="
    count: int = Field(1, ge=0)
    service: Literal["sqs", "sns", "eventbridge", "lambda", "s3"] | None = None


class DeliveryFailedCheck(_Check):
    """A delivery to a destination or the DLQ failed (FIFO target, missing target, too large)."""

    kind: Literal["delivery_failed"]
    role: Role
    expected: bool = True


class InvocationTypeCheck(_Check):
    kind: Literal["invocation_type"]
    value: Literal["Event", "RequestResponse"]


class StatusCheck(_Check):
    """The HTTP status the caller got for every event (200, 202, 429, ...)."""

    kind: Literal["status"]
    value: int


class FunctionErrorCheck(_Check):
    """Whether the synchronous caller saw FunctionError in the response."""

    kind: Literal["function_error"]
    expected: bool = True


class MetricCheck(_Check):
    """A CloudWatch metric of the main function (Invocations, Errors, Throttles, AsyncEventsDropped, ...)."""

    kind: Literal["metric"]
    name: Literal["Invocations", "Errors", "Throttles", "AsyncEventsReceived", "AsyncEventsDropped",
                  "DeadLetterErrors", "DestinationDeliveryFailures", "RecursiveInvocationsDropped"]
    op: Comparison = ">="
    value: int = Field(ge=0)


class EndedByCheck(_Check):
    """Every async event had ended (success or failure) by this many virtual seconds."""

    kind: Literal["ended_by"]
    seconds: float = Field(gt=0)


class SettingCheck(_Check):
    """A configuration choice, when the goal is about how something is configured rather than what happens."""

    kind: Literal["setting"]
    field: Literal["max_retry_attempts", "max_event_age", "reserved_concurrency", "timeout", "trigger",
                   "invocation_type"]
    op: Comparison = "=="
    value: int | str | None


class NoSetupErrorCheck(_Check):
    """The configuration was accepted by the (simulated) Lambda API."""

    kind: Literal["no_setup_error"]


Check = Annotated[
    ConditionCheck | AttemptsCheck | DeliveredCheck | DeliveryFailedCheck | InvocationTypeCheck | StatusCheck
    | FunctionErrorCheck | MetricCheck | EndedByCheck | SettingCheck | NoSetupErrorCheck,
    Field(discriminator="kind"),
]




_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
}
_SERVICES = {"sqs": "sqs", "sns": "sns", "eventbridge": "events", "lambda": "lambda", "s3": "s3"}


def _quantified(values: list[bool], events: str) -> bool:
    """all / any / none over the async events; with no async event at all, only "none" holds."""
    if events == "all":
        return bool(values) and all(values)
    if events == "any":
        return any(values)
    return not any(values)


def holds(check: Check, outcome: Outcome) -> bool:
    """Whether one check is true of an outcome."""
    kind = check.kind
    if kind == "no_setup_error":
        return outcome.setup_error is None
    if kind == "setting":
        actual = (outcome.scenario.effective_invocation_type if check.field == "invocation_type"
                  else getattr(outcome.scenario, check.field))
        if actual is None or check.value is None:
            return _OPS[check.op](actual, check.value) if check.op in ("==", "!=") else False
        return _OPS[check.op](actual, check.value)
    if outcome.setup_error is not None:
        return False  # nothing ran, so no behaviour check can hold
    if kind == "condition":
        return _quantified([r.condition == check.value for r in outcome.results], check.events)
    if kind == "attempts":
        return _quantified([_OPS[check.op](r.approximate_invoke_count, check.value) for r in outcome.results],
                           check.events)
    if kind == "delivered":
        deliveries = outcome.delivered(check.role)
        if check.service is not None:
            deliveries = [d for d in deliveries if d.service == _SERVICES[check.service]]
        return _OPS[check.op](len(deliveries), check.count)
    if kind == "delivery_failed":
        return bool(outcome.failed_deliveries(check.role)) == check.expected
    if kind == "invocation_type":
        return outcome.invocation_type == check.value
    if kind == "status":
        return bool(outcome.responses) and all(r.status == check.value for r in outcome.responses)
    if kind == "function_error":
        return any(r.function_error for r in outcome.responses) == check.expected
    if kind == "metric":
        return _OPS[check.op](outcome.metrics[check.name], check.value)
    if kind == "ended_by":
        received = len([r for r in outcome.responses if r.status == 202])
        return len(outcome.results) >= received and all(r.ended <= check.seconds for r in outcome.results)
    raise AssertionError(f"unknown check kind {kind}")


def failed_checks(checks: list[Check], outcome: Outcome) -> list[Check]:
    """The checks that do not hold, in order: their feedback tells the learner what is still missing."""
    return [check for check in checks if not holds(check, outcome)]
