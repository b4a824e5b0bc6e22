"""The rules of taking a lesson, without Streamlit: checking a challenge, hints, answers, completion."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from engine.checks import failed_checks
from engine.outcome import Outcome
from lessons.model import Challenge, CheckQuestion, Lesson
from quizzes.grading import shuffled_order

#: How many failing checks to explain at once: enough to steer, few enough not to give the answer away.
FEEDBACK_SHOWN = 2


@dataclass(frozen=True)
class Verdict:
    """Whether a run meets a challenge's goal and, if not, what to look at next."""

    solved: bool
    feedback: tuple[str, ...] = ()


@dataclass(frozen=True)
class OptionFeedback:
    text: str
    correct: bool
    chosen: bool
    explanation: str


@dataclass(frozen=True)
class Grade:
    """A check question answered: right or wrong, and why for every option."""

    correct: bool
    options: tuple[OptionFeedback, ...]


@dataclass(frozen=True)
class LessonProgress:
    lesson: Lesson
    completed: bool
    solved: int
    #: Check questions whose latest answer is right (unanswered ones count as not right).
    checks_right: int = 0

    @property
    def total(self) -> int:
        return len(self.lesson.challenges)

    @property
    def checks_total(self) -> int:
        return len(self.lesson.questions)


def evaluate(challenge: Challenge, outcome: Outcome) -> Verdict:
    """Check a run against the goal; when it falls short, the feedback of the first failing checks."""
    failed = failed_checks(challenge.checks, outcome)
    if not failed:
        return Verdict(solved=True)
    feedback: list[str] = []
    if outcome.setup_error is not None:
        error = outcome.setup_error
        feedback.append(f"Lambda refused this configuration, so no event ran: **{error.code}**: "
                        f"{error.message}")
    for check in failed:
        if check.feedback not in feedback:
            feedback.append(check.feedback)
    return Verdict(solved=False, feedback=tuple(feedback[:FEEDBACK_SHOWN]))


def visible_hints(challenge: Challenge, shown: int) -> list[str]:
    """The hints revealed so far, in order."""
    return challenge.hints[:max(shown, 0)]


def hint_button_label(challenge: Challenge, shown: int) -> str | None:
    """The label of the button revealing the next hint, or None when every hint is showing."""
    left = len(challenge.hints) - max(shown, 0)
    return f"Show a hint ({left} left)" if left > 0 else None


def option_order(lesson_id: str, question: CheckQuestion) -> list[int]:
    """The order a check question's options are shown in: shuffled, so the right one's place gives nothing away.

    Lesson files list the right option first; the order is drawn from the question's ids, so it is the same on
    every rerun, for every learner and in every test.
    """
    return shuffled_order(f"{lesson_id}/{question.id}", len(question.options))


def grade(question: CheckQuestion, chosen: int | None, order: Iterable[int] | None = None) -> Grade:
    """Grade the option at index ``chosen``, explaining every option, in ``order`` (the file's by default)."""
    indexes = range(len(question.options)) if order is None else order
    options = tuple(OptionFeedback(question.options[index].text, question.options[index].correct, index == chosen,
                                   question.options[index].explanation) for index in indexes)
    return Grade(correct=chosen is not None and question.options[chosen].correct, options=options)


def lesson_completed(lesson: Lesson, solved: Iterable[tuple[str, str]]) -> bool:
    """A lesson is complete once every one of its challenges is solved."""
    solved = set(solved)
    return all((lesson.id, challenge.id) in solved for challenge in lesson.challenges)


def progress(lessons: Iterable[Lesson], completed: set[str], solved: set[tuple[str, str]],
             answers: Iterable[Mapping[str, Any]] = ()) -> list[LessonProgress]:
    """Each lesson with how many of its challenges are solved and of its check questions are right (by their
    latest answer in ``answers``, rows as the progress store returns them); complete if recorded or all solved."""
    latest: dict[str, bool] = {}
    for answer in sorted(answers, key=lambda a: a["at"]):
        latest[answer["question_id"]] = bool(answer["correct"])
    return [LessonProgress(lesson, lesson.id in completed or lesson_completed(lesson, solved),
                           sum((lesson.id, challenge.id) in solved for challenge in lesson.challenges),
                           sum(latest.get(check_answer_id(lesson.id, question.id), False)
                               for question in lesson.questions))
            for lesson in lessons]


def check_answer_id(lesson_id: str, question_id: str) -> str:
    """The id a check question's answers are saved under, apart from the question bank's ids."""
    return f"lesson/{lesson_id}/{question_id}"


def lesson_label(lesson: Lesson, completed: set[str]) -> str:
    """How a lesson is listed in the picker: its number and title, ticked when complete."""
    return f"{'✅ ' if lesson.id in completed else ''}{lesson.order}. {lesson.title}"
