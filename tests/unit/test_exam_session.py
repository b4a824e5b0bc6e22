"""The mock exam session: a seeded stratified draw, the real exam's pace, flags and answers, and a fake clock."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizzes.exam import ExamSession, draw, seconds_for
from quizzes.model import TOPICS, Option, Question

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def make_question(qid: str, topic: str = "destinations", domain: int = 1) -> Question:
    options = [Option(text="right", correct=True, explanation="why it is right")] + [
        Option(text=f"wrong {n}", explanation="why it is wrong", misconception="a-misconception") for n in range(3)]
    return Question(id=qid, domain=domain, topic=topic, difficulty="easy",
                    stem="A stem long enough to be a real exam question about Lambda destinations.",
                    options=options, doc_url="https://docs.aws.amazon.com/lambda/", behavioural=False)


# 11 topics x 6 questions, over domains 1 and 4.
BANK = [make_question(f"{topic}-{n}", topic, 1 if n % 3 else 4) for topic in TOPICS for n in range(6)]
BY_ID = {q.id: q for q in BANK}


def test_time_allowed_follows_the_real_exams_pace_of_130_minutes_for_65_questions() -> None:
    assert seconds_for(65) == 130 * 60
    assert seconds_for(20) == 40 * 60
    assert seconds_for(1) == 120
    assert ExamSession.start(BANK, START, count=10).seconds_allowed == 20 * 60


def test_an_exam_has_20_questions_by_default_and_never_more_than_the_bank() -> None:
    assert len(ExamSession.start(BANK, START).question_ids) == 20
    small = BANK[:7]
    session = ExamSession.start(small, START, count=20)
    assert sorted(session.question_ids) == sorted(q.id for q in small)
    assert session.seconds_allowed == seconds_for(7)


def test_an_empty_bank_or_no_questions_cannot_start_an_exam() -> None:
    with pytest.raises(ValueError):
        ExamSession.start([], START)
    with pytest.raises(ValueError):
        ExamSession.start(BANK, START, count=0)


def test_the_stratified_draw_is_seeded_and_ignores_the_order_of_the_bank() -> None:
    assert draw(BANK, 20, seed=7) == draw(list(reversed(BANK)), 20, seed=7)
    assert draw(BANK, 20, seed=7) != draw(BANK, 20, seed=8)


@given(st.integers(0, 2**31 - 1), st.integers(1, len(BANK)))
def test_the_draw_asks_every_topic_before_any_topic_twice_without_repeats(seed: int, count: int) -> None:
    chosen = draw(BANK, count, seed)
    assert len(chosen) == len(set(chosen)) == count
    per_topic = Counter(BY_ID[qid].topic for qid in chosen)
    assert max(per_topic.values()) - min(per_topic.get(topic, 0) for topic in TOPICS) <= 1


def test_within_a_topic_the_draw_takes_domains_in_turn() -> None:
    one_topic = [make_question(f"q{n}", "destinations", 1) for n in range(5)] + [
        make_question("d4", "destinations", 4)]
    for seed in range(20):
        assert "d4" in draw(one_topic, 2, seed)


def test_answers_can_be_changed_and_cleared() -> None:
    session = ExamSession.start(BANK, START, count=5)
    first = session.question_ids[0]
    session.answer(first, {2})
    session.answer(first, {0})
    assert session.answers[first] == [0]
    session.answer(first, set())
    assert first not in session.answers


def test_flags_toggle_and_the_question_map_shows_answered_and_flagged_by_number() -> None:
    session = ExamSession.start(BANK, START, count=3)
    a, b, c = session.question_ids
    session.answer(a, {1})
    session.toggle_flag(b)
    session.toggle_flag(c)
    session.toggle_flag(c)
    cells = session.question_map()
    assert [(cell.number, cell.question_id) for cell in cells] == [(1, a), (2, b), (3, c)]
    assert [(cell.answered, cell.flagged) for cell in cells] == [(True, False), (False, True), (False, False)]


def test_a_question_outside_the_exam_cannot_be_answered_or_flagged() -> None:
    session = ExamSession.start(BANK, START, count=3)
    outsider = next(q.id for q in BANK if q.id not in session.question_ids)
    with pytest.raises(KeyError):
        session.answer(outsider, {0})
    with pytest.raises(KeyError):
        session.toggle_flag(outsider)


def test_the_clock_counts_down_from_the_start_time_it_is_given() -> None:
    session = ExamSession.start(BANK, START, count=10)
    assert session.remaining(START) == 1200
    assert session.remaining(START + timedelta(minutes=5)) == 900
    assert not session.is_expired(START + timedelta(seconds=1199))
    assert session.is_expired(START + timedelta(seconds=1200))
    assert session.remaining(START + timedelta(hours=1)) == 0


def test_submitting_marks_unanswered_questions_wrong_and_scales_the_score() -> None:
    session = ExamSession.start(BANK, START, count=4)
    first, second, *_ = session.question_ids
    session.answer(first, {0})
    session.answer(second, {1})
    result = session.submit(START + timedelta(minutes=3), BY_ID)
    assert [q.correct for q in result.questions] == [True, False, False, False]
    assert result.correct == 1
    assert result.score == 325
    assert not result.passed
    assert not result.timed_out
    assert result.seconds_used == 180
    assert sum(total for _, total in result.breakdown.topics.values()) == 4


def test_a_perfect_exam_passes() -> None:
    session = ExamSession.start(BANK, START, count=5)
    for qid in session.question_ids:
        session.answer(qid, {0})
    result = session.submit(START + timedelta(minutes=1), BY_ID)
    assert (result.score, result.passed) == (1000, True)


def test_after_the_deadline_a_fake_clock_auto_submits_with_the_time_allowed() -> None:
    session = ExamSession.start(BANK, START, count=3)
    session.answer(session.question_ids[0], {0})
    later = START + timedelta(seconds=session.seconds_allowed + 600)
    assert session.is_expired(later)
    result = session.submit(later, BY_ID)
    assert result.timed_out
    assert result.submitted_at == session.deadline
    assert result.seconds_used == session.seconds_allowed
    assert result.correct == 1


def test_a_submitted_exam_is_closed() -> None:
    session = ExamSession.start(BANK, START, count=3)
    session.submit(START, BY_ID)
    with pytest.raises(ValueError):
        session.answer(session.question_ids[0], {0})
    with pytest.raises(ValueError):
        session.submit(START, BY_ID)


def test_a_session_and_its_result_round_trip_through_json() -> None:
    session = ExamSession.start(BANK, START, count=4, seed=3)
    session.answer(session.question_ids[1], {2, 0})
    session.toggle_flag(session.question_ids[3])
    restored = ExamSession.from_dict(json.loads(json.dumps(session.to_dict())))
    assert restored == session
    result = json.loads(json.dumps(restored.submit(START + timedelta(minutes=2), BY_ID).to_dict()))
    assert result["total"] == 4
    assert result["questions"][1]["selected"] == [0, 2]
    assert result["score"] == 100


def test_extra_time_adds_its_share_of_the_exam_pace() -> None:
    from quizzes.exam import seconds_for

    assert (seconds_for(65), seconds_for(65, 0.5), seconds_for(65, 1.0)) == (130 * 60, 195 * 60, 260 * 60)
    with pytest.raises(ValueError, match="negative"):
        seconds_for(10, -0.5)
