"""Loading the question bank: every error names the file and the field, ids are unique, tags are described."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from quizzes.bank import BankError, load_bank, load_misconceptions

FIXTURE = Path(__file__).parents[1] / "fixtures" / "quiz_bank"


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    """A copy of the fixture bank that a test may break."""
    shutil.copytree(FIXTURE, tmp_path / "quizzes")
    return tmp_path / "quizzes" / "bank"


def problems(directory: Path) -> list[str]:
    with pytest.raises(BankError) as caught:
        load_bank(directory)
    return caught.value.problems


def test_the_fixture_bank_loads_every_question_of_every_file() -> None:
    questions = load_bank(FIXTURE / "bank")
    assert len(questions) == 6
    assert len({q.id for q in questions}) == 6
    assert load_bank(FIXTURE / "bank") == questions


def test_misconceptions_are_read_from_beside_the_bank_folder() -> None:
    assert "async-not-retried" in load_misconceptions(FIXTURE / "bank")


def test_a_schema_error_names_the_file_and_the_field_path(bank: Path) -> None:
    text = (bank / "retries.toml").read_text()
    (bank / "retries.toml").write_text(text.replace('misconception = "retry-attempts-count-every-run"',
                                                    'misconception = "Not A Slug"', 1))
    [problem] = problems(bank)
    assert problem.startswith(f"{bank / 'retries.toml'}: questions[0].options[2].misconception: ")
    assert "pattern" in problem


def test_a_rule_of_the_exam_shape_is_reported_at_the_question(bank: Path) -> None:
    text = (bank / "dlq.toml").read_text()
    (bank / "dlq.toml").write_text(text.replace("correct = true", "correct = false", 1))
    assert problems(bank) == [f"{bank / 'dlq.toml'}: questions[0].options[0]: "
                              "a wrong option must name the misconception it represents"]


def test_an_unknown_misconception_is_an_error_naming_the_tag_and_where_it_is(bank: Path) -> None:
    text = (bank / "dlq.toml").read_text()
    (bank / "dlq.toml").write_text(text.replace('misconception = "zero-concurrency-events-wait"',
                                                'misconception = "made-up-belief"', 1))
    [problem] = problems(bank)
    assert problem.startswith(f"{bank / 'dlq.toml'}: questions[1].options[1].misconception: ")
    assert "'made-up-belief'" in problem


def test_the_same_id_in_two_files_is_an_error_naming_both(bank: Path) -> None:
    text = (bank / "dlq.toml").read_text()
    (bank / "dlq.toml").write_text(text.replace('id = "fixture-dlq-body"', 'id = "fixture-retries-default"'))
    [problem] = problems(bank)
    assert problem.startswith(f"{bank / 'retries.toml'}: questions[0].id: 'fixture-retries-default' is already used")
    assert str(bank / "dlq.toml") in problem


def test_a_toml_syntax_error_names_the_file(bank: Path) -> None:
    (bank / "broken.toml").write_text("[[questions]\nid = ")
    [problem] = problems(bank)
    assert problem.startswith(f"{bank / 'broken.toml'}: TOML syntax error")


def test_every_problem_in_the_bank_is_reported_at_once(bank: Path) -> None:
    (bank / "broken.toml").write_text("[[questions]\nid = ")
    (bank / "empty.toml").write_text("")
    lines = problems(bank)
    assert len(lines) == 2
    assert any(line.startswith(f"{bank / 'empty.toml'}: questions: ") for line in lines)


def test_a_missing_misconceptions_file_or_bank_folder_is_an_error(bank: Path) -> None:
    (bank.parent / "misconceptions.toml").unlink()
    assert problems(bank)[0].startswith(f"{bank.parent / 'misconceptions.toml'}: cannot be read")
    assert "does not exist" in problems(bank / "nowhere")[0]


def test_a_misconception_without_a_description_is_an_error(bank: Path) -> None:
    (bank.parent / "misconceptions.toml").write_text('[misconceptions]\nsome-tag = ""\n')
    assert problems(bank) == [f"{bank.parent / 'misconceptions.toml'}: misconceptions.some-tag: "
                              "the description must be non-empty text"]


def test_the_real_bank_path_is_shown_relative_to_the_project() -> None:
    root = Path(__file__).parents[2]
    try:
        load_bank(root / "quizzes" / "bank")
    except BankError as error:
        assert all(line.startswith("quizzes/") for line in error.problems)


@pytest.mark.parametrize("internal", ["§", "AWS_FACTS"])
def test_learners_never_see_the_maintainers_references_to_the_facts_sheet(internal: str) -> None:
    """Sources for maintainers go in TOML comments; descriptions, stems, options and explanations are for learners."""
    assert not [slug for slug, text in load_misconceptions().items() if internal in text]
    shown = [q.stem for q in load_bank()] + [f"{o.text} {o.explanation}" for q in load_bank() for o in q.options]
    assert not [text for text in shown if internal in text]
