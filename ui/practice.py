"""Practice: exam-style questions one at a time, instant feedback on every option, and a proof to run."""

from datetime import UTC, datetime

import streamlit as st

from engine.checks import Check, holds
from lessons.progress import LESSON_MODE
from quizzes import bank, generated, review
from quizzes.grading import grade, option_order
from quizzes.model import DOMAINS, TOPICS, Question
from ui import lab_state
from ui.keep_in_view import keep_in_view
from ui.kept_values import kept
from ui.learner import learner_name, store
from ui.outcome_view import show_outcome
from ui.quiz_widgets import (
    SESSION_ANSWERS,
    SESSION_STATES,
    remember_in_session,
    show_option_feedback,
    show_selected_count,
)

KEY = "practice"
QUESTION_ID = "practice-question"  # the question's line, kept in view when the question changes
#: The verdict's box ("Correct." / "Incorrect."), which takes the focus from a Submit pressed from the keyboard.
VERDICT = '[data-testid="stAlertContentSuccess"], [data-testid="stAlertContentError"]'
SOURCES = ["By topic", "By domain", "My mistakes", "Due for review"]
GENERATED_COUNT = 24  # per session: enough for every template several times over
CHECK_WORDS = {  # what each kind of proof check states, in words
    "condition": "{events} events end with condition `{value}`",
    "attempts": "{events} events have approximateInvokeCount {op}{value}",
    "delivered": "the {role} receives {op}{count} deliveries",
    "delivery_failed": "a delivery to the {role} fails: {expected}",
    "invocation_type": "the invocation type is `{value}`",
    "status": "every invoke returns HTTP {value}",
    "function_error": "the caller sees FunctionError: {expected}",
    "metric": "the {name} metric is {op}{value}",
    "ended_by": "every async event has ended by {seconds} s",
    "setting": "`{field}` is {op}{value}",
    "no_setup_error": "the configuration is accepted",
}
OPS = {"==": "", "!=": "not ", "<": "fewer than ", "<=": "at most ", ">": "more than ", ">=": "at least "}
ANSWER_BOX = "practice-answer"
#: The page's own text colour for the locked options' labels (see ``ask``). Streamlit sets the faded colour on
#: several elements of each option, with rules more specific than a page may rely on: hence "!important".
LOCKED_OPTIONS_STYLE = ("<style>" + ", ".join(f".st-key-{ANSWER_BOX} {part}" for part in (
    '[data-testid="stRadioGroup"] > div', "label", "label *")) + " { color: inherit !important; }</style>")
ROLES = {"on_success": "OnSuccess destination", "on_failure": "OnFailure destination", "dead_letter": "DLQ"}


def now() -> datetime:
    """The time from the session's clock (tests put a fake one in ``st.session_state["clock"]``)."""
    clock = st.session_state.get("clock")
    return clock() if callable(clock) else clock or datetime.now(UTC)


def pool_of(source: str, questions: dict[str, Question], answers: list, states: dict) -> tuple[str, list[Question]]:
    """The selection ("By topic: destinations") and its questions, in bank order or most urgent first."""
    if source == "By topic":
        topic = st.selectbox("Topic", list(TOPICS), format_func=TOPICS.get, **kept(f"{KEY}.topic", "invocation-types"))
        return f"{source}: {topic}", [q for q in questions.values() if q.topic == topic]
    if source == "By domain":
        domain = st.selectbox("Exam domain", list(DOMAINS), **kept(f"{KEY}.domain", 1),
                              format_func=lambda d: f"Domain {d}: {DOMAINS[d]}")
        return f"{source}: {domain}", [q for q in questions.values() if q.domain == domain]
    ids = review.mistakes(answers) if source == "My mistakes" else review.due_questions(states, now())
    return source, [questions[qid] if qid in questions else generated.regenerate(qid) for qid in ids
                    if qid in questions or generated.is_generated(qid)]


def record(learner: str | None, question: Question, correct: bool) -> None:
    """Save the answer and move the question's Leitner box: in the store, or only in this session."""
    at = now()
    if not learner:
        remember_in_session(question.id, correct, at, "practice")
        return
    # A named learner's boxes come from the store, as in the Exam: the session's own copy starts empty after a
    # reload, which put every question answered right back in box 2.
    review.remember_answer(progress.review_states(learner), question.id, correct, at, "practice", progress, learner)


def ask(question: Question, submitted: set[int] | None) -> set[int]:
    """The options as a radio (one answer) or checkboxes ("Select TWO."); returns the selection.

    Once submitted the options are locked, and show the submitted answer even after a page switch. Locked,
    they keep the page's text colour: Streamlit greys a disabled option's text (about 2.3:1, short of WCAG's
    4.5:1), and a learner reads these options again beside the feedback.
    """
    key = f"{KEY}.answer.{st.session_state[f'{KEY}.turn']}.{question.id}"
    locked = submitted is not None
    if locked and question.select == 1:
        st.session_state.setdefault(key, min(submitted))
    for i in range(len(question.options) if locked and question.select > 1 else 0):
        st.session_state.setdefault(f"{key}.{i}", i in submitted)
    with st.container(key=ANSWER_BOX):
        if locked:
            st.html(LOCKED_OPTIONS_STYLE)
        order = option_order(question)
        if question.select == 1:
            choice = st.radio("Your answer", order, index=None, key=key, disabled=locked,
                              format_func=lambda i: question.options[i].text)
            return set() if choice is None else {choice}
        selected = {i for i in order if st.checkbox(question.options[i].text, key=f"{key}.{i}", disabled=locked)}
        if not locked:
            show_selected_count(len(selected), question.select)
        return selected


def show_feedback(question: Question, selected: set[int]) -> None:
    """Right or wrong, then every option explained with the misconception it stands for, and the docs."""
    if grade(question, selected):
        st.success("**Correct.**", icon="✅")
    else:
        rule = (" A multiple-response question scores only when exactly the right options are selected."
                if question.select > 1 else "")
        st.error(f"**Incorrect.**{rule}", icon="❌")
    show_option_feedback(question, selected, labels)
    st.markdown(f"📖 [Read more in the AWS documentation]({question.doc_url})")


def show_proofs(question: Question) -> None:
    """On request, each proof scenario run in the simulator, drawn, with the checks that the answer relies on.

    A switch rather than an expander: an expander's content is drawn even closed, and the browser laid out
    every proof's diagram on each Submit, which made it take about a second.
    """
    if not question.proofs or not st.toggle("🔬 Prove it: run it in the simulator", key=f"{KEY}.prove.{question.id}",
                                            help="Runs the configurations behind the answer and draws them."):
        return
    with st.container(border=True):
        for number, proof in enumerate(question.proofs):
            st.markdown(f"**{proof.claim}**")
            outcome = lab_state.run(proof.scenario)
            for check in proof.checks:
                st.markdown(f"✅ {describe(check)}" if holds(check, outcome)
                            else f"❌ {describe(check)}: {check.feedback}")
            show_outcome(outcome, key=f"{KEY}.proof.{question.id}.{number}", heading_level=2,  # under the title
                         context=f"proof {number + 1} of {len(question.proofs)}")


def describe(check: Check) -> str:
    fields = check.model_dump(exclude={"kind", "feedback"})
    if "op" in fields:
        fields["op"] = OPS[fields["op"]]
    if "role" in fields:
        fields["role"] = ROLES[fields["role"]]
    return CHECK_WORDS[check.kind].format(**fields)


def report_problem(learner: str | None, question: Question) -> None:
    """A note about the question, sent with one click and then cleared, so it is not sent twice.

    A form: outside one, the text counted only once the box lost the focus, so the button stayed disabled
    while typing and the first click only committed the text.
    """
    with st.expander("🚩 Report a problem with this question"):
        with st.form(f"{KEY}.report.{question.id}.form", clear_on_submit=True, border=False):
            note = st.text_area("What is wrong?", key=f"{KEY}.report.{question.id}", max_chars=2000)
            sent = st.form_submit_button("Send report", key=f"{KEY}.report.{question.id}.send")
        if sent and note.strip():
            progress.report_problem(learner or "anonymous", question.id, note.strip(), now())
            st.success("Thank you: the report is saved for the people who write the questions.", icon="📨")
        elif sent:
            st.warning("Write what is wrong first, then send the report.", icon="✏️")


def choose(selection: str, pool: list[Question], seen: set[str]) -> Question | None:
    """The question on screen: an answered one stays until "Next"; otherwise the first not seen yet.

    Another selection keeps an unanswered question that it also holds. An answered one counts as done where it
    was answered, and the new selection asks afresh ("My mistakes" offers the question just missed again).
    """
    shown: Question | None = st.session_state.get(f"{KEY}.current")
    answered = f"{KEY}.submitted" in st.session_state
    previous = st.session_state.get(f"{KEY}.selection")
    if shown is not None and answered and previous == selection:
        return shown
    if shown is not None and answered:
        st.session_state[f"{KEY}.seen"].setdefault(previous, set()).add(shown.id)
    st.session_state[f"{KEY}.selection"] = selection
    if shown is not None and not answered and shown.id in {q.id for q in pool}:
        return shown
    st.session_state.pop(f"{KEY}.submitted", None)
    st.session_state[f"{KEY}.current"] = next((q for q in pool if q.id not in seen), None)
    st.session_state[f"{KEY}.turn"] = st.session_state.get(f"{KEY}.turn", 0) + 1  # fresh widgets each time
    return st.session_state[f"{KEY}.current"]


def next_question() -> None:
    seen = st.session_state[f"{KEY}.seen"][st.session_state[f"{KEY}.selection"]]
    seen.add(st.session_state.pop(f"{KEY}.current").id)
    st.session_state.pop(f"{KEY}.submitted", None)


# --- the screen ----------------------------------------------------------------------------------
st.title("📝 Practice")
learner = learner_name()
progress = store()
if not learner:
    st.info("Practise freely. Type your name in the sidebar to keep your answers and review schedule: "
            "without it, nothing is saved after you close the page.", icon="💾")
for name, empty in ((SESSION_ANSWERS, list), (SESSION_STATES, dict), (f"{KEY}.seen", dict)):
    st.session_state.setdefault(name, empty())
try:
    questions = {q.id: q for q in bank.load_bank()}
    labels = bank.load_misconceptions()
except bank.BankError as error:
    st.error("The question bank has a problem, so only generated questions are available:\n\n```\n"
             f"{error}\n```", icon="⛔")
    questions, labels = {}, {}

left, right = st.columns([3, 2])
with right:
    if st.toggle("Include generated questions", **kept(f"{KEY}.generated", False),
                 help="Questions drawn from templates, whose answers come from running the simulator."):
        extra = st.session_state.setdefault(f"{KEY}.generated_questions", generated.generate_many(GENERATED_COUNT, 0))
        questions |= {q.id: q for q in extra}
with left:
    source = st.radio("Practise", SOURCES, horizontal=True, **kept(f"{KEY}.source", SOURCES[0]))
answers = ([a for a in progress.answers(learner) if a["mode"] != LESSON_MODE] if learner  # lessons' own questions
           else st.session_state[SESSION_ANSWERS])
states = progress.review_states(learner) if learner else st.session_state[SESSION_STATES]
with left:
    selection, pool = pool_of(source, questions, answers, states)

seen = st.session_state[f"{KEY}.seen"].setdefault(selection, set())
question = choose(selection, pool, seen)
if question is None:
    if not pool:
        st.info({"My mistakes": "No mistakes to revisit: the last answer you gave to every question was right.",
                 "Due for review": "Nothing is due for review now. Come back later, or practise by topic."}.get(
                     source, "There are no questions here yet."), icon="📭")
    else:
        st.success(f"You have answered every question here ({len(pool)}).", icon="🎉")
        if st.button("Start again", key=f"{KEY}.restart"):
            seen.clear()
            st.rerun()
    st.stop()

st.divider()
# "My mistakes" and "Due for review" shrink as questions are answered right: counting those already done here
# keeps "Question 2 of 2" from reading "1 of 1" after the first right answer.
asked_here = {q.id for q in pool} | seen | {question.id}
# The question's line carries an id, so the next question is scrolled into view (see ui.keep_in_view). Every
# part of it is our own wording.
st.caption(f'<span id="{QUESTION_ID}" data-question="{question.id}">'
           f"Question {len(seen & asked_here) + 1} of {len(asked_here)}</span> · "
           f"Domain {question.domain}: {DOMAINS[question.domain]} · {TOPICS[question.topic]} · "
           f"{question.difficulty}", unsafe_allow_html=True)
keep_in_view(QUESTION_ID, hand_focus_to=VERDICT)
st.markdown(question.stem)
submitted = st.session_state.get(f"{KEY}.submitted")
selected = ask(question, submitted)
if submitted is None:
    if st.button("Submit", key=f"{KEY}.submit", type="primary", disabled=not selected):
        st.session_state[f"{KEY}.submitted"] = selected
        record(learner, question, grade(question, selected))
        st.rerun()
else:
    show_feedback(question, submitted)
    show_proofs(question)
    st.button("Next question", key=f"{KEY}.next", type="primary", on_click=next_question)
report_problem(learner, question)
