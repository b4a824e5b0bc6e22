"""Benchmark: 10,000 async invocations, each failing once then succeeding, with OnSuccess to SQS.

Prints the best and median time of five runs, events per second (at the median) and peak memory, for
2,500 / 5,000 / 10,000 events so memory can be seen to grow linearly.
Target (issue 2): 10,000 events in under 1 second on a 2-core machine.

    python -m bench.engine
"""

from __future__ import annotations

import contextlib
import gc
import statistics
import time
import tracemalloc

from engine import Behavior, Simulator

#: Arrivals are spread at 100 events per virtual second so no event is throttled: the benchmark measures
#: the retry and delivery path, not the throttle backoff.
ARRIVAL_GAP_SECONDS = 0.01


def simulate(events: int, burst: bool = True) -> Simulator:
    """The benchmark's scenario; ``burst`` runs it inside ``sim.burst()`` as a script sending a burst should."""
    sim = Simulator(seed=1)
    queue = sim.create_queue("done")
    sim.create_function("orders", behavior=Behavior.fail_first(1))
    lam = sim.client("lambda")
    lam.put_function_event_invoke_config(FunctionName="orders",
                                         DestinationConfig={"OnSuccess": {"Destination": queue}})
    payload = b'{"orderId": "A-1001", "amount": 42}'
    with sim.burst() if burst else contextlib.nullcontext():
        for index in range(events):
            sim.run(until=index * ARRIVAL_GAP_SECONDS)
            lam.invoke(FunctionName="orders", InvocationType="Event", Payload=payload)
        sim.run()
    assert len(sim.deliveries(queue)) == events
    assert all(r.approximate_invoke_count == 2 for r in sim.async_results("orders"))
    return sim


def measure(events: int, burst: bool = True) -> tuple[float, float, float]:
    """Best and median wall time of five runs, and peak traced memory in MiB of one run."""
    times = []
    for _ in range(5):
        gc.collect()
        started = time.perf_counter()
        simulate(events, burst)
        times.append(time.perf_counter() - started)
    tracemalloc.start()
    simulate(events)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return min(times), statistics.median(times), peak / 2**20


def main() -> None:
    print(f"{'mode':<16} {'events':>8} {'best s':>8} {'median s':>9} {'events/s':>10} {'peak MiB':>9} "
          f"{'KiB/event':>10}")
    for burst, mode in ((True, "sim.burst()"), (False, "collector on")):
        for events in (2_500, 5_000, 10_000):
            best, median, peak = measure(events, burst)
            print(f"{mode:<16} {events:>8} {best:>8.3f} {median:>9.3f} {events / median:>10,.0f} {peak:>9.1f} "
                  f"{peak * 1024 / events:>10.2f}")


if __name__ == "__main__":
    main()
