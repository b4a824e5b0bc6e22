"""Progress: lessons and challenges completed, mock exam history, and taking progress to another computer."""

import re
from typing import Any

import streamlit as st

from lessons import course
from lessons.loader import LessonFileError, load_lessons
from lessons.progress import LESSON_MODE, ProgressImportError, ProgressStoreError
from quizzes.history import history_row, saved_breakdown, time_used
from ui.learner import learner_name, store
from ui.quiz_widgets import markdown_table


def show_lessons(rows: list[course.LessonProgress]) -> None:
    """The course as a whole, then each lesson with a bar of its solved challenges."""
    done = sum(row.completed for row in rows)
    st.progress(done / len(rows) if rows else 0.0, text=f"{done} of {len(rows)} lessons completed")
    for row in rows:
        name, bar = st.columns([2, 3])
        name.markdown(f"{'✅' if row.completed else '⬜'} {row.lesson.order}. {row.lesson.title}")
        checks = (f" · {row.checks_right} of {row.checks_total} check questions right"
                  if row.checks_total else "")
        bar.progress(row.solved / row.total, text=f"{row.solved} of {row.total} challenges solved{checks}")


def show_exams(exams: list[dict[str, Any]]) -> None:
    """Every mock exam, newest first, with its breakdown by domain and topic on demand."""
    if not exams:
        st.caption("No mock exam taken yet: the Exam page records each one here.")
        return
    rows = [history_row(exam) for exam in exams]
    st.markdown(markdown_table(rows))
    for number, (exam, row) in enumerate(zip(exams, rows, strict=True), start=1):
        score = "unknown" if row["Score"] is None else row["Score"]
        with st.expander(f"Exam {number}: {row['Submitted'] or 'date unknown'} · score {score} · by area"):
            areas = saved_breakdown(exam).rows()
            if areas:
                st.markdown(markdown_table(areas))
            else:
                st.caption("This saved exam has no breakdown.")
            used = time_used(exam)
            if used:
                st.caption(f"Time used: {used}.")


def show_import(learner: str) -> None:
    """Upload an export and merge it; a file that is not one is explained, and nothing changes."""
    uploaded = st.file_uploader("A progress file exported from this app (.json)", type=["json"],
                                key="progress.import_file")
    if uploaded is not None and st.button("Merge it into my progress", key="progress.import"):
        try:
            st.success(store().import_json(learner, uploaded.getvalue()), icon="📥")
        except ProgressImportError as error:
            st.error(str(error), icon="⚠️")


# --- the screen ----------------------------------------------------------------------------------
st.title("📈 Progress")
learner = learner_name()
progress = store()
if learner is None:
    st.info("Type your name in the sidebar to see your progress. No account is needed: your progress is "
            "kept on this computer under that name.", icon="👤")
    st.stop()

try:
    lessons = load_lessons()
except LessonFileError as error:
    st.error(f"A lesson file has a problem, so lessons cannot be listed:\n\n```\n{error}\n```", icon="⛔")
    lessons = []
try:
    rows = course.progress(lessons, progress.completed_lessons(learner), progress.completed_challenges(learner),
                           [a for a in progress.answers(learner) if a["mode"] == LESSON_MODE])
    exams = progress.exam_history(learner)
    export = progress.export_json(learner)
except ProgressStoreError as error:
    st.error(f"Your saved progress cannot be read right now: {error}", icon="💾")
    st.stop()

st.header("Lessons")
show_lessons(rows)

st.header("Mock exams")
show_exams(exams)

st.header("Move your progress")
st.markdown("Download your progress to keep a copy or to continue on another computer, then import it there: "
            "it is merged with what is already saved, nothing is overwritten.")
st.download_button("Download my progress (JSON)", data=export, mime="application/json", on_click="ignore",
                   file_name=f"lambda-lab-progress-{re.sub(r'[^a-z0-9]+', '-', learner.casefold())}.json")
show_import(learner)

st.header("Problems you reported")
reports = progress.problem_reports(learner)
if not reports:
    st.caption("None yet: the Practice page has a \"Report a problem\" button under each question.")
else:
    st.dataframe([{"Question": r["question_id"], "Note": r["note"], "Reported": r["at"]} for r in reports],
                 hide_index=True, width="stretch")
    st.download_button("Download my reports (JSON) for the teacher", data=progress.export_problem_reports(learner),
                       mime="application/json", on_click="ignore", file_name="lambda-lab-problem-reports.json")
st.caption("Teachers: `python -m quizzes.reports > reports.json` exports every learner's reports on this computer.")
