"""The Lab's visual widgets on screen: flowchart, step controls, timeline and payloads.

Thin Streamlit wrappers: the drawing, wording and payload picking live in ui.flowchart, ui.timeline and
ui.payloads (tested without a browser). Every widget takes an Outcome; state lives in st.session_state
under the caller's key prefix, so several outcomes can share a page. A rendering problem shows a short
message, never a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from engine.outcome import Outcome
from ui.flowchart import build_flowchart, describe_flowchart
from ui.payloads import RECORD_FIELDS, PayloadSection, payload_sections
from ui.timeline import TimelineRow, format_clock, timeline_rows

HIGHLIGHT = "background-color: #F0E442; color: black; font-weight: bold"  # Okabe–Ito yellow, black text
UPCOMING = "color: #8C8C8C"
MAX_VISIBLE_ROWS = 16


@contextmanager
def _safely(what: str) -> Iterator[None]:
    """Show a short message instead of a traceback if drawing fails; the rest of the page still renders."""
    try:
        yield
    except Exception as error:  # a learner must never see a traceback
        st.warning(f"Could not show {what}: {type(error).__name__}: {error}", icon="⚠️")


def _plain(text: str) -> str:
    """Escape Markdown so names like ``$LATEST`` or ``my_function`` show as typed."""
    return re.sub(r"([\\`*_{}\[\]<>()#+\-.!|$~])", r"\\\1", text)


# --- flowchart ----------------------------------------------------------------------------------------------

def show_flowchart(outcome: Outcome, step: int | None = None, presenter: bool = False) -> None:
    """The flowchart, with its text description in an expander for screen readers."""
    with _safely("the flowchart"):
        alt = (f"Flowchart of how {outcome.scenario.function_name} was invoked and where its results went. "
               "A full text description follows.")
        st.graphviz_chart(build_flowchart(outcome, step, presenter), alt=alt)
        with st.expander("Text description of the flowchart"):
            for paragraph in describe_flowchart(outcome, step).split("\n\n"):
                st.markdown(_plain(paragraph))


# --- step controls ------------------------------------------------------------------------------------------

def _restore(widget_key: str, saved_key: str, default: object) -> None:
    """Give a widget back its value after a page switch (Streamlit drops the state of unrendered widgets)."""
    if widget_key not in st.session_state:
        st.session_state[widget_key] = st.session_state.get(saved_key, default)


def _save(widget_key: str, saved_key: str) -> None:
    st.session_state[saved_key] = st.session_state[widget_key]


def _go(position_key: str, saved_key: str, position: int) -> None:
    st.session_state[position_key] = st.session_state[saved_key] = position


# Plain-text arrows: emoji arrows need an emoji font, which many classroom machines lack.
_BUTTONS = (("first", "« First"), ("previous", "‹ Previous"), ("next", "Next ›"), ("last", "Last »"))


def step_controls(outcome: Outcome, key: str) -> int | None:
    """First / previous / next / last and a slider over the trace; None means "show everything".

    The slider counts steps from 1 as people do; the returned index counts from 0, as outcome.trace does.
    """
    trace = outcome.trace
    if not trace:
        return None
    total = len(trace)
    toggle_key, position_key = f"{key}.stepping", f"{key}.position"
    _restore(toggle_key, f"{toggle_key}.saved", False)
    stepping = st.toggle("Step through the run", key=toggle_key, on_change=_save,
                         args=(toggle_key, f"{toggle_key}.saved"),
                         help="Replay the run one trace step at a time; off shows everything.")
    if not stepping:
        return None
    saved = f"{position_key}.saved"
    _restore(position_key, saved, 1)
    position = min(max(int(st.session_state[position_key]), 1), total)  # a new run may have a shorter trace
    st.session_state[position_key] = position
    targets = {"first": 1, "previous": position - 1, "next": position + 1, "last": total}
    for column, (name, label) in zip(st.columns(len(_BUTTONS)), _BUTTONS, strict=True):
        disabled = position == (1 if name in ("first", "previous") else total)
        column.button(label, key=f"{key}.{name}", on_click=_go, args=(position_key, saved, targets[name]),
                      disabled=disabled, width="stretch")
    if total > 1:
        st.slider("Step", 1, total, key=position_key, on_change=_save, args=(position_key, saved))
    st.caption(f"Step {position} of {total} at {format_clock(trace[position - 1].time)}")
    return position - 1


# --- timeline -----------------------------------------------------------------------------------------------

def _timeline_frame(rows: list[TimelineRow], many_functions: bool, many_requests: bool) -> pd.DataFrame:
    data: dict[str, list[str]] = {
        "Time": [r.clock for r in rows],
        "What happened": [f"{r.icon} {r.title}" for r in rows],
        "Detail": [r.detail for r in rows],
    }
    if many_functions:
        data["Function"] = [r.function for r in rows]
    if many_requests:
        data["Request"] = [r.request_id[:8] for r in rows]
    return pd.DataFrame(data, index=[r.index + 1 for r in rows])


def show_timeline(outcome: Outcome, step: int | None, key: str) -> None:
    """Every trace step as a row; while stepping, the current row is highlighted and later rows are grey."""
    with _safely("the timeline"):
        rows = timeline_rows(outcome)
        if not rows:
            st.caption("Nothing ran, so the timeline is empty.")
            return
        if step is not None:
            current = rows[min(max(step, 0), len(rows) - 1)]
            st.info(f"**{current.clock}** {current.icon} {_plain(current.title)}  \n{_plain(current.detail)}",
                    icon="▶️")
        frame = _timeline_frame(rows, len({r.function for r in rows}) > 1,
                                len({r.request_id for r in rows if r.request_id}) > 1)
        height = 38 + 35 * min(len(rows), MAX_VISIBLE_ROWS)  # header plus rows: most runs fit unscrolled
        st.dataframe(_highlight(frame, step), key=f"{key}.table", width="stretch", height=height,
                     column_config={"Detail": st.column_config.TextColumn(width="large")})


def _highlight(frame: pd.DataFrame, step: int | None) -> pd.DataFrame | Styler:
    if step is None:
        return frame
    current = min(max(step, 0), len(frame) - 1)
    styles = [HIGHLIGHT if position == current else UPCOMING if position > current else ""
              for position in range(len(frame))]
    return frame.style.apply(lambda column: styles, axis=0)


# --- payloads -----------------------------------------------------------------------------------------------

def _show_section(section: PayloadSection) -> None:
    st.markdown(f"**{_plain(section.title)}**")
    if section.note:
        st.caption(_plain(section.note))
    if section.language == "json":
        st.json(section.body, expanded=2)
    else:
        st.code(str(section.body), language="text", wrap_lines=True)
    if section.kind == "record":
        with st.expander("Explain fields"):
            st.markdown("\n".join(
                f"- **`{name}`**: {_plain(doc.meaning)} {_plain(doc.values)} [AWS docs]({doc.doc_url})"
                for name, doc in RECORD_FIELDS.items()))


def show_payloads(outcome: Outcome, step: int | None) -> None:
    """Each payload up to the step; with several events, one expander per event (the current one open)."""
    with _safely("the payloads"):
        sections = payload_sections(outcome, step)
        if not sections:
            st.caption("No payload yet.")
            return
        groups: dict[str, list[PayloadSection]] = {}
        for section in sections:
            groups.setdefault(section.request_id, []).append(section)
        if len(groups) == 1:
            for section in sections:
                _show_section(section)
            return
        latest = sections[-1].request_id
        for number, (request_id, group) in enumerate(groups.items(), start=1):
            label = f"Event {number} · request {request_id[:8]}" if request_id else f"Call {number}: rejected"
            with st.expander(label, expanded=request_id == latest):
                for section in group:
                    _show_section(section)
