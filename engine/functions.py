"""A simulated Lambda function: its code (behaviour and timeout), versions, aliases and settings."""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import Any

from .arns import LATEST
from .behavior import Behavior

METRIC_NAMES = (
    "Invocations",
    "Errors",
    "Throttles",
    "AsyncEventsReceived",
    "AsyncEventsDropped",
    "DeadLetterErrors",
    "DestinationDeliveryFailures",
    "RecursiveInvocationsDropped",
)


@dataclass(frozen=True, slots=True)
class Code:
    """What a version runs: published versions keep the behaviour and timeout they had at publish time."""

    behavior: Behavior
    timeout: int


@dataclass(slots=True)
class Function:
    """One function with its versions, aliases, per-qualifier async settings and function-wide settings."""

    name: str
    arn: str
    latest: Code
    reserved_concurrency: int | None = None
    #: Function-wide, shared by every version and alias (S16).
    dead_letter_arn: str | None = None
    versions: dict[str, Code] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    #: Event invoke configs keyed by qualifier (``$LATEST``, a version or an alias) — §3 Scope.
    event_invoke_configs: dict[str, dict[str, Any]] = field(default_factory=dict)
    metrics: dict[str, int] = field(default_factory=lambda: dict.fromkeys(METRIC_NAMES, 0))
    async_event_age: list[float] = field(default_factory=list)
    #: End times of the runs in progress, for concurrency accounting.
    running: list[float] = field(default_factory=list)

    def has_qualifier(self, qualifier: str) -> bool:
        return qualifier == LATEST or qualifier in self.versions or qualifier in self.aliases

    def resolve(self, qualifier: str) -> tuple[str, Code]:
        """The version a qualifier runs and its code (an alias resolves to its version)."""
        version = self.aliases.get(qualifier, qualifier)
        if version == LATEST:
            return LATEST, self.latest
        return version, self.versions[version]

    def running_at(self, now: float) -> int:
        """How many runs hold concurrency at ``now``."""
        while self.running and self.running[0] <= now:
            heapq.heappop(self.running)
        return len(self.running)
