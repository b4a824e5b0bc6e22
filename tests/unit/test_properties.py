"""Hypothesis properties of the engine over random scenarios (DESIGN "Tests": every async event ends in exactly one
final state; attempts ≤ retries + 1; time never runs backwards; same seed, same trace)."""

from __future__ import annotations

import re
from collections import defaultdict

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scenario_strategies import scenarios

from engine import Behavior, Simulator
from engine.outcome import Outcome
from engine.scenario import Scenario

PROPERTY_SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ASYNC_STEPS = re.compile(r"received( throttled| start end( retry)?)* final( delivered| delivery_failed)*")
SYNC_STEPS = re.compile(r"received (start end response|rejected)")


def accepted_async(outcome: Outcome) -> list[tuple[str, str]]:
    """(function, request id) of every async invocation Lambda accepted: callers' 202s, duplicates, destinations."""
    return [(s.function, s.request_id) for s in outcome.trace
            if s.kind == "received" and s.detail.get("invocation_type") == "Event"]


def steps_by_request(outcome: Outcome) -> dict[tuple[str, str], list]:
    grouped: dict[tuple[str, str], list] = defaultdict(list)
    for step in outcome.trace:
        if step.request_id and step.kind != "recursion_dropped":
            grouped[(step.function, step.request_id)].append(step)
    return grouped


@PROPERTY_SETTINGS
@given(scenarios())
def test_every_accepted_async_event_ends_exactly_once(scenario):
    """§3 / DESIGN: each accepted event ends in exactly one final state (history.AsyncResult, one per request id);
    §5 When: Success, RetriesExhausted, EventAgeExceeded or ZeroReservedConcurrency (§6 conditions)."""
    outcome = scenario.run()
    accepted = accepted_async(outcome)
    finals = [(s.function, s.request_id) for s in outcome.trace if s.kind == "final"]
    assert len(set(accepted)) == len(accepted)
    assert sorted(finals) == sorted(accepted)
    assert sorted((r.function, r.request_id) for r in outcome.results) == sorted(
        key for key in accepted if key[0] == scenario.function_name)
    assert {r.condition for r in outcome.results} <= {"Success", "RetriesExhausted", "EventAgeExceeded",
                                                      "ZeroReservedConcurrency"}
    # A duplicate delivery (at least once, §3) is the same queued event handed over twice: received once.
    queued = [s for s in outcome.trace if s.kind == "received" and s.function == scenario.function_name
              and s.detail.get("invocation_type") == "Event" and "duplicate_of" not in s.detail]
    assert outcome.metrics["AsyncEventsReceived"] == len(queued) >= sum(r.status == 202 for r in outcome.responses)
    assert outcome.metrics["AsyncEventsDropped"] == sum(r.condition != "Success" for r in outcome.results)


@PROPERTY_SETTINGS
@given(scenarios())
def test_an_event_never_runs_more_than_retries_plus_one_times(scenario):
    """§3 MaximumRetryAttempts 0–2, default 2; S2 throttled tries are not attempts; S4 never ran → count 0."""
    outcome = scenario.run()
    retries = 2 if scenario.max_retry_attempts is None else scenario.max_retry_attempts
    runs = defaultdict(list)
    for invocation in outcome.invocations:
        if invocation.invocation_type == "Event" and invocation.outcome != "throttled":
            runs[invocation.request_id].append(invocation.attempt)
    for result in outcome.results:
        attempts = runs.get(result.request_id, [])
        assert attempts == list(range(1, len(attempts) + 1))
        assert result.approximate_invoke_count == len(attempts) <= retries + 1
        assert ("responseContext" in result.record) == (len(attempts) > 0)
        if result.condition == "ZeroReservedConcurrency":
            assert attempts == []
        if result.condition == "Success":
            assert outcome.invocations and attempts  # it ran, and its last run succeeded


@PROPERTY_SETTINGS
@given(scenarios())
def test_time_never_runs_backwards_and_each_events_steps_come_in_order(scenario):
    """DESIGN: time never runs backwards; S1/S2/S3 the life of an event: received, tries, final, deliveries (S17)."""
    outcome = scenario.run()
    times = [step.time for step in outcome.trace]
    assert times == sorted(times)
    for (_, _), steps in steps_by_request(outcome).items():
        kinds = " ".join(step.kind for step in steps)
        is_async = steps[0].detail.get("invocation_type") == "Event"
        assert (ASYNC_STEPS if is_async else SYNC_STEPS).fullmatch(kinds), kinds
        starts = [step.detail["attempt"] for step in steps if step.kind == "start"]
        assert starts == list(range(1, len(starts) + 1))
        assert [s.time for s in steps] == sorted(s.time for s in steps)


@PROPERTY_SETTINGS
@given(scenarios())
def test_no_try_is_made_at_or_past_the_maximum_event_age(scenario):
    """S3: a retry or throttled retry that would start at or after MaximumEventAgeInSeconds is not made."""
    outcome = scenario.run()
    age = scenario.max_event_age or 21_600
    received = {r.request_id: r.received for r in outcome.results}
    for invocation in outcome.invocations:
        if invocation.request_id in received:
            assert invocation.time - received[invocation.request_id] < age


@PROPERTY_SETTINGS
@given(scenarios())
def test_the_same_seed_gives_the_same_trace_and_deliveries(scenario):
    """S20: a seed reproduces every byte; DESIGN: every run is deterministic for a given seed."""
    first, second = scenario.run(), scenario.run()
    assert first.trace == second.trace
    assert first.deliveries == second.deliveries
    assert first.failures == second.failures
    assert first.results == second.results
    assert first.responses == second.responses


@PROPERTY_SETTINGS
@given(scenarios())
def test_every_delivery_matches_how_its_event_ended(scenario):
    """§5 When: OnSuccess for a Success, OnFailure and the DLQ (§7 Fires on) for everything else; S17 at the
    time the event ended; §7 the DLQ body is the original event."""
    outcome = scenario.run()
    results = {r.request_id: r for r in outcome.results}
    for role, deliveries in outcome.deliveries.items():
        for delivery in deliveries:
            if delivery.function != scenario.function_name:
                continue  # a Lambda target that is also a destination of its own
            result = results[delivery.request_id]
            assert delivery.time == result.ended
            if delivery.source == "OnSuccess":
                assert result.condition == "Success"
            else:
                assert result.condition != "Success"
            if delivery.source == "DeadLetterQueue":
                assert delivery.attributes["RequestID"]["StringValue"] == delivery.request_id
                assert delivery.attributes["ErrorCode"]["StringValue"] == (
                    "200" if result.approximate_invoke_count else "429")
            elif delivery.service != "events":
                assert delivery.payload == result.record
            else:
                assert delivery.payload["detail"] == result.record
        assert role in outcome.targets


# --- the same properties straight on the Simulator, with several functions and concurrency ---------------------

behaviors = st.sampled_from([Behavior.succeed(), Behavior.fail(duration=0.0), Behavior.fail_first(1),
                             Behavior.flaky(0.5, duration=2.0), Behavior.timeout(), Behavior.crash(duration=7.0)])


@PROPERTY_SETTINGS
@given(
    behavior=behaviors,
    retries=st.integers(0, 2),
    age=st.integers(60, 21_600),
    reserved=st.none() | st.integers(0, 3),
    sends=st.lists(st.floats(0, 400, allow_nan=False), min_size=1, max_size=8),
    seed=st.integers(0, 1000),
)
def test_a_burst_of_events_on_a_small_reservation_ends_each_event_once(behavior, retries, age, reserved, sends,
                                                                        seed):
    """§3, §4, S1–S4: with throttles, retries and ages mixed, each accepted event ends once, within its age, and
    never with more runs than allowed; the same seed reproduces it."""
    def simulate() -> Simulator:
        sim = Simulator(seed=seed)
        lam = sim.client("lambda")
        sim.create_function("orders", behavior=behavior, timeout=5, reserved_concurrency=reserved)
        lam.put_function_event_invoke_config(FunctionName="orders", MaximumRetryAttempts=retries,
                                             MaximumEventAgeInSeconds=age)
        for at in sorted(sends):
            sim.run(until=at)
            lam.invoke(FunctionName="orders", InvocationType="Event", Payload=b"{}")
        sim.run()
        return sim

    sim = simulate()
    results = sim.async_results("orders")
    assert len(results) == len(sends) == len({r.request_id for r in results})
    received = {r.request_id: r.received for r in results}
    for invocation in sim.invocations("orders"):  # S3 bounds the starts; a run may end past the age
        assert invocation.time - received[invocation.request_id] < age
    for result in results:
        assert 0 <= result.approximate_invoke_count <= retries + 1
        if reserved == 0:
            assert (result.condition, result.ended) == ("ZeroReservedConcurrency", result.received)
    running = sorted((i.time, i.end) for i in sim.invocations("orders") if i.outcome != "throttled")
    if reserved:
        for time, _ in running:
            assert sum(start <= time < end for start, end in running) <= reserved
    again = simulate()
    assert again.trace == sim.trace
    assert again.async_results("orders") == results


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000))
def test_the_scenario_default_run_is_the_same_for_every_call_with_its_seed(seed):
    """S20 for sample events: the trigger's sample event derives from the seed."""
    scenario = Scenario(seed=seed)
    assert scenario.run().events_sent == scenario.run().events_sent


def test_a_burst_pauses_the_cyclic_collector_and_restores_it_without_changing_the_outcome() -> None:
    """DESIGN: a burst of events stays cheap; pausing the collector must not change what happens."""
    import gc

    from engine import Behavior, Simulator

    def run(burst: bool) -> list:
        sim = Simulator(seed=3)
        queue = sim.create_queue("done")
        sim.create_function("orders", behavior=Behavior.fail_first(1))
        lam = sim.client("lambda")
        lam.put_function_event_invoke_config(FunctionName="orders",
                                             DestinationConfig={"OnSuccess": {"Destination": queue}})
        if burst:
            with sim.burst():
                assert not gc.isenabled()
                lam.invoke(FunctionName="orders", InvocationType="Event", Payload=b"{}")
                sim.run()
        else:
            lam.invoke(FunctionName="orders", InvocationType="Event", Payload=b"{}")
            sim.run()
        return [(s.time, s.kind, s.request_id, s.detail) for s in sim.trace]

    assert gc.isenabled()
    assert run(burst=True) == run(burst=False)
    assert gc.isenabled(), "the collector is switched back on"
    gc.disable()
    try:
        run(burst=True)
        assert not gc.isenabled(), "a collector found off stays off"
    finally:
        gc.enable()
