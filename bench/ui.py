"""Benchmark: the Lab's server-side rerun time for typical interactions, next to an empty script's.

Streamlit reruns the whole page script on every click; this measures that rerun with AppTest, in the same
process and run as an empty Streamlit script (the framework's floor), and prints the ratio.
Target (issue 3): median under 3x the empty script.

    python -m bench.ui
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
REPEATS = 25
EMPTY_SCRIPT = "import streamlit as st\n\nst.title('Lab')\n"

#: An interaction puts the page where it starts (untimed reruns), then does what a learner does and calls
#: ``timed`` for each rerun that the learner's click causes.
Interaction = Callable[[AppTest, int, Callable[[], None]], None]


def _start_in(at: AppTest, view: str = "Run") -> None:
    """Untimed set-up: presenter mode off and the given view, as a learner usually is."""
    if at.toggle(key="presenter").value:
        at.toggle(key="presenter").set_value(False).run()
    if at.segmented_control(key="lab.view").value != view:
        at.segmented_control(key="lab.view").set_value(view).run()


def _rerun(at: AppTest, i: int, timed: Callable[[], None]) -> None:
    _start_in(at)
    timed()


def _select(group: str, key: str, values: list[object]) -> Interaction:
    """Pick a value in one group of the builder (opening the group first, as a learner does)."""
    def interact(at: AppTest, i: int, timed: Callable[[], None]) -> None:
        _start_in(at)
        if at.pills(key="lab.group").value != group:
            at.pills(key="lab.group").set_value(group).run()
        at.selectbox(key=key).select(values[i % len(values)])
        timed()

    return interact


def _step(at: AppTest, i: int, timed: Callable[[], None]) -> None:
    """Walk the run one step at a time to its end, then back to the first step with the slider."""
    _start_in(at, "Step through")
    slider = at.slider(key="lab.step.position")
    if slider.value < slider.max:
        at.button(key="lab.step.next").click()
    else:
        slider.set_value(1)
    timed()


def _open_group(at: AppTest, i: int, timed: Callable[[], None]) -> None:
    """Open another group of the builder (no new run: the scenario is unchanged)."""
    _start_in(at)
    groups = at.pills(key="lab.group").options
    current = groups.index(at.pills(key="lab.group").value)
    at.pills(key="lab.group").set_value(groups[(current + 1) % len(groups)])
    timed()


def _pick_payload(at: AppTest, i: int, timed: Callable[[], None]) -> None:
    """Show another payload of the run: the event, a response, the record, a delivery..."""
    _start_in(at)
    picker = at.selectbox(key="lab.payloads")
    picker.set_value((picker.value + 1) % len(picker.options))  # the options are the payloads' positions
    timed()


def _switch_view(at: AppTest, i: int, timed: Callable[[], None]) -> None:
    """Look at the same scenario another way: both invocation types side by side, or the code."""
    _start_in(at)
    at.segmented_control(key="lab.view").set_value(("Sync vs async", "Code")[i % 2])
    timed()


def _presenter(at: AppTest, i: int, timed: Callable[[], None]) -> None:
    """Switch presenter mode on, then off again: both reruns count."""
    _start_in(at)
    at.toggle(key="presenter").set_value(True)
    timed()
    at.toggle(key="presenter").set_value(False)
    timed()


INTERACTIONS: dict[str, Interaction] = {
    "rerun, nothing changed": _rerun,
    "change the behaviour": _select("Behaviour", "lab.behavior_kind", ["fail", "succeed", "timeout"]),
    "change retry attempts": _select("Retries", "lab.max_retry_attempts", [0, 1, 2]),
    "change the OnFailure destination": _select("Targets", "lab.on_failure_service",
                                                ["sqs", "eventbridge", "s3", "none"]),
    "change the trigger": _select("Trigger", "lab.trigger", ["sns", "api_gateway", "s3"]),
    "open another builder group": _open_group,
    "pick another payload": _pick_payload,
    "step through": _step,
    "switch view (sync vs async, code)": _switch_view,
    "presenter mode on and off": _presenter,
}


def _timed_rerun(at: AppTest) -> float:
    started = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - started
    assert not at.exception, at.exception
    return elapsed


def main() -> None:
    """Round-robin over the interactions, each Lab rerun paired with an empty-script rerun right after it.

    Both see the same machine, and a burst of background load spreads over every interaction instead of
    landing on one.
    """
    with tempfile.TemporaryDirectory() as directory:
        empty_path = Path(directory) / "empty.py"
        empty_path.write_text(EMPTY_SCRIPT)
        empty = AppTest.from_file(str(empty_path), default_timeout=60)
        empty.run()
        lab = AppTest.from_file(str(ROOT / "ui" / "lab.py"), default_timeout=60)
        lab.run()
        times: dict[str, list[float]] = {name: [] for name in INTERACTIONS}
        floors: list[float] = []
        for i in range(REPEATS):
            for name, interaction in INTERACTIONS.items():
                def timed(samples: list[float] = times[name]) -> None:
                    samples.append(_timed_rerun(lab))
                    floors.append(_timed_rerun(empty))

                interaction(lab, i, timed)
    floor = statistics.median(floors)
    rows = [(name, statistics.median(samples)) for name, samples in times.items()]
    print(f"empty script rerun (floor): {floor * 1000:7.1f} ms  (median of {len(floors)}, interleaved)")
    print(f"{'interaction':<36} {'median ms':>9} {'x floor':>8}")
    for name, median in rows:
        print(f"{name:<36} {median * 1000:>9.1f} {median / floor:>8.1f}")
    overall = statistics.median(median for _, median in rows)
    print(f"{'median over interactions':<36} {overall * 1000:>9.1f} {overall / floor:>8.1f}")


if __name__ == "__main__":
    main()
