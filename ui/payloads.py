"""Every payload of a run, in the order it existed: the event, each attempt's result, the invocation record,
and exactly what each target received (or why it did not).

Pure Python (no Streamlit): ``payload_sections`` returns plain values the Lab shows as code blocks,
and ``RECORD_FIELDS`` explains the invocation record field by field (AWS_FACTS §6).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from engine.async_queue import NEVER_RAN_ERROR
from engine.history import Step
from engine.outcome import Outcome
from engine.resources import Delivery

from .timeline import FAILURE_METRICS, SOURCE_LABELS, delivery_of, target_label

RETAIN_DOC = "https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html"


@dataclass(frozen=True)
class PayloadSection:
    """One payload to show: ``body`` is JSON-able (language "json") or a string (language "text")."""

    title: str
    body: Any
    language: str
    note: str = ""
    kind: str = ""  # "event" | "response" | "record" | "delivery" | "failure": lets a viewer explain it
    request_id: str = ""


@dataclass(frozen=True)
class FieldDoc:
    """What one invocation record field means, the values it takes, and where AWS documents it."""

    meaning: str
    values: str
    doc_url: str = RETAIN_DOC


RECORD_FIELDS: dict[str, FieldDoc] = {  # AWS_FACTS §6, in AWS's key order
    "version": FieldDoc(
        "The version of the record's format.",
        'Always "1.0".'),
    "timestamp": FieldDoc(
        "When the record was created, in UTC.",
        "ISO-8601 with milliseconds, such as 2026-01-01T00:03:00.300Z. In this simulator it is the virtual "
        "moment the event finished, counted from 2026-01-01T00:00:00.000Z."),
    "requestContext.requestId": FieldDoc(
        "The request ID of the asynchronous invocation. Lambda's retries of the same event keep it, so it "
        "tells a retry from a new event. It is not a safe idempotency key: the queue can also deliver an "
        "event twice without any error, and AWS does not promise that copy the same ID (in this simulator "
        "it gets a new one). Deduplicate on an ID inside the event, such as an order ID.",
        "A UUID, identical on every attempt of one event."),
    "requestContext.functionArn": FieldDoc(
        "The function that handled the event, as a qualified ARN.",
        "For example arn:aws:lambda:us-east-1:123456789012:function:orders:$LATEST. In this simulator it "
        "ends with the qualifier the caller used ($LATEST, a version or an alias)."),
    "requestContext.condition": FieldDoc(
        "Why the event ended, which decides the destination: Success goes to OnSuccess, the others to "
        "OnFailure.",
        "Success · RetriesExhausted (every allowed attempt failed) · EventAgeExceeded (too old for another "
        "try) · ZeroReservedConcurrency (reserved concurrency is 0, so it never ran). The guide documents "
        "Success and RetriesExhausted; the other two have been observed in real records."),
    "requestContext.approximateInvokeCount": FieldDoc(
        "How many times the function ran for this event.",
        "1 to 3 (the first attempt plus up to 2 retries), or 0 if it never ran. In this simulator "
        "throttled tries are not counted."),
    "requestPayload": FieldDoc(
        "The original event the function was invoked with.",
        "Any JSON: exactly what the caller sent."),
    "responseContext.statusCode": FieldDoc(
        "The status code of the last run.",
        "200, even when the function failed: functionError and responsePayload show the failure. The "
        "whole responseContext is absent if the function never ran."),
    "responseContext.executedVersion": FieldDoc(
        "The function version that ran the last attempt.",
        '"$LATEST" or a published version number such as "7".'),
    "responseContext.functionError": FieldDoc(
        "Present only when the last run failed.",
        '"Unhandled", as observed for exceptions, timeouts and runtime exits; in this simulator always '
        '"Unhandled".'),
    "responsePayload": FieldDoc(
        "What the last run returned: its result, or the error object.",
        "The return value (null if there is none), or an error such as {errorMessage, errorType, "
        "requestId, stackTrace}. Absent if the function never ran: reserved concurrency 0 and, in this "
        "simulator, an event that expired after throttled tries only."),
}


# --- one builder per trace step kind ------------------------------------------------------------------------

def _event(outcome: Outcome, step: Step) -> list[PayloadSection]:
    detail = step.detail
    if detail.get("invocation_type") == "DryRun":
        return []
    if detail.get("duplicate_of"):
        title = "Duplicate copy of the event"
        note = "At-least-once delivery: the same event was queued a second time."
    elif detail.get("invocation_type") == "Event":
        title = "Event sent (asynchronous)"
        note = ("InvocationType Event: Lambda answered 202 Accepted with an empty body; the event waits on "
                "the internal queue.")
    else:
        title = "Event sent (synchronous)"
        note = "InvocationType RequestResponse: the caller waits for the response."
    return [PayloadSection(title, detail.get("payload"), "json", note, "event", step.request_id)]


def _rejected(outcome: Outcome, step: Step) -> list[PayloadSection]:
    detail = step.detail
    reason = f"\nReason: {detail['reason']}" if detail.get("reason") else ""
    return [PayloadSection(f"Invoke rejected: {detail.get('status')} {detail.get('code')}",
                           f"{detail.get('code')}: {detail.get('message')}{reason}", "text",
                           "Lambda refused the call, so the function did not run.", "response",
                           step.request_id)]


def _attempt_result(outcome: Outcome, step: Step) -> list[PayloadSection]:
    if not outcome.scenario.is_async:
        return []  # a sync run's result is the response the caller gets, shown once under "response"
    detail = step.detail
    attempt = detail.get("attempt")
    title = (f"Attempt {attempt}: the function returned" if detail.get("ok")
             else f"Attempt {attempt}: the function failed ({detail.get('error_type')})")
    note = "Asynchronous: the caller never sees this; the last attempt's result goes into the record."
    return [PayloadSection(title, detail.get("response"), "json", note, "response", step.request_id)]


def _sync_response(outcome: Outcome, step: Step) -> list[PayloadSection]:
    detail = step.detail
    if detail.get("function_error"):
        title = f"Response to the caller: {detail.get('status')}, FunctionError: {detail['function_error']}"
        note = "The status is 200 even though the function failed; FunctionError tells the caller it did."
    else:
        title, note = f"Response to the caller: {detail.get('status')}", "The function's return value."
    return [PayloadSection(title, detail.get("payload"), "json", note, "response", step.request_id)]


def _record(outcome: Outcome, step: Step) -> list[PayloadSection]:
    result = next((r for r in outcome.results if r.request_id == step.request_id), None)
    if result is None:
        return []
    success = result.condition == "Success"
    role, source = ("on_success", "OnSuccess") if success else ("on_failure", "OnFailure")
    if role in outcome.targets:
        target = target_label(outcome.targets[role])
        note = f"Lambda sends this record to the {SOURCE_LABELS[source]} ({target})."
    else:
        note = f"No {SOURCE_LABELS[source]} is configured, so this record is not sent anywhere."
    if not success and "dead_letter" in outcome.targets:
        note += " The dead-letter queue gets the original event instead of this record."
    return [PayloadSection(f"Invocation record ({result.condition})", result.record, "json", note, "record",
                           step.request_id)]


def _delivered(outcome: Outcome, step: Step) -> list[PayloadSection]:
    delivery = delivery_of(outcome, step)
    if delivery is None:
        return []
    where = f"{_upper_first(SOURCE_LABELS[delivery.source])} → {target_label(delivery.target)}"
    note = _dead_letter_note(delivery) if delivery.source == "DeadLetterQueue" else ""
    return [PayloadSection(f"{where}: {title}", body, "json", " ".join(filter(None, (note, extra))),
                           "delivery", delivery.request_id)
            for title, body, extra in _DELIVERED_AS[delivery.service](delivery)]


def _upper_first(text: str) -> str:
    """``OnFailure destination`` stays as AWS spells it; only a lower-case first letter is raised."""
    return text[:1].upper() + text[1:]


def _dead_letter_note(delivery: Delivery) -> str:
    values = {name: value["StringValue"] for name, value in delivery.attributes.items()}
    note = (f"The original event, unchanged, with attributes RequestID {values.get('RequestID', '')}, "
            f"ErrorCode {values.get('ErrorCode', '')}, ErrorMessage {values.get('ErrorMessage', '')!r}.")
    if values.get("ErrorCode") == NEVER_RAN_ERROR[0]:
        note += (" The function never ran: AWS documents ErrorCode only as the HTTP status code, and "
                 f"{NEVER_RAN_ERROR[0]} with {NEVER_RAN_ERROR[1]!r} is this simulator's assumption.")
    return note


def _sqs(delivery: Delivery) -> list[tuple[str, Any, str]]:
    return [("the SQS message", delivery.envelope,
             "The message's main fields as a consumer receives them (ReceiveMessage also returns a "
             "ReceiptHandle); Body holds the exact text."),
            ("message body, parsed", delivery.payload, "")]


def _sns(delivery: Delivery) -> list[tuple[str, Any, str]]:
    return [("the SNS notification", delivery.envelope,
             "The notification as SNS sends it to a subscriber; Message holds the exact text."),
            ("Message, parsed", delivery.payload, "")]


def _events(delivery: Delivery) -> list[tuple[str, Any, str]]:
    return [("the EventBridge event", delivery.payload,
             "The whole event on the bus; the invocation record is its detail. In this simulator source is "
             "\"lambda\"; the current Lambda guide says \"aws.lambda\", so a rule should match both.")]


def _s3(delivery: Delivery) -> list[tuple[str, Any, str]]:
    return [(f"object {delivery.key}", delivery.envelope, "The object's key and its content: the record.")]


def _lambda(delivery: Delivery) -> list[tuple[str, Any, str]]:
    return [("the function's event", delivery.payload,
             "The invocation record is the destination function's event.")]


_DELIVERED_AS: dict[str, Callable[[Delivery], list[tuple[str, Any, str]]]] = {
    "sqs": _sqs, "sns": _sns, "events": _events, "s3": _s3, "lambda": _lambda,
}


def _delivery_failed(outcome: Outcome, step: Step) -> list[PayloadSection]:
    detail = step.detail
    source = detail.get("source", "")
    where = f"{_upper_first(SOURCE_LABELS.get(source, source))} → {target_label(detail.get('target', ''))}"
    return [PayloadSection(f"{where}: delivery failed", str(detail.get("reason", "")), "text",
                           f"Nothing was delivered; counted in {FAILURE_METRICS.get(source, 'the metrics')}.",
                           "failure", step.request_id)]


_BUILDERS: dict[str, Callable[[Outcome, Step], list[PayloadSection]]] = {
    "received": _event,
    "rejected": _rejected,
    "end": _attempt_result,
    "response": _sync_response,
    "final": _record,
    "delivered": _delivered,
    "delivery_failed": _delivery_failed,
}


def payload_sections(outcome: Outcome, step: int | None = None) -> list[PayloadSection]:
    """The main function's payloads up to trace step ``step`` (all when None), in the order they existed.

    A Lambda destination's own run is left out: its event is already shown as the delivery it received.
    """
    trace = outcome.trace
    visible = trace if step is None else trace[: max(step, 0) + 1]
    main = outcome.scenario.function_name
    sections: list[PayloadSection] = []
    for item in visible:
        builder = _BUILDERS.get(item.kind)
        if builder is not None and item.function == main:
            sections += builder(outcome, item)
    return sections
