"""The run as a list of rows, one per trace step, in words a learner reads on a timeline.

Pure Python (no Streamlit), so the wording is tested without a browser. The flowchart and the payload viewer
reuse the helpers here to name targets and times the same way everywhere.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from engine.arns import parse_arn
from engine.async_queue import NEVER_RAN_ERROR
from engine.history import Step
from engine.outcome import Outcome
from engine.resources import SERVICE_LABELS, Delivery

#: Short service names, as AWS writes them on architecture diagrams.
SERVICE_NAMES = {
    "sqs": "Amazon SQS",
    "sns": "Amazon SNS",
    "events": "Amazon EventBridge",
    "s3": "Amazon S3",
    "lambda": "AWS Lambda",
}
SOURCE_LABELS = {
    "OnSuccess": "OnSuccess destination",
    "OnFailure": "OnFailure destination",
    "DeadLetterQueue": "dead-letter queue",
}
#: The CloudWatch metric a failed write is counted in (AWS_FACTS §3 metrics, §7).
FAILURE_METRICS = {
    "OnSuccess": "DestinationDeliveryFailures",
    "OnFailure": "DestinationDeliveryFailures",
    "DeadLetterQueue": "DeadLetterErrors",
}
ICONS = {
    "received": "📥",
    "rejected": "⛔",
    "throttled": "⏳",
    "start": "▶️",
    "end": "🏁",
    "retry": "🔁",
    "final": "🎯",
    "delivered": "📬",
    "delivery_failed": "⚠️",
    "recursion_dropped": "🔂",
    "response": "↩️",
}


@dataclass(frozen=True)
class TimelineRow:
    """One trace step as a timeline shows it; ``index`` is its position in ``outcome.trace``."""

    index: int
    time: float
    clock: str
    kind: str
    icon: str
    title: str
    detail: str
    request_id: str
    function: str


# --- shared wording -----------------------------------------------------------------------------------------

def format_clock(seconds: float) -> str:
    """Virtual time as an offset from the start, ``+HH:MM:SS.mmm``, so six hours and 0.1 s read alike."""
    sign = "-" if seconds < 0 else "+"
    millis = round(abs(seconds) * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{sign}{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def format_seconds(seconds: float) -> str:
    """``60.1 s``, ``0 s``: short enough for an edge label, exact to the millisecond."""
    text = f"{round(seconds, 3):.3f}".rstrip("0").rstrip(".")
    return f"{'0' if text in ('', '-0') else text} s"


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 attempt``, ``3 attempts``."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def target_parts(arn: str) -> tuple[str, str]:
    """A target's service (``Amazon SQS``) and resource name (``orders-failures``)."""
    parsed = parse_arn(arn)
    if parsed is None:
        return "unknown service", arn
    return SERVICE_NAMES.get(parsed.service, parsed.service), parsed.name


def target_label(arn: str) -> str:
    """``Amazon SQS orders-failures``."""
    return " ".join(target_parts(arn))


def target_kind_label(arn: str) -> str:
    """``Amazon SQS queue orders-failures``: the longer form for sentences read aloud."""
    parsed = parse_arn(arn)
    if parsed is None:
        return arn
    return f"{SERVICE_LABELS.get(parsed.service, parsed.service)} {parsed.name}"


def short_json(value: Any, limit: int = 80) -> str:
    """Compact JSON cut to ``limit`` characters, for one-line details."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def delivery_of(outcome: Outcome, step: Step) -> Delivery | None:
    """The Delivery a ``delivered`` step recorded (same request, target, source and time)."""
    for deliveries in outcome.deliveries.values():
        for delivery in deliveries:
            if (delivery.request_id, delivery.target, delivery.source, delivery.time) == (
                    step.request_id, step.detail.get("target"), step.detail.get("source"), step.time):
                return delivery
    return None


# --- one title and detail per step kind ---------------------------------------------------------------------

def _received(outcome: Outcome, step: Step) -> tuple[str, str]:
    detail = step.detail
    kind = detail.get("invocation_type")
    if kind == "DryRun":
        return "Dry run: parameters checked, nothing runs", "InvocationType DryRun answers 204 No Content."
    if kind == "RequestResponse":
        return ("Synchronous invoke received (the caller waits)",
                "InvocationType RequestResponse: the caller waits for the result or the error.")
    if detail.get("duplicate_of"):
        return ("Duplicate copy of the event queued (at-least-once delivery)",
                "In this simulator the copy gets its own request ID; the original's is "
                f"{detail['duplicate_of']}.")
    if detail.get("caller"):
        return (f"Invoked asynchronously by {detail['caller']}'s destination (202 Accepted)",
                "The invocation record is this function's event; in this simulator a Lambda destination "
                "is invoked with InvocationType Event.")
    return ("Event queued (202 Accepted)",
            "InvocationType Event: the caller gets 202 and an empty body at once; Lambda's internal queue "
            "holds the event.")


def _rejected(outcome: Outcome, step: Step) -> tuple[str, str]:
    detail = step.detail
    reason = f" (Reason: {detail['reason']})" if detail.get("reason") else ""
    return (f"Invoke rejected: {detail.get('status', '')} {detail.get('code', '')}".rstrip(),
            f"{detail.get('message', '')}{reason}".strip())


def _throttled(outcome: Outcome, step: Step) -> tuple[str, str]:
    detail = step.detail
    title = f"Throttled: backing off {format_seconds(detail.get('backoff', 0))}"
    next_try = detail.get("next_try")
    if next_try is None:
        return title, ("No concurrency was free, and the next try would start at or after the maximum event "
                       "age, so the event ends now (this simulator's rule: AWS says only that it discards "
                       "events older than the maximum age).")
    return title, (f"No concurrency was free; the event goes back on the queue and is tried again at "
                   f"{format_clock(next_try)}. In this simulator throttled tries do not count as attempts.")


def _start(outcome: Outcome, step: Step) -> tuple[str, str]:
    attempt = step.detail.get("attempt", 1)
    version = step.detail.get("version", "$LATEST")
    if step.detail.get("invocation_type") == "RequestResponse":
        return "Run starts (synchronous: the caller waits)", f"Version {version}."
    same_id = " with the same request ID" if attempt > 1 else ""
    return f"Attempt {attempt} starts", f"Version {version} runs the event{same_id}."


def _end(outcome: Outcome, step: Step) -> tuple[str, str]:
    detail = step.detail
    response = detail.get("response")
    sync = step.function == outcome.scenario.function_name and not outcome.scenario.is_async
    run = "Run" if sync else f"Attempt {detail.get('attempt', 1)}"
    if detail.get("ok"):
        return f"{run} succeeds", f"Returned {short_json(response)}"
    message = response.get("errorMessage", "") if isinstance(response, dict) else ""
    return f"{run} fails: {detail.get('error_type')}", f"errorMessage: {message}"


def _retry(outcome: Outcome, step: Step) -> tuple[str, str]:
    detail = step.detail
    delay = format_seconds(detail.get("delay", 0))
    return (f"Retry scheduled for {format_clock(detail.get('next_start', step.time))} "
            f"({delay} after the failed attempt)",
            f"Attempt {detail.get('attempt')} will run the same event with the same request ID.")


_FINAL_TITLES: dict[str, Callable[[str], str]] = {
    "Success": lambda runs: f"Event done: Success after {runs}",
    "RetriesExhausted": lambda runs: f"Retries exhausted after {runs} (RetriesExhausted)",
    "EventAgeExceeded": lambda runs: f"Event too old after {runs} (EventAgeExceeded)",
    "ZeroReservedConcurrency": lambda runs: "Reserved concurrency is 0: ends without running "
                                            "(ZeroReservedConcurrency)",
}


#: Why an event ended (AWS_FACTS §3, §4; the look-ahead is the simulator's rule S3).
_FINAL_REASONS = {
    "RetriesExhausted": "No retry left after the last failed attempt. ",
    "EventAgeExceeded": "The next try would start at or after the maximum event age (this simulator's rule: "
                        "AWS says only that it discards events older than that). ",
    "ZeroReservedConcurrency": "With reserved concurrency 0 Lambda does not retry. ",
}


def _final(outcome: Outcome, step: Step) -> tuple[str, str]:
    condition = step.detail.get("condition", "")
    count = step.detail.get("approximate_invoke_count", 0)
    title = _FINAL_TITLES.get(condition, lambda runs: f"Event done: {condition}")(plural(count, "attempt"))
    result = next((r for r in outcome.results if r.request_id == step.request_id), None)
    age = f" · age {format_seconds(result.ended - result.received)}" if result else ""
    why = _FINAL_REASONS.get(condition, "")
    return title, f"{why}approximateInvokeCount {count}{age} · the invocation record is ready"


def _delivered(outcome: Outcome, step: Step) -> tuple[str, str]:
    source = step.detail.get("source", "")
    target = target_label(step.detail.get("target", ""))
    title = f"Delivered to {SOURCE_LABELS.get(source, source)} ({target})"
    delivery = delivery_of(outcome, step)
    if source == "DeadLetterQueue":
        code = delivery.attributes.get("ErrorCode", {}).get("StringValue", "") if delivery else ""
        assumed = " (429 when it never ran is this simulator's assumption)" if code == NEVER_RAN_ERROR[0] else ""
        return title, f"The original event, with attributes RequestID, ErrorCode {code}{assumed} and ErrorMessage."
    what = f"The invocation record (condition {step.detail.get('condition')})"
    if step.detail.get("key"):
        return title, f"{what} as object {step.detail['key']}"
    if step.detail.get("service") == "events":
        return title, f"{what} as the detail of an EventBridge event"
    if step.detail.get("service") == "lambda":
        return title, f"{what} as the function's event"
    return title, what


def _delivery_failed(outcome: Outcome, step: Step) -> tuple[str, str]:
    source = step.detail.get("source", "")
    target = target_label(step.detail.get("target", ""))
    return (f"Delivery to {SOURCE_LABELS.get(source, source)} failed ({target})",
            f"{step.detail.get('reason', '')} · counted in {FAILURE_METRICS.get(source, 'the metrics')}; "
            "the item is lost.")


def _recursion_dropped(outcome: Outcome, step: Step) -> tuple[str, str]:
    return (f"Loop detection dropped an invocation of {step.function}",
            f"This request chain had already invoked it {step.detail.get('count')} times; counted in "
            "RecursiveInvocationsDropped.")


def _response(outcome: Outcome, step: Step) -> tuple[str, str]:
    detail = step.detail
    if detail.get("function_error"):
        return (f"Caller receives {detail.get('status', 200)} with FunctionError: {detail['function_error']}",
                f"The error is in the response body: {short_json(detail.get('payload'))}")
    return (f"Caller receives {detail.get('status', 200)} with the result",
            f"Body: {short_json(detail.get('payload'))}")


_WORDING: dict[str, Callable[[Outcome, Step], tuple[str, str]]] = {
    "received": _received,
    "rejected": _rejected,
    "throttled": _throttled,
    "start": _start,
    "end": _end,
    "retry": _retry,
    "final": _final,
    "delivered": _delivered,
    "delivery_failed": _delivery_failed,
    "recursion_dropped": _recursion_dropped,
    "response": _response,
}


def step_words(outcome: Outcome, step: Step) -> tuple[str, str]:
    """The title and detail of one step; an unknown kind keeps its name so nothing is hidden."""
    wording = _WORDING.get(step.kind)
    if wording is None:
        return step.kind, short_json(step.detail)
    return wording(outcome, step)


def timeline_rows(outcome: Outcome) -> list[TimelineRow]:
    """One row per trace step, in trace order."""
    rows = []
    for index, step in enumerate(outcome.trace):
        title, detail = step_words(outcome, step)
        icon = ICONS.get(step.kind, "•")
        if step.kind == "end":
            icon = "✅" if step.detail.get("ok") else "❌"
        rows.append(TimelineRow(index, step.time, format_clock(step.time), step.kind, icon, title, detail,
                                step.request_id, step.function))
    return rows
