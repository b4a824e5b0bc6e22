"""Generated questions: valid exam questions whose answer key is whatever the engine does when it runs."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.checks import failed_checks
from quizzes.bank import load_misconceptions
from quizzes.generated import (
    BELIEFS,
    TEMPLATES,
    generate,
    generate_many,
    is_generated,
    regenerate,
)
from quizzes.model import Question

SEEDS = st.integers(0, 2**31 - 1)
TEMPLATE_NAMES = st.sampled_from(sorted(TEMPLATES))
DESCRIBED = load_misconceptions()
SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def test_there_are_at_least_four_templates() -> None:
    assert len(TEMPLATES) >= 4


@SLOW
@given(TEMPLATE_NAMES, SEEDS)
def test_every_generated_question_validates_against_the_bank_schema(template: str, seed: int) -> None:
    question = generate(template, seed)
    assert Question.model_validate(question.model_dump()) == question
    assert question.behavioural and question.proofs


@SLOW
@given(TEMPLATE_NAMES, SEEDS)
def test_every_generated_question_has_four_distinct_options_exactly_one_correct(template: str, seed: int) -> None:
    question = generate(template, seed)
    texts = [option.text for option in question.options]
    assert len(texts) == 4 == len(set(texts))
    assert sum(option.correct for option in question.options) == question.select == 1


@SLOW
@given(TEMPLATE_NAMES, SEEDS)
def test_every_wrong_option_names_a_described_misconception_and_every_option_is_explained(template: str,
                                                                                          seed: int) -> None:
    question = generate(template, seed)
    for option in question.options:
        assert "Running this configuration:" in option.explanation
        assert option.correct or option.misconception in DESCRIBED


def test_every_belief_behind_a_wrong_option_has_a_described_tag() -> None:
    assert {belief.tag for belief in BELIEFS.values()} <= set(DESCRIBED)


@SLOW
@given(TEMPLATE_NAMES, SEEDS)
def test_the_proof_of_every_generated_question_holds_when_it_is_run(template: str, seed: int) -> None:
    question = generate(template, seed)
    for proof in question.proofs:
        assert failed_checks(proof.checks, proof.scenario.run()) == []
        assert proof.claim.endswith(next(o.text for o in question.options if o.correct))


@SLOW
@given(TEMPLATE_NAMES, SEEDS)
def test_the_same_seed_gives_the_same_question_and_its_id_rebuilds_it(template: str, seed: int) -> None:
    question = generate(template, seed)
    assert generate(template, seed) == question
    assert is_generated(question.id)
    assert regenerate(question.id) == question


@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_no_generated_run_times_out_unless_its_stem_says_so(template: str) -> None:
    """A 5 s run under the default 3 s timeout timed out, so the key contradicted "each run succeeds"."""
    for seed in range(60):
        question = generate(template, seed)
        if "time out" in question.stem or "times out" in question.stem:
            continue
        for proof in question.proofs:
            errors = {run.error_type for run in proof.scenario.run().invocations}
            assert "Sandbox.Timedout" not in errors, question.stem


@pytest.mark.parametrize("question_id", ["gen-futuretemplate-7", "gen-retries-x", "gen-retries", "s3-async"])
def test_an_id_no_template_of_this_version_can_rebuild_is_not_taken_for_a_generated_question(
        question_id: str) -> None:
    assert not is_generated(question_id)


def test_the_retries_answer_follows_the_event_age_look_ahead() -> None:
    # AWS_FACTS.md §3: two retries and a maximum age of 90 s run the function twice, then EventAgeExceeded.
    for seed in range(300):
        question = generate("retries", seed)
        scenario = question.proofs[0].scenario
        if (scenario.max_retry_attempts, scenario.max_event_age, scenario.behavior.kind) == (2, 90, "fail"):
            answer = next(o.text for o in question.options if o.correct)
            assert answer == "It runs twice; the OnFailure queue receives one record with condition EventAgeExceeded."
            return
    pytest.fail("no seed drew MaximumRetryAttempts=2, MaximumEventAgeInSeconds=90 with a failing function")


def test_a_synchronous_trigger_sends_nothing_to_the_destinations() -> None:
    for seed in range(100):
        question = generate("sync-or-async", seed)
        if not question.proofs[0].scenario.is_async:
            answer = next(o.text for o in question.options if o.correct)
            assert answer.endswith("neither queue receives anything.")
            assert answer.startswith("Lambda answers the invoke with HTTP 200")
            return
    pytest.fail("no seed drew a synchronous trigger")


def test_generate_many_gives_distinct_questions_from_every_template_the_same_for_a_seed() -> None:
    questions = generate_many(8, seed=1)
    assert len({q.id for q in questions}) == 8
    assert {q.id.removeprefix("gen-").rpartition("-")[0] for q in questions} == set(TEMPLATES)
    assert [q.id for q in generate_many(8, seed=1)] == [q.id for q in questions]
