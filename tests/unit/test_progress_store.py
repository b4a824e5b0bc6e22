"""The progress store: per-learner data in SQLite that is never silently lost, exported and imported."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from lessons.progress import (
    SCHEMA_VERSION,
    ProgressImportError,
    ProgressStore,
    default_path,
    normalise_learner,
)
from quizzes.exam import ExamResult, QuestionResult
from quizzes.grading import Breakdown

T0 = datetime(2026, 1, 1, 9, 30, tzinfo=UTC)
#: A mock exam as the Exam page saves it: 1 of 2 right in 30 minutes.
EXAM = ExamResult(T0, T0 + timedelta(minutes=30), 3600, False,
                  [QuestionResult("q-dlq-2", (1,), False), QuestionResult("q-retries-1", (0, 2), True)],
                  score=550, passed=False,
                  breakdown=Breakdown(domains={1: (1, 2)},
                                      topics={"retries-and-event-age": (1, 1), "dlq-vs-destinations": (0, 1)}),
                  ).to_dict()


@pytest.fixture
def store(tmp_path: Path) -> ProgressStore:
    return ProgressStore(tmp_path / "progress.sqlite3", now=lambda: T0)


def fill(store: ProgressStore, learner: str) -> None:
    """Some of everything, for one learner."""
    store.complete_lesson(learner, "retries")
    store.complete_challenge(learner, "retries", "two-attempts")
    store.record_answer(learner, "q-retries-1", True, T0, "practice")
    store.record_answer(learner, "q-dlq-2", False, T0 + timedelta(minutes=1), "exam")
    store.set_review_state(learner, "q-dlq-2", 1, T0 + timedelta(days=1))
    store.record_exam(learner, EXAM)
    store.report_problem(learner, "q-dlq-2", "option B looks right too", T0)


def test_names_are_compared_stripped_and_case_insensitively() -> None:
    assert normalise_learner("  Ana   María ") == normalise_learner("ana maría") == "ana maría"


@pytest.mark.parametrize("name", ["", "   ", "x" * 41])
def test_an_empty_or_too_long_name_is_refused(name: str) -> None:
    with pytest.raises(ValueError):
        normalise_learner(name)


def test_each_learner_sees_only_their_own_progress(store: ProgressStore) -> None:
    fill(store, "Ana")
    assert store.completed_lessons("ANA ") == {"retries"}
    assert store.completed_challenges("ana") == {("retries", "two-attempts")}
    for other in ("Bob", "an", "ana b"):
        assert store.completed_lessons(other) == set()
        assert store.completed_challenges(other) == set()
        assert store.answers(other) == []
        assert store.review_states(other) == {}
        assert store.exam_history(other) == []
        assert json.loads(store.export_json(other))["problem_reports"] == []


def test_answers_and_review_states_come_back_as_utc_datetimes(store: ProgressStore) -> None:
    fill(store, "ana")
    assert store.answers("ana") == [
        {"question_id": "q-retries-1", "correct": True, "at": T0, "mode": "practice"},
        {"question_id": "q-dlq-2", "correct": False, "at": T0 + timedelta(minutes=1), "mode": "exam"},
    ]
    assert store.review_states("ana") == {"q-dlq-2": (1, T0 + timedelta(days=1))}
    store.set_review_state("ana", "q-dlq-2", 2, T0 + timedelta(days=3))
    assert store.review_states("ana") == {"q-dlq-2": (2, T0 + timedelta(days=3))}


def test_timestamps_are_stored_as_iso_8601_utc(store: ProgressStore) -> None:
    paris = datetime(2026, 1, 1, 10, 30, tzinfo=UTC).astimezone(__import__("zoneinfo").ZoneInfo("Europe/Paris"))
    store.record_answer("ana", "q", True, paris, "review")
    with sqlite3.connect(store.path) as db:
        assert db.execute("SELECT at FROM answers").fetchone()[0] == "2026-01-01T10:30:00.000000Z"


def test_an_unknown_answer_mode_is_refused(store: ProgressStore) -> None:
    with pytest.raises(ValueError, match="practice, exam, review"):
        store.record_answer("ana", "q", True, T0, "cram")


def test_exam_history_is_newest_first(tmp_path: Path) -> None:
    clock = iter([T0, T0 + timedelta(days=1)])
    store = ProgressStore(tmp_path / "p.sqlite3", now=lambda: next(clock, T0 + timedelta(days=2)))
    store.record_exam("ana", {"score": 600, "passed": False})
    store.record_exam("ana", {"score": 800, "passed": True})
    assert [exam["score"] for exam in store.exam_history("ana")] == [800, 600]


def test_problem_reports_of_every_learner_can_be_exported(store: ProgressStore) -> None:
    store.report_problem("Ana", "q1", "typo in option C", T0)
    store.report_problem("Bob", "q2", "two answers look right", T0 + timedelta(hours=1))
    assert [(r["learner"], r["question_id"]) for r in store.problem_reports()] == [("ana", "q1"), ("bob", "q2")]
    document = json.loads(store.export_problem_reports())
    assert document["reports"][1] == {"learner": "bob", "question_id": "q2", "note": "two answers look right",
                                      "at": "2026-01-01T10:30:00.000000Z"}


def test_the_file_is_at_lambda_lab_db_when_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAMBDA_LAB_DB", str(tmp_path / "somewhere" / "mine.sqlite3"))
    store = ProgressStore()
    store.complete_lesson("ana", "retries")
    assert store.path == tmp_path / "somewhere" / "mine.sqlite3"
    assert store.path.exists()


def test_the_file_is_in_the_xdg_data_folder_otherwise(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LAMBDA_LAB_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_path() == tmp_path / "lambda-destinations-lab" / "progress.sqlite3"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_path() == tmp_path / "home" / ".local" / "share" / "lambda-destinations-lab" / "progress.sqlite3"


def test_the_database_records_its_schema_version_and_uses_wal(store: ProgressStore) -> None:
    with sqlite3.connect(store.path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_reopening_a_good_file_keeps_everything_and_says_nothing(store: ProgressStore) -> None:
    fill(store, "ana")
    again = ProgressStore(store.path)
    assert again.notice is None
    assert again.completed_lessons("ana") == {"retries"}


def test_a_corrupted_file_is_set_aside_with_a_notice_and_a_fresh_one_started(store: ProgressStore) -> None:
    fill(store, "ana")
    data = bytearray(store.path.read_bytes())
    data[:16] = b"this is garbage!"  # the SQLite header
    store.path.write_bytes(bytes(data))

    reopened = ProgressStore(store.path, now=lambda: T0)
    [backup] = store.path.parent.glob("progress.sqlite3.corrupt-*.bak")
    assert backup.name == "progress.sqlite3.corrupt-20260101T093000Z.bak"
    assert backup.read_bytes() == bytes(data)  # kept byte for byte
    assert reopened.notice is not None
    assert "could not be read" in reopened.notice and str(backup) in reopened.notice
    assert reopened.completed_lessons("ana") == set()
    reopened.complete_lesson("ana", "destinations")
    assert reopened.completed_lessons("ana") == {"destinations"}


def test_the_backup_of_a_corrupted_file_still_holds_the_learners_data(store: ProgressStore) -> None:
    fill(store, "ana")
    with sqlite3.connect(store.path) as db:  # damage an index page only: the tables stay readable
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
        root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'answers_by_learner'").fetchone()[0]
    data = bytearray(store.path.read_bytes())
    data[(root - 1) * page_size:root * page_size] = b"\xff" * page_size
    store.path.write_bytes(bytes(data))

    reopened = ProgressStore(store.path)
    assert reopened.notice is not None
    assert reopened.completed_lessons("ana") == set()
    [backup] = store.path.parent.glob("progress.sqlite3.corrupt-*.bak")
    with sqlite3.connect(backup) as db:
        assert db.execute("SELECT learner, lesson_id FROM lessons_completed").fetchall() == [("ana", "retries")]
        assert db.execute("SELECT count(*) FROM challenges_completed").fetchone()[0] == 1


def test_a_file_from_a_newer_version_is_set_aside_not_overwritten(store: ProgressStore) -> None:
    fill(store, "ana")
    with sqlite3.connect(store.path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        db.execute("PRAGMA journal_mode = DELETE")
    newer = store.path.read_bytes()

    reopened = ProgressStore(store.path)
    backup = store.path.with_name(f"progress.sqlite3.v{SCHEMA_VERSION + 1}.bak")
    assert backup.read_bytes() == newer
    assert "newer version" in (reopened.notice or "") and str(backup) in (reopened.notice or "")
    assert reopened.completed_lessons("ana") == set()
    with sqlite3.connect(backup) as db:  # the newer app's data is all there
        assert db.execute("SELECT lesson_id FROM lessons_completed").fetchall() == [("retries",)]


def test_a_sqlite_file_of_another_program_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE recipes (name TEXT)")
    store = ProgressStore(path)
    assert "not a progress file" in (store.notice or "")
    assert (tmp_path / "progress.sqlite3.v0.bak").exists()


def test_export_then_import_gives_another_name_the_same_progress(store: ProgressStore, tmp_path: Path) -> None:
    fill(store, "Ana")
    document = store.export_json("ana")
    assert json.loads(document)["version"] == 1

    elsewhere = ProgressStore(tmp_path / "other.sqlite3")
    message = elsewhere.import_json("Ana on the laptop", document)
    assert message.startswith("Imported 1 lesson, 1 challenge, 2 answers")
    learner = "ana on the laptop"
    assert elsewhere.completed_lessons(learner) == store.completed_lessons("ana")
    assert elsewhere.completed_challenges(learner) == store.completed_challenges("ana")
    assert elsewhere.answers(learner) == store.answers("ana")
    assert elsewhere.review_states(learner) == store.review_states("ana")
    assert elsewhere.exam_history(learner) == store.exam_history("ana")
    assert json.loads(elsewhere.export_json(learner))["problem_reports"] == \
        json.loads(document)["problem_reports"]


def test_importing_the_same_file_twice_adds_nothing_the_second_time(store: ProgressStore) -> None:
    fill(store, "ana")
    document = store.export_json("ana")
    assert store.import_json("ana", document).startswith("Nothing new")
    assert len(store.answers("ana")) == 2
    assert len(store.exam_history("ana")) == 1


def test_an_import_keeps_the_review_state_that_is_further_along(store: ProgressStore, tmp_path: Path) -> None:
    store.set_review_state("ana", "q1", 3, T0 + timedelta(days=7))
    store.set_review_state("ana", "q2", 1, T0 + timedelta(days=1))
    other = ProgressStore(tmp_path / "other.sqlite3")
    other.set_review_state("ana", "q1", 1, T0 + timedelta(days=1))
    other.set_review_state("ana", "q2", 4, T0 + timedelta(days=14))
    store.import_json("ana", other.export_json("ana"))
    assert store.review_states("ana") == {"q1": (3, T0 + timedelta(days=7)), "q2": (4, T0 + timedelta(days=14))}


@pytest.mark.parametrize(("text", "says"), [
    ("", "not valid JSON"),
    ("[1, 2]", "not a progress export"),
    ('{"format": "something-else", "version": 1}', "not a progress export"),
    ('{"format": "lambda-destinations-lab/progress", "version": 2}', "format version 2"),
    (b"\xff\xfe\x00garbage", "not"),
])
def test_a_file_that_is_not_an_export_is_refused_clearly(store: ProgressStore, text: str, says: str) -> None:
    with pytest.raises(ProgressImportError, match=says):
        store.import_json("ana", text)


def test_a_damaged_export_changes_nothing_and_names_the_bad_field(store: ProgressStore) -> None:
    fill(store, "ana")
    document = json.loads(store.export_json("ana"))
    document["lessons"].append({"lesson_id": "new-lesson", "at": "2026-02-01T00:00:00Z"})
    document["answers"][1]["mode"] = "cram"
    before = store.export_json("ana")

    with pytest.raises(ProgressImportError, match=r"answers\[1\]\.mode: Input should be 'practice'"):
        store.import_json("ana", json.dumps(document))
    assert json.loads(store.export_json("ana")) | {"exported": None} == json.loads(before) | {"exported": None}
    assert "new-lesson" not in store.completed_lessons("ana")


@pytest.mark.parametrize("box", [0, 6, 9])
def test_an_imported_review_box_outside_the_schedules_five_is_refused(store: ProgressStore, box: int) -> None:
    """A box of 9 was accepted, then made the next answer to that question fail (next_state allows 1-5)."""
    fill(store, "ana")
    document = json.loads(store.export_json("ana"))
    document["review_states"] = [{"question_id": "q1", "box": box, "due": "2026-02-01T00:00:00Z"}]
    with pytest.raises(ProgressImportError, match=r"review_states\[0\]\.box"):
        store.import_json("ana", json.dumps(document))


@pytest.mark.parametrize(("change", "says"), [
    ({"correct": 2}, "correct is 2, but the questions listed have 1 answered right"),
    ({"total": 3}, "total is 3, but 2 questions are listed"),
    ({"score": 1000}, "score is 1000, but 1 of 2 right scores 550"),
    ({"passed": True}, "passed is true, but the pass mark is 720 and the score is 550"),
    ({"score": 40}, "score: Input should be greater than or equal to 100"),
    ({"score": "550"}, "score: Input should be a valid integer"),
    ({"domains": {"1": [2, 1]}}, r"domains.1 has more right \(2\) than asked \(1\)"),
    ({"topics": {"retries-and-event-age": [1, 1]}}, "topics add up to 1 of 1, but the exam has 1 of 2"),
    ({"seconds_used": 60}, "seconds_used is 60, but submitted_at is 1800 s after started_at"),
    ({"seconds_allowed": 600}, r"seconds_used \(1800\) is more than seconds_allowed \(600\)"),
    ({"timed_out": True}, "timed_out is true, but 1800 of the 3600 s allowed were used"),
    ({"submitted_at": "2026-01-01T09:00:00+00:00"}, "submitted_at is 1800 s before started_at"),
    ({"questions": [{"id": "q-dlq-2", "selected": [-1], "correct": False}]}, r"questions\[0\].selected\[0\]"),
])
def test_an_imported_exam_whose_numbers_do_not_add_up_is_refused_and_nothing_changes(
        store: ProgressStore, change: dict, says: str) -> None:
    """Such an exam showed in the history as if it had happened ("5 / 4 right", a pass at 550)."""
    fill(store, "ana")
    document = json.loads(store.export_json("ana"))
    document["exams"][0]["result"] |= change
    document["lessons"].append({"lesson_id": "new-lesson", "at": "2026-02-01T00:00:00Z"})
    with pytest.raises(ProgressImportError, match=rf"exams\[0\]\.result: .*{says}"):
        store.import_json("bo", json.dumps(document))
    assert store.completed_lessons("bo") == set() and store.exam_history("bo") == []


def test_an_imported_exam_keeps_its_own_text_and_fields_of_a_later_version(store: ProgressStore,
                                                                            tmp_path: Path) -> None:
    document = json.loads(store.export_json("ana"))
    document["exams"] = [{"at": "2026-01-01T10:00:00Z", "result": EXAM | {"proctored": False}}]
    assert store.import_json("ana", json.dumps(document)) == "Imported 1 exam."
    assert store.exam_history("ana") == [EXAM | {"proctored": False}]


def test_an_odd_saved_exam_still_exports_but_is_refused_on_import(store: ProgressStore) -> None:
    """Written by another tool or a hand edit: the learner's own data always leaves; it cannot come back in."""
    store.record_exam("ana", {"note": "written by another tool"})
    document = store.export_json("ana")
    assert json.loads(document)["exams"][0]["result"] == {"note": "written by another tool"}
    with pytest.raises(ProgressImportError, match=r"exams\[0\]\.result: started_at: Field required"):
        store.import_json("bo", document)


def test_an_exam_result_that_is_not_json_is_refused(store: ProgressStore) -> None:
    with pytest.raises(ValueError, match="not JSON-serialisable"):
        store.record_exam("ana", {"score": object()})


def test_a_learner_sees_only_their_own_problem_reports_while_the_maintainer_export_has_all(tmp_path) -> None:
    import json
    from datetime import UTC, datetime

    from lessons.progress import ProgressStore

    store = ProgressStore(tmp_path / "p.sqlite3")
    at = datetime(2026, 1, 1, tzinfo=UTC)
    store.report_problem("Ana", "q-1", "option B is also right", at)
    store.report_problem("Ben", "q-2", "typo in the stem", at)
    assert [r["question_id"] for r in store.problem_reports("ana")] == ["q-1"]
    assert [r["question_id"] for r in json.loads(store.export_problem_reports("Ben"))["reports"]] == ["q-2"]
    assert len(store.problem_reports()) == 2


def test_the_reports_command_prints_every_report_as_json(tmp_path, capsys) -> None:
    import json
    from datetime import UTC, datetime

    from lessons.progress import ProgressStore
    from quizzes import reports

    path = tmp_path / "p.sqlite3"
    ProgressStore(path).report_problem("Ana", "q-1", "unclear", datetime(2026, 1, 1, tzinfo=UTC))
    assert reports.main(["--db", str(path)]) == 0
    assert json.loads(capsys.readouterr().out)["reports"][0]["note"] == "unclear"


def test_an_exam_being_taken_is_kept_per_learner_replaced_on_each_save_and_discarded(store: ProgressStore) -> None:
    assert store.exam_in_progress("Ana") is None
    store.save_exam_in_progress("Ana", {"question_ids": ["q1", "q2"], "answers": {}})
    store.save_exam_in_progress("ana ", {"question_ids": ["q1", "q2"], "answers": {"q1": [0]}})
    assert store.exam_in_progress("ANA") == {"question_ids": ["q1", "q2"], "answers": {"q1": [0]}}
    assert store.exam_in_progress("bo") is None
    store.discard_exam_in_progress("Ana")
    assert store.exam_in_progress("Ana") is None


def test_a_file_from_the_first_schema_gains_the_new_table_and_keeps_its_progress(tmp_path: Path) -> None:
    from lessons.progress import MIGRATIONS

    path = tmp_path / "progress.sqlite3"
    with sqlite3.connect(path) as db:  # a file the first released version wrote
        for statement in MIGRATIONS[0]:
            db.execute(statement)
        db.execute("INSERT INTO lessons_completed VALUES ('ana', 'retries', '2026-01-01T09:30:00Z')")
        db.execute("PRAGMA user_version = 1")
    db.close()
    store = ProgressStore(path)
    assert store.notice is None and store.completed_lessons("ana") == {"retries"}
    store.save_exam_in_progress("ana", {"question_ids": ["q1"]})
    assert store.exam_in_progress("ana") == {"question_ids": ["q1"]}
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3


def test_a_file_from_the_second_schema_keeps_its_answers_and_takes_lesson_answers(tmp_path: Path) -> None:
    from lessons.progress import MIGRATIONS

    path = tmp_path / "progress.sqlite3"
    with sqlite3.connect(path) as db:  # a file the second released version wrote
        for statement in (*MIGRATIONS[0], *MIGRATIONS[1]):
            db.execute(statement)
        db.execute("INSERT INTO answers (learner, question_id, correct, at, mode) "
                   "VALUES ('ana', 'q1', 0, '2026-01-01T09:30:00Z', 'practice')")
        db.execute("PRAGMA user_version = 2")
    db.close()
    store = ProgressStore(path)
    assert store.notice is None
    assert [(a["question_id"], a["correct"], a["mode"]) for a in store.answers("ana")] == [("q1", False, "practice")]
    store.record_answer("ana", "lesson/retries/default-attempts", True, datetime(2026, 1, 2, tzinfo=UTC), "lesson")
    assert [a["mode"] for a in store.answers("ana")] == ["practice", "lesson"]
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
        assert db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'answers_by_learner'").fetchone()[0] == 1
    db.close()


def test_a_whole_exams_answers_are_saved_together_or_not_at_all(store: ProgressStore) -> None:
    rows = [("q1", True, T0, "exam", 2, T0 + timedelta(days=1)), ("q2", False, T0, "exam", 1, T0)]
    store.record_answers("ana", rows)
    assert [(a["question_id"], a["correct"]) for a in store.answers("ana")] == [("q1", True), ("q2", False)]
    assert store.review_states("ana") == {"q1": (2, T0 + timedelta(days=1)), "q2": (1, T0)}
    with pytest.raises(ValueError, match="mode must be one of"):
        store.record_answers("ana", [("q3", True, T0, "exam", 2, T0), ("q4", True, T0, "cram", 2, T0)])
    assert len(store.answers("ana")) == 2, "nothing of a refused batch is written"
