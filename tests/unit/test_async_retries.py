"""The async queue's function-error retries: 202, 60 s then 120 s, same request id, 0-2 retries (§3, S1, S19)."""

from __future__ import annotations

import pytest

from engine import Behavior, Simulator


def send(lam, payload: bytes = b'{"order": 1}', name: str = "orders") -> str:
    response = lam.invoke(FunctionName=name, InvocationType="Event", Payload=payload)
    assert response["StatusCode"] == 202
    return response["ResponseMetadata"]["RequestId"]


def runs(sim: Simulator, name: str = "orders") -> list[tuple[float, float, int, str]]:
    return [(i.time, i.end, i.attempt, i.outcome) for i in sim.invocations(name)]


def test_an_async_call_returns_202_with_an_empty_body_before_anything_runs(sim, lam):
    """§2 Event → 202 with an empty body; §3 a separate poller invokes the function."""
    sim.create_function("orders")
    response = lam.invoke(FunctionName="orders", InvocationType="Event", Payload=b"{}")
    assert response["StatusCode"] == 202
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert response["Payload"].read() == b""
    assert "FunctionError" not in response
    assert sim.invocations("orders") == []
    sim.run()
    assert len(sim.invocations("orders")) == 1


def test_a_failing_event_is_retried_after_60_then_120_seconds(sim, lam):
    """S1: 60 s, then 120 s after the failed attempt ends; attempt 1 starts at enqueue; S19 run time 0.1 s."""
    sim.create_function("orders", behavior=Behavior.fail())
    send(lam)
    sim.run()
    assert runs(sim) == [
        (0.0, 0.1, 1, "error"),
        (60.1, 60.2, 2, "error"),
        (180.2, 180.3, 3, "error"),
    ]
    (result,) = sim.async_results("orders")
    assert (result.condition, result.approximate_invoke_count, result.ended) == ("RetriesExhausted", 3, 180.3)


def test_with_run_time_d_the_retries_start_at_d_plus_60_and_2d_plus_180(sim, lam):
    """§3 look-ahead: with run time d, attempt 2 starts at d+60 and attempt 3 at 2d+180."""
    sim.create_function("orders", behavior=Behavior.fail(duration=2.5))
    send(lam)
    sim.run()
    assert [i.time for i in sim.invocations("orders")] == [0.0, 62.5, 185.0]


def test_every_retry_keeps_the_request_id_of_the_event(sim, lam):
    """§3: all attempts share one request ID (an idempotency key); the error payload carries it too."""
    sim.create_function("orders", behavior=Behavior.fail())
    request_id = send(lam)
    sim.run()
    tries = sim.invocations("orders")
    assert {i.request_id for i in tries} == {request_id}
    assert {i.response["requestId"] for i in tries} == {request_id}


def test_without_an_event_invoke_config_a_failing_event_runs_three_times(sim, lam):
    """§3: MaximumRetryAttempts default 2."""
    sim.create_function("orders", behavior=Behavior.fail())
    send(lam)
    sim.run()
    assert [i.attempt for i in sim.invocations("orders")] == [1, 2, 3]


@pytest.mark.parametrize(("retries", "starts"), [(0, [0.0]), (1, [0.0, 60.1]), (2, [0.0, 60.1, 180.2])])
def test_maximum_retry_attempts_bounds_the_runs_of_a_failing_event(sim, lam, retries, starts):
    """§3 MaximumRetryAttempts 0–2; §3 look-ahead table rows `1 | ≥ 61 | 2` and `0 | any | 1`."""
    sim.create_function("orders", behavior=Behavior.fail())
    lam.put_function_event_invoke_config(FunctionName="orders", MaximumRetryAttempts=retries)
    send(lam)
    sim.run()
    assert [i.time for i in sim.invocations("orders")] == starts
    (result,) = sim.async_results("orders")
    assert (result.condition, result.approximate_invoke_count) == ("RetriesExhausted", retries + 1)


@pytest.mark.parametrize(
    ("behavior", "error_type"),
    [
        (Behavior.fail(error_type="KeyError"), "KeyError"),
        (Behavior.timeout(), "Sandbox.Timedout"),
        (Behavior.crash(), "Runtime.ExitError"),
        (Behavior.out_of_memory(), "Runtime.OutOfMemory"),
    ],
)
def test_code_errors_timeouts_crashes_and_out_of_memory_are_all_retried(sim, lam, behavior, error_type):
    """§3: code errors and runtime errors (timeouts, crashes, out-of-memory) all count."""
    sim.create_function("orders", behavior=behavior, timeout=3)
    send(lam)
    sim.run()
    tries = sim.invocations("orders")
    assert [i.error_type for i in tries] == [error_type] * 3
    assert [i.outcome for i in tries] == ["error"] * 3


def test_a_timed_out_event_is_retried_60_seconds_after_the_timeout_ends_it(sim, lam):
    """S1 (60 s after the failed attempt ends) with S19 (timeout() runs for the function's timeout)."""
    sim.create_function("orders", behavior=Behavior.timeout(), timeout=3)
    send(lam)
    sim.run()
    assert runs(sim) == [(0.0, 3.0, 1, "error"), (63.0, 66.0, 2, "error"), (186.0, 189.0, 3, "error")]


def test_a_successful_event_runs_once_and_ends_with_success(sim, lam):
    """§5 OnSuccess when an async invocation succeeds; no retry after success."""
    sim.create_function("orders", behavior=Behavior.succeed({"ok": 1}))
    send(lam)
    sim.run()
    assert runs(sim) == [(0.0, 0.1, 1, "success")]
    (result,) = sim.async_results("orders")
    assert (result.condition, result.approximate_invoke_count, result.ended) == ("Success", 1, 0.1)


def test_fail_first_one_succeeds_on_the_second_attempt(sim, lam):
    """S19: fail_first(n) fails attempts 1..n of each event; §6 Success example has approximateInvokeCount 2."""
    sim.create_function("orders", behavior=Behavior.fail_first(1, then=Behavior.succeed({"stored": True})))
    send(lam)
    sim.run()
    assert runs(sim) == [(0.0, 0.1, 1, "error"), (60.1, 60.2, 2, "success")]
    (result,) = sim.async_results("orders")
    assert (result.condition, result.approximate_invoke_count) == ("Success", 2)
    assert result.record["responsePayload"] == {"stored": True}


def test_fail_first_counts_attempts_per_event_not_per_function(sim, lam):
    """S19: fail_first counts attempts per request (per event), so each event sees attempts 1, 2, 3."""
    sim.create_function("orders", behavior=Behavior.fail_first(1))
    first, second = send(lam, b'{"n": 1}'), send(lam, b'{"n": 2}')
    sim.run()
    by_event = {r.request_id: (r.condition, r.approximate_invoke_count) for r in sim.async_results("orders")}
    assert by_event == {first: ("Success", 2), second: ("Success", 2)}


def test_fail_first_more_times_than_retries_allow_ends_with_retries_exhausted(sim, lam):
    """S19 fail_first; §3 MaximumRetryAttempts=1 → 2 runs, then RetriesExhausted."""
    sim.create_function("orders", behavior=Behavior.fail_first(2))
    lam.put_function_event_invoke_config(FunctionName="orders", MaximumRetryAttempts=1)
    send(lam)
    sim.run()
    (result,) = sim.async_results("orders")
    assert (result.condition, result.approximate_invoke_count) == ("RetriesExhausted", 2)


@pytest.mark.parametrize(("p", "outcomes"), [(0.0, ["success"]), (1.0, ["error", "error", "error"])])
def test_flaky_with_probability_zero_never_fails_and_with_one_always_fails(sim, lam, p, outcomes):
    """DESIGN behaviours: fail with a seeded probability."""
    sim.create_function("orders", behavior=Behavior.flaky(p))
    send(lam)
    sim.run()
    assert [i.outcome for i in sim.invocations("orders")] == outcomes


def test_flaky_outcomes_are_the_same_for_the_same_seed():
    """S20 / DESIGN: every run is deterministic for a given seed; flaky is seeded by the simulator."""
    def outcomes(seed: int) -> list[tuple[str, str]]:
        sim = Simulator(seed=seed)
        lam = sim.client("lambda")
        sim.create_function("orders", behavior=Behavior.flaky(0.5))
        for n in range(30):
            lam.invoke(FunctionName="orders", InvocationType="Event", Payload=f'{{"n": {n}}}')
        sim.run()
        return [(r.request_id, r.condition) for r in sim.async_results("orders")]

    assert outcomes(7) == outcomes(7)
    conditions = {condition for _, condition in outcomes(7)}
    assert conditions == {"Success", "RetriesExhausted"}
    assert outcomes(7) != outcomes(8)


def test_the_metrics_count_runs_errors_and_the_age_of_each_run(sim, lam):
    """§3 Metrics: Invocations, Errors, AsyncEventsReceived, AsyncEventsDropped, AsyncEventAge (queue-to-invoke)."""
    sim.create_function("orders", behavior=Behavior.fail())
    send(lam)
    sim.run()
    metrics = sim.metrics("orders")
    assert metrics["Invocations"] == 3
    assert metrics["Errors"] == 3
    assert metrics["Throttles"] == 0
    assert metrics["AsyncEventsReceived"] == 1
    assert metrics["AsyncEventsDropped"] == 1
    assert metrics["AsyncEventAge"] == [0.0, 60.1, 180.2]


def test_a_successful_event_is_not_counted_as_dropped(sim, lam):
    """§3 Metrics: AsyncEventsDropped counts events that did not succeed."""
    sim.create_function("orders")
    send(lam)
    sim.run()
    assert sim.metrics("orders")["AsyncEventsDropped"] == 0
    assert sim.metrics("orders")["AsyncEventsReceived"] == 1


def test_the_trace_shows_each_step_of_a_failing_event_in_order(sim, lam):
    """DESIGN sim.trace; S1 retry times; S17 the final step precedes deliveries."""
    sim.create_function("orders", behavior=Behavior.fail())
    request_id = send(lam)
    sim.run()
    steps = [(s.time, s.kind) for s in sim.trace if s.request_id == request_id]
    assert steps == [
        (0.0, "received"), (0.0, "start"), (0.1, "end"), (0.1, "retry"),
        (60.1, "start"), (60.2, "end"), (60.2, "retry"),
        (180.2, "start"), (180.3, "end"), (180.3, "final"),
    ]
    retries = [s.detail for s in sim.trace if s.kind == "retry"]
    assert [(d["attempt"], d["next_start"], d["delay"]) for d in retries] == [(2, 60.1, 60.0), (3, 180.2, 120.0)]


def test_run_until_processes_work_up_to_that_time_and_leaves_the_clock_there(sim, lam):
    """DESIGN: sim.run(until=120.0) processes everything scheduled at t <= 120 and leaves the clock at 120."""
    sim.create_function("orders", behavior=Behavior.fail())
    send(lam)
    sim.run(until=120.0)
    assert sim.now == 120.0
    assert [i.attempt for i in sim.invocations("orders")] == [1, 2]
    assert sim.async_results("orders") == []
    sim.run(until=180.2)
    assert [s.detail["attempt"] for s in sim.trace if s.kind == "start"] == [1, 2, 3]
    assert [i.attempt for i in sim.invocations("orders")] == [1, 2]  # a try is recorded when it ends
    sim.run()
    assert sim.now == 180.3
    assert len(sim.async_results("orders")) == 1


def test_events_sent_later_are_queued_at_the_virtual_time_they_are_sent(sim, lam):
    """§3 event age is counted from queueing; S1 attempt 1 starts at enqueue."""
    sim.create_function("orders")
    send(lam)
    sim.run(until=30.0)
    send(lam)
    sim.run()
    assert [(r.received, r.ended) for r in sim.async_results("orders")] == [(0.0, 0.1), (30.0, 30.1)]


def test_an_event_for_a_version_runs_the_code_frozen_when_it_was_published(sim, lam):
    """§8 ExecutedVersion / S7 executedVersion: a published version keeps the timeout it had at publish time."""
    sim.create_function("orders", behavior=Behavior.timeout(), timeout=3)
    lam.publish_version(FunctionName="orders")
    lam.update_function_configuration(FunctionName="orders", Timeout=10)
    lam.put_function_event_invoke_config(FunctionName="orders", Qualifier="1", MaximumRetryAttempts=0)
    lam.put_function_event_invoke_config(FunctionName="orders", MaximumRetryAttempts=0)
    send(lam, name="orders:1")
    send(lam, name="orders")
    sim.run()
    assert sorted((i.executed_version, i.end - i.time) for i in sim.invocations("orders")) == [
        ("$LATEST", 10.0), ("1", 3.0)]


def test_an_event_sent_between_microseconds_never_starts_before_it_was_received(sim, lam):
    """DESIGN: time never runs backwards; S1 attempt 1 starts at enqueue (clock.py keeps times to the µs)."""
    sim.create_function("orders")
    sim.run(until=1.0000004)
    request_id = send(lam)
    sim.run()
    (result,) = sim.async_results("orders")
    (run,) = sim.invocations("orders")
    assert result.received <= run.time <= run.end == result.ended
    assert [s.time for s in sim.trace if s.request_id == request_id] == sorted(
        s.time for s in sim.trace if s.request_id == request_id)
