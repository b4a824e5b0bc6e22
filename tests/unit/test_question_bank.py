"""The question bank: it loads and validates, covers every topic, names known misconceptions, and every
"prove it" scenario still shows what the answer key claims when the engine runs it (AWS_FACTS.md is the
reference for the facts; the engine is the reference for the proofs).

The files are read directly with tomllib and ``QuestionFile`` so that this test does not depend on the
bank loader.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path

import pytest

from engine.checks import failed_checks
from quizzes.model import SELECT_WORDS, TOPICS, Question, QuestionFile

QUIZZES = Path(__file__).resolve().parents[2] / "quizzes"
BANK = QUIZZES / "bank"
BANK_FILES = sorted(BANK.glob("*.toml"))
MIN_QUESTIONS = 60
MIN_PER_TOPIC = 4


def _load(path: Path) -> QuestionFile:
    with path.open("rb") as handle:
        return QuestionFile.model_validate(tomllib.load(handle))


def _questions() -> list[Question]:
    return [question for path in BANK_FILES for question in _load(path).questions]


def _misconceptions() -> dict[str, str]:
    with (QUIZZES / "misconceptions.toml").open("rb") as handle:
        return tomllib.load(handle)["misconceptions"]


QUESTIONS = _questions()
PROOFS = [
    pytest.param(question, index, id=f"{question.id}-proof{index}")
    for question in QUESTIONS
    for index in range(len(question.proofs))
]
MULTIPLE_RESPONSE = [pytest.param(q, id=q.id) for q in QUESTIONS if q.select > 1]


@pytest.mark.parametrize("path", BANK_FILES, ids=[p.name for p in BANK_FILES])
def test_every_bank_file_loads_and_validates_against_the_question_model(path):
    assert _load(path).questions


def test_the_bank_has_at_least_sixty_questions():
    assert len(QUESTIONS) >= MIN_QUESTIONS


def test_question_ids_are_unique_across_all_files():
    duplicates = [qid for qid, count in Counter(q.id for q in QUESTIONS).items() if count > 1]
    assert duplicates == []


def test_every_topic_has_at_least_four_questions():
    per_topic = Counter(q.topic for q in QUESTIONS)
    thin = {topic: per_topic[topic] for topic in TOPICS if per_topic[topic] < MIN_PER_TOPIC}
    assert thin == {}


def test_the_misconception_list_describes_at_least_twenty_slugs():
    misconceptions = _misconceptions()
    assert len(misconceptions) >= 20
    assert all(isinstance(text, str) and text.strip() for text in misconceptions.values())


def test_every_misconception_tag_used_by_a_wrong_option_exists():
    known = set(_misconceptions())
    unknown = {
        (q.id, i, option.misconception)
        for q in QUESTIONS
        for i, option in enumerate(q.options)
        if option.misconception is not None and option.misconception not in known
    }
    assert unknown == set()


def test_every_wrong_option_names_a_misconception_and_every_option_explains_itself():
    for q in QUESTIONS:
        for option in q.options:
            assert option.explanation.strip(), q.id
            assert option.correct or option.misconception, q.id


def test_behavioural_questions_carry_at_least_one_proof():
    assert [q.id for q in QUESTIONS if q.behavioural and not q.proofs] == []


@pytest.mark.parametrize(("question", "index"), PROOFS)
def test_each_proof_scenario_still_shows_what_its_claim_says_when_the_engine_runs_it(question, index):
    proof = question.proofs[index]
    outcome = proof.scenario.run()
    failed = failed_checks(proof.checks, outcome)
    assert failed == [], f"{question.id}: {proof.claim} -> failing: {[c.feedback for c in failed]}"


@pytest.mark.parametrize("question", MULTIPLE_RESPONSE)
def test_a_multiple_response_question_has_exactly_select_correct_options_and_says_so(question):
    assert sum(option.correct for option in question.options) == question.select
    assert len(question.options) >= 5
    assert f"(Select {SELECT_WORDS[question.select]}.)" in question.stem


def test_a_multiple_choice_question_has_four_options_and_one_answer():
    for q in (q for q in QUESTIONS if q.select == 1):
        assert len(q.options) == 4, q.id
        assert sum(option.correct for option in q.options) == 1, q.id


def test_proof_scenarios_stay_small():
    assert [q.id for q in QUESTIONS for proof in q.proofs if proof.scenario.events > 10] == []


def test_every_question_cites_an_aws_documentation_page():
    assert [q.id for q in QUESTIONS if q.doc_url.host != "docs.aws.amazon.com"] == []
