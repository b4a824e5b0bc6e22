"""Maximum event age with the look-ahead rule (§3 look-ahead table, S3)."""

from __future__ import annotations

import pytest

from engine import Behavior, Simulator


def failing_event(retries: int, age: int, duration: float = 0.0) -> Simulator:
    sim = Simulator()
    lam = sim.client("lambda")
    sim.create_function("orders", behavior=Behavior.fail(duration=duration))
    lam.put_function_event_invoke_config(FunctionName="orders", MaximumRetryAttempts=retries,
                                         MaximumEventAgeInSeconds=age)
    lam.invoke(FunctionName="orders", InvocationType="Event", Payload=b'{"order": 1}')
    sim.run()
    return sim


@pytest.mark.parametrize(
    ("retries", "age", "starts", "condition", "count", "record_at"),
    [
        pytest.param(2, 60, [0.0], "EventAgeExceeded", 1, 0.0, id="row 1: 2 | 60 | 1 run"),
        pytest.param(2, 90, [0.0, 60.0], "EventAgeExceeded", 2, 60.0, id="row 2: 2 | 90 | 2 runs"),
        pytest.param(2, 180, [0.0, 60.0], "EventAgeExceeded", 2, 60.0, id="row 3: 2 | 180 | 2 runs"),
        pytest.param(2, 21_600, [0.0, 60.0, 180.0], "RetriesExhausted", 3, 180.0, id="row 4: 2 | 21600 | 3 runs"),
        pytest.param(1, 61, [0.0, 60.0], "RetriesExhausted", 2, 60.0, id="row 5: 1 | 61 | 2 runs"),
        pytest.param(1, 21_600, [0.0, 60.0], "RetriesExhausted", 2, 60.0, id="row 5: 1 | 21600 | 2 runs"),
        pytest.param(0, 60, [0.0], "RetriesExhausted", 1, 0.0, id="row 6: 0 | 60 | 1 run"),
        pytest.param(0, 21_600, [0.0], "RetriesExhausted", 1, 0.0, id="row 6: 0 | 21600 | 1 run"),
    ],
)
def test_the_look_ahead_table(retries, age, starts, condition, count, record_at):
    """§3 look-ahead table (d≈0, here exactly 0), every row; S3 (`next start − enqueue ≥ age` ends now)."""
    sim = failing_event(retries, age)
    assert [i.time for i in sim.invocations("orders")] == starts
    (result,) = sim.async_results("orders")
    assert result.condition == condition
    assert result.approximate_invoke_count == count
    assert result.record["requestContext"]["approximateInvokeCount"] == count
    assert result.ended == record_at


def test_with_one_retry_and_an_age_of_exactly_60_the_retry_is_not_made():
    """S3: ≥ keeps 60 s at 1 run even for 0-second runs (the reason the table's row 5 says ≥ 61)."""
    sim = failing_event(1, 60)
    (result,) = sim.async_results("orders")
    assert (result.condition, result.approximate_invoke_count, result.ended) == ("EventAgeExceeded", 1, 0.0)


@pytest.mark.parametrize("sent_at", [196.83984375, 0.1, 12.3456789, 333.333333])
def test_a_retry_exactly_at_the_age_is_not_made_whenever_the_event_arrives(sent_at):
    """S3 on the clock's microsecond grid: an event arriving at an odd time must not squeeze in a retry at
    exactly its age through float rounding (found by the burst property test)."""
    sim = Simulator()
    lam = sim.client("lambda")
    sim.create_function("orders", behavior=Behavior.fail(duration=0.0))
    lam.put_function_event_invoke_config(FunctionName="orders", MaximumRetryAttempts=1, MaximumEventAgeInSeconds=60)
    sim.run(until=sent_at)
    lam.invoke(FunctionName="orders", InvocationType="Event", Payload=b"{}")
    sim.run()
    (result,) = sim.async_results("orders")
    assert (result.condition, result.approximate_invoke_count) == ("EventAgeExceeded", 1)


def test_an_age_one_second_past_the_third_start_allows_the_third_run():
    """S3 at the boundary: 3rd start 180 ≥ 180 is refused (row 3), 180 < 181 runs."""
    sim = failing_event(2, 181)
    (result,) = sim.async_results("orders")
    assert (result.condition, result.approximate_invoke_count, result.ended) == ("RetriesExhausted", 3, 180.0)


def test_the_look_ahead_counts_the_run_time_of_each_attempt():
    """§3: with run time d, attempt 2 starts at d+60 and attempt 3 at 2d+180; S3 uses that next start."""
    # d = 1: attempt 3 would start at 182; an age of 182 refuses it, 183 allows it.
    refused = failing_event(2, 182, duration=1.0)
    assert [i.time for i in refused.invocations("orders")] == [0.0, 61.0]
    assert refused.async_results("orders")[0].condition == "EventAgeExceeded"
    assert refused.async_results("orders")[0].ended == 62.0
    allowed = failing_event(2, 183, duration=1.0)
    assert [i.time for i in allowed.invocations("orders")] == [0.0, 61.0, 182.0]
    assert allowed.async_results("orders")[0].condition == "RetriesExhausted"


def test_an_event_too_old_after_real_runs_keeps_its_response_fields():
    """§6: `EventAgeExceeded` after real runs (count 1 or 2) keeps both response fields [OBS LS-DEST]."""
    sim = failing_event(2, 60)
    record = sim.async_results("orders")[0].record
    assert record["requestContext"]["condition"] == "EventAgeExceeded"
    assert record["responseContext"] == {"statusCode": 200, "executedVersion": "$LATEST", "functionError": "Unhandled"}
    assert record["responsePayload"]["errorType"] == "Exception"


def test_the_default_maximum_event_age_is_six_hours():
    """§3: MaximumEventAgeInSeconds default 21,600; the default retries (2) then finish well inside it."""
    sim = Simulator()
    lam = sim.client("lambda")
    sim.create_function("orders", behavior=Behavior.fail())
    lam.invoke(FunctionName="orders", InvocationType="Event")
    sim.run()
    assert sim.async_results("orders")[0].condition == "RetriesExhausted"


def test_an_expired_event_goes_to_onfailure_and_the_dlq(sim, lam):
    """§3 Max event age: when the age is reached the event goes to OnFailure and/or the DLQ; §5 When."""
    queue, dlq = sim.create_queue("failures"), sim.create_queue("dlq")
    sim.create_function("orders", behavior=Behavior.fail(message="boom", duration=0.0))
    lam.put_function_event_invoke_config(FunctionName="orders", MaximumEventAgeInSeconds=60,
                                         DestinationConfig={"OnFailure": {"Destination": queue}})
    lam.update_function_configuration(FunctionName="orders", DeadLetterConfig={"TargetArn": dlq})
    lam.invoke(FunctionName="orders", InvocationType="Event", Payload=b"{}")
    sim.run()
    (record,) = [d.payload for d in sim.deliveries(queue)]
    assert record["requestContext"]["condition"] == "EventAgeExceeded"
    (dead,) = sim.deliveries(dlq)
    assert dead.attributes["ErrorCode"] == {"DataType": "Number", "StringValue": "200"}
    assert dead.attributes["ErrorMessage"] == {"DataType": "String", "StringValue": "boom"}


def test_the_event_age_metric_is_the_queue_to_invoke_time_of_each_run():
    """§3 Max event age: metric `AsyncEventAge` = queue-to-invoke time."""
    sim = failing_event(2, 21_600, duration=0.5)
    assert sim.metrics("orders")["AsyncEventAge"] == [0.0, 60.5, 181.0]
