"""The simulated Lambda service: functions, targets, the virtual clock, and everything that happened.

``Simulator`` is the engine's facade (the contract in ../shared/DESIGN.md). It owns state and answers
queries; the async queue (``async_queue.py``), the deliveries (``delivery.py``) and the boto3-shaped client
(``lambda_client.py``) do the work.
"""

from __future__ import annotations

import gc
import heapq
import json
import random
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from . import events as sample_events
from .arns import LATEST, ArnBuilder, parse_arn, parse_function_name
from .async_queue import AsyncEvent, AsyncQueue
from .async_rules import AsyncSettings
from .behavior import Behavior
from .clock import Clock
from .delivery import Deliverer
from .errors import (
    AwsError,
    InvalidParameterValueException,
    ResourceConflictException,
    check_reserved_concurrency,
    constraint_error,
)
from .functions import Code, Function
from .history import AsyncResult, Invocation, Step
from .limits import (
    DEFAULT_ACCOUNT_CONCURRENCY,
    DEFAULT_FUNCTION_TIMEOUT_SECONDS,
    DEFAULT_MAX_EVENT_AGE_SECONDS,
    DEFAULT_MAX_RETRY_ATTEMPTS,
    FUNCTION_TIMEOUT_SECONDS,
    RECURSION_LIMIT,
)
from .resources import Delivery, DeliveryFailure, Target

if TYPE_CHECKING:
    from .lambda_client import LambdaClient

#: S20: virtual time 0.
DEFAULT_START = datetime(2026, 1, 1, tzinfo=UTC)
_NAME_PATTERN = r"[a-zA-Z0-9_-]{1,80}"


class Simulator:
    """A deterministic, virtual-time AWS Lambda with SQS, SNS, EventBridge and S3 targets."""

    def __init__(self, seed: int = 0, *, region: str = "us-east-1", account: str = "123456789012",
                 start: datetime = DEFAULT_START, jitter: bool = False, duplicate_rate: float = 0.0,
                 account_concurrency: int = DEFAULT_ACCOUNT_CONCURRENCY) -> None:
        if not 0.0 <= duplicate_rate <= 1.0:
            raise ValueError("duplicate_rate must be between 0 and 1")
        self.seed = seed
        self.region = region
        self.account = account
        self.start = start.astimezone(UTC)
        self.account_concurrency = account_concurrency
        self.duplicate_rate = duplicate_rate
        self.arns = ArnBuilder(region, account)
        self.targets: dict[str, Target] = {}
        self.functions: dict[str, Function] = {}
        self._clock = Clock()
        # Separate seeded streams, so switching jitter on does not change request ids or flaky outcomes.
        self._id_rng = random.Random(f"{seed}:ids")
        self._behavior_rng = random.Random(f"{seed}:behavior")
        self._jitter_rng = random.Random(f"{seed}:jitter") if jitter else None
        self._duplicate_rng = random.Random(f"{seed}:duplicates")
        self._delivery_rng = random.Random(f"{seed}:deliveries")
        self._unreserved_running: list[float] = []
        self._reserved_total = 0
        # The trace as three columns filled on the per-event path; ``trace`` builds Step records on demand.
        self._step_times: list[float] = []
        self._step_rows: list[tuple[str, str, str]] = []
        self._step_details: list[dict[str, Any]] = []
        self._sorted_steps: list[Step] | None = None
        self._invocations: list[Invocation] = []
        self._results: list[AsyncResult] = []
        self._deliveries: dict[str, list[Delivery]] = {}
        self._failures: list[DeliveryFailure] = []
        self._queue = AsyncQueue(self)
        self._deliverer = Deliverer(self)
        self.targets[self.arns.event_bus("default")] = Target("events", "default", self.arns.event_bus("default"))

    # --- time ------------------------------------------------------------------------------------
    @property
    def now(self) -> float:
        """Virtual seconds since the start (0.0 at creation)."""
        return self._clock.now

    def run(self, until: float | None = None) -> None:
        """Process all scheduled work, or everything at t <= until (the clock then stays at until)."""
        self._clock.run(until)

    @contextmanager
    def burst(self) -> Iterator[Simulator]:
        """Pause Python's cyclic garbage collector while a script sends a burst of invocations and runs them.

        The per-event path creates no reference cycles, so reference counting frees everything it drops;
        left on, the collector rescans the growing history over and over (about a third of the time of a
        10,000-event burst in bench/engine.py). It is switched back on as it was found, and collects once.
        """
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            yield self
        finally:
            if was_enabled:
                gc.enable()

    # --- resources -------------------------------------------------------------------------------
    def create_queue(self, name: str, fifo: bool = False) -> str:
        """An SQS queue; FIFO queues need a name ending in ``.fifo``, as in SQS."""
        return self._add_target("sqs", name, self.arns.queue(name), fifo)

    def create_topic(self, name: str, fifo: bool = False) -> str:
        """An SNS topic; FIFO topics need a name ending in ``.fifo``, as in SNS."""
        return self._add_target("sns", name, self.arns.topic(name), fifo)

    def create_event_bus(self, name: str) -> str:
        return self._add_target("events", name, self.arns.event_bus(name), False)

    def create_bucket(self, name: str) -> str:
        return self._add_target("s3", name, self.arns.bucket(name), False)

    def _add_target(self, service: str, name: str, arn: str, fifo: bool) -> str:
        if not re.fullmatch(_NAME_PATTERN + (r"\.fifo" if fifo else ""), name):
            rule = "end with .fifo and " if fifo else ""
            raise InvalidParameterValueException(
                f"Invalid name {name!r}: a name must {rule}use 1-80 letters, digits, hyphens or underscores.")
        if arn in self.targets:
            raise ResourceConflictException(f"{arn} already exists.")
        self.targets[arn] = Target(service, name, arn, fifo)  # type: ignore[arg-type]
        return arn

    def create_function(self, name: str, behavior: Behavior | None = None,
                        timeout: int = DEFAULT_FUNCTION_TIMEOUT_SECONDS,
                        reserved_concurrency: int | None = None) -> str:
        """A function running ``behavior`` (default: succeed); returns its unqualified ARN."""
        self.check_function_name(name)
        if name in self.functions:
            raise ResourceConflictException(f"Function already exist: {name}")
        self.check_timeout(timeout)
        fn = Function(name=name, arn=self.arns.function(name),
                      latest=Code(behavior or Behavior.succeed(), timeout))
        self.functions[name] = fn
        if reserved_concurrency is not None:
            try:
                self.set_reserved_concurrency(fn, reserved_concurrency)
            except Exception:
                del self.functions[name]
                raise
        return fn.arn

    @staticmethod
    def check_function_name(name: str) -> None:
        """CreateFunction's checks of a new function's name: the API pattern and length, and no qualifier."""
        ref = parse_function_name(name)
        if ref.qualifier is not None or ":" in name:
            raise InvalidParameterValueException("A function name cannot contain a qualifier.")

    @staticmethod
    def check_timeout(timeout: int) -> None:
        low, high = FUNCTION_TIMEOUT_SECONDS
        if isinstance(timeout, bool) or not isinstance(timeout, int) or not low <= timeout <= high:
            raise constraint_error(timeout, "timeout",
                                   f"Member must have value between {low} and {high} (seconds)")

    def set_reserved_concurrency(self, fn: Function, value: int) -> None:
        """§4: the account must keep 100 concurrent executions unreserved."""
        others = sum(f.reserved_concurrency or 0 for f in self.functions.values() if f is not fn)
        fn.reserved_concurrency = check_reserved_concurrency(value, self.account_concurrency - others)
        self._reserved_total = others + value

    def client(self, service: str = "lambda") -> LambdaClient:
        """A boto3-shaped client; only "lambda" is simulated."""
        from .lambda_client import LambdaClient

        if service != "lambda":
            raise ValueError(f"Only the 'lambda' client is simulated, not {service!r}.")
        return LambdaClient(self)

    # --- what happened ---------------------------------------------------------------------------
    def deliveries(self, target: str) -> list[Delivery]:
        """Everything a queue, topic, bus, bucket or destination function received, in order."""
        return list(self._deliveries.get(self._target_key(target), ()))

    def delivery_failures(self) -> list[DeliveryFailure]:
        return list(self._failures)

    def invocations(self, function: str) -> list[Invocation]:
        """Every try of the function, throttled ones included, in the order they ended."""
        name = self._function_name(function)
        return sorted((i for i in self._invocations if i.function == name), key=lambda i: (i.time, i.end))

    def async_results(self, function: str | None = None) -> list[AsyncResult]:
        """How each async event ended, for one function or all."""
        if function is None:
            return list(self._results)
        name = self._function_name(function)
        return [r for r in self._results if r.function == name]

    def metrics(self, function: str) -> dict[str, Any]:
        """CloudWatch-named counters, and AsyncEventAge as the list of observed ages in seconds."""
        fn = self.functions.get(self._function_name(function))
        if fn is None:
            raise KeyError(function)
        return {**fn.metrics, "AsyncEventAge": list(fn.async_event_age)}

    @property
    def trace(self) -> list[Step]:
        """Every step in virtual-time order (a sync call's later steps are recorded when it is made)."""
        if self._sorted_steps is None:
            times, rows, details = self._step_times, self._step_rows, self._step_details
            order = sorted(range(len(times)), key=times.__getitem__)  # stable: equal times keep their order
            self._sorted_steps = [Step(times[i], *rows[i], details[i]) for i in order]
        return list(self._sorted_steps)

    # --- triggers --------------------------------------------------------------------------------
    def trigger(self, service: str, FunctionName: str, InvocationType: str | None = None,
                **params: Any) -> dict[str, Any]:
        """Build ``service``'s sample event and invoke the function the way that service does.

        ``"sdk"`` sends ``Payload`` (default ``{}``) with the given ``InvocationType``.
        """
        if service == "sdk":
            payload = params.pop("Payload", b"{}")
            if params:
                raise ValueError(f"The sdk trigger takes only Payload and InvocationType, not {sorted(params)}")
            return self.client().invoke(FunctionName=FunctionName, Payload=payload,
                                        InvocationType=InvocationType or "RequestResponse")
        spec = sample_events.TRIGGERS.get(service)
        if spec is None:
            raise ValueError(f"Unknown trigger {service!r}; choose one of: sdk, {', '.join(sample_events.TRIGGERS)}")
        if InvocationType not in (None, spec.invocation_type):
            raise ValueError(f"{spec.label} always invokes with {spec.invocation_type}.")
        event = self.sample_event(service, **params)
        return self.client().invoke(FunctionName=FunctionName, InvocationType=spec.invocation_type,
                                    Payload=json.dumps(event).encode())

    def sample_event(self, service: str, **params: Any) -> dict[str, Any]:
        """The sample event ``service`` would send now (ids drawn from the seeded generator)."""
        ctx = sample_events.EventContext(region=self.region, account=self.account,
                                         time=self.timestamp(self.now), new_id=self.new_request_id)
        return sample_events.build_event(service, ctx, **params)

    # --- helpers shared by the client, the queue and the deliveries ------------------------------
    def timestamp(self, seconds: float) -> datetime:
        return self.start + timedelta(seconds=seconds)

    def new_request_id(self) -> str:
        """A seeded UUID4, as Lambda's request ids look."""
        return _uuid4(self._id_rng)

    def new_delivery_id(self) -> str:
        """A seeded UUID4 for a message id, an EventBridge event id or an S3 key suffix."""
        return _uuid4(self._delivery_rng)

    def _step(self, kind: str, function: str, request_id: str, at: float | None = None, **detail: Any) -> None:
        self._step_times.append(self._clock.now if at is None else at)
        self._step_rows.append((kind, function, request_id))
        self._step_details.append(detail)
        self._sorted_steps = None

    def _function_name(self, function: str) -> str:
        return parse_arn(function).name if function.startswith("arn:") else function.split(":")[0]

    def _target_key(self, target: str) -> str:
        if target in self.targets or target in self._deliveries:
            return target
        if target.startswith("arn:aws:lambda:"):
            return target
        return self.arns.function(target) if target in self.functions else target

    def _find_function(self, arn: str) -> tuple[Function, str] | None:
        """The function and qualifier an ARN names, or None when it does not exist."""
        try:
            ref = parse_function_name(arn)
        except AwsError:
            return None
        fn = self.functions.get(ref.name) if ref.belongs_to(self.region, self.account) else None
        qualifier = ref.qualifier or LATEST
        if fn is None or not fn.has_qualifier(qualifier):
            return None
        return fn, qualifier

    def _async_settings(self, fn: Function, qualifier: str) -> AsyncSettings:
        config = fn.event_invoke_configs.get(qualifier, {})
        return AsyncSettings(
            max_retry_attempts=config.get("MaximumRetryAttempts", DEFAULT_MAX_RETRY_ATTEMPTS),
            max_event_age=config.get("MaximumEventAgeInSeconds", DEFAULT_MAX_EVENT_AGE_SECONDS),
        )

    def _destination(self, fn: Function, qualifier: str, which: str) -> str | None:
        config = fn.event_invoke_configs.get(qualifier, {})
        return config.get("DestinationConfig", {}).get(which, {}).get("Destination") or None

    def _has_capacity(self, fn: Function, now: float) -> bool:
        """Whether one more run fits: in the function's reservation, or in the account's unreserved pool."""
        if fn.reserved_concurrency is not None:
            return fn.running_at(now) < fn.reserved_concurrency
        running = self._unreserved_running
        while running and running[0] <= now:
            heapq.heappop(running)
        return len(running) < self.account_concurrency - self._reserved_total

    def _occupy(self, fn: Function, until: float) -> None:
        heapq.heappush(fn.running if fn.reserved_concurrency is not None else self._unreserved_running, until)

    def _accept_async(self, fn: Function, qualifier: str, payload: Any, payload_text: str,
                      chain: dict[str, int] | None, request_id: str) -> None:
        """Queue an accepted async event (and, when switched on, a duplicate of it)."""
        fn.metrics["AsyncEventsReceived"] += 1
        chain = chain if chain is not None else {}
        chain[fn.name] = chain.get(fn.name, 0) + 1
        self._queue.enqueue(AsyncEvent(fn, qualifier, request_id, payload, payload_text, self._clock.now, chain))
        if self.duplicate_rate and self._duplicate_rng.random() < self.duplicate_rate:
            # [SIM] AWS delivers an event twice now and then (at least once, §3); whether the copy keeps the
            # request id is unknown, so the copy gets its own: dedupe on a business key in the payload.
            copy_id = self.new_request_id()
            self._step("received", fn.name, copy_id, invocation_type="Event", status=202, duplicate_of=request_id,
                       payload=payload)
            self._queue.enqueue(AsyncEvent(fn, qualifier, copy_id, payload, payload_text, self._clock.now, chain))

    def _invoke_from_destination(self, target_arn: str, body: str, source_event: AsyncEvent) -> None:
        """S11: a Lambda destination is invoked asynchronously with the record; S18 stops loops."""
        found = self._find_function(target_arn)
        if found is None:
            return
        fn, qualifier = found
        chain = source_event.chain
        request_id = self.new_request_id()
        if chain.get(fn.name, 0) >= RECURSION_LIMIT:
            fn.metrics["RecursiveInvocationsDropped"] += 1
            self._step("recursion_dropped", fn.name, request_id, caller=source_event.function.name,
                       count=chain[fn.name])
            return
        payload = json.loads(body)
        self._step("received", fn.name, request_id, invocation_type="Event", status=202,
                   caller=source_event.function.name, payload=payload)
        self._accept_async(fn, qualifier, payload, body, chain, request_id)


def _uuid4(rng: random.Random) -> str:
    """Format 128 random bits as a version-4 UUID (faster than uuid.UUID on the per-event path)."""
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) & 3]}{h[17:20]}-{h[20:]}"
