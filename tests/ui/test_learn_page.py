"""The Learn page driven with AppTest: a learner walks a whole lesson and finds it completed after a restart."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lessons import loader
from lessons.course import option_order
from lessons.model import Lesson
from lessons.progress import ProgressStore
from quizzes.bank import load_bank
from quizzes.exam import ExamSession

PAGE = str(Path(__file__).parents[2] / "ui" / "learn.py")
FIXTURES = Path(__file__).parents[1] / "fixtures" / "lessons"
CHALLENGE = "challenge.sample-failures.queue-failures"


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A progress file of this test only, and the sample lesson instead of the real content."""
    path = tmp_path / "progress.sqlite3"
    monkeypatch.setenv("LAMBDA_LAB_DB", str(path))
    monkeypatch.setattr(loader, "CONTENT_DIR", FIXTURES)
    return path


def learn_page() -> AppTest:
    page = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not page.exception, page.exception
    return page


def lesson_picker(page: AppTest):
    """The lesson picker (its key changes with the number of lessons completed)."""
    return next(box for box in page.selectbox if box.label == "Lesson")


def texts(elements) -> list[str]:
    return [element.value for element in elements]


def test_a_typed_name_shows_as_typed_never_as_markdown(database: Path) -> None:
    page = learn_page()
    page.sidebar.text_input(key="learner.name_input").input("**Bo** [x](http://evil)").run()
    shown = page.sidebar.markdown[0].value
    assert "\\*\\*Bo\\*\\*" in shown and "\\[x\\]\\(http\u2060://evil\\)" in shown, shown


def test_a_learner_walks_a_lesson_and_finds_it_completed_after_a_restart(database: Path) -> None:
    page = learn_page()
    page.sidebar.text_input(key="learner.name_input").input("Ana").run()
    assert "Ana" in page.sidebar.markdown[0].value
    assert [h.value for h in page.header][:1] == ["Catch failed events"]
    assert "What happens to a failing event" in [s.value for s in page.subheader]

    page.pills(key=f"{CHALLENGE}.group").set_value("Retries").run()
    page.selectbox(key=f"{CHALLENGE}.max_retry_attempts").set_value(1).run()
    page.button(key=f"{CHALLENGE}.check").click().run()
    assert not page.exception
    feedback = " ".join(texts(page.error))
    assert "Not yet: the goal is not met" in feedback
    assert "Nothing reached an SQS queue" in feedback  # the one check still failing, not the others
    assert "Each event should run exactly twice" not in feedback

    page.button(key=f"{CHALLENGE}.hint").click().run()
    assert [text for text in texts(page.info) if text.startswith("**Hint")] == [
        "**Hint 1.** The invocation record says how the event ended: look for `RetriesExhausted` in the "
        "OnFailure destination."]
    assert page.button(key=f"{CHALLENGE}.hint").label == "Show a hint (1 left)"

    page.button(key=f"{CHALLENGE}.solution").click().run()
    page.pills(key=f"{CHALLENGE}.group").set_value("Targets").run()
    assert page.selectbox(key=f"{CHALLENGE}.on_failure_service").value == "sqs"
    page.button(key=f"{CHALLENGE}.check").click().run()
    assert not page.exception
    assert any("Goal met" in text for text in texts(page.success))
    assert any("Lesson complete" in text for text in texts(page.success))

    progress = ProgressStore(database)
    assert progress.completed_challenges("ana") == {("sample-failures", "queue-failures")}
    assert progress.completed_lessons("ANA") == {"sample-failures"}

    restarted = learn_page()
    restarted.sidebar.text_input(key="learner.name_input").input("ana ").run()
    assert lesson_picker(restarted).format_func("sample-failures").startswith("✅")
    assert any("Lesson complete" in text for text in texts(restarted.success))


def test_show_solution_says_it_replaced_the_learners_configuration_and_can_give_it_back(database: Path) -> None:
    page = learn_page()
    page.pills(key=f"{CHALLENGE}.group").set_value("Retries").run()
    page.selectbox(key=f"{CHALLENGE}.max_retry_attempts").set_value(0).run()  # the learner's own try
    page.button(key=f"{CHALLENGE}.solution").click().run()
    assert any("holds a solution, in place of your configuration" in text for text in texts(page.info))
    assert page.selectbox(key=f"{CHALLENGE}.max_retry_attempts").value != 0

    page.button(key=f"{CHALLENGE}.own.back").click().run()
    assert page.selectbox(key=f"{CHALLENGE}.max_retry_attempts").value == 0, "the learner's try is back"
    assert not any("holds a solution" in text for text in texts(page.info))


def test_without_a_name_the_learner_is_told_progress_is_not_saved(database: Path) -> None:
    page = learn_page()
    assert any("not saved" in text for text in texts(page.info))
    page.button(key=f"{CHALLENGE}.solution").click().run()
    page.button(key=f"{CHALLENGE}.check").click().run()
    assert any("Goal met" in text for text in texts(page.success))
    assert ProgressStore(database).completed_lessons("ana") == set()


def test_solving_before_typing_a_name_is_saved_once_the_name_is_given(database: Path) -> None:
    page = learn_page()
    page.button(key=f"{CHALLENGE}.solution").click().run()
    page.button(key=f"{CHALLENGE}.check").click().run()
    page.sidebar.text_input(key="learner.name_input").input("Bo").run()
    assert ProgressStore(database).completed_challenges("bo") == {("sample-failures", "queue-failures")}


def test_every_hint_can_be_revealed_and_then_the_button_goes(database: Path) -> None:
    page = learn_page()
    page.button(key=f"{CHALLENGE}.hint").click().run()
    page.button(key=f"{CHALLENGE}.hint").click().run()
    assert len([text for text in texts(page.info) if text.startswith("**Hint")]) == 2
    assert not [button for button in page.button if button.key == f"{CHALLENGE}.hint"]


def test_checking_an_answer_explains_every_option(database: Path) -> None:
    page = learn_page()
    page.radio(key="learn.sample-failures.question.default-attempts").set_value(0).run()
    page.button(key="learn.sample-failures.question.default-attempts.check").click().run()
    assert "Not quite." in texts(page.error)
    explanations = {
        0: "❌ **Wrong:** Once *(your answer)*  \nThat is MaximumRetryAttempts = 0; the default is 2 retries.",
        1: "✅ **Right answer:** Three times *(not chosen)*  \nThe first attempt plus two retries.",
        2: "▫️ **Wrong:** Until the event is six hours old  \nThe event age limits how long it waits, but retries "
           "still stop after two.",
    }
    [lesson] = loader.load_lessons(FIXTURES)
    order = option_order(lesson.id, lesson.questions[0])
    assert page.radio(key="learn.sample-failures.question.default-attempts").options == [
        lesson.questions[0].options[index].text for index in order], "shown in the shuffled order"
    assert [text for text in texts(page.markdown) if text.startswith(("✅", "❌", "▫️"))] == [
        explanations[index] for index in order]


def test_a_broken_lesson_file_is_explained_without_a_traceback(
        database: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "lessons"
    broken.mkdir()
    (broken / "01-broken.toml").write_text('id = "broken"\norder = "first"\n')
    monkeypatch.setattr(loader, "CONTENT_DIR", broken)
    page = learn_page()
    assert "01-broken.toml: order: Input should be a valid integer" in page.error[0].value


def test_a_damaged_progress_file_is_set_aside_and_the_learner_told(database: Path) -> None:
    database.write_bytes(b"not a database" * 100)
    page = learn_page()
    assert "was kept, unchanged" in page.warning[0].value
    assert list(database.parent.glob("progress.sqlite3.corrupt-*.bak"))


def course() -> list[Lesson]:
    """The real lessons; a broken file is reported by tests/unit/test_lesson_content.py."""
    try:
        return loader.load_lessons(loader.CONTENT_DIR)
    except loader.LessonFileError:
        return []


@pytest.fixture
def real_course(database: Path, monkeypatch: pytest.MonkeyPatch) -> list[Lesson]:
    """The Learn page reads the course's own lessons, not the one-lesson fixture."""
    monkeypatch.setattr(loader, "CONTENT_DIR", Path(loader.__file__).parent / "content")
    return course()


@pytest.mark.parametrize("lesson", [pytest.param(lesson, id=lesson.id) for lesson in course()])
def test_every_lesson_of_the_course_opens_without_an_error(lesson: Lesson, real_course: list[Lesson]) -> None:
    page = learn_page()
    lesson_picker(page).set_value(lesson.id).run()
    assert not page.exception, page.exception
    assert page.header[0].value == lesson.title


def test_completing_a_lesson_ticks_it_in_the_picker_and_keeps_it_chosen(real_course: list[Lesson]) -> None:
    second = real_course[1]
    page = learn_page()
    lesson_picker(page).set_value(second.id).run()
    for challenge in second.challenges:
        key = f"challenge.{second.id}.{challenge.id}"
        page.button(key=f"{key}.solution").click().run()
        page.button(key=f"{key}.check").click().run()
    assert any("Lesson complete" in text for text in texts(page.success))
    picker = lesson_picker(page)
    assert picker.value == second.id, "still on the lesson just completed"
    assert picker.format_func(picker.value).startswith("✅")
    assert page.header[0].value == second.title


def test_the_address_names_the_lesson_so_a_link_or_a_reload_opens_it(real_course: list[Lesson]) -> None:
    third = real_course[2]
    page = learn_page()
    lesson_picker(page).set_value(third.id).run()
    assert page.query_params["lesson"] == third.id

    linked = AppTest.from_file(PAGE, default_timeout=60)
    linked.query_params["lesson"] = third.id
    linked.run()
    assert not linked.exception
    assert lesson_picker(linked).value == third.id and linked.header[0].value == third.title


def test_a_link_to_a_lesson_that_does_not_exist_opens_the_first_with_a_word(database: Path) -> None:
    page = AppTest.from_file(PAGE, default_timeout=60)
    page.query_params["lesson"] = "no-such-lesson"
    page.run()
    assert not page.exception
    assert any("does not exist" in w.value for w in page.warning)
    assert lesson_picker(page).value == "sample-failures"


def test_runs_stepped_side_by_side_in_a_lesson_leave_the_arrow_keys_alone(real_course: list[Lesson]) -> None:
    """A lesson shows several runs: one key press must not step them all at once."""
    page = learn_page()
    toggles = [t for t in page.toggle if t.key and t.key.endswith(".step.stepping")]
    assert len(toggles) >= 2
    for toggle in toggles:
        toggle.set_value(True)
    page.run()
    steppers = [b for b in page.button if b.key and b.key.endswith((".step.next", ".step.previous"))]
    assert len(steppers) >= 4
    assert all(not b.proto.shortcut for b in steppers)


# --- the Progress page, which shows what the Learn page saved -----------------------------------------
PROGRESS_PAGE = str(Path(__file__).parents[2] / "ui" / "progress_page.py")


def progress_page(name: str) -> AppTest:
    page = AppTest.from_file(PROGRESS_PAGE, default_timeout=60).run()
    page.sidebar.text_input(key="learner.name_input").input(name).run()
    assert not page.exception, page.exception
    return page


def saved_exam(right: int, of: int) -> dict:
    """A mock exam of ``of`` questions from the real bank, ``right`` of them answered correctly in 3 minutes,
    saved exactly as the Exam page saves it."""
    bank = load_bank()
    start = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    session = ExamSession.start(bank, start, count=of)
    by_id = {question.id: question for question in bank}
    for qid in session.question_ids[:right]:
        session.answer(qid, {i for i, option in enumerate(by_id[qid].options) if option.correct})
    return json.loads(json.dumps(session.submit(start + timedelta(minutes=3), by_id).to_dict()))


def test_the_progress_page_shows_solved_challenges_and_exams(database: Path) -> None:
    progress = ProgressStore(database)
    progress.complete_challenge("ana", "sample-failures", "queue-failures")
    progress.complete_lesson("ana", "sample-failures")
    progress.record_exam("ana", saved_exam(right=1, of=4))
    page = progress_page("Ana")
    assert "✅ 1. Catch failed events" in texts(page.markdown)
    history, by_area = (m.value.splitlines() for m in page.markdown if m.value.startswith("| "))
    assert history == ["| Submitted | Score | Result | Right |", "|---|---|---|---|",
                       "| 2026\\-03\\-01 09:03 | 325 | Not yet | 1 / 4 |"]
    assert page.expander[0].label == "Exam 1: 2026-03-01 09:03 · score 325 · by area"
    assert sum(int(row.split(" | ")[2].strip(" |")) for row in by_area[2:] if row.startswith("| Domain")) == 4
    assert "Time used: 03:00 of 08:00." in texts(page.caption)
    assert not page.json, "a learner sees tables, not the stored JSON"
    assert page.download_button[0].label == "Download my progress (JSON)"


def test_check_question_answers_are_saved_and_counted_on_the_progress_page(database: Path) -> None:
    page = learn_page()
    page.sidebar.text_input(key="learner.name_input").input("Ana").run()
    question = "learn.sample-failures.question.default-attempts"
    page.radio(key=question).set_value(1).run()  # "Three times": right
    page.button(key=f"{question}.check").click().run()
    bars = [bar.proto.text for bar in progress_page("Ana").get("progress")]
    assert any(text.endswith("challenges solved · 1 of 2 check questions right") for text in bars), bars
    rows = [a for a in ProgressStore(database).answers("ana") if a["mode"] == "lesson"]
    assert [(a["question_id"], a["correct"]) for a in rows] == [("lesson/sample-failures/default-attempts", True)]

    page.radio(key=question).set_value(0).run()  # then a wrong answer: the latest one counts
    page.button(key=f"{question}.check").click().run()
    bars = [bar.proto.text for bar in progress_page("Ana").get("progress")]
    assert any(text.endswith("challenges solved · 0 of 2 check questions right") for text in bars), bars


def test_a_saved_exam_missing_every_field_still_shows_on_the_progress_page(database: Path) -> None:
    """Written by an older version or another tool: an import refuses such an exam, the file may hold one."""
    ProgressStore(database).record_exam("ana", {"note": "written by another tool"})
    page = progress_page("Ana")
    assert page.expander[0].label == "Exam 1: date unknown · score unknown · by area"
    assert "This saved exam has no breakdown." in texts(page.caption)


def test_the_progress_page_asks_for_a_name_first(database: Path) -> None:
    page = AppTest.from_file(PROGRESS_PAGE, default_timeout=60).run()
    assert "Type your name in the sidebar" in page.info[0].value


def test_importing_a_progress_file_merges_it_and_a_bad_file_is_explained(database: Path, tmp_path: Path) -> None:
    laptop = ProgressStore(tmp_path / "laptop.sqlite3")
    laptop.complete_lesson("ana", "sample-failures")
    page = progress_page("Bo")
    page.file_uploader[0].upload("notes.json", b'{"hello": 1}', "application/json")
    page.run()
    page.button(key="progress.import").click().run()
    assert not page.exception
    assert page.error[0].value == "This file is not a progress export of Lambda Destinations Lab."
    assert ProgressStore(database).completed_lessons("bo") == set()

    page.file_uploader[0].set_value(("ana.json", laptop.export_json("ana").encode(), "application/json"))
    page.run()
    page.button(key="progress.import").click().run()
    assert page.success[0].value == "Imported 1 lesson."
    assert ProgressStore(database).completed_lessons("bo") == {"sample-failures"}


def test_clicking_a_challenges_open_group_first_of_all_keeps_it_open(database: Path) -> None:
    """The same KeyError as in the Lab replaced the lesson with a traceback."""
    page = learn_page()
    page.pills(key=f"{CHALLENGE}.group").set_value(None).run()
    assert not page.exception
    assert page.pills(key=f"{CHALLENGE}.group").value == "Trigger"
