"""Every lesson in lessons/content is valid, and its challenges and scenarios do what the text promises."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from engine.checks import failed_checks
from engine.scenario import Scenario
from lessons import course
from lessons.loader import CONTENT_DIR, LessonFileError, load_lessons
from lessons.model import Challenge, Lesson, Section
from ui.scenario_state import from_widget_values, to_widget_values

MINIMUM_LESSONS = 9

try:
    LESSONS, LOAD_ERROR = load_lessons(CONTENT_DIR), None
except LessonFileError as error:  # reported by the first test, with the loader's file-and-field message
    LESSONS, LOAD_ERROR = [], str(error)

CHALLENGES = [pytest.param(lesson, challenge, id=f"{lesson.id}/{challenge.id}")
              for lesson in LESSONS for challenge in lesson.challenges]
SECTIONS = [pytest.param(section, id=f"{lesson.id}/{index}")
            for lesson in LESSONS for index, section in enumerate(lesson.sections) if section.scenario]


def test_every_lesson_file_loads() -> None:
    assert LOAD_ERROR is None, LOAD_ERROR


def test_there_are_at_least_nine_lessons() -> None:
    assert len(LESSONS) >= MINIMUM_LESSONS, [lesson.id for lesson in LESSONS]


@pytest.mark.parametrize(("lesson", "challenge"), CHALLENGES)
def test_the_solution_meets_every_check(lesson: Lesson, challenge: Challenge) -> None:
    outcome = challenge.solution.run()
    assert failed_checks(challenge.checks, outcome) == [], outcome.setup_error


@pytest.mark.parametrize(("lesson", "challenge"), CHALLENGES)
def test_the_starting_scenario_does_not_meet_the_goal(lesson: Lesson, challenge: Challenge) -> None:
    assert failed_checks(challenge.checks, challenge.start.run()), "the learner would start with it solved"


@pytest.mark.parametrize(("lesson", "challenge"), CHALLENGES)
def test_the_start_and_the_solution_survive_the_scenario_form(lesson: Lesson, challenge: Challenge) -> None:
    # "Show solution" and the starting form go through the widgets: a setting the form cannot show
    # would silently change the scenario the learner checks.
    for scenario in (challenge.start, challenge.solution):
        assert form_round_trip(scenario) == scenario


@pytest.mark.parametrize("section", SECTIONS)
def test_every_section_scenario_runs_without_a_setup_error_unless_the_text_names_it(section: Section) -> None:
    # A section may show a refused configuration on purpose; it then names the error code it teaches.
    error = section.scenario.run().setup_error
    assert error is None or error.code in section.body + section.caption, error


def form_round_trip(scenario: Scenario) -> Scenario | None:
    rebuilt, errors = from_widget_values(to_widget_values(scenario))
    assert not errors, errors
    return rebuilt


QUESTIONS = [(lesson, question) for lesson in LESSONS for question in lesson.questions]


def test_check_questions_are_shown_in_a_stable_shuffled_order() -> None:
    for lesson, question in QUESTIONS:
        order = course.option_order(lesson.id, question)
        assert sorted(order) == list(range(len(question.options)))
        assert course.option_order(lesson.id, question) == order, "the same order on every rerun"


def test_the_place_of_the_right_answer_gives_nothing_away() -> None:
    """The files list the right option first; on screen it must land in every place, never mostly in one."""
    places = Counter(next(place for place, index in enumerate(course.option_order(lesson.id, question))
                          if question.options[index].correct) for lesson, question in QUESTIONS)
    assert len(QUESTIONS) >= 20
    assert len(places) >= 3
    assert max(places.values()) <= len(QUESTIONS) / 2


def test_grading_a_shuffled_question_explains_the_options_in_the_order_shown() -> None:
    lesson, question = QUESTIONS[0]
    order = course.option_order(lesson.id, question)
    right = next(index for index in order if question.options[index].correct)
    grade = course.grade(question, right, order)
    assert grade.correct
    assert [option.text for option in grade.options] == [question.options[index].text for index in order]
    assert [option.chosen for option in grade.options] == [index == right for index in order]
    assert not course.grade(question, next(i for i in order if i != right), order).correct


def test_a_lessons_check_questions_count_as_right_by_their_latest_answer() -> None:
    lesson = LESSONS[0]
    first, second = (course.check_answer_id(lesson.id, q.id) for q in lesson.questions[:2])
    day = datetime(2026, 3, 1, tzinfo=UTC)
    answers = [
        {"question_id": first, "correct": False, "at": day},
        {"question_id": first, "correct": True, "at": day + timedelta(minutes=1)},  # wrong, then right: right
        {"question_id": second, "correct": True, "at": day + timedelta(minutes=3)},
        {"question_id": second, "correct": False, "at": day + timedelta(minutes=2)},  # older, though listed later
        {"question_id": course.check_answer_id("another-lesson", lesson.questions[0].id), "correct": True,
         "at": day},
    ]
    [row] = course.progress([lesson], set(), set(), answers)
    assert (row.checks_right, row.checks_total) == (2, len(lesson.questions))
    [row] = course.progress([lesson], set(), set())
    assert row.checks_right == 0
