"""Loading lesson files: valid ones in order, and every mistake named by file and field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lessons.loader import LessonFileError, load_lessons

SAMPLE = (Path(__file__).parents[1] / "fixtures" / "lessons" / "sample.toml").read_text()


def lesson_dir(tmp_path: Path, **files: str) -> Path:
    """A folder holding the given files (name without .toml → text)."""
    folder = tmp_path / "content"
    folder.mkdir()
    for name, text in files.items():
        (folder / f"{name}.toml").write_text(text)
    return folder


def with_changes(old: str, new: str, text: str = SAMPLE) -> str:
    assert old in text, f"the sample lesson no longer contains {old!r}"
    return text.replace(old, new, 1)


def error_of(folder: Path) -> str:
    with pytest.raises(LessonFileError) as caught:
        load_lessons(folder)
    return str(caught.value)


def test_a_valid_lesson_loads_with_its_challenges_and_questions(tmp_path: Path) -> None:
    [lesson] = load_lessons(lesson_dir(tmp_path, sample=SAMPLE))
    assert lesson.id == "sample-failures"
    assert [c.id for c in lesson.challenges] == ["queue-failures"]
    assert len(lesson.questions) == 2


def test_lessons_are_sorted_by_order_not_by_file_name(tmp_path: Path) -> None:
    second = with_changes('id = "sample-failures"\norder = 1', 'id = "later"\norder = 2')
    first = with_changes('id = "sample-failures"\norder = 1', 'id = "earlier"\norder = 1')
    lessons = load_lessons(lesson_dir(tmp_path, a=second, b=first))
    assert [lesson.id for lesson in lessons] == ["earlier", "later"]


def test_an_unknown_check_kind_names_the_file_and_the_field_path(tmp_path: Path) -> None:
    folder = lesson_dir(tmp_path, **{"03-retries": with_changes('kind = "attempts"', 'kind = "atempts"')})
    message = error_of(folder)
    assert re.search(r"03-retries\.toml: challenges\[0\]\.checks\[1\]\.kind: Input should be 'condition', "
                     r"'attempts', .* \(got 'atempts'\)", message), message


def test_a_wrong_value_inside_a_check_names_its_field_without_pydantic_union_names(tmp_path: Path) -> None:
    folder = lesson_dir(tmp_path, lesson=with_changes("value = 2\n", 'value = "two"\n'))
    assert "lesson.toml: challenges[0].checks[1].value: Input should be a valid integer" in error_of(folder)


def test_an_invalid_scenario_setting_names_the_scenario_field(tmp_path: Path) -> None:
    folder = lesson_dir(tmp_path, lesson=with_changes("max_retry_attempts = 1", "max_retry_attempts = 5"))
    assert ("lesson.toml: challenges[0].solution.max_retry_attempts: Input should be less than or equal to 2"
            in error_of(folder))


def test_a_missing_field_is_named(tmp_path: Path) -> None:
    folder = lesson_dir(tmp_path, lesson=with_changes('title = "Catch failed events"\n', ""))
    assert "lesson.toml: title: Field required" in error_of(folder)


def test_a_misspelt_field_is_named_as_not_permitted(tmp_path: Path) -> None:
    folder = lesson_dir(tmp_path, lesson=with_changes("goal = ", "gaol = "))
    message = error_of(folder)
    assert "lesson.toml: challenges[0].gaol: Extra inputs are not permitted" in message
    assert "lesson.toml: challenges[0].goal: Field required" in message


def test_a_question_without_one_correct_option_is_explained(tmp_path: Path) -> None:
    folder = lesson_dir(tmp_path, lesson=with_changes("correct = true\n", ""))
    assert "lesson.toml: questions[0]: a check question needs exactly one correct option" in error_of(folder)


def test_a_toml_syntax_error_names_the_file_and_the_line(tmp_path: Path) -> None:
    folder = lesson_dir(tmp_path, lesson=with_changes("[[sources]]", "[[sources]\n"))
    message = error_of(folder)
    line = SAMPLE.splitlines().index("[[sources]]") + 1
    assert "lesson.toml: TOML syntax error" in message
    assert f"line {line}" in message


def test_two_lessons_with_the_same_id_are_an_error_naming_both_files(tmp_path: Path) -> None:
    other = with_changes("order = 1", "order = 2")
    message = error_of(lesson_dir(tmp_path, a=SAMPLE, b=other))
    assert "b.toml: id: 'sample-failures' is already used by" in message
    assert "a.toml" in message


def test_two_lessons_with_the_same_order_are_an_error(tmp_path: Path) -> None:
    other = with_changes('id = "sample-failures"', 'id = "another"')
    assert "b.toml: order: 1 is already used by" in error_of(lesson_dir(tmp_path, a=SAMPLE, b=other))


def test_a_missing_folder_is_an_error_not_an_empty_course(tmp_path: Path) -> None:
    assert "the lesson folder does not exist" in error_of(tmp_path / "nowhere")


def test_parsed_lessons_are_cached_per_folder(tmp_path: Path) -> None:
    folder = lesson_dir(tmp_path, sample=SAMPLE)
    first = load_lessons(folder)
    assert load_lessons(folder)[0] is first[0]
