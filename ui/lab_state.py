"""The Lab's per-learner state: the shared link, and runs and their views cached per scenario.

Everything lives in ``st.session_state`` (one learner's browser session), never in module globals,
which every user of the server would share.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

import streamlit as st
from pydantic import ValidationError

from engine.outcome import Outcome
from engine.scenario import Scenario
from ui import scenario_form

LINK_PARAM = "s"
_CACHE_SIZE = 8
VIEW_CACHE_SIZE = 64
T = TypeVar("T")


def restore_from_link(key: str, default: Scenario) -> str | None:
    """Load the scenario in the URL once per session; a damaged link falls back to the defaults.

    Returns a warning for the learner, or None.
    """
    token = st.query_params.get(LINK_PARAM)
    seen = f"{key}.link_seen"
    if token is None or st.session_state.get(seen) == token:
        return None
    st.session_state[seen] = token
    try:
        scenario = Scenario.from_token(token)
    except ValidationError as error:
        scenario_form.load(key, default)
        reason = error.errors()[0]["msg"].removeprefix("Value error, ")
        return f"This link could not be opened ({reason}), so the Lab starts from its defaults."
    scenario_form.load(key, scenario)
    return None


def publish_link(key: str, scenario: Scenario) -> None:
    """Keep the URL in step with the scenario, so copying the address shares it exactly."""
    token = scenario.to_token()
    if st.query_params.get(LINK_PARAM) != token:
        st.query_params[LINK_PARAM] = token
    st.session_state[f"{key}.link_seen"] = token


def run(scenario: Scenario) -> Outcome:
    """Run a scenario, reusing this session's recent runs: a rerun that changes nothing costs nothing."""
    return _bounded("outcome_cache", _CACHE_SIZE, scenario.to_token(), scenario.run)


def memo(kind: str, scenario: Scenario, extra: object, compute: Callable[[], T]) -> T:
    """Compute something drawn from a scenario (a flowchart, a payload's text, code) once per session.

    Keyed by the scenario's token, so it is exact: a scenario always runs to the same outcome.
    """
    return _bounded("view_cache", VIEW_CACHE_SIZE, (kind, scenario.to_token(), extra), compute)


def _bounded(name: str, size: int, key: Hashable, compute: Callable[[], T]) -> T:
    """A per-session cache in ``st.session_state[name]``, holding at most ``size`` entries (oldest go first)."""
    cache: dict[Hashable, object] = st.session_state.setdefault(name, {})
    if key not in cache:
        if len(cache) >= size:
            cache.pop(next(iter(cache)))
        cache[key] = compute()
    return cache[key]  # type: ignore[return-value]
