"""Saved mock exams read back for the history tables: from what the app saves, and leniently from anything else
the file holds; and the check an imported exam must pass."""

from __future__ import annotations

import json
from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st
from test_exam_session import BANK, BY_ID, START

from quizzes.exam import ExamSession
from quizzes.history import SavedExam, history_row, saved_breakdown, time_used


def saved_exam(count: int = 4, right: int = 1, minutes: int = 3, late: bool = False) -> tuple[object, dict]:
    """An exam taken and saved exactly as the Exam page saves it (through JSON)."""
    session = ExamSession.start(BANK, START, count=count)
    for qid in session.question_ids[:right]:
        session.answer(qid, {0})
    at = START + timedelta(seconds=session.seconds_allowed + 60) if late else START + timedelta(minutes=minutes)
    result = session.submit(at, BY_ID)
    return result, json.loads(json.dumps(result.to_dict()))


def test_a_saved_exam_reads_back_as_its_date_score_result_and_right_answers() -> None:
    result, saved = saved_exam(count=4, right=1)
    assert history_row(saved) == {"Submitted": "2026-03-01 09:03", "Score": result.score, "Result": "Not yet",
                                  "Right": "1 / 4"}
    _, perfect = saved_exam(count=3, right=3)
    assert history_row(perfect)["Result"] == "Pass"


def test_a_saved_exam_keeps_its_breakdown_by_domain_and_topic() -> None:
    result, saved = saved_exam(count=6, right=2)
    assert saved_breakdown(saved) == result.breakdown
    assert saved_breakdown(saved).rows() == result.breakdown.rows()


def test_the_time_used_is_told_in_minutes_and_says_when_the_time_ran_out() -> None:
    assert time_used(saved_exam(count=4, minutes=3)[1]) == "03:00 of 08:00"
    assert time_used(saved_exam(count=4, late=True)[1]) == "08:00 of 08:00 (the time ran out)"


def test_a_saved_exam_with_missing_or_odd_fields_shows_them_empty() -> None:
    odd = {"submitted_at": 5, "score": [780], "passed": "yes", "correct": True, "total": "4",
           "domains": {"1": [1, 2], "9": [1, 1], "x": [1, 1], "²": [1, 1], "2": "bad"},
           "topics": {"retired-topic": [1, 1]}}
    assert history_row(odd) == {"Submitted": None, "Score": None, "Result": None, "Right": None}
    assert saved_breakdown(odd).domains == {1: (1, 2)} and saved_breakdown(odd).topics == {}
    assert time_used(odd) is None
    assert history_row({}) == {"Submitted": None, "Score": None, "Result": None, "Right": None}


@given(st.dictionaries(st.sampled_from(["submitted_at", "score", "passed", "correct", "total", "seconds_used",
                                       "seconds_allowed", "timed_out", "domains", "topics"]),
                       st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                                    lambda inner: st.lists(inner, max_size=3)
                                    | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=8)))
def test_any_json_object_saved_as_an_exam_reads_back_without_an_error(saved: dict) -> None:
    assert set(history_row(saved)) == {"Submitted", "Score", "Result", "Right"}
    saved_breakdown(saved).rows()
    time_used(saved)


@given(count=st.integers(1, 12), answers=st.lists(st.sampled_from(["right", "wrong", "blank"]), max_size=12),
       seconds=st.integers(0, 3 * 3600) | st.floats(0, 3 * 3600))
def test_every_exam_the_exam_page_saves_passes_the_import_check(count: int, answers: list[str],
                                                                seconds: float) -> None:
    """Any size, any answers, submitted at any time (in time, on the second, or long after the deadline)."""
    session = ExamSession.start(BANK, START, count=count)
    for qid, answer in zip(session.question_ids, answers, strict=False):
        correct = BY_ID[qid].correct_indexes
        wrong = {i for i in range(len(BY_ID[qid].options)) if i not in correct}
        if answer != "blank":
            session.answer(qid, correct if answer == "right" else {min(wrong)})
    saved = json.loads(json.dumps(session.submit(START + timedelta(seconds=seconds), BY_ID).to_dict()))
    SavedExam.model_validate(saved)
