"""A whole learner configuration as one frozen, validated value, and running it into an Outcome.

A Scenario is what the Lab edits, what a link shares, what a lesson presets and what a question attaches
to "prove it". It speaks the engine's public contract only: Simulator, the Lambda client, Behavior.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from functools import cached_property, lru_cache
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, JsonValue, TypeAdapter, model_validator

from . import events as sample_events
from .behavior import Behavior
from .limits import (
    DEFAULT_ACCOUNT_CONCURRENCY,
    FUNCTION_TIMEOUT_SECONDS,
    MAX_EVENT_AGE_SECONDS,
    MAX_RETRY_ATTEMPTS,
    MIN_UNRESERVED_CONCURRENCY,
)

TriggerName = Literal["s3", "sns", "eventbridge", "cloudwatch_logs", "api_gateway", "alb", "cognito", "sdk"]
DestinationService = Literal["sqs", "sns", "eventbridge", "lambda", "s3"]
DeadLetterService = Literal["sqs", "sns"]
BehaviorKind = Literal["succeed", "fail", "timeout", "crash", "out_of_memory", "fail_first", "flaky"]
Role = Literal["on_success", "on_failure", "dead_letter"]

TRIGGER_LABELS: dict[str, str] = {
    **{name: spec.label for name, spec in sample_events.TRIGGERS.items()},
    "sdk": "AWS SDK / CLI (you choose the invocation type)",
}
MAX_EVENTS = 50
_NAME = r"^[a-zA-Z0-9_-]{1,64}$"


def _frozen() -> ConfigDict:
    return ConfigDict(frozen=True, extra="forbid")


class BehaviorSpec(BaseModel):
    """What the function does when it runs (see engine.Behavior)."""

    model_config = _frozen()

    kind: BehaviorKind = "succeed"
    result: JsonValue = Field(default_factory=lambda: {"status": "ok"})
    error_type: str = Field("ValueError", pattern=r"^[A-Za-z_][A-Za-z0-9_.]{0,99}$")
    message: str = Field("bad order", max_length=500)
    duration: float = Field(0.1, ge=0, le=FUNCTION_TIMEOUT_SECONDS[1])
    fail_count: int = Field(1, ge=0, le=10, description="fail_first: attempts that fail before success")
    probability: float = Field(0.5, ge=0, le=1, description="flaky: chance that an attempt fails")

    def build(self) -> Behavior:
        errors = {"error_type": self.error_type, "message": self.message, "duration": self.duration}
        return {
            "succeed": lambda: Behavior.succeed(self.result, duration=self.duration),
            "fail": lambda: Behavior.fail(**errors),
            "timeout": Behavior.timeout,
            "crash": lambda: Behavior.crash(duration=self.duration),
            "out_of_memory": lambda: Behavior.out_of_memory(duration=self.duration),
            "fail_first": lambda: Behavior.fail_first(
                self.fail_count, then=Behavior.succeed(self.result, duration=self.duration), **errors),
            "flaky": lambda: Behavior.flaky(self.probability, **errors),
        }[self.kind]()


class TargetSpec(BaseModel):
    """A destination or dead-letter target. ``exists=False`` names one that was never created (S14)."""

    model_config = _frozen()

    service: DestinationService
    name: str = Field("", pattern=r"^[a-zA-Z0-9_-]{0,75}$", description="empty: a name derived from the role")
    fifo: bool = False
    exists: bool = True


class Scenario(BaseModel):
    """Everything a learner configures: trigger, function, async settings, targets and events to send."""

    model_config = _frozen()

    function_name: str = Field("orders", pattern=_NAME)
    trigger: TriggerName = "s3"
    invocation_type: Literal["Event", "RequestResponse"] = Field(
        "Event", description="used by the sdk trigger; every other trigger invokes the way its service does")
    behavior: BehaviorSpec = Field(default_factory=BehaviorSpec)
    timeout: int = Field(3, ge=FUNCTION_TIMEOUT_SECONDS[0], le=FUNCTION_TIMEOUT_SECONDS[1])
    reserved_concurrency: int | None = Field(None, ge=0, le=DEFAULT_ACCOUNT_CONCURRENCY - MIN_UNRESERVED_CONCURRENCY)
    max_retry_attempts: int | None = Field(None, ge=MAX_RETRY_ATTEMPTS[0], le=MAX_RETRY_ATTEMPTS[1])
    max_event_age: int | None = Field(None, ge=MAX_EVENT_AGE_SECONDS[0], le=MAX_EVENT_AGE_SECONDS[1])
    on_success: TargetSpec | None = None
    on_failure: TargetSpec | None = None
    dead_letter: TargetSpec | None = None
    payload: JsonValue | None = Field(None, description="None: the trigger's realistic sample event")
    events: int = Field(1, ge=1, le=MAX_EVENTS)
    interval: float = Field(0.0, ge=0, le=3600, description="seconds between events")
    seed: int = Field(0, ge=0, le=2**31 - 1)
    jitter: bool = False
    duplicate_rate: float = Field(0.0, ge=0, le=1)

    @model_validator(mode="after")
    def _dead_letter_is_a_queue_or_topic(self) -> Scenario:
        if self.dead_letter is not None and self.dead_letter.service not in ("sqs", "sns"):
            raise ValueError("A dead-letter queue must be an Amazon SQS queue or an Amazon SNS topic.")
        return self

    @property
    def effective_invocation_type(self) -> str:
        """How the trigger invokes: fixed by the service, chosen by the caller only for the SDK/CLI."""
        if self.trigger == "sdk":
            return self.invocation_type
        return sample_events.TRIGGERS[self.trigger].invocation_type

    @property
    def is_async(self) -> bool:
        return self.effective_invocation_type == "Event"

    def target_name(self, role: Role) -> str:
        """The resource name of a target: the learner's, or one derived from the function and role."""
        spec: TargetSpec | None = getattr(self, role)
        assert spec is not None
        suffix = {"on_success": "success", "on_failure": "failures", "dead_letter": "dlq"}[role]
        base = spec.name or f"{self.function_name}-{suffix}"
        return f"{base}.fifo" if spec.fifo and spec.service in ("sqs", "sns") else base

    def with_changes(self, **changes: Any) -> Scenario:
        """A copy with some fields changed, validated like any Scenario."""
        return Scenario.model_validate({**self.model_dump(), **changes})

    # --- sharing -------------------------------------------------------------------------------
    def to_token(self) -> str:
        """A compact URL-safe string: only what differs from the defaults, compressed."""
        return self._token

    @cached_property
    def _token(self) -> str:
        # Cached: the UI keys its per-session caches by token on every rerun, and a Scenario never changes.
        data = json.dumps(self.model_dump(mode="json", exclude_defaults=True), separators=(",", ":"))
        return base64.urlsafe_b64encode(zlib.compress(data.encode(), 9)).decode().rstrip("=")

    @classmethod
    def from_token(cls, token: str) -> Scenario:
        """Read a token from ``to_token``; a damaged one raises pydantic's ValidationError."""
        return cls.model_validate(_TOKEN.validate_python(token))

    def run(self):
        """Build a simulator, apply this configuration through the Lambda API, send the events, run."""
        from .outcome import run_scenario

        return run_scenario(self)


#: The most JSON a token may expand to: twice the 1 MB async payload limit (S9). zlib's ``bufsize`` is only a
#: starting size, so the limit needs a decompress object to bound what a shared link can make us allocate.
_TOKEN_JSON_LIMIT = 2 * 1_048_576


def _decode_token(token: str) -> dict[str, Any]:
    try:
        inflater = zlib.decompressobj()
        raw = inflater.decompress(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)), _TOKEN_JSON_LIMIT)
        if inflater.unconsumed_tail or not inflater.eof:
            raise ValueError("too large or truncated")
        data = json.loads(raw)
    except (binascii.Error, zlib.error, ValueError) as error:
        raise ValueError("this link's scenario is damaged or incomplete") from error
    if not isinstance(data, dict):
        raise ValueError("this link does not hold a scenario")
    return data


_TOKEN = TypeAdapter(Annotated[str, Field(max_length=20_000), AfterValidator(_decode_token)])


@lru_cache(maxsize=64)
def sample_payload(trigger: str, seed: int = 0) -> Any:
    """The realistic sample event a trigger sends first, as the Lab prefills it (cached: treat as read-only)."""
    from .simulator import Simulator

    if trigger == "sdk":
        return {"orderId": "A-1001", "amount": 42}
    return Simulator(seed).sample_event(trigger)
