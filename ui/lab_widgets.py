"""The Lab's visual widgets on screen: flowchart, step controls, timeline and payloads.

Thin Streamlit wrappers: the drawing, wording and payload picking live in ui.flowchart, ui.timeline and
ui.payloads (tested without a browser). Every widget takes an Outcome; state lives in st.session_state
under the caller's key prefix, so several outcomes can share a page. A rendering problem shows a short
message, never a traceback.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import streamlit as st

from engine.outcome import Outcome
from ui import kept_values, lab_state
from ui.flowchart import build_flowchart, describe_flowchart
from ui.markdown_text import heading
from ui.markdown_text import plain as _plain
from ui.payloads import RECORD_FIELDS, PayloadSection, payload_sections
from ui.timeline import TimelineRow, timeline_rows

MAX_VISIBLE_ROWS = 16
#: The timeline's heading is drawn as an h4; its level in the outline is the caller's (see ``markdown_text.heading``).
TIMELINE_LOOK = 4
DESCRIPTION_SUMMARY = "Text description of the flowchart"
EXPLAIN_SUMMARY = "Explain fields"
T = TypeVar("T")


@contextmanager
def _safely(what: str) -> Iterator[None]:
    """Show a short message instead of a traceback if drawing fails; the rest of the page still renders."""
    try:
        yield
    except Exception as error:  # a learner must never see a traceback
        st.warning(f"Could not show {what}: {type(error).__name__}: {error}", icon="⚠️")


def _memo(kind: str, outcome: Outcome, step: int | None, extra: object, compute: Callable[[], T]) -> T:
    """Compute a view of an outcome once per session: reruns that do not change it cost nothing."""
    return lab_state.memo(kind, outcome.scenario, (step, extra), compute)


def disclosure(summary: str, body: str) -> str:
    """Markdown for a collapsed section the reader opens: the browser's own ``<details>``.

    Used instead of ``st.expander``, which costs every rerun two elements (the expander and its text):
    this is one Markdown element, or none of its own when it joins a Markdown element already there.
    Browsers and screen readers know ``<details>`` natively. ``summary`` is our own plain text; ``body`` is
    Markdown whose learner-typed parts are escaped with ``_plain``, so they cannot become HTML. The blank
    lines make the body Markdown again inside the HTML block.
    """
    return f"<details><summary>{html.escape(summary)}</summary>\n\n{body}\n\n</details>"


# --- flowchart ----------------------------------------------------------------------------------------------

#: On a phone a diagram keeps its own size and scrolls sideways: shrunk to the screen's width, its labels were
#: 6 px. It opens scrolled to its middle, where the path from the trigger through the function runs, rather
#: than to its left edge (``scroll-initial-target``: Chromium 133 and later; other browsers open it at the left
#: edge). Only then: stepping keeps wherever the learner scrolled it. The box telling the current step (the
#: alert right after the step slider) keeps room for four lines: its text took one to four lines on a phone,
#: and the diagram under it jumped up and down by up to 72 px from step to step. (Sent with the text
#: description under every diagram, so it costs no element of its own.)
PHONE_DIAGRAM_STYLE = ("<style>@media (max-width: 640px) { [data-testid=\"stGraphVizChart\"] { overflow-x: auto; } "
                       "[data-testid=\"stGraphVizChart\"] svg { max-width: none; scroll-initial-target: nearest; "
                       "scroll-snap-align: center; } "
                       "[data-testid=\"stElementContainer\"]:has([data-testid=\"stSlider\"]) + "
                       "[data-testid=\"stElementContainer\"] [data-testid=\"stAlertContainer\"] "
                       "{ min-height: 9.5rem; } }</style>")


def show_flowchart(outcome: Outcome, step: int | None = None, presenter: bool = False, title: str = "",
                   then: str = "") -> None:
    """The flowchart, then its full text description for screen readers, collapsed under it.

    ``title`` names the diagram where a page shows several (the synchronous and the asynchronous run), so
    each figure and its description have a name of their own. ``then`` is Markdown that follows the
    description in the same element (the timeline): every element costs each rerun.
    """
    with _safely("the flowchart"):
        named = f"{title}: flowchart" if title else "Flowchart"
        alt = (f"{named} of how {outcome.scenario.function_name} was invoked and where its results went. "
               "A full text description follows.")
        source = _memo("flowchart", outcome, step, presenter, lambda: build_flowchart(outcome, step, presenter).source)
        # For a projector the drawing fills the page's width, which enlarges its text with it; otherwise it
        # keeps its own size, shrunk only to fit its column.
        st.graphviz_chart(source, alt=alt, width="stretch" if presenter else "content")
        summary = f"{DESCRIPTION_SUMMARY} ({title})" if title else DESCRIPTION_SUMMARY
        text = _memo("description", outcome, step, title, lambda: PHONE_DIAGRAM_STYLE + disclosure(
            summary, "\n\n".join(_plain(p) for p in describe_flowchart(outcome, step).split("\n\n"))))
        st.markdown(f"{text}\n\n{then}" if then else text, unsafe_allow_html=True)


# --- step controls ------------------------------------------------------------------------------------------

def step_controls(outcome: Outcome, key: str, stepping: bool | None = None, arrow_keys: bool = False) -> int | None:
    """Previous / next buttons and a slider over the trace; None means "show everything".

    ``stepping`` says whether to step; None draws a toggle that lets the learner choose (the Lab chooses
    with its view instead). The slider counts steps from 1 as people do; the returned index counts from
    0, as outcome.trace does. First and last are the slider's ends (dragged there, or Home and End from
    the keyboard) rather than two more buttons: every widget costs each click while stepping.

    ``arrow_keys`` makes ← and → press Previous and Next from anywhere on the page, as in slides: a teacher
    steps while the diagram fills the screen and the buttons are out of sight. Streamlit leaves the keys to a
    field that has the focus, so typing is safe. Only for a page with one stepped run: one key would step
    them all.
    """
    trace = outcome.trace
    if not trace:
        return None
    total = len(trace)
    toggle_key, position_key = f"{key}.stepping", f"{key}.position"
    if stepping is None:
        stepping = st.toggle("Step through the run", **kept_values.kept(toggle_key, False),
                             help="Replay the run one trace step at a time; off shows everything.")
    if not stepping:
        return None
    slider = kept_values.kept(position_key, 1)
    position = min(max(int(st.session_state[position_key]), 1), total)  # a new run may have a shorter trace
    st.session_state[position_key] = position
    with st.container(horizontal=True):  # the buttons on one row; the slider gets the full width below
        # Plain-text arrows: emoji arrows need an emoji font, which many classroom machines lack.
        # Never disabled at the ends: a button disabled under the keyboard's focus drops the focus to the top
        # of the page (WCAG 2.4.3). There, it keeps the step; the step box and the slider say which it is.
        for name, label, target, arrow in (("previous", "‹ Previous", max(position - 1, 1), "Left"),
                                           ("next", "Next ›", min(position + 1, total), "Right")):
            st.button(label, key=f"{key}.{name}", on_click=kept_values.set_value, args=(position_key, target),
                      shortcut=arrow if arrow_keys else None)
    if total > 1:
        keys = (" The ← and → keys press Previous and Next from anywhere on the page; if a field has the "
                "keyboard focus, click the page first.") if arrow_keys else ""
        st.slider(f"Trace step (1 to {total})", 1, total, **slider,
                  help=f"Drag to any step. Home and End jump to the first and the last.{keys}")
    return position - 1


# --- timeline -----------------------------------------------------------------------------------------------

def timeline_table(rows: list[TimelineRow], step: int | None) -> str:
    """The timeline as one Markdown table: the current row marked ▶ and bold, later rows greyed.

    One Markdown element renders far faster than a dataframe, and the marks survive greyscale and
    screen readers (the ▶ and the words, not only a colour).
    """
    many_functions = len({r.function for r in rows}) > 1
    many_requests = len({r.request_id for r in rows if r.request_id}) > 1
    header = ["#", "Time", "What happened", "Detail"]
    header += ["Function"] if many_functions else []
    header += ["Request"] if many_requests else []
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for position, row in enumerate(rows):
        cells = [str(row.index + 1), row.clock, f"{row.icon} {row.title}", row.detail]
        cells += [row.function] if many_functions else []
        cells += [row.request_id[:8]] if many_requests else []
        cells = [_plain(cell).replace("\n", " ") for cell in cells]
        if step is not None and position == step:
            cells = [f"**{cell}**" for cell in cells]
            cells[0] = f"▶ {cells[0]}"
        elif step is not None and position > step:
            cells = [f":gray[{cell}]" for cell in cells]
            cells[0] = f":gray[{_plain(str(row.index + 1))} (not yet)]"  # said in words, not by the grey alone
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def show_current_step(outcome: Outcome, step: int | None) -> None:
    """What happens at the current step, right under the step controls and above the flowchart.

    There, the Next button, what it did and the diagram are seen together, on a projector too, where the
    diagram alone can fill the screen.
    """
    if step is None:
        return
    with _safely("the current step"):
        rows = _rows(outcome)
        if rows:
            current = rows[min(max(step, 0), len(rows) - 1)]
            st.info(f"**Step {current.index + 1} of {len(rows)} · {current.clock}** {current.icon} "
                    f"{_plain(current.title)}  \n{_plain(current.detail)}")  # the step's own icon, no second one


def timeline_heading(level: int = TIMELINE_LOOK, context: str = "") -> str:
    """"Timeline" at ``level`` in the page's outline (2 under a page's title, 4 under a lesson's h3), with the
    run's ``context`` out of sight where a page shows several runs (see ``markdown_text.heading``)."""
    return heading("Timeline", level, TIMELINE_LOOK, context)


def timeline_markdown(outcome: Outcome, step: int | None, level: int = TIMELINE_LOOK, context: str = "") -> str:
    """The timeline's heading and table as Markdown, for a timeline short enough to need no scrolling box of
    its own; otherwise "" (and ``show_timeline`` draws it).

    Goes into the Markdown element under the flowchart (see ``show_flowchart``). Every cell is escaped with
    ``_plain``; HTML is used only for ``fitting``'s wrapper and the heading's level.
    """
    try:
        rows = _rows(outcome)
        if not rows or len(rows) > MAX_VISIBLE_ROWS:
            return ""
        return f"{timeline_heading(level, context)}\n\n{_table(outcome, rows, step)}"
    except Exception:  # show_timeline tries again, and says what went wrong
        return ""


def _rows(outcome: Outcome) -> list[TimelineRow]:
    return _memo("timeline", outcome, None, None, lambda: timeline_rows(outcome))


def _table(outcome: Outcome, rows: list[TimelineRow], step: int | None) -> str:
    return _memo("timeline_table", outcome, step, None, lambda: fitting(timeline_table(rows, step)))


def show_timeline(outcome: Outcome, step: int | None, key: str, level: int = TIMELINE_LOOK,
                  context: str = "") -> None:
    """Every trace step as a row; while stepping, the current row is marked and later rows are grey.

    For what ``timeline_markdown`` leaves out: an empty timeline, a long one in its scrolling box, or one whose
    drawing failed there (here it says why).
    """
    with _safely("the timeline"):
        rows = _rows(outcome)
        if not rows:
            st.caption("Nothing ran, so the timeline is empty.")
            return
        table = _table(outcome, rows, step)
        # unsafe_allow_html for ``fitting``'s wrapper and the heading's level: every cell is escaped with ``_plain``.
        if len(rows) <= MAX_VISIBLE_ROWS:
            # the heading and the table in one element
            st.markdown(f"{timeline_heading(level, context)}\n\n{table}", unsafe_allow_html=True)
            return
        st.markdown(timeline_heading(level, context), unsafe_allow_html=True)
        st.container(height=40 + 36 * MAX_VISIBLE_ROWS, key=f"{key}.table").markdown(table, unsafe_allow_html=True)


#: Headers, step numbers and times stay on one line, and what happened and its detail keep a readable width:
#: squeezed on a phone, cells broke into a letter or two per line ("+00 / :00: / 00. / 000"). A table wider
#: than the screen scrolls sideways in its own box.
_FITTING_STYLE = ("<style>.fitting-table th, .fitting-table td:nth-child(-n+2) "
                  "{ white-space: nowrap; overflow-wrap: normal; } "
                  ".fitting-table td:nth-child(3) { min-width: 8rem; } "
                  ".fitting-table td:nth-child(4) { min-width: 12rem; }</style>")


def fitting(table: str) -> str:
    """A Markdown table that fits its column: long ARNs and ids may break, and what still cannot fit scrolls
    sideways inside the table's own box, never the whole page (on a phone, the page used to slide sideways)."""
    return (f'{_FITTING_STYLE}<div class="fitting-table" style="overflow-x: auto; overflow-wrap: anywhere">'
            f"\n\n{table}\n\n</div>")


#: The invocation record explained field by field (built once: it never changes).
FIELD_NOTES = "\n".join(f"- **`{name}`**: {_plain(doc.meaning)} {_plain(doc.values)} [AWS docs]({doc.doc_url})"
                        for name, doc in RECORD_FIELDS.items())


#: The record's field notes, collapsed under the record (see ``disclosure``).
EXPLAINED_FIELDS = disclosure(EXPLAIN_SUMMARY, FIELD_NOTES)


# --- payloads -----------------------------------------------------------------------------------------------

def payload_markdown(section: PayloadSection) -> str:
    """A payload as one Markdown element: its title, its note, and the body exactly as sent, in a code block.

    One element rather than a heading, a note and a JSON viewer: every element costs each rerun, and a
    code block shows the whole payload at once, highlighted and with a copy button.
    """
    note = f"  \n:gray[{_plain(section.note)}]" if section.note else ""
    if section.language == "json":
        body, language = json.dumps(section.body, indent=2, ensure_ascii=False), "json"
    else:
        body, language = str(section.body), "text"
    longest_run = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * max(3, longest_run + 1)  # a fence no backtick run inside the body can close
    return f"**{_plain(section.title)}**{note}\n\n{fence}{language}\n{body}\n{fence}"


def _payload_with_notes(section: PayloadSection) -> str:
    """The payload, and under an invocation record the explanation of its fields, in one element."""
    text = payload_markdown(section)
    return f"{text}\n\n{EXPLAINED_FIELDS}" if section.kind == "record" else text


def show_payloads(outcome: Outcome, step: int | None, key: str = "payloads") -> None:
    """One payload at a time, chosen from every payload up to the step (the newest is shown first).

    A picker rather than every payload at once: runs with several events and retries have dozens, and a
    learner compares them one by one; drawing only one also keeps each click fast.
    """
    with _safely("the payloads"):
        sections = _memo("payloads", outcome, step, None, lambda: payload_sections(outcome, step))
        if not sections:
            st.caption("No payload yet.")
            return
        numbers = {rid: n for n, rid in enumerate(dict.fromkeys(s.request_id for s in sections), start=1)}
        several = len(numbers) > 1

        def label(index: int) -> str:
            section = sections[index]
            event = (f"Event {numbers[section.request_id]} · " if section.request_id else "Rejected call · ")
            return f"{event if several else ''}{section.title}"

        # A new run or step opens the newest payload; otherwise the picker keeps the learner's choice.
        shown_for = (outcome.scenario.to_token(), step)
        if st.session_state.get(f"{key}.shown_for") != shown_for or key not in st.session_state:
            st.session_state[f"{key}.shown_for"] = shown_for
            st.session_state[key] = len(sections) - 1
        # A plain label: it is also the picker's name for screen readers, which would read Markdown aloud.
        choice = st.selectbox(f"Payloads ({len(sections)} so far)", range(len(sections)), format_func=label,
                              key=key)
        # Keyed without the step: the sections up to a step are the first ones of the whole run, so a payload
        # is written once however many steps show it.
        text = _memo("payload_text", outcome, None, choice, lambda: _payload_with_notes(sections[choice]))
        st.markdown(text, unsafe_allow_html=True)  # safe: payload bodies are in code blocks, other text escaped
