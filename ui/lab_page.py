"""The Lab page: build a scenario, run it, and watch the flowchart, the timeline and every payload.

A function in a module rather than a page script's top level: Streamlit compiles the page script of every
test run anew, and a module is compiled once.
"""

import streamlit as st

from engine.outcome import Outcome
from engine.scenario import Scenario
from ui import kept_values, lab_state, scenario_form
from ui.code_panel import show_code
from ui.compare import show_comparison
from ui.flowchart import PRESENTER_ZOOM
from ui.markdown_text import VISUALLY_HIDDEN
from ui.outcome_view import show_outcome

KEY = "lab"
DEFAULT = Scenario()
#: "Step through" is a view rather than a toggle beside the run: one control fewer on every click.
VIEWS = ("Run", "Step through", "Sync vs async", "Code")
TITLE = "🧪 Lab"
BUILDER_TITLE = "⚙️ Build the scenario"
#: Under the run: where the builder is (a phone opens the sidebar from the top bar), and the share link.
SHARE_NOTE = ("⚙️ Change the scenario in the sidebar (on a small screen, open it with » at the top left).\n"
              "🔗 The address bar holds this scenario: copy the link to share it exactly.")
#: Presenter mode's page style. Every size on the page is in rem, so the first rule enlarges all its text (the
#: diagram's too) for the room. The second gives the room the blank band Streamlit leaves above the page's
#: content (8 rem under a 3.75 rem top bar, there for a title that presenter mode hides): 1 rem stays. The
#: third drops the focus ring Streamlit draws round the whole page once the arrow keys step (the page, a
#: scrolling area rather than a control, then has the keyboard focus): on a projector it framed every slide.
#: The builder is not drawn, and the sidebar it leaves empty is hidden by ui.every_page's style (on a narrow
#: screen the sidebar keeps the page links, so it stays).
PRESENTER_STYLE = (f"<style>html {{ font-size: {PRESENTER_ZOOM:.0%}; }} "
                   '[data-testid="stMainBlockContainer"] { padding-top: 4.75rem; } '
                   '[data-testid="stMain"]:focus-visible::before { box-shadow: none; }</style>')
#: For a projector the title is not drawn, but screen readers still find it, as the page's h1: out of sight, and
#: its element out of the page's flow (in it, an element adds the page's 1 rem gap above the content).
PRESENTER_TITLE = ('<style>[data-testid="stElementContainer"]:has(> [data-testid="stHtml"] > h1) '
                   "{ position: absolute; }</style>"
                   f'<h1 style="{VISUALLY_HIDDEN}">{TITLE}</h1>')
#: "Whole diagram on screen": the drawing scales down, keeping its proportions, to the window's height less
#: the top bar (3.75 rem) and a margin, so scrolled to it a projector shows it whole.
FIT_STYLE = '<style>[data-testid="stGraphVizChart"] svg { max-height: calc(100vh - 5rem); }</style>'


def show() -> None:
    """Draw the Lab; Streamlit calls this on every rerun."""
    # Kept across a page switch: a teacher who opens a lesson mid-class comes back to the same screen.
    presenter_switch = kept_values.kept("presenter", False)
    if st.session_state["presenter"]:
        st.html(PRESENTER_STYLE + PRESENTER_TITLE)  # the room's height goes to the diagram (the top bar names the page)
    else:
        st.title(TITLE)
    warning = lab_state.restore_from_link(KEY, DEFAULT)
    if warning:
        st.warning(warning, icon="🔗")

    # For a projector both switches share a row (the room's height goes to the diagram); otherwise the one
    # switch needs no container, which every rerun would pay for.
    switches = st.container(horizontal=True) if st.session_state["presenter"] else st
    presenter = switches.toggle("Presenter mode", **presenter_switch,
                                help="A larger diagram and text for a projector; the editing panel is hidden.")
    if presenter:
        fit = switches.toggle("Whole diagram on screen", **kept_values.kept("presenter.fit", False),
                              help="Shrinks the diagram to the screen's height, so it is seen whole without "
                                   "scrolling; its text gets smaller. Off, it fills the width, in larger text.")
        if fit:
            st.html(FIT_STYLE)
        scenario, form_errors = scenario_form.current(KEY, DEFAULT), []
    else:
        scenario, form_errors = scenario_form.read(KEY, DEFAULT)
    outcome = lab_state.run(scenario)
    lab_state.publish_link(KEY, scenario)

    if not presenter:
        # The builder in the sidebar, which scrolls on its own: it stays in view beside the timeline and the
        # payloads further down, and the run gets the page's width (on a phone, the sidebar opens over it).
        with st.sidebar:
            scenario_form.draw(KEY, scenario_form.errors_with_setup(form_errors, outcome), title=BUILDER_TITLE)
    if form_errors:
        st.warning("The results below are still those of the last valid settings: fix what the sidebar "
                   "marks to run the new ones.", icon="⏸️")
    _show_view(scenario, outcome, presenter)


def _show_view(scenario: Scenario, outcome: Outcome, presenter: bool) -> None:
    """The view the learner picked: the run (all at once or step by step), both invocation types, or code."""
    kept_values.restore("lab.view", VIEWS[0])
    view = st.segmented_control("View", VIEWS, key="lab.view", on_change=kept_values.remember, args=("lab.view",),
                                label_visibility="collapsed", wrap=True)
    if view in VIEWS[:2]:
        # The arrow keys step only for a projector: elsewhere they keep scrolling a wide code block, timeline
        # or (on a narrow screen) diagram that has the keyboard focus.
        show_outcome(outcome, key=KEY, presenter=presenter, stepping=view == VIEWS[1], arrow_keys=presenter,
                     footnote="" if presenter else SHARE_NOTE, heading_level=2)  # right under the page's title
    elif view == VIEWS[2]:
        show_comparison(scenario, presenter=presenter)
    else:
        show_code(scenario)
