"""Seeded jitter on retry and throttle delays (S1, S2), and seeded duplicate delivery (§3 At least once, S18)."""

from __future__ import annotations

import pytest

from engine import Behavior, Simulator


def failing_run(seed: int, jitter: bool, n: int = 1) -> Simulator:
    sim = Simulator(seed=seed, jitter=jitter)
    lam = sim.client("lambda")
    sim.create_function("orders", behavior=Behavior.fail(duration=0.0))
    for _ in range(n):
        lam.invoke(FunctionName="orders", InvocationType="Event", Payload=b"{}")
    sim.run()
    return sim


def starts(sim: Simulator) -> list[float]:
    return [i.time for i in sim.invocations("orders")]


def test_jitter_is_off_by_default():
    """S1: jitter is off by default — exactly 60 s, then 120 s."""
    assert starts(failing_run(0, jitter=False)) == [0.0, 60.0, 180.0]


def test_jitter_on_changes_the_retry_delays():
    """S1: when on, the seeded RNG spreads the delays ([SIM] by a factor of 0.8–1.2, never quoted as AWS's)."""
    first, second, third = starts(failing_run(0, jitter=True))
    assert first == 0.0
    assert (second, third - second) != (60.0, 120.0)
    assert 48.0 <= second <= 72.0
    assert 96.0 <= third - second <= 144.0
    delays = [s.detail["delay"] for s in failing_run(0, jitter=True).trace if s.kind == "retry"]
    assert delays == [pytest.approx(second), pytest.approx(third - second)]


def test_jitter_is_seeded_so_the_same_seed_gives_the_same_delays():
    """S1 seeded RNG; S20 a seed reproduces every byte."""
    assert failing_run(5, jitter=True).trace == failing_run(5, jitter=True).trace
    assert starts(failing_run(5, jitter=True)) != starts(failing_run(6, jitter=True))


def test_switching_jitter_on_keeps_request_ids_and_outcomes():
    """simulator.py: separate seeded streams, so switching jitter on does not change request ids or outcomes."""
    plain, jittered = failing_run(3, jitter=False, n=4), failing_run(3, jitter=True, n=4)
    def ends(sim: Simulator) -> set[tuple[str, str, int]]:
        return {(r.request_id, r.condition, r.approximate_invoke_count) for r in sim.async_results()}

    assert ends(plain) == ends(jittered)
    assert len(ends(plain)) == 4


def test_jitter_also_spreads_the_throttle_backoff():
    """S2 backoff with S1's jitter: tries no longer land on 1, 3, 7, 15, 31."""
    sim = Simulator(jitter=True, account_concurrency=0)
    lam = sim.client("lambda")
    sim.create_function("orders")
    lam.put_function_event_invoke_config(FunctionName="orders", MaximumEventAgeInSeconds=60)
    lam.invoke(FunctionName="orders", InvocationType="Event")
    sim.run()
    times = [i.time for i in sim.invocations("orders")]
    assert times[0] == 0.0 and times[1:] != [1.0, 3.0, 7.0, 15.0, 31.0][: len(times) - 1]
    assert all(t < 60 for t in times)
    (result,) = sim.async_results("orders")
    assert (result.condition, result.approximate_invoke_count) == ("EventAgeExceeded", 0)


def test_the_look_ahead_still_applies_to_jittered_retries():
    """S3 with S1 jitter: a retry whose jittered start reaches the maximum age is not made."""
    for seed in range(20):
        sim = Simulator(seed=seed, jitter=True)
        lam = sim.client("lambda")
        sim.create_function("orders", behavior=Behavior.fail(duration=0.0))
        lam.put_function_event_invoke_config(FunctionName="orders", MaximumEventAgeInSeconds=60)
        lam.invoke(FunctionName="orders", InvocationType="Event")
        sim.run()
        tries = starts(sim)
        assert all(t < 60 for t in tries)
        expected = "EventAgeExceeded" if len(tries) < 3 else "RetriesExhausted"
        assert sim.async_results("orders")[0].condition == expected


def duplicated(rate: float, seed: int = 0, n: int = 1) -> tuple[Simulator, str, list[str]]:
    sim = Simulator(seed=seed, duplicate_rate=rate)
    lam = sim.client("lambda")
    queue = sim.create_queue("ok")
    sim.create_function("orders")
    lam.put_function_event_invoke_config(FunctionName="orders", DestinationConfig={"OnSuccess": {"Destination": queue}})
    ids = [lam.invoke(FunctionName="orders", InvocationType="Event", Payload=b'{"orderId": "A-1"}')[
        "ResponseMetadata"]["RequestId"] for _ in range(n)]
    sim.run()
    return sim, queue, ids


def test_duplicate_delivery_is_off_by_default():
    """S18: not simulated: duplicate delivery (unless switched on)."""
    sim, queue, ids = duplicated(0.0, n=5)
    assert [r.request_id for r in sim.async_results("orders")] == ids
    assert len(sim.deliveries(queue)) == 5


def test_duplicate_rate_one_delivers_every_event_twice():
    """§3 At least once: an event can arrive twice with no error; S18 duplicate delivery when switched on; [SIM] the
    copy gets its own request id (whether AWS keeps it is unknown, §10 Idempotency)."""
    sim, queue, (request_id,) = duplicated(1.0)
    results = sim.async_results("orders")
    assert len(results) == 2
    original, copy = results
    assert original.request_id == request_id
    assert copy.request_id != request_id
    assert original.record["requestPayload"] == copy.record["requestPayload"] == {"orderId": "A-1"}
    assert [d.payload["requestPayload"] for d in sim.deliveries(queue)] == [{"orderId": "A-1"}] * 2
    (marker,) = [s for s in sim.trace if s.kind == "received" and "duplicate_of" in s.detail]
    assert (marker.request_id, marker.detail["duplicate_of"]) == (copy.request_id, request_id)
    assert sim.metrics("orders")["Invocations"] == 2


def test_duplicates_are_seeded():
    """S18 (seeded) and S20: the same seed duplicates the same events."""
    def copies(seed: int) -> list[str]:
        sim, _, _ = duplicated(0.5, seed=seed, n=20)
        return [s.detail["duplicate_of"] for s in sim.trace if "duplicate_of" in s.detail]

    assert copies(4) == copies(4)
    assert 0 < len(copies(4)) < 20
    assert copies(4) != copies(9)


def test_sync_calls_are_never_duplicated():
    """§2 RequestResponse waits for one result; duplicates come from the async queue (§3 At least once)."""
    sim = Simulator(duplicate_rate=1.0)
    sim.create_function("orders")
    sim.client().invoke(FunctionName="orders")
    sim.run()
    assert len(sim.invocations("orders")) == 1


@pytest.mark.parametrize("rate", [-0.1, 1.5])
def test_a_duplicate_rate_outside_0_to_1_is_refused(rate):
    """DESIGN / S18: duplicate delivery is seeded with a probability, so Simulator(duplicate_rate=...) is 0-1."""
    with pytest.raises(ValueError, match="duplicate_rate must be between 0 and 1"):
        Simulator(duplicate_rate=rate)
