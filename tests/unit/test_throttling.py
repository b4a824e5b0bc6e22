"""Throttled async events and reserved concurrency (§3 Throttles, "Always throttled", §4, S2, S4, S8)."""

from __future__ import annotations

import pytest

from engine import AwsError, Behavior, Simulator


def always_throttled(age: int | None = None) -> tuple[Simulator, str]:
    """An account with no unreserved concurrency: every try of an unreserved function is throttled."""
    sim = Simulator(account_concurrency=0)
    lam = sim.client("lambda")
    dlq = sim.create_queue("dlq")
    sim.create_function("orders")
    lam.update_function_configuration(FunctionName="orders", DeadLetterConfig={"TargetArn": dlq})
    if age is not None:
        lam.put_function_event_invoke_config(FunctionName="orders", MaximumEventAgeInSeconds=age)
    lam.invoke(FunctionName="orders", InvocationType="Event", Payload=b'{"order": 1}')
    sim.run()
    return sim, dlq


def test_an_always_throttled_event_is_tried_80_times_and_expires_at_21511_seconds():
    """§3 "Always throttled" (S2 + S3): 80 tries at 0, 1, 3, 7 … 255, 511, 811 … 21,511; EventAgeExceeded at
    21,511 s, count 0."""
    sim, _ = always_throttled()
    times = [i.time for i in sim.invocations("orders")]
    expected = [0.0, 1.0, 3.0, 7.0, 15.0, 31.0, 63.0, 127.0, 255.0, 511.0] + [511.0 + 300 * k for k in range(1, 71)]
    assert len(times) == 80
    assert times == expected
    assert times[-1] == 21_511.0
    (result,) = sim.async_results("orders")
    assert (result.condition, result.approximate_invoke_count, result.ended) == ("EventAgeExceeded", 0, 21_511.0)


def test_the_throttle_backoff_doubles_from_1_second_to_a_300_second_cap():
    """S2: 1 s, doubling, capped at 300 s (1, 2, 4 … 256, 300, 300 …)."""
    sim, _ = always_throttled()
    backoffs = [s.detail["backoff"] for s in sim.trace if s.kind == "throttled"]
    assert backoffs[:10] == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300]
    assert set(backoffs[9:]) == {300}
    assert [s.detail["next_try"] for s in sim.trace if s.kind == "throttled"][-1] is None


def test_with_an_age_of_60_an_always_throttled_event_is_tried_at_0_1_3_7_15_and_31_seconds():
    """§3 "Always throttled": at age 60 the tries are at 0, 1, 3, 7, 15 and 31; the end is at 31 s."""
    sim, _ = always_throttled(age=60)
    assert [i.time for i in sim.invocations("orders")] == [0.0, 1.0, 3.0, 7.0, 15.0, 31.0]
    (result,) = sim.async_results("orders")
    assert (result.condition, result.approximate_invoke_count, result.ended) == ("EventAgeExceeded", 0, 31.0)


def test_an_event_that_expired_after_throttles_only_has_no_response_fields():
    """S4 never ran: approximateInvokeCount 0, no responseContext, no responsePayload; §6 Never ran shape."""
    sim, _ = always_throttled(age=60)
    record = sim.async_results("orders")[0].record
    assert list(record) == ["version", "timestamp", "requestContext", "requestPayload"]
    assert record["requestContext"]["approximateInvokeCount"] == 0
    assert record["timestamp"] == "2026-01-01T00:00:31.000Z"


def test_an_event_that_never_ran_reaches_the_dlq_with_error_code_429_rate_exceeded():
    """S8: `"429"` with ErrorMessage `Rate Exceeded.` if it never ran; §7 attributes in SQS shape."""
    sim, dlq = always_throttled(age=60)
    (dead,) = sim.deliveries(dlq)
    assert dead.time == 31.0
    assert dead.body == '{"order": 1}'
    assert dead.attributes == {
        "RequestID": {"DataType": "String", "StringValue": sim.async_results("orders")[0].request_id},
        "ErrorCode": {"DataType": "Number", "StringValue": "429"},
        "ErrorMessage": {"DataType": "String", "StringValue": "Rate Exceeded."},
    }


def test_throttled_tries_are_not_attempts_and_count_only_as_throttles():
    """DESIGN sim.invocations: a throttled try did not run and does not count as an attempt; §3 Metrics."""
    sim, _ = always_throttled(age=60)
    tries = sim.invocations("orders")
    assert {(i.attempt, i.outcome) for i in tries} == {(0, "throttled")}
    metrics = sim.metrics("orders")
    assert (metrics["Throttles"], metrics["Invocations"], metrics["Errors"]) == (6, 0, 0)
    assert metrics["AsyncEventsDropped"] == 1
    assert metrics["AsyncEventAge"] == []


def test_a_throttled_event_runs_as_attempt_1_once_concurrency_is_free(sim, lam):
    """§3 Throttles: requeued and retried with backoff; S19 a run holds one unit of concurrency for its duration."""
    sim.create_function("orders", behavior=Behavior.succeed(duration=5.0), reserved_concurrency=1, timeout=30)
    first = lam.invoke(FunctionName="orders", InvocationType="Event")["ResponseMetadata"]["RequestId"]
    second = lam.invoke(FunctionName="orders", InvocationType="Event")["ResponseMetadata"]["RequestId"]
    sim.run()
    names = {first: "first", second: "second"}
    tries = sorted((i.time, names[i.request_id], i.attempt, i.outcome) for i in sim.invocations("orders"))
    assert tries == [
        (0.0, "first", 1, "success"),
        (0.0, "second", 0, "throttled"),
        (1.0, "second", 0, "throttled"),
        (3.0, "second", 0, "throttled"),
        (7.0, "second", 1, "success"),
    ]
    by_id = {r.request_id: r.approximate_invoke_count for r in sim.async_results("orders")}
    assert by_id == {first: 1, second: 1}


def test_throttled_tries_do_not_use_up_maximum_retry_attempts(sim, lam):
    """S2: throttled tries use neither MaximumRetryAttempts nor approximateInvokeCount."""
    sim.create_function("orders", behavior=Behavior.fail(duration=10.0), reserved_concurrency=1, timeout=30)
    lam.put_function_event_invoke_config(FunctionName="orders", MaximumRetryAttempts=0)
    lam.invoke(FunctionName="orders", InvocationType="Event")
    second = lam.invoke(FunctionName="orders", InvocationType="Event")["ResponseMetadata"]["RequestId"]
    sim.run()
    tries = [(i.time, i.attempt) for i in sim.invocations("orders") if i.request_id == second]
    assert tries == [(0.0, 0), (1.0, 0), (3.0, 0), (7.0, 0), (15.0, 1)]
    (result,) = [r for r in sim.async_results("orders") if r.request_id == second]
    assert (result.condition, result.approximate_invoke_count, result.ended) == ("RetriesExhausted", 1, 25.0)


def test_the_throttle_backoff_restarts_at_1_second_after_a_real_run(sim, lam):
    """S2: the backoff restarts at 1 s after a real run."""
    sim.create_function("orders", behavior=Behavior.fail(duration=5.0), reserved_concurrency=1, timeout=30)
    lam.put_function_event_invoke_config(FunctionName="orders", MaximumRetryAttempts=1)
    lam.invoke(FunctionName="orders", InvocationType="Event")  # runs 0-5, retry 65-70
    second = lam.invoke(FunctionName="orders", InvocationType="Event")["ResponseMetadata"]["RequestId"]
    sim.run(until=70.0)
    lam.invoke(FunctionName="orders", InvocationType="Event")  # runs 70-75, holding the only unit
    sim.run()
    tries = [(i.time, i.attempt) for i in sim.invocations("orders") if i.request_id == second]
    # throttled 0, 1, 3; runs at 7; retry due at 72 is throttled, then 73 (+1 s again, not +8 s), runs at 75.
    assert tries == [(0.0, 0), (1.0, 0), (3.0, 0), (7.0, 1), (72.0, 0), (73.0, 0), (75.0, 2)]
    backoffs = [s.detail["backoff"] for s in sim.trace if s.kind == "throttled" and s.request_id == second]
    assert backoffs == [1, 2, 4, 1, 2]


def test_reserved_concurrency_is_shared_by_every_version_and_alias(sim, lam):
    """§4: reserved concurrency covers the whole function, all versions included."""
    sim.create_function("orders", behavior=Behavior.succeed(duration=10.0), reserved_concurrency=1, timeout=30)
    lam.publish_version(FunctionName="orders")
    lam.create_alias(FunctionName="orders", Name="live", FunctionVersion="1")
    lam.invoke(FunctionName="orders:live", InvocationType="Event")
    lam.invoke(FunctionName="orders", InvocationType="Event")
    sim.run()
    tries = sorted((i.time, i.executed_version, i.outcome) for i in sim.invocations("orders"))
    assert tries[:2] == [(0.0, "$LATEST", "throttled"), (0.0, "1", "success")]
    assert [i.executed_version for i in sim.invocations("orders") if i.outcome == "success"] == ["1", "$LATEST"]


def test_zero_reserved_concurrency_accepts_with_202_then_ends_at_once_with_zero_reserved_concurrency(sim, lam):
    """§3 Queue: reserved concurrency 0 still gets 202; §4 Async: at once, no retries, condition
    ZeroReservedConcurrency, count 0, requestPayload, no responseContext/responsePayload; S4."""
    queue = sim.create_queue("failures")
    sim.create_function("orders", reserved_concurrency=0)
    lam.put_function_event_invoke_config(FunctionName="orders", DestinationConfig={"OnFailure": {"Destination": queue}})
    response = lam.invoke(FunctionName="orders", InvocationType="Event", Payload=b'{"orderId": "A-1003"}')
    assert response["StatusCode"] == 202
    sim.run()
    assert sim.invocations("orders") == []
    (delivery,) = sim.deliveries(queue)
    assert delivery.time == 0.0
    assert delivery.payload == {
        "version": "1.0",
        "timestamp": "2026-01-01T00:00:00.000Z",
        "requestContext": {
            "requestId": response["ResponseMetadata"]["RequestId"],
            "functionArn": "arn:aws:lambda:us-east-1:123456789012:function:orders:$LATEST",
            "condition": "ZeroReservedConcurrency",
            "approximateInvokeCount": 0,
        },
        "requestPayload": {"orderId": "A-1003"},
    }


def test_zero_reserved_concurrency_counts_as_dropped_but_not_as_throttled(sim, lam):
    """§4: these count in AsyncEventsDropped and were seen not to count in Throttles."""
    sim.create_function("orders", reserved_concurrency=0)
    lam.put_function_concurrency(FunctionName="orders", ReservedConcurrentExecutions=0)
    for _ in range(3):
        lam.invoke(FunctionName="orders", InvocationType="Event")
    sim.run()
    metrics = sim.metrics("orders")
    assert (metrics["AsyncEventsReceived"], metrics["AsyncEventsDropped"]) == (3, 3)
    assert (metrics["Throttles"], metrics["Invocations"]) == (0, 0)
    assert [r.condition for r in sim.async_results("orders")] == ["ZeroReservedConcurrency"] * 3


def test_zero_reserved_concurrency_sends_the_event_to_the_dlq_with_429(sim, lam):
    """§7 DLQ fires on reserved concurrency 0; S8 ErrorCode "429", ErrorMessage `Rate Exceeded.`."""
    dlq = sim.create_queue("dlq")
    sim.create_function("orders", reserved_concurrency=0)
    lam.update_function_configuration(FunctionName="orders", DeadLetterConfig={"TargetArn": dlq})
    lam.invoke(FunctionName="orders", InvocationType="Event", Payload=b'{"a": 1}')
    sim.run()
    (dead,) = sim.deliveries(dlq)
    assert (dead.time, dead.body) == (0.0, '{"a": 1}')
    assert dead.attributes["ErrorCode"] == {"DataType": "Number", "StringValue": "429"}
    assert dead.attributes["ErrorMessage"] == {"DataType": "String", "StringValue": "Rate Exceeded."}


def test_put_function_concurrency_must_leave_100_executions_unreserved(sim, lam):
    """§4: the account has to keep at least 100 concurrent executions unreserved (1,000 default quota)."""
    sim.create_function("orders")
    sim.create_function("other")
    assert lam.put_function_concurrency(FunctionName="orders", ReservedConcurrentExecutions=900)[
        "ReservedConcurrentExecutions"] == 900
    with pytest.raises(AwsError) as caught:
        lam.put_function_concurrency(FunctionName="other", ReservedConcurrentExecutions=1)
    assert caught.value.code == "InvalidParameterValueException"
    assert caught.value.message == (
        "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution "
        "below its minimum value of [100].")
    assert lam.get_function_concurrency(FunctionName="other") == {
        "ResponseMetadata": {"RequestId": "", "HTTPStatusCode": 200, "HTTPHeaders": {}}}


def test_deleting_the_reservation_lets_events_run_again(sim, lam):
    """§4 / DESIGN: reserved concurrency 0 stops every event; removing the reservation restores the pool."""
    sim.create_function("orders", reserved_concurrency=0)
    assert lam.delete_function_concurrency(FunctionName="orders")["ResponseMetadata"]["HTTPStatusCode"] == 204
    lam.invoke(FunctionName="orders", InvocationType="Event")
    sim.run()
    assert [r.condition for r in sim.async_results("orders")] == ["Success"]
    lam.put_function_concurrency(FunctionName="orders", ReservedConcurrentExecutions=900)
    lam.delete_function_concurrency(FunctionName="orders")
    lam.put_function_concurrency(FunctionName="orders", ReservedConcurrentExecutions=900)
