"""Leitner review: a wrong answer goes back to box 1 due now; a right one moves up a box with a longer wait."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from quizzes.review import INTERVAL_DAYS, due_questions, mistakes, next_state

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def test_a_wrong_answer_moves_the_question_to_box_1_due_now() -> None:
    for box in range(1, 6):
        assert next_state(box, False, NOW) == (1, NOW)


def test_a_right_answer_moves_the_question_up_one_box_due_after_that_boxs_interval() -> None:
    assert next_state(1, True, NOW) == (2, NOW + timedelta(days=1))
    assert next_state(2, True, NOW) == (3, NOW + timedelta(days=3))
    assert next_state(3, True, NOW) == (4, NOW + timedelta(days=7))
    assert next_state(4, True, NOW) == (5, NOW + timedelta(days=14))


def test_box_5_is_the_top_box() -> None:
    assert next_state(5, True, NOW) == (5, NOW + timedelta(days=INTERVAL_DAYS[5]))


def test_a_question_seen_for_the_first_time_starts_from_box_1() -> None:
    assert next_state(None, True, NOW) == next_state(1, True, NOW)
    assert next_state(None, False, NOW) == (1, NOW)


def test_a_box_outside_1_to_5_is_refused() -> None:
    with pytest.raises(ValueError):
        next_state(6, True, NOW)


def test_due_questions_are_those_due_by_now_longest_overdue_first() -> None:
    states = {
        "later": (3, NOW + timedelta(days=2)),
        "just-due": (2, NOW),
        "overdue": (4, NOW - timedelta(days=3)),
        "wrong": (1, NOW - timedelta(hours=1)),
    }
    assert due_questions(states, NOW) == ["overdue", "wrong", "just-due"]
    assert due_questions(states, NOW + timedelta(days=2)) == ["overdue", "wrong", "just-due", "later"]
    assert due_questions({}, NOW) == []


def answer(question_id: str, correct: bool, at: datetime) -> dict:
    return {"question_id": question_id, "correct": correct, "at": at, "mode": "practice"}


def test_mistakes_are_questions_whose_latest_answer_was_wrong_most_recent_first() -> None:
    answers = [
        answer("fixed", False, NOW),
        answer("fixed", True, NOW + timedelta(minutes=5)),
        answer("old-mistake", False, NOW + timedelta(minutes=1)),
        answer("new-mistake", True, NOW + timedelta(minutes=2)),
        answer("new-mistake", False, NOW + timedelta(minutes=6)),
        answer("always-right", True, NOW + timedelta(minutes=3)),
    ]
    assert mistakes(answers) == ["new-mistake", "old-mistake"]
    assert mistakes(reversed(answers)) == ["new-mistake", "old-mistake"]


def test_remembering_an_answer_moves_its_box_and_saves_it_only_for_a_named_learner() -> None:
    from datetime import UTC, datetime

    from quizzes.review import remember_answer, remember_answers

    class Store:
        def __init__(self) -> None:
            self.writes: list[list[tuple]] = []

        def record_answers(self, learner, answers) -> None:
            self.writes.append([(learner, qid, correct, mode, box) for qid, correct, _, mode, box, _ in answers])

    at = datetime(2026, 1, 1, tzinfo=UTC)
    states: dict = {}
    store = Store()
    remember_answer(states, "q-1", True, at, "practice", store, None)
    assert states["q-1"][0] == 2 and store.writes == []
    remember_answer(states, "q-1", False, at, "exam", store, "Ana")
    assert states["q-1"][0] == 1
    assert store.writes == [[("Ana", "q-1", False, "exam", 1)]]
    remember_answers(states, [("q-1", True), ("q-2", False)], at, "exam", store, "Ana")
    assert store.writes[-1] == [("Ana", "q-1", True, "exam", 2), ("Ana", "q-2", False, "exam", 1)], "one write"
