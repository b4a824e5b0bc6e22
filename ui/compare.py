"""Compare: the same event sent synchronously and asynchronously, side by side."""

from __future__ import annotations

import streamlit as st

from engine.scenario import Scenario, sample_payload
from ui import lab_state, lab_widgets
from ui.outcome_view import show_summary


def both_ways(scenario: Scenario) -> tuple[Scenario, Scenario]:
    """The scenario invoked from the SDK with ``RequestResponse`` and with ``Event``, same event and settings."""
    payload = scenario.payload if scenario.payload is not None else sample_payload(scenario.trigger, scenario.seed)
    return tuple(scenario.with_changes(trigger="sdk", invocation_type=kind, payload=payload)  # type: ignore[return-value]
                 for kind in ("RequestResponse", "Event"))


def show_comparison(scenario: Scenario, presenter: bool = False) -> None:
    st.caption("The same event and configuration, invoked both ways with the SDK. Synchronous calls return the "
               "result or error to the caller and never use destinations; asynchronous calls are queued, "
               "retried by Lambda and send their record to a destination.")
    columns = st.columns(2)
    for column, variant, title in zip(columns, both_ways(scenario), ("Synchronous (RequestResponse)",
                                                                      "Asynchronous (Event)"), strict=True):
        with column:
            outcome = lab_state.run(variant)
            show_summary(outcome, heading=title)
            lab_widgets.show_flowchart(outcome, None, presenter)
