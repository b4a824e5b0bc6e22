"""Lab: build a scenario, run it, and watch the flowchart, the timeline and every payload."""

import streamlit as st

from engine.scenario import Scenario
from ui import lab_state, scenario_form
from ui.code_panel import show_code
from ui.compare import show_comparison
from ui.outcome_view import show_outcome

KEY = "lab"
DEFAULT = Scenario()
VIEWS = ("Run", "Sync vs async", "Code")

st.title("🧪 Lab")
warning = lab_state.restore_from_link(KEY, DEFAULT)
if warning:
    st.warning(warning, icon="🔗")

presenter = st.toggle("Presenter mode", key="presenter",
                      help="A larger diagram and text for a projector; the editing panel is hidden.")
if presenter:
    scenario, slots = scenario_form.current(KEY, DEFAULT), None
    results = st.container()
else:
    builder, results = st.columns([2, 3], gap="large")
    with builder:
        scenario, slots = scenario_form.render(KEY, DEFAULT)

outcome = lab_state.run(scenario)
lab_state.publish_link(KEY, scenario)
if outcome.setup_error and slots is not None:
    scenario_form.show_errors(slots, [scenario_form.FieldError(outcome.setup_error.field,
                              f"{outcome.setup_error.code}: {outcome.setup_error.message}")])

with results:
    view = st.segmented_control("View", VIEWS, key="lab.view", default=VIEWS[0],
                                label_visibility="collapsed") or VIEWS[0]
    if view == VIEWS[0]:
        show_outcome(outcome, key=KEY, presenter=presenter)
        st.caption("🔗 The address bar holds this scenario: copy the link to share it exactly.")
    elif view == VIEWS[1]:
        show_comparison(scenario, presenter=presenter)
    else:
        show_code(scenario)
