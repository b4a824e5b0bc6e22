"""Compare: the same event sent synchronously and asynchronously, what each caller got side by side."""

from __future__ import annotations

import streamlit as st

from engine.scenario import Scenario, sample_payload
from ui import lab_state, lab_widgets
from ui.markdown_text import heading
from ui.outcome_view import show_summary

TITLES = ("Synchronous (RequestResponse)", "Asynchronous (Event)")


def both_ways(scenario: Scenario) -> tuple[Scenario, Scenario]:
    """The scenario invoked from the SDK with ``RequestResponse`` and with ``Event``, same event and settings."""
    payload = scenario.payload if scenario.payload is not None else sample_payload(scenario.trigger, scenario.seed)
    return tuple(scenario.with_changes(trigger="sdk", invocation_type=kind, payload=payload)  # type: ignore[return-value]
                 for kind in ("RequestResponse", "Event"))


def show_comparison(scenario: Scenario, presenter: bool = False, heading_level: int = 2) -> None:
    """What each caller got, side by side; then each flowchart at the column's full width, one above the other.

    Side by side, each diagram had a quarter of a laptop screen and shrank to text 4–5 px high; one above the
    other, each is as large and readable as in the Run view. The four parts are siblings in the page's outline,
    at ``heading_level`` (2 right under the page's title).
    """
    st.caption("The same event and configuration, invoked both ways with the SDK. Synchronous calls return the "
               "result or error to the caller and never use destinations; asynchronous calls are queued, "
               "retried by Lambda and send their record to a destination.")
    outcomes = [lab_state.run(variant) for variant in both_ways(scenario)]
    for column, outcome, title in zip(st.columns(2), outcomes, TITLES, strict=True):
        with column:
            show_summary(outcome, heading=title, level=heading_level)
    for outcome, title in zip(outcomes, TITLES, strict=True):
        st.markdown(heading(f"{title}: flowchart", heading_level, looks_like=5), unsafe_allow_html=True)
        lab_widgets.show_flowchart(outcome, None, presenter, title=title)
