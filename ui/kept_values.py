"""Widgets that keep their value: across a page switch, and when a chosen pill is clicked again.

Streamlit forgets a widget's value while its page is not shown, and clicking the chosen option of a
single-choice button group unselects it. A view switcher, a group picker, a step slider should do
neither: these helpers keep the last value beside the widget (under ``<key>.saved``) and give it back.
"""

from __future__ import annotations

from typing import Any

import streamlit as st


def restore(widget_key: str, default: Any) -> Any:
    """Call before drawing the widget: its current value, given back if it was unselected or forgotten."""
    value = st.session_state.get(widget_key)
    if value is None:
        # Nothing saved yet (the chosen pill was clicked again before any other) saves None: the default then.
        saved = st.session_state.get(saved_key(widget_key))
        value = st.session_state[widget_key] = default if saved is None else saved
    return value


def remember(widget_key: str) -> None:
    """The widget's on_change: keep the new value, or undo an unselect."""
    if st.session_state[widget_key] is None:
        st.session_state[widget_key] = st.session_state.get(saved_key(widget_key))
    st.session_state[saved_key(widget_key)] = st.session_state[widget_key]


def kept(widget_key: str, default: Any) -> dict[str, Any]:
    """Keyword arguments for a widget whose value (None included) comes back after a page switch.

    For widgets where None is a real value (a radio not answered yet): only a forgotten key is restored.
    """
    if widget_key not in st.session_state:
        st.session_state[widget_key] = st.session_state.get(saved_key(widget_key), default)
    return {"key": widget_key, "on_change": _save, "args": (widget_key,)}


def _save(widget_key: str) -> None:
    st.session_state[saved_key(widget_key)] = st.session_state[widget_key]


def set_value(widget_key: str, value: Any) -> None:
    """A callback that moves the widget (a "Next" button moving a slider) and keeps the new value."""
    st.session_state[widget_key] = st.session_state[saved_key(widget_key)] = value


def saved_key(widget_key: str) -> str:
    return f"{widget_key}.saved"
