"""Marking answers the way DVA-C02 does (AWS_FACTS.md §11), and the scaled score of a mock exam.

A question scores only when the selection is exactly its set of correct options: a multiple-choice
question needs the one right option, a multiple-response question needs every right option and
nothing else. There is no partial credit and no penalty for guessing.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from quizzes.model import DOMAINS, TOPICS, Question

PASS_MARK = 720
MIN_SCORE, MAX_SCORE = 100, 1000


def grade(question: Question, selected: Iterable[int]) -> bool:
    """True only when ``selected`` is exactly the correct options: partial or extra selections score zero."""
    return frozenset(selected) == question.correct_indexes


def scaled_score(correct: int, total: int) -> int:
    """A score from 100 to 1000, linear in the fraction correct: 0 right gives 100, all right gives 1000.

    AWS does not publish how it scales DVA-C02 results (it equates exam forms of different difficulty and
    leaves 15 unscored questions out), so this straight line is our approximation, not AWS's formula.
    On it, the pass mark of 720 needs about 69% of the questions right.
    """
    if total <= 0 or not 0 <= correct <= total:
        raise ValueError(f"need 0 <= correct <= total and total > 0, got {correct} of {total}")
    return round(MIN_SCORE + (MAX_SCORE - MIN_SCORE) * correct / total)


def passed(score: int) -> bool:
    """Whether a scaled score reaches the pass mark (the exam is compensatory: no per-domain minimum)."""
    return score >= PASS_MARK


@dataclass(frozen=True)
class Breakdown:
    """``(correct, total)`` per exam domain and per topic, for the questions that were asked."""

    domains: dict[int, tuple[int, int]]
    topics: dict[str, tuple[int, int]]

    def rows(self) -> list[dict[str, str | int]]:
        """One row per domain, then per topic, with their names: a table for the result page."""
        return ([{"Area": f"Domain {d}: {DOMAINS[d]}", "Correct": c, "Questions": t}
                 for d, (c, t) in self.domains.items()]
                + [{"Area": TOPICS[topic], "Correct": c, "Questions": t} for topic, (c, t) in self.topics.items()])


def breakdown(questions: Iterable[Question], answers: Mapping[str, Collection[int]]) -> Breakdown:
    """Tally ``answers`` (question id -> selected options; missing = unanswered = wrong) by domain and topic."""
    domains: dict[int, list[int]] = {}
    topics: dict[str, list[int]] = {}
    for question in questions:
        right = grade(question, answers.get(question.id, ()))
        for tally in (domains.setdefault(question.domain, [0, 0]), topics.setdefault(question.topic, [0, 0])):
            tally[0] += right
            tally[1] += 1
    return Breakdown(
        domains={d: (c, t) for d, (c, t) in sorted(domains.items())},
        topics={topic: (topics[topic][0], topics[topic][1]) for topic in TOPICS if topic in topics},
    )


@dataclass(frozen=True)
class OptionFeedback:
    """One option after answering: what it said, whether it was right and chosen, and why."""

    text: str
    correct: bool
    chosen: bool
    explanation: str
    misconception: str | None

    @property
    def mark(self) -> str:
        return verdict_mark(self.correct, self.chosen)

    @property
    def whose(self) -> str:
        return verdict_whose(self.correct, self.chosen)


def verdict_mark(correct: bool, chosen: bool) -> str:
    """An option's verdict in a symbol and words, so it never rests on the emoji alone (WCAG 1.1.1).

    The same in lessons, Practice and the Exam.
    """
    return "✅ **Right answer:**" if correct else ("❌ **Wrong:**" if chosen else "▫️ **Wrong:**")


def verdict_whose(correct: bool, chosen: bool) -> str:
    """Whether the learner chose the option; a right option left out says so (multiple-response: one missed)."""
    return " *(your answer)*" if chosen else (" *(not chosen)*" if correct else "")


def shuffled_order(seed_text: str, count: int) -> list[int]:
    """``0 .. count-1`` in an order drawn from ``seed_text``: the same on every rerun, for every learner, in tests.

    Bank and lesson files tend to list the right options first (16 of 19 multiple-response questions had
    option A right), so options are shown in this order, and the right one's place gives nothing away.
    """
    order = list(range(count))
    random.Random(hashlib.sha256(seed_text.encode()).digest()).shuffle(order)
    return order


def option_order(question: Question) -> list[int]:
    """The order a question's options are shown and explained in (indexes into ``question.options``)."""
    return shuffled_order(question.id, len(question.options))


def feedback(question: Question, selected: Collection[int], misconceptions: Mapping[str, str]) -> list[OptionFeedback]:
    """Every option, in the order it was shown, with its explanation and, for a wrong one, its misconception."""
    return [OptionFeedback(option.text, option.correct, index in selected, option.explanation,
                           None if option.misconception is None
                           else misconceptions.get(option.misconception, option.misconception.replace("-", " ")))
            for index, option in ((i, question.options[i]) for i in option_order(question))]
