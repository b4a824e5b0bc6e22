"""The browser benchmark stays runnable: each of its clicks once against the running app, untimed."""

from __future__ import annotations

from bench import browser as browser_bench


def test_every_click_of_the_browser_benchmark_changes_the_lab(app_url: str) -> None:
    times = browser_bench.measure(app_url, browser_bench.LAB_CLICKS, path="lab", repeats=1)
    assert set(times) == set(browser_bench.LAB_CLICKS)
    assert all(samples and all(ms > 0 for ms in samples) for samples in times.values())
