"""What the simulator remembers of a run: every try, every async event's end, and the ordered trace.

Views draw timelines and flowcharts from these records without re-deriving anything. The records are
plain slotted dataclasses rather than frozen ones: they are built on the per-event path, where a frozen
dataclass costs about twice as much to create. Treat them as read-only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

TryOutcome = Literal["success", "error", "throttled"]

#: The kinds of trace step, in the order they usually happen.
STEP_KINDS = {
    "received": "Lambda accepted an invocation (sync, async or dry run)",
    "rejected": "Lambda refused an invocation with an error response",
    "throttled": "no concurrency was free; the event goes back on the queue",
    "start": "an attempt starts running",
    "end": "an attempt finishes (result or error)",
    "retry": "a retry is scheduled",
    "final": "the async event is done: success, retries exhausted, too old, or no concurrency",
    "delivered": "a destination or dead-letter queue received the record or the event",
    "delivery_failed": "a destination or dead-letter queue could not receive it",
    "recursion_dropped": "loop detection dropped an invocation of a request chain",
    "response": "the synchronous caller receives the response",
}


@dataclass(slots=True)
class Step:
    """One moment of the simulation, for timelines and flowcharts."""

    time: float
    kind: str
    function: str
    request_id: str
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Invocation:
    """One try to run a function. A throttled try did not run and is not an attempt (attempt 0 marks it)."""

    time: float
    end: float
    function: str
    request_id: str
    attempt: int
    outcome: TryOutcome
    invocation_type: str
    executed_version: str
    error_type: str | None = None
    response: Any = None


@dataclass(slots=True)
class AsyncResult:
    """How one async event ended (each accepted event ends exactly once)."""

    function: str
    request_id: str
    received: float
    ended: float
    condition: str
    approximate_invoke_count: int
    record: dict[str, Any]
