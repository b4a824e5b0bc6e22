"""The browser benchmark stays runnable: each of its clicks once against the running app, untimed."""

from __future__ import annotations

from bench import browser as browser_bench


def test_every_click_of_the_browser_benchmark_changes_the_lab(app_url: str) -> None:
    times = browser_bench.measure(app_url, browser_bench.LAB_CLICKS, path="lab", repeats=1)
    assert set(times) == set(browser_bench.LAB_CLICKS)
    assert all(samples and all(ms > 0 for ms in samples) for samples in times.values())


_CLICK_THEN_CHANGES = """
<div id="live" aria-live="assertive" role="log"></div><p id="text">before</p>
<button id="go" onclick="
    document.getElementById('live').textContent = '4 options available.';
    setTimeout(() => { document.getElementById('text').textContent = 'after'; }, 100);
    setTimeout(() => { document.getElementById('live').replaceChildren(); }, 700);
">Go</button>
"""


def test_the_browser_benchmark_ignores_a_screen_reader_message_being_cleared_but_counts_what_is_seen(
        browser) -> None:
    page = browser.new_page()
    try:
        page.set_content(_CLICK_THEN_CHANGES)
        page.evaluate(browser_bench._RECORD)
        page.click("#go")
        page.wait_for_timeout(1_000)
        milliseconds = browser_bench._click_to_painted(page.evaluate("window.__log"))
    finally:
        page.close()
    assert 100 <= milliseconds < 600  # the text's change at 100 ms counts; the message's clearing at 700 does not
