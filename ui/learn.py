"""Learn: pick a lesson, read it, reach each challenge's goal in a live scenario, check your understanding."""

from datetime import UTC, datetime

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from engine.scenario import Scenario
from lessons import course
from lessons.loader import LessonFileError, load_lessons
from lessons.model import Challenge, CheckQuestion, Lesson, Section
from lessons.progress import LESSON_MODE, ProgressStore, ProgressStoreError
from quizzes.grading import verdict_mark, verdict_whose
from ui import lab_state, scenario_form
from ui.learner import learner_name, store
from ui.outcome_view import show_outcome, show_summary

SOLVED = "learn.solved"  # (lesson id, challenge id) pairs solved in this browser session
PICKER = "learn.lesson"  # the lesson picker's key, followed by the number of lessons completed (see pick_lesson)
CHOSEN = "learn.chosen"  # the id of the lesson picked
LINK_PARAM = "lesson"  # the lesson's id in the page's address
LINKED = "learn.linked"  # the lesson id last read from, or written to, the address


def solved_challenges(progress: ProgressStore, learner: str | None) -> set[tuple[str, str]]:
    """Solved in this session or saved before; what was solved before the name was typed is saved now."""
    session: set[tuple[str, str]] = st.session_state.setdefault(SOLVED, set())
    if learner is None:
        return session
    saved = progress.completed_challenges(learner)
    for lesson_id, challenge_id in session - saved:
        progress.complete_challenge(learner, lesson_id, challenge_id)
    return saved | session


def record_solved(progress: ProgressStore, learner: str | None, lesson: Lesson, challenge: Challenge) -> None:
    """Remember a solved challenge, and the lesson once all of its challenges are solved."""
    st.session_state.setdefault(SOLVED, set()).add((lesson.id, challenge.id))
    if learner is not None:
        progress.complete_challenge(learner, lesson.id, challenge.id)
        if course.lesson_completed(lesson, solved_challenges(progress, learner)):
            progress.complete_lesson(learner, lesson.id)


def show_section(lesson: Lesson, index: int, section: Section) -> None:
    """A heading, its text and, when it has one, its prepared scenario run and drawn."""
    st.subheader(section.heading)
    st.markdown(section.body)
    if section.scenario is not None:
        with st.container(border=True):
            show_outcome(lab_state.run(section.scenario), key=f"learn.{lesson.id}.{index}", context=section.heading)
            if section.caption:
                st.caption(section.caption)


def show_challenge(lesson: Lesson, challenge: Challenge, solved: bool) -> bool:
    """The goal, an editable scenario, hints, the check and the run; True once the goal is met."""
    key = f"challenge.{lesson.id}.{challenge.id}"
    st.subheader(f"🎯 {challenge.title}{' ✅' if solved else ''}")
    st.markdown(challenge.goal)
    scenario, form_errors = scenario_form.read(key, challenge.start)
    outcome = lab_state.run(scenario)
    builder, results = st.columns([1, 2], gap="large")
    with builder:
        scenario_form.draw(key, scenario_form.errors_with_setup(form_errors, outcome))
    with results:
        buttons = st.container(horizontal=True)  # one row that wraps, so no label is cut short
        if buttons.button("Check my configuration", key=f"{key}.check", type="primary"):
            st.session_state[f"{key}.verdict"] = (scenario.to_token(), course.evaluate(challenge, outcome))
        show_hints(key, challenge, buttons)
        buttons.button("Show solution", key=f"{key}.solution", on_click=_load_solution,
                       args=(key, scenario, challenge.solution))  # a callback: the form takes it before it is drawn
        _note_solution(key, scenario, challenge.solution)
        token, verdict = st.session_state.get(f"{key}.verdict", (None, None))
        if verdict is None or token != scenario.to_token():
            st.caption("Change the configuration, then check it. The run below shows what it does now.")
        elif verdict.solved:
            st.success(f"✅ **Goal met.** {challenge.explanation}")
        else:
            st.error("**Not yet: the goal is not met.**\n\n" + "\n".join(f"- {t}" for t in verdict.feedback))
        show_summary(outcome)
    # The run's diagram, timeline and payloads take the lesson's whole width: in a column beside the builder,
    # a 1280 px laptop drew the diagram's labels at about 9 px.
    with st.container(border=True):
        show_outcome(outcome, key=f"{key}.run", summary=False, context=challenge.title)
    return verdict is not None and verdict.solved and token == scenario.to_token()


def _load_solution(key: str, own: Scenario, solution: Scenario) -> None:
    """Put the solution into the builder, keeping the learner's own configuration to go back to."""
    if own != solution:
        st.session_state[f"{key}.own"] = own
    scenario_form.load(key, solution)


def _note_solution(key: str, scenario: Scenario, solution: Scenario) -> None:
    """While the builder holds the solution, say so, and offer the learner's own configuration back."""
    own: Scenario | None = st.session_state.get(f"{key}.own")
    if own is None or scenario != solution:
        return
    st.info("The builder now holds a solution, in place of your configuration. Check it to see why it meets the "
            "goal, or change it to explore.", icon="💡")
    st.button("Back to my configuration", key=f"{key}.own.back", on_click=_back_to_own, args=(key, own))


def _back_to_own(key: str, own: Scenario) -> None:
    scenario_form.load(key, own)
    st.session_state.pop(f"{key}.own", None)


def show_hints(key: str, challenge: Challenge, button_slot: DeltaGenerator) -> None:
    """The hints revealed so far, and a button for the next one while any are left."""
    shown = st.session_state.setdefault(f"{key}.hints", 0)
    label = course.hint_button_label(challenge, shown)
    if label:
        button_slot.button(label, key=f"{key}.hint", on_click=_reveal_hint, args=(key,))
    for number, text in enumerate(course.visible_hints(challenge, shown), start=1):
        st.info(f"**Hint {number}.** {text}", icon="💡")


def _reveal_hint(key: str) -> None:
    st.session_state[f"{key}.hints"] += 1


def show_question(lesson: Lesson, question: CheckQuestion, progress: ProgressStore, learner: str | None) -> None:
    """A multiple-choice question; checking it explains every option, and saves the answer under the name."""
    key = f"learn.{lesson.id}.question.{question.id}"
    order = course.option_order(lesson.id, question)
    choice = st.radio(question.prompt, order, index=None, key=key,
                      format_func=lambda index: question.options[index].text)
    if st.button("Check answer", key=f"{key}.check", disabled=choice is None):
        st.session_state[f"{key}.checked"] = choice
        if learner is not None:
            try:
                progress.record_answer(learner, course.check_answer_id(lesson.id, question.id),
                                       question.options[choice].correct, datetime.now(UTC), LESSON_MODE)
            except ProgressStoreError as error:
                st.warning(f"Your answer could not be saved: {error}", icon="💾")
    if choice is None or st.session_state.get(f"{key}.checked") != choice:
        return
    grade = course.grade(question, choice, order)
    (st.success if grade.correct else st.error)("Correct." if grade.correct else "Not quite.")
    for option in grade.options:
        st.markdown(f"{verdict_mark(option.correct, option.chosen)} {option.text}"
                    f"{verdict_whose(option.correct, option.chosen)}  \n{option.explanation}")


def pick_lesson(lessons: list[Lesson], completed: set[str]) -> Lesson:
    """The lesson picker, each lesson ticked once complete; the choice is kept across page switches.

    The browser keeps a closed picker's text for as long as its widget and value stay the same, so the lesson
    just completed would show no tick until the next page switch. The widget's key therefore changes with the
    number of completed lessons, and the choice lives beside it, under ``CHOSEN``. The address holds the
    lesson too (``?lesson=<id>``): a reload, or a link a teacher shares, opens that lesson.
    """
    by_id = {lesson.id: lesson for lesson in lessons}
    linked = st.query_params.get(LINK_PARAM)
    if linked is not None and linked != st.session_state.get(LINKED):  # a link or a reload: open its lesson
        st.session_state[LINKED] = linked
        if linked in by_id:
            st.session_state[CHOSEN] = linked
        else:
            st.warning("The lesson in this link does not exist (any more), so the first lesson is open.", icon="🔗")
    chosen = st.session_state.get(CHOSEN)
    ids = list(by_id)
    choice = st.selectbox("Lesson", ids, index=ids.index(chosen) if chosen in by_id else 0,
                          key=f"{PICKER}.{len(completed)}",
                          format_func=lambda lesson_id: course.lesson_label(by_id[lesson_id], completed))
    st.session_state[CHOSEN] = st.session_state[LINKED] = choice
    if st.query_params.get(LINK_PARAM) != choice:
        st.query_params[LINK_PARAM] = choice  # the address bar names the lesson: a reload or a link reopens it
    return by_id[choice]


# --- the screen ----------------------------------------------------------------------------------
st.title("📚 Learn")
learner = learner_name()
progress = store()
try:
    lessons = load_lessons()
except LessonFileError as error:
    st.error(f"A lesson file has a problem, so lessons cannot be shown:\n\n```\n{error}\n```", icon="⛔")
    st.stop()
if not lessons:
    st.info("There are no lessons yet. The Lab is open meanwhile.", icon="📭")
    st.stop()

try:
    solved = solved_challenges(progress, learner)
    completed = progress.completed_lessons(learner) if learner else set()
except ProgressStoreError as error:
    st.warning(f"Your saved progress cannot be read right now: {error}", icon="💾")
    solved, completed = st.session_state.setdefault(SOLVED, set()), set()
completed |= {lesson.id for lesson in lessons if course.lesson_completed(lesson, solved)}
if learner is None:
    st.info("Your progress is not saved: type your name in the sidebar to keep it.", icon="👤")

lesson = pick_lesson(lessons, completed)
st.header(lesson.title)
st.markdown(lesson.summary)
if lesson.exam_tasks:
    st.caption(f"DVA-C02 task statements: {', '.join(lesson.exam_tasks)}")
if lesson.id in completed:
    st.success("🎉 Lesson complete: every challenge is solved.")

for index, section in enumerate(lesson.sections):
    show_section(lesson, index, section)

st.divider()
st.header("Challenges")
for challenge in lesson.challenges:
    already_solved = (lesson.id, challenge.id) in solved
    if show_challenge(lesson, challenge, already_solved) and not already_solved:
        try:
            record_solved(progress, learner, lesson, challenge)
        except ProgressStoreError as error:
            st.warning(f"Solved, but your progress could not be saved: {error}", icon="💾")
        else:
            st.rerun()  # redraw the lesson list and the headings with the new ticks

st.divider()
st.header("Check your understanding")
for question in lesson.questions:
    show_question(lesson, question, progress, learner)

st.divider()
st.subheader("Sources")
st.markdown("\n".join(f"- [{source.title}]({source.url})" for source in lesson.sources))
