"""Reading saved mock exams back: the history table's rows and each exam's breakdown.

A saved exam is the JSON that ``ExamResult.to_dict`` wrote, or whatever JSON object the progress file holds
for it (written by another version of the app or another tool). So every reader here is lenient: a missing or
malformed field shows as empty, and an area this version does not know is left out, never a traceback.
``SavedExam`` is the strict check for the one way in from outside, an imported progress file.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StrictBool, StrictInt, model_validator

from quizzes.exam import clock_text
from quizzes.grading import MAX_SCORE, MIN_SCORE, PASS_MARK, Breakdown, scaled_score
from quizzes.model import DOMAINS, TOPICS


def history_row(saved: Mapping[str, Any]) -> dict[str, Any]:
    """One row of an exam history table: when, the scaled score, pass or not, and how many were right."""
    submitted, score, passed = saved.get("submitted_at"), saved.get("score"), saved.get("passed")
    correct, total = saved.get("correct"), saved.get("total")
    return {
        "Submitted": submitted[:16].replace("T", " ") if isinstance(submitted, str) else None,
        "Score": score if _count(score) else None,
        "Result": "Pass" if passed is True else "Not yet" if passed is False else None,
        "Right": f"{correct} / {total}" if _count(correct) and _count(total) else None,
    }


def saved_breakdown(saved: Mapping[str, Any]) -> Breakdown:
    """The saved ``(correct, total)`` per exam domain and per topic, in the order the result page uses."""
    domains = {int(key): tally for key, tally in _tallies(saved.get("domains")).items()
               if key.isascii() and key.isdigit() and int(key) in DOMAINS}
    topics = _tallies(saved.get("topics"))
    return Breakdown(domains=dict(sorted(domains.items())),
                     topics={topic: topics[topic] for topic in TOPICS if topic in topics})


def time_used(saved: Mapping[str, Any]) -> str | None:
    """``"12:05 of 40:00"``, as the result page writes times (and whether the time ran out), or None."""
    used, allowed = saved.get("seconds_used"), saved.get("seconds_allowed")
    if not (_count(used) and _count(allowed)):
        return None
    text = f"{clock_text(used)} of {clock_text(allowed)}"
    return text + " (the time ran out)" if saved.get("timed_out") is True else text


def _count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _tallies(value: object) -> dict[str, tuple[int, int]]:
    """``{"area": [correct, total]}`` as saved, keeping only well-formed entries."""
    if not isinstance(value, Mapping):
        return {}
    return {str(key): (tally[0], tally[1]) for key, tally in value.items()
            if isinstance(tally, list) and len(tally) == 2 and all(_count(n) for n in tally)}


# --- checking a saved exam that comes from outside (an imported progress file) ------------------------------

_Count = Annotated[StrictInt, Field(ge=0)]


class _SavedAnswer(BaseModel):
    model_config = ConfigDict(frozen=True, extra="allow")

    id: str = Field(min_length=1)
    selected: list[_Count]
    correct: StrictBool


class SavedExam(BaseModel):
    """A saved exam as ``ExamResult.to_dict`` writes it, and whose numbers agree with each other.

    The readers above cope with anything; this is for the one door foreign data comes in by, a progress file
    being imported: a hand-edited or damaged exam ("5 of 4 right", a pass at 300) is refused there, with the
    field that is wrong, instead of being shown in the history as if it had happened. Fields of a later
    version are let through (``extra="allow"``); the file keeps its own text, this model only checks it.
    """

    model_config = ConfigDict(frozen=True, extra="allow")

    started_at: AwareDatetime
    submitted_at: AwareDatetime
    seconds_allowed: Annotated[StrictInt, Field(ge=1)]
    seconds_used: _Count
    timed_out: StrictBool
    score: Annotated[StrictInt, Field(ge=MIN_SCORE, le=MAX_SCORE)]
    passed: StrictBool
    correct: _Count
    total: Annotated[StrictInt, Field(ge=1)]
    questions: list[_SavedAnswer]
    domains: dict[str, tuple[_Count, _Count]]
    topics: dict[str, tuple[_Count, _Count]]

    @model_validator(mode="after")
    def _adds_up(self) -> SavedExam:
        """Every number the exam page derives from the answers must be the one derived from them."""
        elapsed = (self.submitted_at - self.started_at).total_seconds()
        right = sum(answer.correct for answer in self.questions)
        problems = [
            f"submitted_at is {-elapsed:g} s before started_at" if elapsed < 0 else "",
            f"seconds_used is {self.seconds_used}, but submitted_at is {elapsed:g} s after started_at"
            if elapsed >= 0 and self.seconds_used != round(elapsed) else "",
            f"seconds_used ({self.seconds_used}) is more than seconds_allowed ({self.seconds_allowed})"
            if self.seconds_used > self.seconds_allowed else "",
            f"timed_out is true, but {self.seconds_used} of the {self.seconds_allowed} s allowed were used"
            if self.timed_out and self.seconds_used < self.seconds_allowed else "",
            f"total is {self.total}, but {len(self.questions)} questions are listed"
            if self.total != len(self.questions) else "",
            f"correct is {self.correct}, but the questions listed have {right} answered right"
            if self.correct != right else "",
            *self._tally_problems("domains"),
            *self._tally_problems("topics"),
        ]
        if self.correct <= self.total and self.score != scaled_score(self.correct, self.total):
            problems.append(f"score is {self.score}, but {self.correct} of {self.total} right scores "
                            f"{scaled_score(self.correct, self.total)}")
        if self.passed != (self.score >= PASS_MARK):
            problems.append(f"passed is {str(self.passed).lower()}, but the pass mark is {PASS_MARK} and the "
                            f"score is {self.score}")
        problems = [problem for problem in problems if problem]
        if problems:
            raise ValueError("the exam's numbers do not add up: " + "; ".join(problems))
        return self

    def _tally_problems(self, name: str) -> list[str]:
        """A breakdown's areas must cover every question once: their totals add up to the exam's."""
        tallies: dict[str, tuple[int, int]] = getattr(self, name)
        over = [area for area, (right, asked) in tallies.items() if right > asked]
        if over:
            return [f"{name}.{over[0]} has more right ({tallies[over[0]][0]}) than asked ({tallies[over[0]][1]})"]
        right, asked = (sum(tally[i] for tally in tallies.values()) for i in (0, 1))
        if (right, asked) != (self.correct, self.total):
            return [f"{name} add up to {right} of {asked}, but the exam has {self.correct} of {self.total}"]
        return []
