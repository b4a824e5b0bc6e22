"""The benchmarks stay runnable: each runs its scenario once here, and nothing is timed."""

from __future__ import annotations

import pytest

from bench import engine as engine_bench
from bench import ui as ui_bench


def test_the_lab_benchmark_runs_every_interaction_and_prints_its_ratio(monkeypatch: pytest.MonkeyPatch,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(ui_bench, "REPEATS", 2)  # round one and two: the step interaction steps once
    ui_bench.main()
    printed = capsys.readouterr().out
    for name in ui_bench.INTERACTIONS:
        assert name in printed
    assert "median over interactions" in printed


def test_the_engine_benchmark_scenario_delivers_every_event_after_one_retry() -> None:
    sim = engine_bench.simulate(200)  # simulate() asserts every delivery and both attempts itself
    assert len(sim.async_results("orders")) == 200
