"""Who is learning, and where their progress is kept: a name typed once per browser session, and the store.

Both live in ``st.session_state`` (this learner's session), never in module globals, which every user of
the server would share.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from lessons.progress import ProgressStore, ProgressStoreError, normalise_learner
from ui.markdown_text import plain

NAME_LABEL = "Your name (keeps your progress on this computer)"
_NAME = "learner.name"
_INPUT = "learner.name_input"
_ERROR = "learner.name_error"
_STORE = "learner.store"
_NOTICE_SHOWN = "learner.notice_shown"


def learner_name() -> str | None:
    """The learner's name from the sidebar: asked until given, then shown with a way to change it."""
    with st.sidebar:
        name = st.session_state.get(_NAME)
        if name:
            st.markdown(f"👤 Progress is saved for **{plain(name)}**.")  # as typed: `**x**` is no bold, no link
            st.button("Change name", key="learner.change", on_click=_forget_name)
            return name
        st.text_input(NAME_LABEL, key=_INPUT, max_chars=40, on_change=_remember_name,
                      placeholder="e.g. Ana", help="No account: anyone who types the same name on this "
                      "computer sees the same progress. Names are not case-sensitive.")
        if st.session_state.get(_ERROR):
            st.error(st.session_state[_ERROR], icon="⚠️")
    return None


def store() -> ProgressStore:
    """This session's progress store, opened once; tells the learner once if an old file was set aside."""
    if _STORE not in st.session_state:
        st.session_state[_STORE] = _open_store()
    progress: ProgressStore = st.session_state[_STORE]
    if progress.notice and not st.session_state.get(_NOTICE_SHOWN):
        st.session_state[_NOTICE_SHOWN] = True
        st.warning(progress.notice, icon="💾")
    return progress


def _open_store() -> ProgressStore:
    try:
        return ProgressStore()
    except ProgressStoreError as error:
        # Keep the app usable: progress goes to a temporary file, and the learner is told it will not last.
        fallback = ProgressStore(Path(tempfile.mkdtemp(prefix="lambda-lab-")) / "progress.sqlite3")
        fallback.notice = (f"{error} Your progress is kept in a temporary file ({fallback.path}) for now and "
                           "may be lost when the computer restarts. Set LAMBDA_LAB_DB to a writable file to "
                           "keep it.")
        return fallback


def _remember_name() -> None:
    typed = st.session_state.get(_INPUT, "")
    try:
        normalise_learner(typed)
    except ValueError as error:
        st.session_state[_ERROR] = str(error)
        return
    st.session_state[_NAME] = " ".join(typed.split())
    st.session_state.pop(_ERROR, None)


def _forget_name() -> None:
    st.session_state.pop(_NAME, None)
    st.session_state[_INPUT] = ""
