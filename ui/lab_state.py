"""The Lab's per-learner state: the shared link, and runs cached per scenario.

Everything lives in ``st.session_state`` (one learner's browser session), never in module globals,
which every user of the server would share.
"""

from __future__ import annotations

import streamlit as st
from pydantic import ValidationError

from engine.outcome import Outcome
from engine.scenario import Scenario
from ui import scenario_form

LINK_PARAM = "s"
_CACHE_SIZE = 8


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
    cache: dict[str, Outcome] = st.session_state.setdefault("outcome_cache", {})
    token = scenario.to_token()
    if token not in cache:
        if len(cache) >= _CACHE_SIZE:
            cache.pop(next(iter(cache)))
        cache[token] = scenario.run()
    return cache[token]
