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
REPEATS = 15
EMPTY_SCRIPT = "import streamlit as st\n\nst.title('Lab')\n"

Interaction = Callable[[AppTest, int], None]


def _select(group: str, key: str, values: list[object]) -> Interaction:
    """Pick a value in one group of the builder (opening the group first, as a learner does)."""
    def interact(at: AppTest, i: int) -> None:
        if at.pills(key="lab.group").value != group:
            at.pills(key="lab.group").set_value(group).run()
        at.selectbox(key=key).select(values[i % len(values)])

    return interact


def _toggle(key: str) -> Interaction:
    return lambda at, i: at.toggle(key=key).set_value(i % 2 == 0)


def _step(at: AppTest, i: int) -> None:
    if not at.toggle(key="lab.step.stepping").value:
        at.toggle(key="lab.step.stepping").set_value(True)
    else:
        at.button(key="lab.step.next" if i % 4 else "lab.step.first").click()


INTERACTIONS: dict[str, Interaction] = {
    "rerun, nothing changed": lambda at, i: None,
    "change the behaviour": _select("Function", "lab.behavior_kind", ["fail", "succeed", "timeout"]),
    "change retry attempts": _select("Retries", "lab.max_retry_attempts", [0, 1, 2]),
    "change the OnFailure destination": _select("Targets", "lab.on_failure_service",
                                                ["sqs", "eventbridge", "s3", "none"]),
    "change the trigger": _select("Trigger", "lab.trigger", ["sns", "api_gateway", "s3"]),
    "step through": _step,
    "presenter mode on/off": _toggle("presenter"),
}


def _timed_rerun(at: AppTest) -> float:
    started = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - started
    assert not at.exception, at.exception
    return elapsed


def main() -> None:
    """Each Lab rerun is paired with an empty-script rerun right after it, so both see the same machine."""
    with tempfile.TemporaryDirectory() as directory:
        empty_path = Path(directory) / "empty.py"
        empty_path.write_text(EMPTY_SCRIPT)
        empty = AppTest.from_file(str(empty_path), default_timeout=60)
        empty.run()
        lab = AppTest.from_file(str(ROOT / "ui" / "lab.py"), default_timeout=60)
        lab.run()
        rows, floors = [], []
        for name, interaction in INTERACTIONS.items():
            times = []
            for i in range(REPEATS):
                interaction(lab, i)
                times.append(_timed_rerun(lab))
                floors.append(_timed_rerun(empty))
            rows.append((name, statistics.median(times)))
    floor = statistics.median(floors)
    print(f"empty script rerun (floor): {floor * 1000:7.1f} ms  (median of {len(floors)}, interleaved)")
    print(f"{'interaction':<36} {'median ms':>9} {'x floor':>8}")
    for name, median in rows:
        print(f"{name:<36} {median * 1000:>9.1f} {median / floor:>8.1f}")
    overall = statistics.median(median for _, median in rows)
    print(f"{'median over interactions':<36} {overall * 1000:>9.1f} {overall / floor:>8.1f}")


if __name__ == "__main__":
    main()
