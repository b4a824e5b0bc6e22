"""The project's Streamlit configuration keeps the app offline and private, and every click cheap."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit import config
from streamlit.web import bootstrap

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def project_config(monkeypatch: pytest.MonkeyPatch):
    """Streamlit's options as `streamlit run app.py` reads them in the project directory."""
    monkeypatch.chdir(ROOT)
    config.get_config_options(force_reparse=True)
    yield config
    config.get_config_options(force_reparse=True)


def test_starting_the_app_never_looks_up_the_public_ip(project_config, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    def no_outside_request() -> None:
        raise AssertionError("Streamlit asked checkip.amazonaws.com for this machine's public IP")

    monkeypatch.setattr("streamlit.net_util.get_external_ip", no_outside_request)
    bootstrap._print_url(is_running_hello=False)
    assert "http://localhost:" in capsys.readouterr().out


def test_no_usage_statistics_are_sent(project_config) -> None:
    assert project_config.get_option("browser.gatherUsageStats") is False


def test_no_full_garbage_collection_after_every_rerun(project_config) -> None:
    assert project_config.get_option("runner.postScriptGC") is False
