"""The Exam page driven with AppTest and a fake clock: a whole exam, and one that runs out of time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lessons.progress import ProgressStore
from quizzes import bank

FIXTURE_BANK = Path(__file__).parents[1] / "fixtures" / "quiz_bank" / "bank"
KEYS = {q.id: q for q in bank.load_bank(FIXTURE_BANK)}
START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


class FakeClock:
    """Stands in for ``datetime.now``: the page reads ``st.session_state["clock"]``."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture(autouse=True)
def fixture_bank(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bank, "BANK_DIR", FIXTURE_BANK)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def page(open_page, clock: FakeClock) -> AppTest:
    at = open_page("ui/exam.py")
    at.session_state["clock"] = clock
    at.run()
    assert not at.exception, at.exception
    at.sidebar.text_input(key="learner.name_input").input("Ana").run()
    return at


def store(tmp_path: Path) -> ProgressStore:
    return ProgressStore(tmp_path / "progress.sqlite3")


def countdown(text: str) -> str:
    """The exam's countdown as the page writes it: a timer's text, whole."""
    return f">⏱️ {text}</div>"


def text_of(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [w.value for w in at.warning]
    parts += [e.value for e in at.error] + [s.value for s in at.success] + [i.value for i in at.info]
    return "\n".join(str(p) for p in parts)


def on_screen(at: AppTest) -> str:
    """The id of the question being shown, read from its answer widgets' keys."""
    key = next(w.key for w in [*at.radio, *at.checkbox] if w.key and w.key.startswith("exam.answer."))
    return key.removeprefix("exam.answer.").split(".")[0]


def choose(at: AppTest, options: set[int]) -> None:
    qid = on_screen(at)
    if KEYS[qid].select == 1:
        (option,) = options
        at.radio(key=f"exam.answer.{qid}").set_value(option).run()
    else:
        for i in range(len(KEYS[qid].options)):
            at.checkbox(key=f"exam.answer.{qid}.{i}").set_value(i in options).run()
    assert not at.exception, at.exception


def wrong(qid: str) -> set[int]:
    return {next(i for i in range(len(KEYS[qid].options)) if i not in KEYS[qid].correct_indexes)}


def start(at: AppTest, count: int) -> None:
    at.number_input(key="exam.count").set_value(count).run()
    assert f"Time allowed: {count * 2} minutes." in text_of(at)
    at.button(key="exam.start").click().run()
    assert not at.exception, at.exception


def test_the_setup_offers_20_questions_or_the_whole_bank_if_smaller(page: AppTest) -> None:
    assert page.number_input(key="exam.count").value == len(KEYS) == 6
    assert "Time allowed: 12 minutes." in text_of(page)


def test_a_learner_takes_a_whole_exam_flags_changes_an_answer_submits_and_reviews_it(page: AppTest,
                                                                                     clock: FakeClock,
                                                                                     tmp_path: Path) -> None:
    start(page, 6)
    assert countdown("12:00 left") in text_of(page) and '<div role="timer"' in text_of(page)
    assert [b.label for b in page.button][:6] == ["▸ 1", *(str(n) for n in range(2, 7))], "▸ marks the one shown"

    first = on_screen(page)
    choose(page, wrong(first))
    page.button(key="exam.flag").click().run()
    assert page.button(key="exam.jump.1").label == "▸ 1 ✅🚩"
    clock.advance(100)
    page.button(key="exam.next").click().run()
    assert countdown("10:20 left") in text_of(page)
    for number in range(2, 7):  # answer the rest correctly, jumping through the question map
        page.button(key=f"exam.jump.{number}").click().run()
        assert f"Question {number} of 6" in [h.value for h in page.header]
        choose(page, set(KEYS[on_screen(page)].correct_indexes))

    page.button(key="exam.jump.1").click().run()  # back to the flagged one: its answer is still there
    assert on_screen(page) == first
    choose(page, set(KEYS[first].correct_indexes))  # change the answer
    page.button(key="exam.flag").click().run()
    assert page.button(key="exam.jump.1").label == "▸ 1 ✅"

    page.button(key="exam.submit").click().run()
    assert "0 question(s) unanswered" in text_of(page)
    page.button(key="exam.cancel").click().run()  # keep answering, then submit for real
    assert "Submit now?" not in text_of(page)
    page.button(key="exam.submit").click().run()
    page.button(key="exam.confirm").click().run()
    assert not page.exception, page.exception

    assert page.metric[0].value == "1000 / 1000"
    assert "**Pass**: 720 is needed. 6 of 6 right in 01:40." in text_of(page)
    table = next(m.value for m in page.markdown if m.value.startswith("| Area | Correct | Questions |"))
    assert table.splitlines()[2:4] == ["| Domain 1: Development with AWS Services | 3 | 3 |",
                                       "| Domain 4: Troubleshooting and Optimization | 3 | 3 |"]
    assert len(page.expander) == 6 and all(e.label.startswith("✅") for e in page.expander)
    assert all(e.label.split(". ", 1)[1].startswith("Right: ") for e in page.expander), "words, not the emoji alone"
    cuts = [e.label.split(": ", 1)[1].removesuffix(" …") for e in page.expander if e.label.endswith(" …")]
    assert cuts, "the fixture's stems are longer than a title"
    for cut in cuts:  # each long question is cut between two words
        assert any(q.stem.startswith(cut + " ") for q in KEYS.values()), f"cut inside a word: {cut!r}"
    assert "Misconception: " in text_of(page)
    history = next(m.value for m in page.markdown if m.value.startswith("| Submitted | Score |"))
    assert history.splitlines()[2].split(" | ")[1:3] == ["1000", "Pass"]  # the history of attempts

    progress = store(tmp_path)
    [saved] = progress.exam_history("Ana")
    assert (saved["score"], saved["passed"], saved["total"]) == (1000, True, 6)
    answers = progress.answers("Ana")
    assert len(answers) == 6 and {a["mode"] for a in answers} == {"exam"}
    assert {box for box, _ in progress.review_states("Ana").values()} == {2}


def test_a_multiple_response_question_counts_the_options_ticked(page: AppTest) -> None:
    start(page, 6)
    for number in range(1, 7):
        page.button(key=f"exam.jump.{number}").click().run()
        qid = on_screen(page)
        if KEYS[qid].select > 1:
            break
    else:
        pytest.fail("the fixture bank has a multiple-response question")
    wanted = KEYS[qid].select
    assert f"0 of {wanted} options selected: this question asks for exactly {wanted}." in text_of(page)
    choose(page, set(range(wanted)))
    assert f"{wanted} of {wanted} options selected." in text_of(page)


def test_a_wrong_answer_in_an_exam_is_reviewed_with_its_explanations(page: AppTest) -> None:
    start(page, 2)
    choose(page, wrong(on_screen(page)))
    page.button(key="exam.submit").click().run()
    assert "1 question(s) unanswered" in text_of(page)
    page.button(key="exam.confirm").click().run()
    assert page.metric[0].value == "100 / 1000"
    assert "**Not yet a pass**" in text_of(page)
    assert [e.label[0] for e in page.expander] == ["❌", "❌"]
    assert "*(your answer)*" in text_of(page)
    assert "Not answered." in text_of(page)


def test_when_time_runs_out_the_next_rerun_submits_the_exam(page: AppTest, clock: FakeClock,
                                                             tmp_path: Path) -> None:
    start(page, 3)
    first = on_screen(page)
    choose(page, set(KEYS[first].correct_indexes))
    clock.advance(3 * 120 - 1)
    page.run()
    assert countdown("00:01 left") in text_of(page)
    clock.advance(1)
    choose(page, wrong(first))  # too late to change: the rerun it causes submits the exam as it stood
    assert not page.exception, page.exception
    assert "Time was up, so the exam was submitted automatically" in text_of(page)
    assert page.metric[0].value == "400 / 1000"
    [saved] = store(tmp_path).exam_history("Ana")
    assert (saved["timed_out"], saved["seconds_used"], saved["correct"]) == (True, 360, 1)


def test_a_candidate_who_needs_more_time_gets_half_as_much_again_and_can_hide_the_ticking_clock(
        page: AppTest, clock: FakeClock) -> None:
    page.radio(key="exam.extra").set_value(0.5).run()
    page.number_input(key="exam.count").set_value(2).run()
    assert "Time allowed: 6 minutes." in text_of(page)
    page.button(key="exam.start").click().run()
    assert countdown("06:00 left") in text_of(page)
    page.toggle(key="exam.hide_clock").set_value(True).run()
    assert countdown("Countdown hidden") in text_of(page) and "left" not in text_of(page).split("Countdown")[1][:20]
    clock.advance(6 * 60)
    page.run()
    assert "Time was up, so the exam was submitted automatically" in text_of(page), "the deadline still holds"


def test_after_an_exam_another_can_be_started(page: AppTest) -> None:
    start(page, 1)
    page.button(key="exam.submit").click().run()
    page.button(key="exam.confirm").click().run()
    page.button(key="exam.again").click().run()
    assert page.button(key="exam.start")
    history = next(m.value for m in page.markdown if m.value.startswith("| Submitted | Score |"))
    assert history.splitlines()[2].split(" | ")[2] == "Not yet"


def test_without_a_name_an_exam_runs_but_nothing_is_saved(open_page, clock: FakeClock,
                                                          tmp_path: Path) -> None:
    at = open_page("ui/exam.py")
    at.session_state["clock"] = clock
    at.run()
    assert "nothing is saved" in text_of(at)
    start(at, 1)
    at.button(key="exam.submit").click().run()
    at.button(key="exam.confirm").click().run()
    assert at.metric[0].value == "100 / 1000"
    assert store(tmp_path).exam_history("Ana") == []


def test_an_unnamed_candidates_exam_mistakes_come_back_in_practice_in_the_same_session(open_page,
                                                                                      clock: FakeClock) -> None:
    at = open_page("ui/exam.py")
    at.session_state["clock"] = clock
    at.run()
    start(at, 2)
    missed = on_screen(at)
    choose(at, wrong(missed))
    at.button(key="exam.submit").click().run()
    at.button(key="exam.confirm").click().run()
    assert [a["question_id"] for a in at.session_state["practice.answers"] if not a["correct"]][:1] == [missed]
    practice = open_page("ui/practice.py")  # the same browser session, on the Practice page
    for key in ("practice.answers", "practice.states"):
        practice.session_state[key] = at.session_state[key]
    practice.run()
    practice.radio(key="practice.source").set_value("My mistakes").run()
    assert not practice.exception, practice.exception
    assert any(w.key.endswith(f".{missed}") for w in [*practice.radio, *practice.checkbox] if w.key)


def test_generated_questions_make_an_exam_possible_with_an_empty_bank(open_page, clock: FakeClock,
                                                                      monkeypatch: pytest.MonkeyPatch,
                                                                      tmp_path: Path) -> None:
    (tmp_path / "bank").mkdir()
    (tmp_path / "misconceptions.toml").write_text("[misconceptions]\n")
    monkeypatch.setattr(bank, "BANK_DIR", tmp_path / "bank")
    at = open_page("ui/exam.py")
    at.session_state["clock"] = clock
    at.run()
    assert "There are no exam questions yet" in text_of(at)
    at.toggle(key="exam.generated").set_value(True).run()
    start(at, 4)
    assert on_screen(at).startswith("gen-")
    at.button(key="exam.submit").click().run()
    at.button(key="exam.confirm").click().run()
    assert not at.exception, at.exception
    assert len(at.expander) == 4


def reopened(open_page, clock: FakeClock) -> AppTest:
    """The Exam page in a new browser session (a reload, or the tab closed and opened again) as Ana."""
    at = open_page("ui/exam.py")
    at.session_state["clock"] = clock
    at.run()
    at.sidebar.text_input(key="learner.name_input").input("Ana").run()
    assert not at.exception, at.exception
    return at


def test_a_reload_mid_exam_loses_nothing_the_exam_resumes_with_its_answers_flags_and_clock(
        page: AppTest, open_page, clock: FakeClock, tmp_path: Path) -> None:
    start(page, 3)
    first = on_screen(page)
    choose(page, wrong(first))
    page.button(key="exam.flag").click().run()
    clock.advance(60)

    again = reopened(open_page, clock)
    assert "**You have an exam in progress**" in text_of(again)
    assert "1 of 3 questions answered, 05:00 left" in text_of(again)
    again.button(key="exam.resume").click().run()
    assert not again.exception, again.exception
    assert again.button(key="exam.jump.1").label == "1 ✅🚩"
    assert on_screen(again) != first, "back at the first question not answered yet"
    assert again.button(key="exam.jump.2").proto.type == "primary", "question 2 is the one shown"
    assert "05:00 left" in text_of(again)
    again.button(key="exam.submit").click().run()
    again.button(key="exam.confirm").click().run()
    assert store(tmp_path).exam_in_progress("Ana") is None, "a submitted exam is no longer in progress"
    assert len(store(tmp_path).exam_history("Ana")) == 1


def named_after_starting(open_page, clock: FakeClock) -> AppTest:
    """A reload (the name is gone), a two-question exam started without a name, then Ana's name typed."""
    again = open_page("ui/exam.py")
    again.session_state["clock"] = clock
    again.run()
    start(again, 2)
    again.sidebar.text_input(key="learner.name_input").input("Ana").run()
    return again


def test_submitting_before_choosing_keeps_the_other_saved_exam(page: AppTest, open_page, clock: FakeClock,
                                                              tmp_path: Path) -> None:
    start(page, 3)
    clock.advance(60)
    again = named_after_starting(open_page, clock)
    again.button(key="exam.submit").click().run()
    again.button(key="exam.confirm").click().run()
    assert len(store(tmp_path).exam_in_progress("Ana")["question_ids"]) == 3, "still there to resume"


def test_previous_and_next_stay_usable_at_the_ends_and_keep_the_question(page: AppTest) -> None:
    """Disabled under the keyboard's focus, a button drops the focus to the top of the page."""
    start(page, 2)
    assert not page.button(key="exam.previous").disabled
    page.button(key="exam.previous").click().run()
    assert "Question 1 of 2" in [h.value for h in page.header]
    page.button(key="exam.next").click().run()
    page.button(key="exam.next").click().run()
    assert "Question 2 of 2" in [h.value for h in page.header] and not page.button(key="exam.next").disabled


def test_a_name_typed_during_another_exam_never_replaces_the_saved_one_without_asking(
        page: AppTest, open_page, clock: FakeClock, tmp_path: Path) -> None:
    start(page, 3)
    choose(page, wrong(on_screen(page)))  # Ana's saved exam: one answer
    clock.advance(60)
    again = named_after_starting(open_page, clock)
    assert "You also have an exam saved under your name" in text_of(again)
    choose(again, wrong(on_screen(again)))
    assert len(store(tmp_path).exam_in_progress("Ana")["question_ids"]) == 3, "the saved exam is untouched"
    again.button(key="exam.keep_this").click().run()
    assert len(store(tmp_path).exam_in_progress("Ana")["question_ids"]) == 2, "replaced once chosen"
    assert "You also have an exam saved" not in text_of(again)


def test_the_saved_exam_can_be_resumed_instead_of_the_one_started_without_a_name(
        page: AppTest, open_page, clock: FakeClock, tmp_path: Path) -> None:
    start(page, 3)
    again = named_after_starting(open_page, clock)
    again.button(key="exam.resume_saved").click().run()
    assert not again.exception, again.exception
    assert again.button(key="exam.jump.3"), "the saved three-question exam is back"
    assert len(store(tmp_path).exam_in_progress("Ana")["question_ids"]) == 3


def test_a_saved_exam_can_be_discarded_for_a_new_one(page: AppTest, open_page, clock: FakeClock,
                                                     tmp_path: Path) -> None:
    start(page, 3)
    again = reopened(open_page, clock)
    again.button(key="exam.discard").click().run()
    assert again.button(key="exam.start") and store(tmp_path).exam_in_progress("Ana") is None
    assert store(tmp_path).exam_history("Ana") == []


def test_a_saved_exam_whose_time_ran_out_meanwhile_is_submitted_as_it_stood(page: AppTest, open_page,
                                                                            clock: FakeClock, tmp_path: Path) -> None:
    start(page, 3)
    choose(page, wrong(on_screen(page)))
    clock.advance(3 * 120 + 1)
    again = reopened(open_page, clock)
    assert "its time ran out meanwhile" in text_of(again)
    again.button(key="exam.resume").click().run()
    assert "Time was up, so the exam was submitted automatically." in text_of(again)
    [saved] = store(tmp_path).exam_history("Ana")
    assert saved["timed_out"] is True and store(tmp_path).exam_in_progress("Ana") is None


def test_a_saved_exam_with_a_question_the_bank_no_longer_has_is_dropped_with_a_word(
        open_page, clock: FakeClock, tmp_path: Path) -> None:
    store(tmp_path).save_exam_in_progress("Ana", {
        "question_ids": ["retired-question"], "started_at": START.isoformat(), "seconds_allowed": 120,
        "answers": {}, "flags": [], "submitted": False})
    again = reopened(open_page, clock)
    assert "cannot be resumed" in text_of(again) and again.button(key="exam.start")
    assert store(tmp_path).exam_in_progress("Ana") is None


def test_an_exam_goes_on_when_its_safety_copy_cannot_be_written(page: AppTest,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from lessons.progress import ProgressStoreError

    def full_disk(*_: object) -> None:
        raise ProgressStoreError("The disk is full.")

    monkeypatch.setattr(ProgressStore, "save_exam_in_progress", full_disk)
    start(page, 3)
    choose(page, wrong(on_screen(page)))
    assert "could not be saved in case the page reloads: The disk is full." in text_of(page)
    assert page.button(key="exam.jump.1").label == "▸ 1 ✅"


def test_the_question_heading_has_the_id_that_keeps_the_next_question_in_view(page: AppTest) -> None:
    start(page, 2)
    [heading] = [h for h in page.header if h.value.startswith("Question 1 of 2")]
    assert heading.proto.anchor == "exam-question"
    [script] = [h.proto.body for h in page.get("html") if h.proto.unsafe_allow_javascript]
    assert 'const id = "exam-question", onAppear = false, handTo = null;' in script and "scrollIntoView" in script


def test_the_result_has_a_heading_brought_into_view_when_it_appears(page: AppTest) -> None:
    start(page, 2)
    page.button(key="exam.submit").click().run()
    page.button(key="exam.confirm").click().run()
    [heading] = [h for h in page.header if h.value == "Your result"]
    assert heading.proto.anchor == "exam-result"
    [script] = [h.proto.body for h in page.get("html") if h.proto.unsafe_allow_javascript]
    assert 'const id = "exam-result", onAppear = true, handTo = null;' in script
