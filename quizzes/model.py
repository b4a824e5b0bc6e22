"""What a question file may contain, validated by pydantic when the bank loads.

Questions follow the DVA-C02 style (AWS_FACTS.md §11): multiple choice (1 correct of 4) or multiple
response (2 or 3 correct of 5 or more, "(Select TWO.)", all-or-nothing). Every option explains itself;
every wrong option names the misconception it represents. A behavioural question carries "prove it"
scenarios whose checks the build re-runs, so the answer key cannot drift from the engine.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, model_validator

from engine.checks import Check
from engine.scenario import Scenario

DOMAINS: dict[int, str] = {
    1: "Development with AWS Services",
    2: "Security",
    3: "Deployment",
    4: "Troubleshooting and Optimization",
}
TOPICS: dict[str, str] = {
    "invocation-types": "Triggers and invocation types",
    "retries-and-event-age": "Retries and maximum event age",
    "destinations": "Destination services",
    "invocation-record": "The invocation record",
    "dlq-vs-destinations": "Dead-letter queues vs destinations",
    "throttling": "Throttling and reserved concurrency",
    "event-source-mappings": "Event source mappings vs asynchronous invocation",
    "permissions": "Permissions",
    "iac": "AWS SAM and CloudFormation configuration",
    "idempotency": "Idempotency",
    "troubleshooting": "Troubleshooting",
}
Topic = Literal["invocation-types", "retries-and-event-age", "destinations", "invocation-record",
                "dlq-vs-destinations", "throttling", "event-source-mappings", "permissions", "iac", "idempotency",
                "troubleshooting"]
SELECT_WORDS = {2: "TWO", 3: "THREE"}


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Option(_Strict):
    text: str = Field(min_length=1)
    correct: bool = False
    explanation: str = Field(min_length=1, description="why this option is right or wrong")
    misconception: str | None = Field(None, pattern=r"^[a-z0-9-]+$",
                                      description="for a wrong option: a tag from quizzes/misconceptions.toml")

    @model_validator(mode="after")
    def _wrong_options_name_a_misconception(self) -> Option:
        if not self.correct and self.misconception is None:
            raise ValueError("a wrong option must name the misconception it represents")
        if self.correct and self.misconception is not None:
            raise ValueError("a correct option has no misconception")
        return self


class Proof(_Strict):
    """A scenario that demonstrates a fact the answer key relies on."""

    claim: str = Field(description="what running this shows, in one sentence")
    option: int | None = Field(None, ge=0, description="the option (0-based) it demonstrates; None: the answer")
    scenario: Scenario
    checks: list[Check] = Field(min_length=1)


class Question(_Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    domain: Literal[1, 2, 3, 4]
    topic: Topic
    difficulty: Literal["easy", "medium", "hard"]
    stem: str = Field(min_length=40, description="scenario, requirement, then the question")
    select: Literal[1, 2, 3] = 1
    options: list[Option]
    doc_url: HttpUrl
    behavioural: bool = Field(description="true when the answer depends on how Lambda behaves (needs a proof)")
    proofs: list[Proof] = Field(default_factory=list)

    @model_validator(mode="after")
    def _shape_of_the_exam(self) -> Question:
        correct = sum(option.correct for option in self.options)
        if self.select == 1:
            if len(self.options) != 4 or correct != 1:
                raise ValueError("a multiple-choice question has 4 options, exactly 1 correct")
        else:
            if len(self.options) < 5 or correct != self.select:
                raise ValueError(f"a multiple-response question has 5 or more options, exactly {self.select} correct")
            if f"(Select {SELECT_WORDS[self.select]}.)" not in self.stem:
                raise ValueError(f"a multiple-response stem says '(Select {SELECT_WORDS[self.select]}.)'")
        if self.behavioural and not self.proofs:
            raise ValueError("a behavioural question needs at least one proof scenario")
        for proof in self.proofs:
            if proof.option is not None and proof.option >= len(self.options):
                raise ValueError(f"proof option {proof.option} does not exist")
        return self

    @property
    def correct_indexes(self) -> frozenset[int]:
        return frozenset(i for i, option in enumerate(self.options) if option.correct)


class QuestionFile(_Strict):
    """One TOML file of the bank: ``[[questions]]`` tables."""

    questions: list[Question] = Field(min_length=1)
