"""What a lesson file may contain: validated by pydantic when it loads, so a teacher gets a clear error.

A lesson is a TOML file under ``lessons/content/`` (stdlib ``tomllib`` reads it; no code, no YAML
dependency). Challenges are state-based: a goal is a list of checks on the engine's Outcome, so any
configuration that produces the required behaviour passes.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, model_validator

from engine.checks import Check
from engine.scenario import Scenario


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Challenge(_Strict):
    """A goal to reach by changing the scenario; any configuration that meets every check passes."""

    id: str = Field(pattern=r"^[a-z0-9-]+$")
    title: str
    goal: str = Field(description="the goal in words, shown to the learner")
    start: Scenario = Field(description="the editable scenario the learner starts from (must NOT meet the goal)")
    checks: list[Check] = Field(min_length=1)
    hints: list[str] = Field(min_length=1, description="revealed one at a time")
    solution: Scenario = Field(description="a scenario that meets the goal; 'show solution' loads it")
    explanation: str = Field(description="why the solution works, shown once solved")


class Option(_Strict):
    text: str
    correct: bool = False
    explanation: str = Field(min_length=1, description="why this option is right or wrong")


class CheckQuestion(_Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    prompt: str
    options: list[Option] = Field(min_length=2, max_length=6)

    @model_validator(mode="after")
    def _exactly_one_correct(self) -> CheckQuestion:
        if sum(option.correct for option in self.options) != 1:
            raise ValueError("a check question needs exactly one correct option")
        return self


class Section(_Strict):
    """A short piece of text, optionally with a prepared scenario shown with the Lab's widgets."""

    heading: str
    body: str = Field(description="Markdown")
    scenario: Scenario | None = None
    caption: str = ""


class Source(_Strict):
    title: str
    url: HttpUrl


class Lesson(_Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    order: int = Field(ge=1)
    title: str
    summary: str
    exam_tasks: list[str] = Field(default_factory=list, description="DVA-C02 task statements, e.g. '1.2'")
    sections: list[Section] = Field(min_length=1)
    challenges: list[Challenge] = Field(min_length=1)
    questions: list[CheckQuestion] = Field(min_length=2, max_length=4)
    sources: list[Source] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> Lesson:
        for kind, ids in (("challenge", [c.id for c in self.challenges]), ("question", [q.id for q in self.questions])):
            if len(ids) != len(set(ids)):
                raise ValueError(f"{kind} ids must be unique within a lesson")
        return self
