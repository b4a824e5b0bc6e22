"""Widgets shared by the Practice and Exam pages."""

from __future__ import annotations

from collections.abc import Collection, Mapping

import streamlit as st

from quizzes.grading import feedback
from quizzes.model import Question


def show_option_feedback(question: Question, selected: Collection[int], labels: Mapping[str, str]) -> None:
    """Every option with its mark, whether it was chosen, why it is right or wrong, and the misconception."""
    for line in feedback(question, selected, labels):
        misconception = f"  \n:gray[Misconception: {line.misconception}]" if line.misconception else ""
        st.markdown(f"{line.mark} {line.text}{line.whose}  \n{line.explanation}{misconception}")


def show_selected_count(selected: int, wanted: int) -> None:
    """Under a multiple-response question, how many options are ticked of the number it asks for.

    Scoring needs exactly that many, so a learner who ticked one too few or too many sees it before submitting.
    """
    st.caption(f"{selected} of {wanted} options selected" + ("." if selected == wanted else
                                                              f": this question asks for exactly {wanted}."))
