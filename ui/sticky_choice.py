"""Single-choice pills and segmented controls that keep their choice.

Clicking the chosen option of a Streamlit button group unselects it, and Streamlit forgets a widget's
value while its page is not shown. A view switcher or a group picker should do neither: these helpers
keep the last choice beside the widget and give it back.
"""

from __future__ import annotations

import streamlit as st


def restore(widget_key: str, default: str) -> str:
    """Call before drawing the widget: its current choice, given back if it was unselected or forgotten."""
    choice = st.session_state.get(widget_key)
    if choice is None:
        choice = st.session_state[widget_key] = st.session_state.get(_saved(widget_key), default)
    return choice


def remember(widget_key: str) -> None:
    """The widget's on_change: keep the new choice, or undo an unselect."""
    if st.session_state[widget_key] is None:
        st.session_state[widget_key] = st.session_state.get(_saved(widget_key))
    st.session_state[_saved(widget_key)] = st.session_state[widget_key]


def _saved(widget_key: str) -> str:
    return f"{widget_key}.saved"
