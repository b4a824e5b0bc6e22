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
    scenario, form_errors = scenario_form.current(KEY, DEFAULT), []
else:
    scenario, form_errors = scenario_form.read(KEY, DEFAULT)
outcome = lab_state.run(scenario)
lab_state.publish_link(KEY, scenario)

if presenter:
    results = st.container()
else:
    builder, results = st.columns([2, 3], gap="large")
    with builder:
        scenario_form.draw(KEY, scenario_form.errors_with_setup(form_errors, outcome))

with results:
    view = st.segmented_control("View", VIEWS, key="lab.view", default=VIEWS[0],
                                label_visibility="collapsed") or VIEWS[0]
    if view == VIEWS[0]:
        show_outcome(outcome, key=KEY, presenter=presenter,
                     footnote="🔗 The address bar holds this scenario: copy the link to share it exactly.")
    elif view == VIEWS[1]:
        show_comparison(scenario, presenter=presenter)
    else:
        show_code(scenario)
