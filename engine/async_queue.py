"""Lambda's internal queue for asynchronous invocations, run on the virtual clock.

An event is tried at once; a function error is retried after 60 s and 120 s (S1), a throttled try backs off
from 1 s to 5 min (S2), the maximum event age is checked ahead of each retry (S3), and reserved concurrency 0
ends the event at once (§4). When the event is done, its record goes to the destination for its outcome and,
on failure, its original event to the dead-letter queue as well (S17).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import async_rules
from .behavior import RunResult
from .history import AsyncResult, Invocation
from .record import (
    EVENT_AGE_EXCEEDED,
    RETRIES_EXHAUSTED,
    SUCCESS,
    ZERO_RESERVED_CONCURRENCY,
    invocation_record,
    iso_ms,
)

if TYPE_CHECKING:
    from .functions import Function
    from .simulator import Simulator

#: S8: the DLQ ErrorCode and ErrorMessage of an event that never ran.
NEVER_RAN_ERROR = ("429", "Rate Exceeded.")


class AsyncEvent:
    """One event on the queue; every retry of it keeps its request id (§3)."""

    __slots__ = ("attempts", "backoff", "chain", "function", "last_result", "last_version", "payload",
                 "payload_text", "qualifier", "received", "request_id")

    def __init__(self, function: Function, qualifier: str, request_id: str, payload: Any, payload_text: str,
                 received: float, chain: dict[str, int]) -> None:
        self.function = function
        self.qualifier = qualifier
        self.request_id = request_id
        self.payload = payload
        self.payload_text = payload_text
        self.received = received
        #: How many times this request chain has invoked each function (loop detection, S18).
        self.chain = chain
        self.attempts = 0
        self.backoff: float | None = None
        self.last_result: RunResult | None = None
        self.last_version = ""


class AsyncQueue:
    """Schedules the tries of async events and decides how each one ends."""

    __slots__ = ("_sim",)

    def __init__(self, sim: Simulator) -> None:
        self._sim = sim

    def enqueue(self, event: AsyncEvent) -> None:
        """Attempt 1 starts when the event is queued (S1)."""
        sim = self._sim
        sim._clock.schedule(sim._clock.now, self._try, event)

    def _try(self, event: AsyncEvent) -> None:
        sim = self._sim
        fn = event.function
        now = sim._clock.now
        if fn.reserved_concurrency == 0:
            # §4: no retries, straight to the failure targets.
            self._finish(event, ZERO_RESERVED_CONCURRENCY)
            return
        if not sim._has_capacity(fn, now):
            self._throttled(event, now)
            return
        event.attempts += 1
        event.backoff = None  # S2: the backoff restarts after a real run
        version, code = fn.resolve(event.qualifier)
        event.last_version = version
        fn.metrics["Invocations"] += 1
        fn.async_event_age.append(now - event.received)
        sim._step("start", fn.name, event.request_id, attempt=event.attempts, version=version,
                  invocation_type="Event")
        result = code.behavior.run(event.attempts, event.request_id, code.timeout, sim._behavior_rng)
        end = round(now + result.duration, 6)
        sim._occupy(fn, end)
        sim._clock.schedule(end, self._completed, event, result, now)

    def _throttled(self, event: AsyncEvent, now: float) -> None:
        sim = self._sim
        fn = event.function
        fn.metrics["Throttles"] += 1
        sim._invocations.append(Invocation(now, now, fn.name, event.request_id, 0, "throttled", "Event",
                                           fn.resolve(event.qualifier)[0]))
        event.backoff = async_rules.throttle_backoff(event.backoff)
        next_start = now + async_rules.jittered(event.backoff, sim._jitter_rng)
        settings = sim._async_settings(fn, event.qualifier)
        expired = async_rules.too_old_to_retry(next_start, event.received, settings.max_event_age)
        sim._step("throttled", fn.name, event.request_id, backoff=event.backoff,
                  next_try=None if expired else next_start)
        if expired:
            self._finish(event, EVENT_AGE_EXCEEDED)
        else:
            sim._clock.schedule(next_start, self._try, event)

    def _completed(self, event: AsyncEvent, result: RunResult, started: float) -> None:
        sim = self._sim
        fn = event.function
        now = sim._clock.now
        event.last_result = result
        sim._invocations.append(Invocation(
            started, now, fn.name, event.request_id, event.attempts, "success" if result.ok else "error",
            "Event", event.last_version, result.error_type, result.payload))
        sim._step("end", fn.name, event.request_id, attempt=event.attempts, ok=result.ok,
                  error_type=result.error_type, response=result.payload)
        if result.ok:
            self._finish(event, SUCCESS)
            return
        fn.metrics["Errors"] += 1
        settings = sim._async_settings(fn, event.qualifier)
        if event.attempts > settings.max_retry_attempts:
            self._finish(event, RETRIES_EXHAUSTED)
            return
        delay = async_rules.jittered(async_rules.retry_delay(event.attempts), sim._jitter_rng)
        next_start = now + delay
        if async_rules.too_old_to_retry(next_start, event.received, settings.max_event_age):
            self._finish(event, EVENT_AGE_EXCEEDED)
            return
        sim._step("retry", fn.name, event.request_id, attempt=event.attempts + 1, next_start=next_start,
                  delay=delay)
        sim._clock.schedule(next_start, self._try, event)

    def _finish(self, event: AsyncEvent, condition: str) -> None:
        sim = self._sim
        fn = event.function
        now = sim._clock.now
        result = event.last_result
        ran = event.attempts > 0 and result is not None
        record = invocation_record(
            timestamp=iso_ms(sim.start, now),
            request_id=event.request_id,
            function_arn=sim.arns.function(fn.name, event.qualifier),
            condition=condition,
            invoke_count=event.attempts if ran else 0,
            request_payload=event.payload,
            executed_version=event.last_version,
            # S5: every function error is "Unhandled".
            function_error=None if not ran or result.ok else "Unhandled",
            response_payload=result.payload if ran else None,
        )
        succeeded = condition == SUCCESS
        if not succeeded:
            fn.metrics["AsyncEventsDropped"] += 1
        sim._results.append(AsyncResult(fn.name, event.request_id, event.received, now, condition,
                                        record["requestContext"]["approximateInvokeCount"], record))
        sim._step("final", fn.name, event.request_id, condition=condition,
                  approximate_invoke_count=record["requestContext"]["approximateInvokeCount"])
        destination = sim._destination(fn, event.qualifier, "OnSuccess" if succeeded else "OnFailure")
        if destination:
            sim._deliverer.send_record(fn, event, destination, "OnSuccess" if succeeded else "OnFailure", record)
        if not succeeded and fn.dead_letter_arn:
            code, message = ("200", result.error_message) if ran else NEVER_RAN_ERROR
            sim._deliverer.send_dead_letter(fn, event, code, message)
