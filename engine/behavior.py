"""What a simulated function does when it runs: succeed, raise, time out, crash, run out of memory.

A Behavior is a value; ``run`` turns it into one attempt's result. The error payloads are AWS's exact
shapes (AWS_FACTS.md §9); every run takes ``duration`` virtual seconds, capped by the function timeout (S19).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any, Literal

BehaviorKind = Literal["succeed", "fail", "timeout", "crash", "out_of_memory", "fail_first", "flaky"]
DEFAULT_DURATION = 0.1


@dataclass(slots=True)
class RunResult:
    """One run of a function: how long it took, and what it returned or the error it raised.

    Not frozen: one is built per attempt on the per-event path; treat it as read-only.
    """

    duration: float
    payload: Any
    error_type: str | None = None

    @property
    def ok(self) -> bool:
        return self.error_type is None

    @property
    def error_message(self) -> str:
        return str(self.payload.get("errorMessage", "")) if self.error_type else ""


@dataclass(frozen=True, slots=True)
class Behavior:
    """How a simulated function behaves. Build it with the class methods."""

    kind: BehaviorKind
    duration: float = DEFAULT_DURATION
    result: Any = None
    error_type: str = "Exception"
    message: str = "Something went wrong"
    n: int = 0
    p: float = 0.0
    then: Behavior | None = field(default=None)

    @classmethod
    def succeed(cls, result: Any = None, duration: float = DEFAULT_DURATION) -> Behavior:
        """Return ``result`` (JSON) after ``duration`` seconds."""
        return cls("succeed", duration=duration, result=result)

    @classmethod
    def fail(cls, error_type: str = "Exception", message: str = "Something went wrong",
             duration: float = DEFAULT_DURATION) -> Behavior:
        """Raise an exception of class ``error_type`` (the handler's own error)."""
        return cls("fail", duration=duration, error_type=error_type, message=message)

    @classmethod
    def timeout(cls) -> Behavior:
        """Run until the function's timeout stops it (``Sandbox.Timedout``)."""
        return cls("timeout", duration=float("inf"))

    @classmethod
    def crash(cls, duration: float = DEFAULT_DURATION) -> Behavior:
        """The runtime process exits (``Runtime.ExitError``)."""
        return cls("crash", duration=duration)

    @classmethod
    def out_of_memory(cls, duration: float = DEFAULT_DURATION) -> Behavior:
        """The function exceeds its memory (``Runtime.OutOfMemory``)."""
        return cls("out_of_memory", duration=duration)

    @classmethod
    def fail_first(cls, n: int, error_type: str = "Exception", message: str = "Something went wrong",
                   then: Behavior | None = None, duration: float = DEFAULT_DURATION) -> Behavior:
        """Fail attempts 1..n of each event (counted per request id, S19), then behave like ``then``."""
        if n < 0:
            raise ValueError("n must be 0 or more")
        return cls("fail_first", duration=duration, error_type=error_type, message=message, n=n,
                   then=then if then is not None else Behavior.succeed(duration=duration))

    @classmethod
    def flaky(cls, p: float, error_type: str = "Exception", message: str = "Something went wrong",
              duration: float = DEFAULT_DURATION) -> Behavior:
        """Fail each attempt with probability ``p``, drawn from the simulator's seeded generator."""
        if not 0.0 <= p <= 1.0:
            raise ValueError("p must be between 0 and 1")
        return cls("flaky", duration=duration, error_type=error_type, message=message, p=p)

    def run(self, attempt: int, request_id: str, timeout: float, rng: random.Random) -> RunResult:
        """One attempt: the result, or the error payload AWS returns for it."""
        if self.kind == "fail_first":
            if attempt > self.n:
                assert self.then is not None
                return self.then.run(attempt - self.n, request_id, timeout, rng)
            return self._raise(request_id, timeout)
        if self.kind == "flaky":
            failed = rng.random() < self.p
            return self._raise(request_id, timeout) if failed else _finish(self.duration, None, request_id, timeout)
        if self.kind == "succeed":
            return _finish(self.duration, self.result, request_id, timeout)
        if self.kind == "fail":
            return self._raise(request_id, timeout)
        if self.kind == "timeout":
            return _timed_out(request_id, timeout)
        if self.kind == "crash":
            return _finish(self.duration, None, request_id, timeout, error=runtime_exit_error(request_id))
        return _finish(self.duration, None, request_id, timeout, error=out_of_memory_error(request_id))

    def _raise(self, request_id: str, timeout: float) -> RunResult:
        return _finish(self.duration, None, request_id, timeout,
                       error=exception_error(self.error_type, self.message, request_id))

    def describe(self) -> str:
        """A short sentence for diagrams and timelines."""
        return {
            "succeed": "returns a result",
            "fail": f"raises {self.error_type}",
            "timeout": "runs past its timeout",
            "crash": "crashes (runtime exits)",
            "out_of_memory": "runs out of memory",
            "fail_first": f"fails the first {self.n} attempt(s), then succeeds",
            "flaky": f"fails {self.p:.0%} of attempts",
        }[self.kind]


def _finish(duration: float, result: Any, request_id: str, timeout: float,
            error: dict[str, Any] | None = None) -> RunResult:
    """A run that would take longer than the timeout is stopped by it, whatever it was doing."""
    if duration > timeout:
        return _timed_out(request_id, timeout)
    if error is not None:
        return RunResult(duration, error, error["errorType"])
    return RunResult(duration, result)


def _timed_out(request_id: str, timeout: float) -> RunResult:
    return RunResult(timeout, timeout_error(request_id, timeout), "Sandbox.Timedout")


# --- AWS's error payloads (AWS_FACTS.md §9), key order as AWS returns them -------------------------

def exception_error(error_type: str, message: str, request_id: str) -> dict[str, Any]:
    """A Python handler's uncaught exception, as the Python runtime reports it."""
    return {
        "errorMessage": message,
        "errorType": error_type,
        "requestId": request_id,
        "stackTrace": [
            '  File "/var/task/lambda_function.py", line 12, in lambda_handler\n'
            f"    raise {error_type}({message!r})\n"
        ],
    }


def timeout_error(request_id: str, timeout: float) -> dict[str, Any]:
    return {
        "errorType": "Sandbox.Timedout",
        "errorMessage": f"RequestId: {request_id} Error: Task timed out after {timeout:.2f} seconds",
    }


def runtime_exit_error(request_id: str) -> dict[str, Any]:
    # [SIM] Behavior.crash() exits with status 1 (§9).
    return {
        "errorType": "Runtime.ExitError",
        "errorMessage": f"RequestId: {request_id} Error: Runtime exited with error: exit status 1",
    }


def out_of_memory_error(request_id: str) -> dict[str, Any]:
    # errorType is AWS's; the message is our choice [SIM, UNCERTAIN] (§9).
    return {
        "errorType": "Runtime.OutOfMemory",
        "errorMessage": f"RequestId: {request_id} Error: Runtime exited with error: signal: killed",
    }
