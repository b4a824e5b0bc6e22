"""The rules of Lambda's asynchronous queue, each written once: retry delays, throttle backoff, event age.

AWS_FACTS.md §3 and the simulator decisions S1–S3.
"""

from __future__ import annotations

import random
from typing import NamedTuple

from .limits import (
    DEFAULT_MAX_EVENT_AGE_SECONDS,
    DEFAULT_MAX_RETRY_ATTEMPTS,
    RETRY_DELAYS_SECONDS,
    THROTTLE_BACKOFF_FIRST_SECONDS,
    THROTTLE_BACKOFF_MAX_SECONDS,
)

#: [SIM] With jitter on, every delay is scaled by a seeded factor in this range (never quoted as AWS's).
JITTER_RANGE = (0.8, 1.2)


class AsyncSettings(NamedTuple):
    """The error handling in force for one async event (unset settings take AWS's defaults).

    A NamedTuple: it is read on every completed attempt, and tuples are the cheapest immutable value.
    """

    max_retry_attempts: int = DEFAULT_MAX_RETRY_ATTEMPTS
    max_event_age: int = DEFAULT_MAX_EVENT_AGE_SECONDS


def retry_delay(failed_attempts: int) -> float:
    """S1: 60 s after the first failed attempt ends, 120 s after the second."""
    return RETRY_DELAYS_SECONDS[min(failed_attempts, len(RETRY_DELAYS_SECONDS)) - 1]


def throttle_backoff(previous: float | None) -> float:
    """S2: 1 s after the first throttled try, doubling to a 300 s cap; ``previous`` None restarts at 1 s."""
    if previous is None:
        return THROTTLE_BACKOFF_FIRST_SECONDS
    return min(previous * 2, THROTTLE_BACKOFF_MAX_SECONDS)


def too_old_to_retry(next_start: float, received: float, max_event_age: int) -> bool:
    """S3 look-ahead: a retry that would start at or after the maximum age is not made.

    Compared on the clock's microsecond grid, where the retry would really start: in raw floats
    196.839844 + 60 - 196.839844 is a hair under 60, and a retry exactly at the age slipped through.
    """
    return round(round(next_start, 6) - received, 6) >= max_event_age


def jittered(delay: float, jitter: random.Random | None) -> float:
    """[SIM] Spread a delay with the seeded generator when jitter is on; unchanged when it is off."""
    return delay if jitter is None else delay * jitter.uniform(*JITTER_RANGE)
