"""One Outcome on screen: what the caller got, the flowchart and timeline with step-through, the payloads.

Shared by the Lab, lessons and "prove it" quiz answers; ``key`` keeps several on one page apart.
"""

from __future__ import annotations

import streamlit as st

from engine.outcome import Outcome
from ui import lab_widgets
from ui.markdown_text import heading as heading_markdown
from ui.markdown_text import plain

#: A run's title (the Lab's "Synchronous" beside "Asynchronous") is drawn as an h4, at the caller's level.
SUMMARY_LOOK = 4


def show_summary(outcome: Outcome, footnote: str = "", heading: str = "", level: int = SUMMARY_LOOK) -> None:
    """One line per event sent: the caller's response and, for async events, how each ended (one element).

    ``heading`` goes on top in the same Markdown element (every element costs each rerun), at ``level`` in
    the page's outline. HTML is allowed for the heading's level only: a learner's or AWS's text is escaped.
    """
    title = heading_markdown(heading, level, SUMMARY_LOOK) if heading else ""
    if outcome.setup_error:
        if title:
            st.markdown(title, unsafe_allow_html=True)
        st.error(f"**{outcome.setup_error.code}**: {plain(outcome.setup_error.message)}", icon="⛔")
        return
    results = {r.request_id: r for r in outcome.results}
    lines = [f"{title}\n"] if title else []
    for number, response in enumerate(outcome.responses, start=1):
        line = f"**Event {number}** → HTTP {response.status}"
        if response.error_code:
            line += f" `{response.error_code}`: {plain(response.error_message)}"
        if response.function_error:
            line += f" with `FunctionError: {response.function_error}`"
        result = results.get(response.request_id)
        if result is not None:
            line += (f" · ended `{result.condition}` after {result.approximate_invoke_count} attempt(s) "
                     f"at +{result.ended:g} s")
        lines.append(line)
    lines += [f":gray[{line}]" for line in footnote.splitlines()]  # each line greyed on its own
    st.markdown("  \n".join(lines), unsafe_allow_html=bool(title))


def show_outcome(outcome: Outcome, key: str, presenter: bool = False, footnote: str = "",
                 stepping: bool | None = None, arrow_keys: bool = False, summary: bool = True,
                 heading_level: int = lab_widgets.TIMELINE_LOOK, context: str = "") -> None:
    """Summary, then flowchart, timeline and payloads, all bound to one step control.

    ``stepping`` None offers a "step through" toggle; True or False is the caller's choice (the Lab's view).
    ``arrow_keys``: ← and → step (see ``lab_widgets.step_controls``); for a page that shows one run only.
    ``summary`` False: the caller has shown ``show_summary`` elsewhere (a lesson's challenge, beside its builder).
    ``heading_level``: the timeline's heading's level in the page's outline (2 right under the page's title).
    ``context``: which of a page's runs this is ("proof 2"), for its timeline's heading (read out of sight).
    """
    if summary:
        show_summary(outcome, footnote)
    if outcome.setup_error:
        lab_widgets.show_flowchart(outcome, None, presenter)
        return
    step = lab_widgets.step_controls(outcome, key=f"{key}.step", stepping=stepping, arrow_keys=arrow_keys)
    lab_widgets.show_current_step(outcome, step)
    # A short timeline shares the Markdown element under the flowchart: one element fewer on every click.
    timeline = lab_widgets.timeline_markdown(outcome, step, heading_level, context)
    lab_widgets.show_flowchart(outcome, step, presenter, then=timeline)
    if not timeline:
        lab_widgets.show_timeline(outcome, step, key=f"{key}.timeline", level=heading_level, context=context)
    lab_widgets.show_payloads(outcome, step, key=f"{key}.payloads")
