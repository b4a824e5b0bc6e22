"""AppTest helpers: run one page script in-process, as Streamlit would, with a private progress DB."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def private_progress_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every UI test gets its own SQLite file: tests never touch a learner's real progress."""
    path = tmp_path / "progress.sqlite3"
    monkeypatch.setenv("LAMBDA_LAB_DB", str(path))
    return path


@pytest.fixture
def open_page():
    """``open_page("ui/lab.py")``: a fresh AppTest of one page script."""
    return lambda path: AppTest.from_file(str(ROOT / path), default_timeout=60)
