"""Grading follows DVA-C02 (AWS_FACTS.md §11): all-or-nothing, and a 100-1000 scaled score with 720 to pass."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizzes.bank import load_bank
from quizzes.grading import PASS_MARK, breakdown, feedback, grade, passed, scaled_score

BANK = load_bank(Path(__file__).parents[1] / "fixtures" / "quiz_bank" / "bank")
SINGLE = next(q for q in BANK if q.select == 1)
MULTIPLE = next(q for q in BANK if q.select == 2)


def test_a_single_choice_question_scores_only_with_exactly_the_correct_option() -> None:
    (right,) = SINGLE.correct_indexes
    wrong = next(i for i in range(4) if i != right)
    assert grade(SINGLE, {right})
    assert not grade(SINGLE, {wrong})
    assert not grade(SINGLE, {right, wrong})
    assert not grade(SINGLE, set())


def test_a_multiple_response_question_scores_when_every_correct_option_is_selected() -> None:
    assert grade(MULTIPLE, set(MULTIPLE.correct_indexes))


def test_partial_selections_score_zero() -> None:
    for index in MULTIPLE.correct_indexes:
        assert not grade(MULTIPLE, {index})


def test_extra_selections_score_zero() -> None:
    wrong = next(i for i in range(len(MULTIPLE.options)) if i not in MULTIPLE.correct_indexes)
    assert not grade(MULTIPLE, {*MULTIPLE.correct_indexes, wrong})
    assert not grade(MULTIPLE, set(range(len(MULTIPLE.options))))


def test_the_scaled_score_runs_from_100_for_none_right_to_1000_for_all_right() -> None:
    assert scaled_score(0, 20) == 100
    assert scaled_score(20, 20) == 1000
    assert scaled_score(0, 1) == 100
    assert scaled_score(1, 1) == 1000


@given(st.integers(1, 200).flatmap(lambda total: st.tuples(st.integers(0, total), st.just(total))))
def test_the_scaled_score_stays_within_bounds_and_never_drops_for_one_more_right_answer(case: tuple[int, int]) -> None:
    correct, total = case
    assert 100 <= scaled_score(correct, total) <= 1000
    if correct < total:
        assert scaled_score(correct + 1, total) > scaled_score(correct, total)


def test_an_impossible_tally_is_refused() -> None:
    for correct, total in ((1, 0), (0, 0), (-1, 5), (6, 5)):
        with pytest.raises(ValueError):
            scaled_score(correct, total)


def test_the_pass_mark_is_720_and_is_itself_a_pass() -> None:
    assert PASS_MARK == 720
    assert passed(720)
    assert not passed(719)
    assert passed(scaled_score(14, 20))  # 730
    assert not passed(scaled_score(13, 20))  # 685


def test_the_breakdown_counts_each_question_once_by_domain_and_by_topic_and_unanswered_is_wrong() -> None:
    answers = {SINGLE.id: set(SINGLE.correct_indexes)}
    result = breakdown(BANK, answers)
    assert sum(total for _, total in result.domains.values()) == len(BANK)
    assert sum(total for _, total in result.topics.values()) == len(BANK)
    assert sum(correct for correct, _ in result.domains.values()) == 1
    assert result.domains[SINGLE.domain][0] == 1
    assert result.topics[SINGLE.topic][0] == 1
    assert next(row["Area"] for row in result.rows()).startswith("Domain ")


def test_feedback_explains_every_option_and_names_the_misconception_of_each_wrong_one() -> None:
    chosen = {next(i for i in range(4) if i not in SINGLE.correct_indexes)}
    lines = feedback(SINGLE, chosen, {"async-not-retried": "Lambda does not retry."})
    assert len(lines) == len(SINGLE.options)
    assert all(line.explanation for line in lines)
    assert all((line.misconception is None) == line.correct for line in lines)
    assert [line.mark for line in lines].count("✅ **Right answer:**") == 1
    assert [line.mark for line in lines].count("❌ **Wrong:**") == 1
    assert [line.whose for line in lines].count(" *(your answer)*") == 1
    assert [line.whose for line in lines].count(" *(not chosen)*") == 1  # the right one, missed
