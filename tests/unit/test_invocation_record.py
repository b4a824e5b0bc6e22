"""The invocation record: AWS's keys, key order, values and timestamps (§6, S4, S5, S7, S20)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from engine import Behavior, Simulator

ARN = "arn:aws:lambda:us-east-1:123456789012:function:"
TOP_KEYS = ["version", "timestamp", "requestContext", "requestPayload", "responseContext", "responsePayload"]
CONTEXT_KEYS = ["requestId", "functionArn", "condition", "approximateInvokeCount"]


def delivered_record(behavior: Behavior, payload: bytes = b'{"orderId": "A-1001", "amount": 42}', *,
                     sim: Simulator | None = None, retries: int | None = None, **function: object) -> tuple[dict, str]:
    sim = sim or Simulator()
    lam = sim.client("lambda")
    queue = sim.create_queue("records")
    sim.create_function("orders", behavior=behavior, **function)
    settings = {} if retries is None else {"MaximumRetryAttempts": retries}
    lam.put_function_event_invoke_config(FunctionName="orders", **settings, DestinationConfig={
        "OnSuccess": {"Destination": queue}, "OnFailure": {"Destination": queue}})
    request_id = lam.invoke(FunctionName="orders", InvocationType="Event", Payload=payload)[
        "ResponseMetadata"]["RequestId"]
    sim.run()
    (delivery,) = sim.deliveries(queue)
    return json.loads(delivery.body), request_id


def test_a_success_on_the_second_attempt_matches_the_section_6_example():
    """§6 Success, 2nd attempt (`Behavior.fail_first(1)`): the example's exact keys, order and values."""
    record, request_id = delivered_record(Behavior.fail_first(1, then=Behavior.succeed({"stored": True})))
    assert record == {
        "version": "1.0",
        "timestamp": "2026-01-01T00:01:00.200Z",
        "requestContext": {"requestId": request_id, "functionArn": ARN + "orders:$LATEST",
                           "condition": "Success", "approximateInvokeCount": 2},
        "requestPayload": {"orderId": "A-1001", "amount": 42},
        "responseContext": {"statusCode": 200, "executedVersion": "$LATEST"},
        "responsePayload": {"stored": True},
    }
    assert list(record) == TOP_KEYS
    assert list(record["requestContext"]) == CONTEXT_KEYS
    assert list(record["responseContext"]) == ["statusCode", "executedVersion"]


def test_a_retries_exhausted_record_matches_the_section_6_example():
    """§6 RetriesExhausted, Python exception: statusCode 200 even on error, functionError "Unhandled" (S5), the
    error object as responsePayload."""
    record, request_id = delivered_record(Behavior.fail(error_type="ValueError", message="bad order"),
                                          b'{"orderId": "A-1002", "amount": -5}')
    assert list(record) == TOP_KEYS
    assert record["timestamp"] == "2026-01-01T00:03:00.300Z"
    assert record["requestContext"] == {"requestId": request_id, "functionArn": ARN + "orders:$LATEST",
                                        "condition": "RetriesExhausted", "approximateInvokeCount": 3}
    assert record["requestPayload"] == {"orderId": "A-1002", "amount": -5}
    assert list(record["responseContext"].items()) == [
        ("statusCode", 200), ("executedVersion", "$LATEST"), ("functionError", "Unhandled")]
    assert list(record["responsePayload"]) == ["errorMessage", "errorType", "requestId", "stackTrace"]
    assert record["responsePayload"]["errorMessage"] == "bad order"
    assert record["responsePayload"]["errorType"] == "ValueError"
    assert record["responsePayload"]["requestId"] == request_id


def test_a_never_ran_record_has_no_response_fields():
    """§6 Never ran: ZeroReservedConcurrency [OBS shape]; S4 count 0, no responseContext, no responsePayload."""
    record, request_id = delivered_record(Behavior.fail(), b'{"orderId": "A-1003", "amount": 7}',
                                          reserved_concurrency=0)
    assert list(record) == ["version", "timestamp", "requestContext", "requestPayload"]
    assert record == {
        "version": "1.0",
        "timestamp": "2026-01-01T00:00:00.000Z",
        "requestContext": {"requestId": request_id, "functionArn": ARN + "orders:$LATEST",
                           "condition": "ZeroReservedConcurrency", "approximateInvokeCount": 0},
        "requestPayload": {"orderId": "A-1003", "amount": 7},
    }


def test_the_serialised_record_keeps_awss_key_order():
    """§6 Field (AWS's key order): the body a consumer reads starts with version, timestamp, requestContext."""
    sim = Simulator()
    lam = sim.client("lambda")
    queue = sim.create_queue("records")
    sim.create_function("orders")
    lam.put_function_event_invoke_config(FunctionName="orders", DestinationConfig={"OnSuccess": {"Destination": queue}})
    lam.invoke(FunctionName="orders", InvocationType="Event", Payload=b"{}")
    sim.run()
    body = sim.deliveries(queue)[0].body
    assert body.startswith('{"version":"1.0","timestamp":"2026-01-01T00:00:00.100Z","requestContext":{"requestId":')
    assert body.index('"requestPayload"') < body.index('"responseContext"') < body.index('"responsePayload"')


def test_a_function_that_returns_nothing_has_a_null_response_payload():
    """§6 responsePayload: return value (`null` if none)."""
    record, _ = delivered_record(Behavior.succeed())
    assert "responsePayload" in record
    assert record["responsePayload"] is None


@pytest.mark.parametrize(("payload", "expected"), [
    (b"", {}), (b"[1, 2]", [1, 2]), (b'"text"', "text"), (b"7", 7), (b"null", None), (b'{"a": {"b": [true]}}',
                                                                                     {"a": {"b": [True]}}),
])
def test_the_request_payload_is_the_original_event_as_json(payload, expected):
    """§6 requestPayload: any JSON, the original event (an empty payload reaches the function as {})."""
    record, _ = delivered_record(Behavior.succeed(), payload)
    assert record["requestPayload"] == expected


def test_timestamps_are_utc_with_milliseconds_and_derive_from_the_simulators_start():
    """§6 timestamp: ISO-8601 UTC with ms; S20: virtual time 0 is the simulator's start."""
    sim = Simulator(start=datetime(2025, 6, 2, 10, 18, 31, tzinfo=UTC))
    record, _ = delivered_record(Behavior.succeed(duration=0.052), sim=sim)
    assert record["timestamp"] == "2025-06-02T10:18:31.052Z"


def test_a_record_for_an_alias_names_the_alias_and_the_version_that_ran():
    """S7: functionArn ends with the qualifier the caller used; executedVersion is the version that ran."""
    sim = Simulator()
    lam = sim.client("lambda")
    queue = sim.create_queue("records")
    sim.create_function("orders")
    lam.publish_version(FunctionName="orders")
    lam.publish_version(FunctionName="orders")
    lam.create_alias(FunctionName="orders", Name="live", FunctionVersion="2")
    lam.put_function_event_invoke_config(FunctionName="orders", Qualifier="live",
                                         DestinationConfig={"OnSuccess": {"Destination": queue}})
    lam.invoke(FunctionName="orders:live", InvocationType="Event")
    sim.run()
    record = sim.deliveries(queue)[0].payload
    assert record["requestContext"]["functionArn"] == ARN + "orders:live"
    assert record["responseContext"]["executedVersion"] == "2"


@pytest.mark.parametrize(("behavior", "error_type"), [
    (Behavior.timeout(), "Sandbox.Timedout"),
    (Behavior.crash(), "Runtime.ExitError"),
    (Behavior.out_of_memory(), "Runtime.OutOfMemory"),
])
def test_runtime_errors_are_unhandled_in_the_record_too(behavior, error_type):
    """S5: FunctionError is always "Unhandled", in the Invoke response and in the record; §9 error payloads."""
    record, _ = delivered_record(behavior, retries=0)
    assert record["responseContext"]["functionError"] == "Unhandled"
    assert record["responsePayload"]["errorType"] == error_type
    assert record["requestContext"]["condition"] == "RetriesExhausted"
