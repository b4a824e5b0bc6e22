"""Widgets shared by the Practice and Exam pages."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime

import streamlit as st

from quizzes import review
from quizzes.grading import feedback
from quizzes.model import Question
from ui.markdown_text import plain

#: Without a name, answers and review boxes live in the browser session under these keys, shared by Practice
#: and the Exam: an unnamed candidate's exam mistakes come back in Practice's "My mistakes" too.
SESSION_ANSWERS, SESSION_STATES = "practice.answers", "practice.states"


def remember_in_session(question_id: str, correct: bool, at: datetime, mode: str) -> None:
    """Keep an unnamed learner's answer and move its Leitner box, for this browser session only."""
    st.session_state.setdefault(SESSION_ANSWERS, []).append(
        {"question_id": question_id, "correct": correct, "at": at, "mode": mode})
    review.remember_answer(st.session_state.setdefault(SESSION_STATES, {}), question_id, correct, at, mode)


def markdown_table(rows: list[Mapping[str, object]]) -> str:
    """Rows as one Markdown table, each cell as written (None shows as a dash).

    For the exam's small tables: ``st.dataframe`` made the first exam submitted wait about a second for pandas
    and the browser's grid component, and a table of a dozen rows needs neither.
    """
    header = list(rows[0])
    cells = [[plain("—" if row[name] is None else str(row[name])) for name in header] for row in rows]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in cells])


def show_option_feedback(question: Question, selected: Collection[int], labels: Mapping[str, str]) -> None:
    """Every option with its mark, whether it was chosen, why it is right or wrong, and the misconception."""
    # One Markdown element for all options: a submitted 65-question exam reviews them all at once, and every
    # element costs the click (four or five per question before).
    st.markdown("\n\n".join(
        f"{line.mark} {line.text}{line.whose}  \n{line.explanation}"
        + (f"  \n:gray[Misconception: {line.misconception}]" if line.misconception else "")
        for line in feedback(question, selected, labels)))


def show_selected_count(selected: int, wanted: int) -> None:
    """Under a multiple-response question, how many options are ticked of the number it asks for.

    Scoring needs exactly that many, so a learner who ticked one too few or too many sees it before submitting.
    """
    st.caption(f"{selected} of {wanted} options selected" + ("." if selected == wanted else
                                                              f": this question asks for exactly {wanted}."))
