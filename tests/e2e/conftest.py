"""Browser tests: `streamlit run app.py` on a free local port, driven by Playwright in Debian's chromium.

Skipped with a reason when chromium or Playwright is missing locally; CI installs chromium and runs them.
Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.local_app import CHROMIUM, CHROMIUM_ARGS, running_app

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A running app on 127.0.0.1 with its own progress database."""
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        pytest.skip(f"chromium not found at {CHROMIUM} (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    try:
        with running_app(tmp_path_factory.mktemp("db") / "progress.sqlite3") as url:
            yield url
    except RuntimeError as error:
        pytest.fail(str(error))


@pytest.fixture(scope="session")
def browser(app_url: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, app_url: str):
    context = browser.new_context(viewport={"width": 1500, "height": 1100})
    outside: list[str] = []

    def guard(route) -> None:
        request_url = route.request.url
        if request_url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")):
            route.continue_()
        else:
            outside.append(request_url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()
    assert not outside, f"the app tried to reach beyond this machine: {outside}"
