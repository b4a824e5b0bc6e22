"""The invocation record Lambda sends to a destination (AWS_FACTS.md §6), built in AWS's key order."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

RECORD_VERSION = "1.0"

SUCCESS = "Success"
RETRIES_EXHAUSTED = "RetriesExhausted"
EVENT_AGE_EXCEEDED = "EventAgeExceeded"
ZERO_RESERVED_CONCURRENCY = "ZeroReservedConcurrency"
CONDITIONS = (SUCCESS, RETRIES_EXHAUSTED, EVENT_AGE_EXCEEDED, ZERO_RESERVED_CONCURRENCY)


def iso_ms(start: datetime, seconds: float) -> str:
    """ISO-8601 UTC with milliseconds, as in the record's ``timestamp`` (``2026-01-01T00:01:00.100Z``)."""
    whole = int(seconds)
    millis = round((seconds - whole) * 1000)
    if millis == 1000:
        whole, millis = whole + 1, 0
    return f"{_to_the_second(start, whole)}.{millis:03d}Z"


def iso_seconds(start: datetime, seconds: float) -> str:
    """ISO-8601 UTC to the second, as in an EventBridge event's ``time``."""
    return _to_the_second(start, int(seconds)) + "Z"


@lru_cache(maxsize=4096)
def _to_the_second(start: datetime, whole_seconds: int) -> str:
    """Cached: a burst of events shares a handful of seconds, and datetime arithmetic is the slow part."""
    return (start + timedelta(seconds=whole_seconds)).strftime("%Y-%m-%dT%H:%M:%S")


def invocation_record(
    *,
    timestamp: str,
    request_id: str,
    function_arn: str,
    condition: str,
    invoke_count: int,
    request_payload: Any,
    executed_version: str | None,
    function_error: str | None,
    response_payload: Any,
) -> dict[str, Any]:
    """The record; an event that never ran has no responseContext and no responsePayload (S4)."""
    record: dict[str, Any] = {
        "version": RECORD_VERSION,
        "timestamp": timestamp,
        "requestContext": {
            "requestId": request_id,
            "functionArn": function_arn,
            "condition": condition,
            "approximateInvokeCount": invoke_count,
        },
        "requestPayload": request_payload,
    }
    if invoke_count > 0:
        response_context: dict[str, Any] = {"statusCode": 200, "executedVersion": executed_version}
        if function_error is not None:
            response_context["functionError"] = function_error
        record["responseContext"] = response_context
        record["responsePayload"] = response_payload
    return record
