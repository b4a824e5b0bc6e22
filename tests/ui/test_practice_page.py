"""The Practice page driven with AppTest: answer wrong, see why, come back to the mistake and get it right."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lessons.progress import ProgressStore
from quizzes import bank

FIXTURE_BANK = Path(__file__).parents[1] / "fixtures" / "quiz_bank" / "bank"
SYNC = "fixture-sync-destination"  # the first question of the first topic, "invocation-types"; answer 0


@pytest.fixture(autouse=True)
def fixture_bank(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bank, "BANK_DIR", FIXTURE_BANK)


@pytest.fixture
def page(open_page) -> AppTest:
    at = open_page("ui/practice.py").run()
    assert not at.exception, at.exception
    return at


def text_of(at: AppTest) -> str:
    """The page's text as a reader sees it (HTML tags, such as the question line's anchor, left out)."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
    parts += [e.value for e in at.error] + [s.value for s in at.success] + [w.value for w in at.warning]
    return re.sub(r"<[^>]+>", "", "\n".join(str(p) for p in parts))


def test_the_question_line_carries_the_id_that_keeps_the_next_question_in_view(page: AppTest) -> None:
    [line] = [c.value for c in page.caption if 'id="practice-question"' in c.value]
    question_id = re.search(r'data-question="([a-z0-9-]+)"', line).group(1)
    assert question_id in {q.id for q in bank.load_bank()}
    [script] = [h.proto.body for h in page.get("html") if h.proto.unsafe_allow_javascript]
    assert 'const id = "practice-question", onAppear = false, handTo = ' in script and "scrollIntoView" in script
    assert "stAlertContentSuccess" in script and "stAlertContentError" in script  # the verdict takes the focus


def answer_radio(at: AppTest, question_id: str, option: int) -> None:
    radio = next(r for r in at.radio if r.key.endswith(f".{question_id}"))
    radio.set_value(option).run()
    at.button(key="practice.submit").click().run()
    assert not at.exception, at.exception


def option(at: AppTest, index: int):
    """The checkbox of the question's option ``index`` (as the bank file lists it), wherever it is shown."""
    return next(c for c in at.checkbox if c.key.endswith(f".{index}"))


def sign_in(at: AppTest, name: str = "Ana") -> None:
    at.sidebar.text_input(key="learner.name_input").input(name).run()


def test_without_a_name_practice_works_and_the_page_says_nothing_is_saved(page: AppTest, tmp_path: Path) -> None:
    assert "nothing is saved" in text_of(page)
    answer_radio(page, SYNC, 1)
    assert "**Incorrect.**" in text_of(page)
    assert ProgressStore(tmp_path / "progress.sqlite3").answers("anonymous") == []


def test_a_wrong_answer_explains_every_option_with_its_misconception_and_the_docs(page: AppTest) -> None:
    assert page.button(key="practice.submit").disabled  # nothing selected yet
    answer_radio(page, SYNC, 1)
    text = text_of(page)
    assert "**Incorrect.**" in text and "multiple-response" not in text  # one right option: no such rule
    assert "❌ **Wrong:** An invocation record with condition Success. *(your answer)*" in text
    assert "✅ **Right answer:** Nothing: API Gateway invokes synchronously" in text
    assert text.count("Misconception: ") == 3
    assert "Misconception: Destinations also receive the results of synchronous invocations." in text
    assert "invocation-async-retain-records.html" in text
    assert next(r for r in page.radio if r.key.endswith(SYNC)).disabled  # the answer is locked


def test_prove_it_runs_the_proof_scenario_and_shows_that_its_checks_hold(page: AppTest) -> None:
    answer_radio(page, SYNC, 0)
    assert "Prove it" not in text_of(page) and not page.get("graphviz_chart"), "nothing drawn until asked"
    page.toggle(key=f"practice.prove.{SYNC}").set_value(True).run()
    text = text_of(page)
    assert "**A synchronous invocation sends nothing to the OnSuccess destination.**" in text
    assert "✅ the OnSuccess destination receives 0 deliveries" in text
    assert "**Event 1** → HTTP 200" in text  # the run itself, drawn by show_outcome


def test_a_learner_answers_wrong_then_gets_the_mistake_right_and_it_is_saved(page: AppTest, tmp_path: Path) -> None:
    sign_in(page)
    answer_radio(page, SYNC, 1)
    page.button(key="practice.next").click().run()
    assert "You have answered every question here (1)." in text_of(page)

    page.radio(key="practice.source").set_value("My mistakes").run()
    assert any(r.key.endswith(SYNC) for r in page.radio)
    answer_radio(page, SYNC, 0)
    assert "**Correct.**" in text_of(page)
    page.button(key="practice.next").click().run()
    assert "No mistakes to revisit" in text_of(page)

    store = ProgressStore(tmp_path / "progress.sqlite3")
    assert [(a["question_id"], a["correct"], a["mode"]) for a in store.answers("Ana")] == [
        (SYNC, False, "practice"), (SYNC, True, "practice")]
    assert store.review_states("Ana")[SYNC][0] == 2  # wrong: box 1; then right: box 2


def test_a_mistake_is_asked_afresh_in_my_mistakes_even_before_next_is_clicked(page: AppTest) -> None:
    answer_radio(page, SYNC, 1)  # wrong, and still on screen with its feedback
    page.radio(key="practice.source").set_value("My mistakes").run()
    [radio] = [r for r in page.radio if r.key.endswith(SYNC)]
    assert not radio.disabled and radio.value is None, "a fresh question to answer again, not the locked one"
    assert "**Incorrect.**" not in text_of(page)
    answer_radio(page, SYNC, 0)
    assert "**Correct.**" in text_of(page)


def test_a_wrong_answer_is_due_for_review_at_once(page: AppTest) -> None:
    sign_in(page)
    page.radio(key="practice.source").set_value("Due for review").run()
    assert "Nothing is due for review now" in text_of(page)
    page.radio(key="practice.source").set_value("By topic").run()
    answer_radio(page, SYNC, 2)
    page.radio(key="practice.source").set_value("Due for review").run()
    assert any(r.key.endswith(SYNC) for r in page.radio)


def test_a_select_two_question_uses_checkboxes_and_one_right_option_is_not_enough(page: AppTest) -> None:
    page.radio(key="practice.source").set_value("By domain").run()
    page.selectbox(key="practice.domain").set_value(1).run()
    answer_radio(page, SYNC, 0)
    page.button(key="practice.next").click().run()
    assert text_of(page).count("Select TWO.") == 1, "the stem says it; no caption repeats it"
    assert {c.label for c in page.checkbox} >= {"An Amazon SQS standard queue.", "An Amazon EventBridge event bus."}
    assert len(page.checkbox) == 5
    assert "0 of 2 options selected: this question asks for exactly 2." in text_of(page)
    option(page, 0).check().run()
    assert "1 of 2 options selected: this question asks for exactly 2." in text_of(page)
    page.button(key="practice.submit").click().run()
    assert "**Incorrect.** A multiple-response question scores only when exactly the right options are selected." \
        in text_of(page)
    assert "options selected" not in text_of(page), "once submitted, the feedback says the rest"


def test_both_right_options_of_a_select_two_question_score(page: AppTest) -> None:
    page.selectbox(key="practice.topic").set_value("destinations").run()
    option(page, 0).check().run()
    option(page, 1).check().run()
    page.button(key="practice.submit").click().run()
    assert "**Correct.**" in text_of(page)


def test_options_are_shown_in_a_stable_shuffled_order_and_graded_by_what_they_say(page: AppTest) -> None:
    """The bank lists right options first (16 of 19 multiple-response questions had option A right)."""
    page.selectbox(key="practice.topic").set_value("destinations").run()
    shown = [int(c.key.rsplit(".", 1)[1]) for c in page.checkbox]
    assert sorted(shown) == list(range(len(shown))) and shown != sorted(shown), shown
    page.run()
    assert [int(c.key.rsplit(".", 1)[1]) for c in page.checkbox] == shown, "the same order on every rerun"


def test_generated_questions_join_the_topic_when_switched_on(page: AppTest) -> None:
    page.selectbox(key="practice.topic").set_value("throttling").run()
    assert "Question 1 of 1 " in text_of(page)
    page.toggle(key="practice.generated").set_value(True).run()
    assert not page.exception, page.exception
    total = int(text_of(page).split("Question 1 of ")[1].split(" ")[0])
    assert total > 1
    for _ in range(total):  # answer each in turn until a generated one is on screen
        radio = next(r for r in page.radio if r.key.startswith("practice.answer."))
        if ".gen-" in radio.key:
            break
        answer_radio(page, radio.key.rsplit(".", 1)[1], 0)
        page.button(key="practice.next").click().run()
    radio.set_value(0).run()
    page.button(key="practice.submit").click().run()
    assert not page.exception, page.exception
    page.toggle(key=f"practice.prove.{radio.key.rsplit('.', 1)[1]}").set_value(True).run()
    assert "Running this configuration:" in text_of(page)
    assert "✅ every invoke returns HTTP 202" in text_of(page)


def test_a_problem_report_is_saved_with_its_note(page: AppTest, tmp_path: Path) -> None:
    sign_in(page)
    page.button(key=f"practice.report.{SYNC}.send").click().run()
    assert "Write what is wrong first" in text_of(page), "an empty report is not sent"
    page.text_area(key=f"practice.report.{SYNC}").input("Option B is ambiguous.")
    page.button(key=f"practice.report.{SYNC}.send").click().run()  # one click, while still typing
    assert "the report is saved" in text_of(page)
    [report] = ProgressStore(tmp_path / "progress.sqlite3").problem_reports()
    assert (report["learner"], report["question_id"], report["note"]) == ("ana", SYNC, "Option B is ambiguous.")
    assert [f.proto.form.clear_on_submit for f in page.get("form")] == [True], "cleared, so it is not sent twice"


def test_a_broken_bank_is_explained_without_a_traceback(open_page, monkeypatch: pytest.MonkeyPatch,
                                                        tmp_path: Path) -> None:
    (tmp_path / "bank").mkdir()
    (tmp_path / "bank" / "broken.toml").write_text("[[questions]\nid =")
    (tmp_path / "misconceptions.toml").write_text("[misconceptions]\n")
    monkeypatch.setattr(bank, "BANK_DIR", tmp_path / "bank")
    at = open_page("ui/practice.py").run()
    assert not at.exception
    assert "broken.toml: TOML syntax error" in at.error[0].value


def test_the_choices_and_the_answered_question_survive_a_page_switch(tmp_path: Path) -> None:
    # A two-page app, so that Streamlit forgets the Practice widgets while the other page is shown.
    practice = Path(__file__).parents[2] / "ui" / "practice.py"
    (tmp_path / "other.py").write_text("import streamlit as st\nst.write('Another page')\n")
    (tmp_path / "app.py").write_text(
        f"import streamlit as st\nst.navigation([st.Page({str(practice)!r}), st.Page('other.py')]).run()\n")
    app = AppTest.from_file(str(tmp_path / "app.py"), default_timeout=60).run()
    app.radio(key="practice.source").set_value("By domain").run()
    app.selectbox(key="practice.domain").set_value(4).run()
    radio = next(r for r in app.radio if r.key.startswith("practice.answer."))
    answer_radio(app, radio.key.rsplit(".", 1)[1], 3)
    app.switch_page("other.py").run()
    assert not app.radio
    app.switch_page(os.path.relpath(practice, tmp_path)).run()
    assert not app.exception, app.exception
    assert app.radio(key="practice.source").value == "By domain"
    assert app.selectbox(key="practice.domain").value == 4
    assert app.radio(key=radio.key).value == 3
    assert "*(your answer)*" in text_of(app)


def test_a_named_learners_box_moves_on_from_the_saved_one_not_from_a_fresh_session(page: AppTest,
                                                                                   tmp_path: Path) -> None:
    """After a reload the session's own copy is empty: answering right put every question back in box 2."""
    from datetime import UTC, datetime

    store = ProgressStore(tmp_path / "progress.sqlite3")
    store.set_review_state("Ana", SYNC, 3, datetime(2026, 1, 1, tzinfo=UTC))  # from earlier sessions
    sign_in(page)
    answer_radio(page, SYNC, 0)
    assert "**Correct.**" in text_of(page)
    assert store.review_states("Ana")[SYNC][0] == 4


def test_a_saved_mistake_from_a_template_this_version_lacks_is_skipped_not_a_traceback(page: AppTest,
                                                                                      tmp_path: Path) -> None:
    from datetime import UTC, datetime

    store = ProgressStore(tmp_path / "progress.sqlite3")
    store.record_answer("Ana", "gen-futuretemplate-7", False, datetime(2026, 1, 1, tzinfo=UTC), "practice")
    sign_in(page)
    page.radio(key="practice.source").set_value("My mistakes").run()
    assert not page.exception, page.exception
    assert "No mistakes to revisit" in text_of(page)



def test_my_mistakes_counts_the_questions_done_there_so_its_total_holds_steady(page: AppTest) -> None:
    from datetime import UTC, datetime

    keys = {q.id: q for q in bank.load_bank()}
    at = datetime(2026, 1, 1, tzinfo=UTC)
    page.session_state["practice.answers"] = [{"question_id": qid, "correct": False, "at": at, "mode": "practice"}
                                              for qid in (SYNC, "fixture-dlq-body")]
    page.radio(key="practice.source").set_value("My mistakes").run()
    assert "Question 1 of 2 " in text_of(page)
    radio = next(r for r in page.radio if r.key.startswith("practice.answer."))
    answer_radio(page, radio.key.rsplit(".", 1)[1], min(keys[radio.key.rsplit(".", 1)[1]].correct_indexes))
    assert "**Correct.**" in text_of(page) and "Question 1 of 2 " in text_of(page), "not '1 of 1'"
    page.button(key="practice.next").click().run()
    assert "Question 2 of 2 " in text_of(page)
