"""A timed mock exam: which questions, the clock, the answers and flags, and the result.

The session is plain data (ids, numbers, a start time) so it can live in session state and be saved as
JSON. It never reads the clock: every time-dependent method takes ``now``, so the page passes its clock
and tests pass a fake one. Time per question follows the real exam's pace, 130 minutes for 65 questions.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from quizzes.grading import Breakdown, breakdown, grade, passed, scaled_score
from quizzes.model import Question

DEFAULT_QUESTIONS = 20
REAL_EXAM_QUESTIONS, REAL_EXAM_MINUTES = 65, 130


def seconds_for(count: int, extra: float = 0.0) -> int:
    """The time allowed for ``count`` questions at the real exam's pace (120 s a question), plus ``extra``
    (0.5 is half as much again): a candidate who needs more time can practise with it (WCAG 2.2.1)."""
    if extra < 0:
        raise ValueError(f"extra time cannot be negative, got {extra}")
    return round(count * REAL_EXAM_MINUTES * 60 / REAL_EXAM_QUESTIONS * (1 + extra))


def clock_text(seconds: float) -> str:
    """``mm:ss``, a started second counted whole: the countdown never shows 00:00 while time is left."""
    minutes, seconds = divmod(int(seconds + 0.999), 60)
    return f"{minutes:02d}:{seconds:02d}"


def draw(questions: Iterable[Question], count: int, seed: int) -> list[str]:
    """``count`` question ids spread across topics, and across domains within a topic, in a seeded order.

    Topics take turns, so every topic is asked before any topic is asked twice; within a topic the
    domains take turns. The result does not depend on the order of ``questions``, only on the seed.
    Never more than the bank holds.
    """
    rng = random.Random(seed)
    by_topic: dict[str, dict[int, list[str]]] = {}
    for question in sorted(questions, key=lambda q: q.id):
        by_topic.setdefault(question.topic, {}).setdefault(question.domain, []).append(question.id)
    queues = []
    for topic in sorted(by_topic):
        lanes = [rng.sample(ids, len(ids)) for _, ids in sorted(by_topic[topic].items())]
        rng.shuffle(lanes)
        queues.append(_take_turns(lanes))
    rng.shuffle(queues)
    chosen = _take_turns(queues)[:count]
    rng.shuffle(chosen)
    return chosen


def _take_turns(lanes: list[list[str]]) -> list[str]:
    """One from each lane in turn until all are empty: [[a, b], [c]] -> [a, c, b]."""
    merged = []
    for depth in range(max(map(len, lanes), default=0)):
        merged += [lane[depth] for lane in lanes if depth < len(lane)]
    return merged


@dataclass(frozen=True)
class MapEntry:
    """One cell of the question map: its number (1-based), and whether it is answered or flagged."""

    number: int
    question_id: str
    answered: bool
    flagged: bool


@dataclass(frozen=True)
class QuestionResult:
    question_id: str
    selected: tuple[int, ...]
    correct: bool


@dataclass(frozen=True)
class ExamResult:
    """A submitted exam: every question's mark, the scaled score, pass or fail, and the breakdown."""

    started_at: datetime
    submitted_at: datetime
    seconds_allowed: int
    timed_out: bool
    questions: list[QuestionResult]
    score: int
    passed: bool
    breakdown: Breakdown

    @property
    def correct(self) -> int:
        return sum(q.correct for q in self.questions)

    @property
    def seconds_used(self) -> int:
        return round((self.submitted_at - self.started_at).total_seconds())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, for the exam history."""
        return {
            "started_at": self.started_at.isoformat(),
            "submitted_at": self.submitted_at.isoformat(),
            "seconds_allowed": self.seconds_allowed,
            "seconds_used": self.seconds_used,
            "timed_out": self.timed_out,
            "score": self.score,
            "passed": self.passed,
            "correct": self.correct,
            "total": len(self.questions),
            "questions": [{"id": q.question_id, "selected": list(q.selected), "correct": q.correct}
                          for q in self.questions],
            "domains": {str(d): list(tally) for d, tally in self.breakdown.domains.items()},
            "topics": {t: list(tally) for t, tally in self.breakdown.topics.items()},
        }


@dataclass
class ExamSession:
    """One attempt in progress. ``answers`` maps a question id to the selected options (0-based)."""

    question_ids: list[str]
    started_at: datetime
    seconds_allowed: int
    answers: dict[str, list[int]] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    submitted: bool = False

    @classmethod
    def start(cls, questions: Iterable[Question], now: datetime, count: int = DEFAULT_QUESTIONS,
              seed: int = 0, extra_time: float = 0.0) -> ExamSession:
        """A new attempt of ``count`` questions (fewer if the bank is smaller), its clock starting ``now``,
        with ``extra_time`` on top of the exam's pace (see ``seconds_for``)."""
        if count < 1:
            raise ValueError("an exam needs at least one question")
        ids = draw(questions, count, seed)
        if not ids:
            raise ValueError("the question bank is empty")
        return cls(ids, now, seconds_for(len(ids), extra_time))

    @property
    def deadline(self) -> datetime:
        return self.started_at + timedelta(seconds=self.seconds_allowed)

    def remaining(self, now: datetime) -> float:
        """Seconds left, never below zero."""
        return max(0.0, (self.deadline - now).total_seconds())

    def is_expired(self, now: datetime) -> bool:
        return now >= self.deadline

    def answer(self, question_id: str, selected: Collection[int]) -> None:
        """Set or change an answer; an empty selection leaves the question unanswered."""
        self._check_open(question_id)
        if selected:
            self.answers[question_id] = sorted(selected)
        else:
            self.answers.pop(question_id, None)

    def toggle_flag(self, question_id: str) -> None:
        """Flag a question for review, or remove its flag."""
        self._check_open(question_id)
        self.flags ^= {question_id}

    def question_map(self) -> list[MapEntry]:
        return [MapEntry(number, qid, qid in self.answers, qid in self.flags)
                for number, qid in enumerate(self.question_ids, start=1)]

    def submit(self, now: datetime, bank: Mapping[str, Question]) -> ExamResult:
        """Mark every question (unanswered = wrong) and close the session.

        Called after the deadline (the page auto-submits on its next rerun), the result is timed out and
        the time used is the time allowed.
        """
        if self.submitted:
            raise ValueError("this exam has already been submitted")
        self.submitted = True
        asked = [bank[qid] for qid in self.question_ids]
        results = [QuestionResult(q.id, tuple(self.answers.get(q.id, ())), grade(q, self.answers.get(q.id, ())))
                   for q in asked]
        score = scaled_score(sum(r.correct for r in results), len(results))
        timed_out = self.is_expired(now)
        return ExamResult(self.started_at, min(now, self.deadline), self.seconds_allowed, timed_out, results,
                          score, passed(score), breakdown(asked, self.answers))

    def _check_open(self, question_id: str) -> None:
        if self.submitted:
            raise ValueError("this exam has already been submitted")
        if question_id not in self.question_ids:
            raise KeyError(f"{question_id!r} is not a question of this exam")

    # --- persistence ------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the start time as ISO 8601, flags as a sorted list."""
        return {"question_ids": list(self.question_ids), "started_at": self.started_at.isoformat(),
                "seconds_allowed": self.seconds_allowed, "answers": {k: list(v) for k, v in self.answers.items()},
                "flags": sorted(self.flags), "submitted": self.submitted}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ExamSession:
        return cls(list(data["question_ids"]), datetime.fromisoformat(data["started_at"]),
                   int(data["seconds_allowed"]), {k: list(v) for k, v in data["answers"].items()},
                   set(data["flags"]), bool(data["submitted"]))
