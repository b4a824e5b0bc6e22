"""Benchmark: what a learner feels. From a click to the page painted with its result, in Debian's chromium.

Starts the app with `streamlit run` on 127.0.0.1 and opens the Lab in headless chromium (Playwright). The
page itself records when each click happens and when the browser has painted the last change it caused:
the websocket round trip, the server's rerun, and the browser's rendering of every change (the flowchart's
layout included), without Playwright's own overhead. The same click is timed on a page holding only a title
and the same pills (the framework's floor in a browser).

    python -m bench.browser
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.local_app import CHROMIUM, CHROMIUM_ARGS, ROOT, running_app

REPEATS = 12
SETTLE_SECONDS = 1.5  # after each click: the page has long stopped changing by then
FLOOR_APP = 'import streamlit as st\n\nst.title("Lab")\nst.pills("Configure", ["Retries", "Targets"], key="g")\n'
#: Installed before the page loads: logs each click (capture phase, before any handler), each change to the
#: page (the flowchart's SVG is drawn after the rerun's messages, sometimes off the main thread), and the
#: frame the browser paints after each change. One kind of change is left out: a screen-reader message
#: being cleared from an ``aria-live`` region, which nobody sees or hears and no click caused (React Aria's
#: announcer clears a select box's "4 options available." 7 s after the list opened, whatever was clicked
#: since); the message's arrival counts.
_RECORD = """
window.__log = [];
document.addEventListener('click', () => window.__log.push(['click', performance.now()]), true);
const clearedMessage = (m) => m.type === 'childList' && m.addedNodes.length === 0
    && m.target.nodeType === 1 && m.target.closest('[aria-live]') !== null;
new MutationObserver((mutations) => {
    if (mutations.every(clearedMessage)) return;
    window.__log.push(['changed', performance.now()]);
    requestAnimationFrame(() => window.__log.push(['painted', performance.now()]));
}).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
"""

Action = Callable[[object, int], None]


def _radio(name: str) -> Action:
    """Click a pill or a segmented-control option (both are radio buttons to a browser)."""
    return lambda page, i: page.get_by_role("radio", name=name, exact=True).click()


def _retry(page, i: int) -> None:
    """In the Retries group (the round opens it just before), choose the next retry count: a new run."""
    page.locator('[data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name=("0", "1", "2")[i % 3], exact=True).click()


def _step(page, i: int) -> None:
    """In the Step through view (opened first, untimed), the next step, or the previous one at the end."""
    if not page.get_by_role("radio", name="Step through", exact=True).is_checked():
        page.get_by_role("radio", name="Step through", exact=True).click()
        time.sleep(SETTLE_SECONDS)
    forward = page.get_by_role("button", name="Next ›")
    (forward if forward.is_enabled() else page.get_by_role("button", name="‹ Previous")).click()


LAB_CLICKS: dict[str, list[Action]] = {
    "open another builder group": [_radio("Targets"), _radio("Retries")],
    "change retry attempts (a new run)": [_retry],
    "switch view (to Code, back to Run)": [_radio("Code"), _radio("Run")],
    "step through (next step, then Run)": [_step, _radio("Run")],
}
FLOOR_CLICKS: dict[str, list[Action]] = {"click a pill (floor page)": [_radio("Targets"), _radio("Retries")]}


def _click_to_painted(log: list[tuple[str, float]]) -> float:
    """Milliseconds from the last click to the frame painted after the page's last change."""
    last_click = max(t for name, t in log if name == "click")
    painted = [t for name, t in log if name == "painted" and t > last_click]
    if not painted:
        raise RuntimeError("a click changed nothing on the page")
    return max(painted) - last_click


def measure(url: str, clicks: dict[str, list[Action]], path: str = "",
            repeats: int = REPEATS) -> dict[str, list[float]]:
    """Each click's milliseconds, ``repeats`` rounds over ``clicks`` on the page at ``url``/``path``."""
    from playwright.sync_api import sync_playwright

    times: dict[str, list[float]] = {name: [] for name in clicks}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 1000})
        page.set_default_timeout(30_000)
        page.add_init_script(_RECORD)
        page.goto(f"{url}/{path}")
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)
        time.sleep(SETTLE_SECONDS * 3)
        for i in range(repeats):
            for name, actions in clicks.items():
                for action in actions:
                    page.evaluate("window.__log = []")
                    action(page, i)
                    time.sleep(SETTLE_SECONDS)
                    times[name].append(_click_to_painted(page.evaluate("window.__log")))
        browser.close()
    return times


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        floor_dir = Path(directory) / "floor"
        (floor_dir / ".streamlit").mkdir(parents=True)
        shutil.copy(ROOT / ".streamlit" / "config.toml", floor_dir / ".streamlit" / "config.toml")
        (floor_dir / "app.py").write_text(FLOOR_APP)
        with running_app(Path(directory) / "floor.sqlite3", floor_dir) as url:
            results = measure(url, FLOOR_CLICKS)
        with running_app(Path(directory) / "lab.sqlite3") as url:
            results |= measure(url, LAB_CLICKS, path="lab")
    print(f"{'click (headless chromium, 127.0.0.1)':<40} {'median ms':>9} {'max ms':>8}")
    for name, samples in results.items():
        print(f"{name:<40} {statistics.median(samples):>9.0f} {max(samples):>8.0f}")


if __name__ == "__main__":
    main()
