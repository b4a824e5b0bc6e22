"""Spaced repetition with Leitner boxes: what to practise again, and when.

Each question a learner has answered sits in a box from 1 to 5. A wrong answer sends it back to box 1,
due at once; a right answer moves it up one box, due after that box's interval. The intervals
(0, 1, 3, 7 and 14 days) are our choice: roughly doubling gaps that fit a few weeks of exam preparation.
Time is always passed in, so the schedule is the same in tests and in the app.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any, Protocol

#: Days until a question in each box is due again (our choice, see the module docstring).
INTERVAL_DAYS: dict[int, int] = {1: 0, 2: 1, 3: 3, 4: 7, 5: 14}
FIRST_BOX, LAST_BOX = 1, 5


def next_state(box: int | None, correct: bool, now: datetime) -> tuple[int, datetime]:
    """The box and due time after an answer; ``box`` None is a question seen for the first time (box 1)."""
    current = FIRST_BOX if box is None else box
    if not FIRST_BOX <= current <= LAST_BOX:
        raise ValueError(f"a Leitner box is {FIRST_BOX} to {LAST_BOX}, got {box}")
    new_box = min(current + 1, LAST_BOX) if correct else FIRST_BOX
    return new_box, now + timedelta(days=INTERVAL_DAYS[new_box])


class AnswerStore(Protocol):
    """The part of the progress store that keeps answers and review boxes (lessons.progress.ProgressStore)."""

    def record_answers(self, learner: str, answers: list[tuple[str, bool, datetime, str, int, datetime]]) -> None:
        ...


def remember_answer(states: dict[str, tuple[int, datetime]], question_id: str, correct: bool, at: datetime,
                    mode: str, store: AnswerStore | None = None, learner: str | None = None) -> None:
    """Move the question to its next Leitner box in ``states``, and save the answer and box when a learner is named.

    Practice and exam answers both feed the same schedule, through this one function.
    """
    remember_answers(states, [(question_id, correct)], at, mode, store, learner)


def remember_answers(states: dict[str, tuple[int, datetime]], marks: Iterable[tuple[str, bool]], at: datetime,
                     mode: str, store: AnswerStore | None = None, learner: str | None = None) -> None:
    """``remember_answer`` for many answers given at once (a submitted exam), saved in one write."""
    rows = []
    for question_id, correct in marks:
        box = states.get(question_id, (None, at))[0]
        states[question_id] = next_state(box, correct, at)
        rows.append((question_id, correct, at, mode, *states[question_id]))
    if store is not None and learner:
        store.record_answers(learner, rows)


def due_questions(states: Mapping[str, tuple[int, datetime]], now: datetime) -> list[str]:
    """Ids whose review is due by ``now``: the longest overdue first, then the lowest box."""
    due = [(when, box, qid) for qid, (box, when) in states.items() if when <= now]
    return [qid for _, _, qid in sorted(due)]


def mistakes(answers: Iterable[Mapping[str, Any]]) -> list[str]:
    """Ids whose latest answer was wrong, the most recent mistake first.

    ``answers`` are rows as the progress store returns them: ``question_id``, ``correct``, ``at``.
    """
    latest: dict[str, Mapping[str, Any]] = {}
    for answer in sorted(answers, key=lambda a: a["at"]):
        latest[answer["question_id"]] = answer
    wrong = [a for a in latest.values() if not a["correct"]]
    return [a["question_id"] for a in sorted(wrong, key=lambda a: a["at"], reverse=True)]
