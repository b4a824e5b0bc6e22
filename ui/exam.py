"""Exam: a timed mock exam at the real DVA-C02 pace, with a question map, flags and a scaled score."""

import textwrap
from datetime import UTC, datetime

import streamlit as st

from lessons.progress import ProgressStoreError
from quizzes import bank, generated, review
from quizzes.exam import DEFAULT_QUESTIONS, ExamResult, ExamSession, clock_text, seconds_for
from quizzes.grading import PASS_MARK, option_order
from quizzes.history import history_row
from quizzes.model import DOMAINS, TOPICS, Question
from ui.keep_in_view import keep_in_view
from ui.kept_values import kept
from ui.learner import learner_name, store
from ui.quiz_widgets import markdown_table, remember_in_session, show_option_feedback, show_selected_count

KEY = "exam"
SESSION, RESULT, CURRENT, CONFIRM = f"{KEY}.session", f"{KEY}.result", f"{KEY}.current", f"{KEY}.confirming"
GENERATED = f"{KEY}.generated_questions"
HIDE_CLOCK = f"{KEY}.hide_clock"
QUESTION_ID = "exam-question"  # the question's heading, kept in view when the question changes
RESULT_ID = "exam-result"  # the result's heading, brought into view when it appears
REPLACE_SAVED = f"{KEY}.replace_saved"  # the exam (start time, questions) the learner chose over a saved one
#: More time than the exam's pace, for candidates who need it (the share of the pace added, and its label).
EXTRA_TIME = {0.0: "Exam pace (2 min a question)", 0.5: "+50 % time", 1.0: "Double time"}
GENERATED_COUNT = 24  # per session, drawn once: enough for every template several times over
#: The time left, at an h3's size but not a heading (it is no section of the page, and the question's h2 follows
#: the page's h1). ARIA's "timer" role keeps a screen reader from reading each second aloud; ``text`` is ours.
COUNTDOWN = ('<div role="timer" style="font-size: 1.75rem; font-weight: 600; line-height: 1.2; '
             'padding: 0.75rem 0 1rem">⏱️ {text}</div>')


def now() -> datetime:
    """The time from the session's clock (tests put a fake one in ``st.session_state["clock"]``)."""
    clock = st.session_state.get("clock")
    return clock() if callable(clock) else clock or datetime.now(UTC)


def lookup(question_id: str) -> Question:
    """A question of the bank, or a generated one (kept for this session, or rebuilt from its id)."""
    if question_id in questions:
        return questions[question_id]
    drawn = {q.id: q for q in st.session_state.get(GENERATED, [])}
    return drawn[question_id] if question_id in drawn else generated.regenerate(question_id)


def finish(session: ExamSession) -> None:
    """Mark the exam and save it: the attempt, every answer, and each question's review box."""
    moment = now()
    result = session.submit(moment, {qid: lookup(qid) for qid in session.question_ids})
    st.session_state[RESULT] = result
    st.session_state.pop(CONFIRM, None)
    if learner:
        progress.record_exam(learner, result.to_dict())
        if other_saved_exam(session) is None:  # never another exam the learner has not chosen to drop
            progress.discard_exam_in_progress(learner)
        review.remember_answers(progress.review_states(learner),
                                [(item.question_id, item.correct) for item in result.questions],
                                result.submitted_at, "exam", progress, learner)
    else:  # for this session: its mistakes come back in Practice's "My mistakes"
        for item in result.questions:
            remember_in_session(item.question_id, item.correct, result.submitted_at, "exam")


def keep(session: ExamSession) -> None:
    """Save the exam being taken under the learner's name: a reload or a closed tab does not lose it.

    Never over another exam saved under that name until the learner chooses (see ``choose_between``): a name
    typed after starting an exam once made its first answer replace a saved one without a word.
    """
    if learner and other_saved_exam(session) is None:
        try:
            progress.save_exam_in_progress(learner, session.to_dict())
        except ProgressStoreError as error:  # the exam goes on in this session; only the safety copy failed
            st.warning(f"Your exam goes on, but it could not be saved in case the page reloads: {error}",
                       icon="💾")


def offer_saved_exam(saved: ExamSession) -> None:
    """An exam this learner started and never submitted: take it up again (its clock kept running) or drop it."""
    left = saved.remaining(now())
    answered = f"{len(saved.answers)} of {len(saved.question_ids)} questions answered"
    when = (f"{clock_text(left)} left" if left > 0 else
            "its time ran out meanwhile, so resuming submits it as it stands")
    st.info(f"**You have an exam in progress**, started {saved.started_at:%Y-%m-%d %H:%M} UTC: {answered}, "
            f"{when}. Its clock kept running while you were away.", icon="⏳")
    choices = st.container(horizontal=True)  # the two buttons side by side, not half a page apart
    choices.button("Resume it", key=f"{KEY}.resume", type="primary", on_click=take_up, args=(saved,))
    choices.button("Discard it", key=f"{KEY}.discard", on_click=progress.discard_exam_in_progress, args=(learner,))


def take_up(saved: ExamSession) -> None:
    """Resume at the first question not answered yet (the first one when every question has an answer)."""
    st.session_state[SESSION] = saved
    st.session_state[CURRENT] = next((number for number, question_id in enumerate(saved.question_ids)
                                      if not saved.answers.get(question_id)), 0)


def other_saved_exam(session: ExamSession) -> ExamSession | None:
    """An unsubmitted exam saved under the learner's name that is not ``session``, until the learner chooses."""
    if not learner or st.session_state.get(REPLACE_SAVED) == (session.started_at, session.question_ids):
        return None
    try:
        data = progress.exam_in_progress(learner)
        saved = ExamSession.from_dict(data) if data is not None else None
    except (ProgressStoreError, KeyError, TypeError, ValueError):
        return None  # unreadable: saved_exam() tells the learner when the setup screen shows
    same = saved is not None and (saved.started_at, saved.question_ids) == (session.started_at, session.question_ids)
    return None if saved is None or same else saved


def choose_between(session: ExamSession, saved: ExamSession) -> None:
    """Two exams under one name: resume the saved one, or keep this one (which then replaces it)."""
    answered = f"{len(saved.answers)} of {len(saved.question_ids)} answered"
    st.warning(f"You also have an exam saved under your name, started {saved.started_at:%Y-%m-%d %H:%M} UTC "
               f"({answered}). This exam is not saved until you choose.", icon="💾")
    choices = st.container(horizontal=True)  # side by side, as the other prompt's
    choices.button("Resume the saved exam", key=f"{KEY}.resume_saved", on_click=take_up, args=(saved,))
    choices.button("Keep this exam (the saved one is dropped)", key=f"{KEY}.keep_this",
                   on_click=replace_saved, args=(session,))


def replace_saved(session: ExamSession) -> None:
    st.session_state[REPLACE_SAVED] = (session.started_at, session.question_ids)
    keep(session)


def saved_exam() -> ExamSession | None:
    """The learner's unsubmitted exam from the store; an unreadable one is dropped with a word, never a traceback."""
    try:
        data = progress.exam_in_progress(learner) if learner else None
    except ProgressStoreError as error:
        st.warning(f"An exam in progress could not be read: {error}", icon="💾")
        return None
    if data is None:
        return None
    try:
        session = ExamSession.from_dict(data)
        for question_id in session.question_ids:  # every question must still exist (or be regenerable)
            lookup(question_id)
        return session
    except (KeyError, TypeError, ValueError):
        progress.discard_exam_in_progress(learner)
        st.warning("An exam in progress was saved by another version of the app and cannot be resumed.",
                   icon="💾")
        return None


def setup() -> None:
    st.markdown("A mock exam at the real exam's pace: 130 minutes for 65 questions, so 2 minutes a question. "
                "Multiple-response questions score only when every right option, and nothing else, is picked. "
                "Its questions cover this app's subject, Lambda's asynchronous invocation, destinations and "
                "dead-letter queues, not the whole DVA-C02 syllabus: a pass here says you are ready on this "
                "subject.")
    pool = list(questions.values())
    if st.toggle("Include generated questions", key=f"{KEY}.generated"):
        pool += st.session_state.setdefault(GENERATED, generated.generate_many(GENERATED_COUNT,
                                                                               int(now().timestamp())))
    if not pool:
        st.info("There are no exam questions yet. Turn on generated questions to take an exam now.", icon="📭")
        return
    most = min(65, len(pool))
    count = st.number_input(f"Number of questions (1 to {most})", 1, most, min(DEFAULT_QUESTIONS, len(pool)),
                            key=f"{KEY}.count", help="The real exam has 65 questions in 130 minutes.")
    extra = st.radio("Time", list(EXTRA_TIME), key=f"{KEY}.extra", format_func=EXTRA_TIME.get, horizontal=True,
                     help="Practise at the real exam's pace, or with more time if you need it.")
    st.caption(f"Time allowed: {seconds_for(count, extra) // 60} minutes.")
    if st.button("Start the exam", key=f"{KEY}.start", type="primary"):
        moment = now()
        st.session_state[SESSION] = ExamSession.start(pool, moment, count, seed=int(moment.timestamp()),
                                                      extra_time=extra)
        st.session_state[CURRENT] = 0
        keep(st.session_state[SESSION])
        st.rerun()


@st.fragment(run_every=1)
def countdown(session: ExamSession) -> None:
    """The time left, refreshed every second; at zero the whole page reruns and the exam is submitted.

    A candidate can hide the ticking clock (WCAG 2.2.2: content that updates by itself can be hidden); the
    deadline holds all the same.
    """
    left = session.remaining(now())
    if left <= 0:
        st.rerun()
    text = "Countdown hidden" if st.session_state.get(HIDE_CLOCK) else f"{clock_text(left)} left"
    st.markdown(COUNTDOWN.format(text=text), unsafe_allow_html=True)


def question_map(session: ExamSession) -> None:
    """One small button per question, in rows that wrap: all marks visible, and a phone needs a few rows."""
    st.caption("Question map: ▸ the question shown · ✅ answered · 🚩 flagged for review · a plain number is not "
               "answered yet")
    with st.container(horizontal=True, gap="small"):
        for cell in session.question_map():
            marks = ("✅" if cell.answered else "") + ("🚩" if cell.flagged else "")
            shown = cell.number - 1 == st.session_state[CURRENT]  # said by a mark too, not by the fill alone
            st.button(f"{'▸ ' if shown else ''}{cell.number} {marks}".strip(), key=f"{KEY}.jump.{cell.number}",
                      width="content", type="primary" if shown else "secondary",
                      on_click=go_to, args=(cell.number - 1,))


def save_answer(session: ExamSession, question: Question, key: str) -> None:
    if session.submitted or session.is_expired(now()):
        return  # too late: this rerun submits the exam as it stood at the deadline
    if question.select == 1:
        choice = st.session_state[key]
        session.answer(question.id, set() if choice is None else {choice})
    else:
        session.answer(question.id, {i for i in range(len(question.options)) if st.session_state[f"{key}.{i}"]})
    keep(session)


def ask(session: ExamSession, question: Question) -> None:
    """The options, showing the saved answer; every change is saved at once."""
    key = f"{KEY}.answer.{question.id}"
    saved = session.answers.get(question.id, [])
    order = option_order(question)
    if question.select == 1:
        st.radio("Your answer", order, index=order.index(saved[0]) if saved else None, key=key,
                 format_func=lambda i: question.options[i].text, on_change=save_answer,
                 args=(session, question, key))
        return
    ticked = sum(st.checkbox(question.options[i].text, value=i in saved, key=f"{key}.{i}", on_change=save_answer,
                             args=(session, question, key)) for i in order)
    show_selected_count(ticked, question.select)


def sitting(session: ExamSession) -> None:
    countdown(session)
    st.toggle("Hide the countdown", **kept(HIDE_CLOCK, False))  # kept across a page switch
    question_map(session)
    number = st.session_state[CURRENT]
    question = lookup(session.question_ids[number])
    st.header(f"Question {number + 1} of {len(session.question_ids)}", anchor=QUESTION_ID)  # h2 under the h1
    keep_in_view(QUESTION_ID)  # after Next or a map jump, the new question is scrolled into view
    st.markdown(question.stem)
    ask(session, question)
    back, flag, forward, submit = st.columns(4)
    last = len(session.question_ids) - 1
    # Never disabled at the ends: a button disabled under the keyboard's focus drops it to the top of the page
    # (WCAG 2.4.3); there, it stays on the question.
    back.button("◀ Previous", key=f"{KEY}.previous", on_click=go_to, args=(max(number - 1, 0),))
    flagged = question.id in session.flags
    flag.button("Remove flag" if flagged else "🚩 Flag for review", key=f"{KEY}.flag",
                on_click=toggle_flag, args=(session, question.id))
    forward.button("Next ▶", key=f"{KEY}.next", on_click=go_to, args=(min(number + 1, last),))
    submit.button("Submit the exam", key=f"{KEY}.submit", type="primary",
                  on_click=ask_to_confirm, args=(True,))
    if st.session_state.get(CONFIRM):
        unanswered = len(session.question_ids) - len(session.answers)
        st.warning(f"Submit now? {unanswered} question(s) unanswered (they score zero) and "
                   f"{len(session.flags)} flagged for review.", icon="📝")
        yes, no = st.columns(2)
        yes.button("Yes, submit", key=f"{KEY}.confirm", type="primary", on_click=finish, args=(session,))
        no.button("Keep answering", key=f"{KEY}.cancel", on_click=ask_to_confirm, args=(False,))


def show_result(result: ExamResult) -> None:
    # Submit is pressed at the bottom of a question: the result is scrolled into view when it appears.
    st.header("Your result", anchor=RESULT_ID)
    keep_in_view(RESULT_ID, on_appear=True)
    if result.timed_out:
        st.warning("Time was up, so the exam was submitted automatically. Unanswered questions score zero.",
                   icon="⏰")
    score, verdict = st.columns(2)
    score.metric("Scaled score", f"{result.score} / 1000",
                 help="AWS does not publish how it scales scores; this one is linear in the share of right "
                      "answers (0 right = 100, all right = 1000), our approximation.")
    (verdict.success if result.passed else verdict.error)(
        f"**{'Pass' if result.passed else 'Not yet a pass'}**: {PASS_MARK} is needed. "
        f"{result.correct} of {len(result.questions)} right in {clock_text(result.seconds_used)}. "
        "On this app's subject only, not the whole DVA-C02 syllabus.")
    st.subheader("By domain and topic")
    st.markdown(markdown_table(result.breakdown.rows()))
    st.subheader("Review every question")
    for number, item in enumerate(result.questions, start=1):
        question = lookup(item.question_id)
        title = textwrap.shorten(question.stem, 90, placeholder=" …")  # cut between words, not inside one
        with st.expander(f"{'✅' if item.correct else '❌'} {number}. {'Right' if item.correct else 'Wrong'}: {title}"):
            st.markdown(question.stem)
            if not item.selected:
                st.caption("Not answered.")
            show_option_feedback(question, set(item.selected), labels)
            st.markdown(f"📖 [AWS documentation]({question.doc_url}) · Domain {question.domain}: "
                        f"{DOMAINS[question.domain]} · {TOPICS[question.topic]}")


def history() -> None:
    if not learner:
        st.caption("Type your name in the sidebar to keep a history of your exams.")
        return
    attempts = progress.exam_history(learner)
    if attempts:
        st.header("Your exams")  # beside "Your result", under the page's h1
        st.markdown(markdown_table([history_row(attempt) for attempt in attempts]))


def toggle_flag(session: ExamSession, question_id: str) -> None:
    session.toggle_flag(question_id)
    keep(session)


def go_to(index: int) -> None:
    st.session_state[CURRENT] = index


def ask_to_confirm(wanted: bool) -> None:
    st.session_state[CONFIRM] = wanted


def start_over() -> None:
    for key in (SESSION, RESULT, CURRENT, CONFIRM):
        st.session_state.pop(key, None)


# --- the screen ----------------------------------------------------------------------------------
st.title("⏱️ Mock exam")
learner = learner_name()
progress = store()
try:
    questions = {q.id: q for q in bank.load_bank()}
    labels = bank.load_misconceptions()
except bank.BankError as error:
    st.error(f"The question bank has a problem, so only generated questions are available:\n\n```\n{error}\n```",
             icon="⛔")
    questions, labels = {}, {}
if not learner:
    st.info("Type your name in the sidebar to save your result and exam history, and to resume an exam you "
            "started under your name before a reload; without it, nothing is saved.", icon="💾")

exam: ExamSession | None = st.session_state.get(SESSION)
if exam is not None and not exam.submitted and exam.is_expired(now()):
    finish(exam)
if RESULT in st.session_state:
    show_result(st.session_state[RESULT])
    st.button("Take another exam", key=f"{KEY}.again", type="primary", on_click=start_over)
elif exam is not None:
    if (other := other_saved_exam(exam)) is not None:
        choose_between(exam, other)
    sitting(exam)
elif (saved := saved_exam()) is not None:
    offer_saved_exam(saved)
else:
    setup()
history()
