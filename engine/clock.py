"""The virtual clock: a priority queue of scheduled actions, in the shape of SimPy's Environment.

A retry "one minute later" is an entry at ``now + 60``; a six-hour scenario runs in milliseconds and
every run is deterministic, because equal times keep the order in which they were scheduled.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable
from typing import Any

Action = Callable[..., None]


class Clock:
    """Virtual seconds since the simulation started, and the work scheduled on them."""

    __slots__ = ("_queue", "_sequence", "now")

    def __init__(self) -> None:
        #: The current virtual time in seconds. A plain attribute, read on every step of the per-event path;
        #: only ``step`` and ``run`` change it.
        self.now = 0.0
        self._queue: list[tuple[float, int, Action, tuple[Any, ...]]] = []
        self._sequence = itertools.count()

    def schedule(self, at: float, action: Action, *args: Any) -> None:
        """Run ``action(*args)`` at virtual time ``at`` (never earlier than now).

        Times are kept to the microsecond so sums such as 0.1 + 60 + 0.1 + 120 land exactly on 180.3.
        """
        # The arguments travel with the action, so the per-event path builds no closure per scheduled step.
        heapq.heappush(self._queue, (round(max(at, self.now), 6), next(self._sequence), action, args))

    def peek(self) -> float | None:
        """The time of the next scheduled action, or None when nothing is scheduled."""
        return self._queue[0][0] if self._queue else None

    def step(self) -> None:
        """Advance to the next scheduled action and run it."""
        at, _, action, args = heapq.heappop(self._queue)
        self.now = at
        action(*args)

    def run(self, until: float | None = None) -> None:
        """Run everything scheduled at or before ``until`` (all of it when None); the clock ends at ``until``."""
        queue = self._queue
        while queue and (until is None or queue[0][0] <= until):
            self.step()
        if until is not None and until > self.now:
            # On the microsecond grid like every scheduled time, so rounding a later time never lands before now.
            self.now = max(self.now, round(until, 6))
