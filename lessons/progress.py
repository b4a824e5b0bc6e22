"""Each learner's progress in one SQLite file: lessons, challenges, answers, review boxes, exams, reports.

A learner is a name typed once (no accounts); names are compared stripped and case-insensitively and
two names never see each other's data. Every operation opens its own short connection (Streamlit runs
each session's script in its own thread) on a WAL-mode database. A file that cannot be read, or that a
newer version of the app wrote, is never lost: it is renamed to a ``.bak`` beside it, a fresh file is
started and ``notice`` says where the old one went. Timestamps are stored as ISO-8601 UTC text.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from lessons.loader import describe_errors
from quizzes.history import SavedExam
from quizzes.review import FIRST_BOX, LAST_BOX

APP_DIR = "lambda-destinations-lab"
FILE_NAME = "progress.sqlite3"
LESSON_MODE = "lesson"  # the mode of an answer to a lesson's check question
MODES = ("practice", "exam", "review", LESSON_MODE)
EXPORT_FORMAT = "lambda-destinations-lab/progress"
REPORTS_FORMAT = "lambda-destinations-lab/problem-reports"
EXPORT_VERSION = 1
MAX_NAME_LENGTH = 40
MAX_IMPORT_BYTES = 20_000_000
IMPORTING = "importing"  # the validation context of a file being imported

#: MIGRATIONS[n] takes a database from schema version n to n + 1 (``PRAGMA user_version``).
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE lessons_completed (learner TEXT NOT NULL, lesson_id TEXT NOT NULL, at TEXT NOT NULL,
               PRIMARY KEY (learner, lesson_id))""",
        """CREATE TABLE challenges_completed (learner TEXT NOT NULL, lesson_id TEXT NOT NULL,
               challenge_id TEXT NOT NULL, at TEXT NOT NULL,
               PRIMARY KEY (learner, lesson_id, challenge_id))""",
        """CREATE TABLE answers (id INTEGER PRIMARY KEY, learner TEXT NOT NULL, question_id TEXT NOT NULL,
               correct INTEGER NOT NULL, at TEXT NOT NULL,
               mode TEXT NOT NULL CHECK (mode IN ('practice', 'exam', 'review')))""",
        "CREATE INDEX answers_by_learner ON answers (learner, at)",
        """CREATE TABLE review_states (learner TEXT NOT NULL, question_id TEXT NOT NULL, box INTEGER NOT NULL,
               due TEXT NOT NULL, PRIMARY KEY (learner, question_id))""",
        """CREATE TABLE exams (id INTEGER PRIMARY KEY, learner TEXT NOT NULL, at TEXT NOT NULL,
               result TEXT NOT NULL)""",
        "CREATE INDEX exams_by_learner ON exams (learner, at)",
        """CREATE TABLE problem_reports (id INTEGER PRIMARY KEY, learner TEXT NOT NULL,
               question_id TEXT NOT NULL, note TEXT NOT NULL, at TEXT NOT NULL)""",
    ),
    (  # 1 -> 2: a mock exam being taken survives a reload of the page, or a closed tab
        """CREATE TABLE exam_in_progress (learner TEXT PRIMARY KEY, session TEXT NOT NULL,
               at TEXT NOT NULL)""",
    ),
    (  # 2 -> 3: answers to the lessons' check questions are kept too (SQLite changes a CHECK by a new table)
        """CREATE TABLE answers_3 (id INTEGER PRIMARY KEY, learner TEXT NOT NULL, question_id TEXT NOT NULL,
               correct INTEGER NOT NULL, at TEXT NOT NULL,
               mode TEXT NOT NULL CHECK (mode IN ('practice', 'exam', 'review', 'lesson')))""",
        "INSERT INTO answers_3 (id, learner, question_id, correct, at, mode) "
        "SELECT id, learner, question_id, correct, at, mode FROM answers",
        "DROP TABLE answers",
        "ALTER TABLE answers_3 RENAME TO answers",
        "CREATE INDEX answers_by_learner ON answers (learner, at)",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)


class ProgressImportError(ValueError):
    """A progress file that cannot be imported; nothing was changed. The message says why."""


class ProgressStoreError(RuntimeError):
    """The progress file cannot be opened or written (no permission, disk full, locked too long)."""


class _Unusable(Exception):
    """The file exists but is not a progress database this version can use; ``kind`` says why."""

    def __init__(self, kind: Literal["corrupt", "newer", "unknown"], version: int = 0,
                 reason: str = "") -> None:
        super().__init__(reason)
        self.kind, self.version, self.reason = kind, version, reason


def default_path() -> Path:
    """``$LAMBDA_LAB_DB``, else ``$XDG_DATA_HOME/lambda-destinations-lab/progress.sqlite3``."""
    if os.environ.get("LAMBDA_LAB_DB"):
        return Path(os.environ["LAMBDA_LAB_DB"]).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / APP_DIR / FILE_NAME


def normalise_learner(name: str) -> str:
    """The name progress is kept under: stripped, inner spaces collapsed, case-folded; 1–40 characters."""
    key = " ".join(name.split()).casefold()
    if not key:
        raise ValueError("Type a name to keep your progress.")
    if len(key) > MAX_NAME_LENGTH:
        raise ValueError(f"Use a name of at most {MAX_NAME_LENGTH} characters.")
    return key


def migrate(connection: sqlite3.Connection) -> None:
    """Bring a database to ``SCHEMA_VERSION``; raises ``_Unusable`` for one this version cannot read.

    Runs in one immediate transaction, so two sessions opening a new file at once migrate it once.
    """
    with _transaction(connection):
        version = usable_version(connection)
        for statements in MIGRATIONS[version:]:
            for statement in statements:
                connection.execute(statement)
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def usable_version(connection: sqlite3.Connection) -> int:
    """The file's schema version; raises ``_Unusable`` for a newer one or another program's database."""
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise _Unusable("newer", version)
    if version == 0 and connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
        raise _Unusable("unknown", version)  # tables, but not written by this app
    return version


class ProgressStore:
    """Progress of every learner on this computer, in one SQLite file."""

    def __init__(self, path: Path | str | None = None, now: Callable[[], datetime] | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.notice: str | None = None
        self._now = now or (lambda: datetime.now(UTC))
        self._open()

    # --- lessons and challenges -------------------------------------------------------------------
    def complete_lesson(self, learner: str, lesson_id: str) -> None:
        with self._write() as db:
            db.execute("INSERT OR IGNORE INTO lessons_completed VALUES (?, ?, ?)",
                       (normalise_learner(learner), lesson_id, _iso(self._now())))

    def completed_lessons(self, learner: str) -> set[str]:
        rows = self._read("SELECT lesson_id FROM lessons_completed WHERE learner = ?", learner)
        return {row[0] for row in rows}

    def complete_challenge(self, learner: str, lesson_id: str, challenge_id: str) -> None:
        with self._write() as db:
            db.execute("INSERT OR IGNORE INTO challenges_completed VALUES (?, ?, ?, ?)",
                       (normalise_learner(learner), lesson_id, challenge_id, _iso(self._now())))

    def completed_challenges(self, learner: str) -> set[tuple[str, str]]:
        rows = self._read("SELECT lesson_id, challenge_id FROM challenges_completed WHERE learner = ?",
                          learner)
        return {(row[0], row[1]) for row in rows}

    # --- questions --------------------------------------------------------------------------------
    def record_answer(self, learner: str, question_id: str, correct: bool, at: datetime, mode: str) -> None:
        """One answer to a question; ``mode`` is "practice", "exam", "review" or "lesson"."""
        _check_mode(mode)
        with self._write() as db:
            db.execute("INSERT INTO answers (learner, question_id, correct, at, mode) VALUES (?, ?, ?, ?, ?)",
                       (normalise_learner(learner), question_id, bool(correct), _iso(at), mode))

    def answers(self, learner: str) -> list[dict[str, Any]]:
        """Every answer, oldest first: ``question_id``, ``correct``, ``at`` (aware UTC datetime), ``mode``."""
        rows = self._read("SELECT question_id, correct, at, mode FROM answers WHERE learner = ? "
                          "ORDER BY at, id", learner)
        return [{"question_id": q, "correct": bool(c), "at": _parse(at), "mode": mode}
                for q, c, at, mode in rows]

    def record_answers(self, learner: str, answers: list[tuple[str, bool, datetime, str, int, datetime]]) -> None:
        """Answers with each question's new review box and due time, in one transaction.

        One write for a whole submitted exam: a transaction each made submitting 65 questions take a third of
        a second.
        """
        for *_, mode, _, _ in answers:
            _check_mode(mode)
        who = normalise_learner(learner)
        with self._write() as db:
            db.executemany("INSERT INTO answers (learner, question_id, correct, at, mode) VALUES (?, ?, ?, ?, ?)",
                           [(who, qid, bool(correct), _iso(at), mode) for qid, correct, at, mode, _, _ in answers])
            db.executemany("INSERT OR REPLACE INTO review_states VALUES (?, ?, ?, ?)",
                           [(who, qid, int(box), _iso(due)) for qid, _, _, _, box, due in answers])

    def set_review_state(self, learner: str, question_id: str, box: int, due: datetime) -> None:
        with self._write() as db:
            db.execute("INSERT OR REPLACE INTO review_states VALUES (?, ?, ?, ?)",
                       (normalise_learner(learner), question_id, int(box), _iso(due)))

    def review_states(self, learner: str) -> dict[str, tuple[int, datetime]]:
        """Each question's review box and when it is next due."""
        rows = self._read("SELECT question_id, box, due FROM review_states WHERE learner = ?", learner)
        return {q: (box, _parse(due)) for q, box, due in rows}

    # --- exams ------------------------------------------------------------------------------------
    def record_exam(self, learner: str, result: dict[str, Any]) -> None:
        """A finished mock exam; datetimes in ``result`` are kept as ISO-8601 UTC strings."""
        text = _dumps(result)
        with self._write() as db:
            db.execute("INSERT INTO exams (learner, at, result) VALUES (?, ?, ?)",
                       (normalise_learner(learner), _iso(self._now()), text))

    def exam_history(self, learner: str) -> list[dict[str, Any]]:
        """Every recorded exam result, newest first."""
        rows = self._read("SELECT result FROM exams WHERE learner = ? ORDER BY at DESC, id DESC", learner)
        return [json.loads(row[0]) for row in rows]

    def save_exam_in_progress(self, learner: str, session: dict[str, Any]) -> None:
        """The learner's exam being taken (``ExamSession.to_dict``), replacing the one saved before."""
        with self._write() as db:
            db.execute("INSERT OR REPLACE INTO exam_in_progress VALUES (?, ?, ?)",
                       (normalise_learner(learner), _dumps(session), _iso(self._now())))

    def exam_in_progress(self, learner: str) -> dict[str, Any] | None:
        """The exam this learner started and has not submitted, as saved; None if there is none."""
        rows = self._read("SELECT session FROM exam_in_progress WHERE learner = ?", learner)
        return json.loads(rows[0][0]) if rows else None

    def discard_exam_in_progress(self, learner: str) -> None:
        """Forget the exam being taken: it was submitted, or the learner chose to drop it."""
        with self._write() as db:
            db.execute("DELETE FROM exam_in_progress WHERE learner = ?", (normalise_learner(learner),))

    # --- problem reports --------------------------------------------------------------------------
    def report_problem(self, learner: str, question_id: str, note: str, at: datetime) -> None:
        with self._write() as db:
            db.execute("INSERT INTO problem_reports (learner, question_id, note, at) VALUES (?, ?, ?, ?)",
                       (normalise_learner(learner), question_id, note, _iso(at)))

    def problem_reports(self, learner: str | None = None) -> list[dict[str, Any]]:
        """Reports, oldest first (``learner``, ``question_id``, ``note``, ``at``): one learner's, or every one.

        The page shows a learner only their own; every learner's reports are for whoever maintains the
        questions on this machine (``python -m quizzes.reports``).
        """
        with self._connect() as db:
            rows = db.execute("SELECT learner, question_id, note, at FROM problem_reports ORDER BY at, id")
            reports = [{"learner": who, "question_id": q, "note": note, "at": _parse(at)} for who, q, note, at in rows]
        if learner is None:
            return reports
        key = normalise_learner(learner)
        return [report for report in reports if report["learner"] == key]

    def export_problem_reports(self, learner: str | None = None) -> str:
        """Reports as a JSON document (one learner's, or every one), for whoever maintains the questions."""
        reports = [{**report, "at": _iso(report["at"])} for report in self.problem_reports(learner)]
        return _dumps({"format": REPORTS_FORMAT, "version": EXPORT_VERSION, "exported": self._now(),
                       "reports": reports}, indent=2)

    # --- export and import ------------------------------------------------------------------------
    def export_json(self, learner: str) -> str:
        """Everything kept for one learner, as a versioned JSON document ``import_json`` reads back."""
        key = normalise_learner(learner)
        with self._connect() as db:
            def rows(sql: str) -> list[sqlite3.Row]:
                return db.execute(sql, (key,)).fetchall()

            document = ProgressDocument(
                format=EXPORT_FORMAT, version=EXPORT_VERSION, learner=key, exported=self._now(),
                lessons=[dict(r) for r in rows(
                    "SELECT lesson_id, at FROM lessons_completed WHERE learner = ?")],
                challenges=[dict(r) for r in rows(
                    "SELECT lesson_id, challenge_id, at FROM challenges_completed WHERE learner = ?")],
                answers=[{**dict(r), "correct": bool(r["correct"])} for r in rows(
                    "SELECT question_id, correct, at, mode FROM answers WHERE learner = ? ORDER BY at, id")],
                review_states=[dict(r) for r in rows(
                    "SELECT question_id, box, due FROM review_states WHERE learner = ?")],
                exams=[{"at": r["at"], "result": json.loads(r["result"])} for r in rows(
                    "SELECT at, result FROM exams WHERE learner = ? ORDER BY at, id")],
                problem_reports=[dict(r) for r in rows(
                    "SELECT question_id, note, at FROM problem_reports WHERE learner = ? ORDER BY at, id")],
            )
        return document.model_dump_json(indent=2)

    def import_json(self, learner: str, text: str | bytes) -> str:
        """Merge an export into this learner's progress; returns what changed, in words.

        Nothing already here is lost or duplicated: completions and answers are added when new, and a
        question's review state is replaced only by one due later (further along). A file that does not
        validate raises ``ProgressImportError`` and changes nothing.
        """
        key = normalise_learner(learner)
        document = parse_export(text)
        added = dict.fromkeys(("lessons", "challenges", "answers", "review states", "exams",
                               "problem reports"), 0)
        with self._write() as db:
            def insert(what: str, sql: str, values: tuple[Any, ...]) -> None:
                added[what] += db.execute(sql, (key, *values)).rowcount

            for lesson in document.lessons:
                insert("lessons", "INSERT OR IGNORE INTO lessons_completed VALUES (?, ?, ?)",
                       (lesson.lesson_id, _iso(lesson.at)))
            for challenge in document.challenges:
                insert("challenges", "INSERT OR IGNORE INTO challenges_completed VALUES (?, ?, ?, ?)",
                       (challenge.lesson_id, challenge.challenge_id, _iso(challenge.at)))
            for answer in document.answers:
                insert("answers", """INSERT INTO answers (learner, question_id, correct, at, mode)
                       SELECT ?1, ?2, ?3, ?4, ?5 WHERE NOT EXISTS (SELECT 1 FROM answers WHERE learner = ?1
                       AND question_id = ?2 AND correct = ?3 AND at = ?4 AND mode = ?5)""",
                       (answer.question_id, answer.correct, _iso(answer.at), answer.mode))
            for state in document.review_states:
                insert("review states", """INSERT INTO review_states VALUES (?1, ?2, ?3, ?4)
                       ON CONFLICT (learner, question_id) DO UPDATE SET box = excluded.box, due = excluded.due
                       WHERE excluded.due > review_states.due""",
                       (state.question_id, state.box, _iso(state.due)))
            for exam in document.exams:
                insert("exams", """INSERT INTO exams (learner, at, result) SELECT ?1, ?2, ?3 WHERE NOT EXISTS
                       (SELECT 1 FROM exams WHERE learner = ?1 AND at = ?2 AND result = ?3)""",
                       (_iso(exam.at), _dumps(exam.result)))
            for report in document.problem_reports:
                insert("problem reports", """INSERT INTO problem_reports (learner, question_id, note, at)
                       SELECT ?1, ?2, ?3, ?4 WHERE NOT EXISTS (SELECT 1 FROM problem_reports
                       WHERE learner = ?1 AND question_id = ?2 AND note = ?3 AND at = ?4)""",
                       (report.question_id, report.note, _iso(report.at)))
        counts = [f"{count} {what if count > 1 else what.removesuffix('s')}" for what, count in added.items()
                  if count]
        if not counts:
            return "Nothing new to import: everything in this file is already in your progress."
        return f"Imported {', '.join(counts)}."

    # --- the database file ------------------------------------------------------------------------
    def _open(self) -> None:
        """Make sure the file is a usable progress database; ``notice`` says if an old one was set aside."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise ProgressStoreError(f"The folder of {self.path} cannot be created ({error.strerror}).") \
                from None
        for _ in range(3):  # another session may be setting the same file aside at this moment
            try:
                with self._connection() as db:
                    _check_readable(db)
                    usable_version(db)  # before WAL mode: a file set aside must stay byte for byte as it was
                    db.execute("PRAGMA journal_mode = WAL")
                    migrate(db)
                return
            except _Unusable as problem:
                self._set_aside(problem)
            except sqlite3.OperationalError as error:  # locked, no permission, disk full: not corruption
                raise ProgressStoreError(f"{self.path} cannot be opened ({error}).") from None
            except sqlite3.DatabaseError as error:  # "file is not a database", "disk image is malformed"
                self._set_aside(_Unusable("corrupt", reason=str(error)))
        raise ProgressStoreError(f"{self.path} could not be opened after setting damaged copies aside.")

    def _set_aside(self, problem: _Unusable) -> None:
        """Rename the file (and its WAL companions) to a backup beside it, and say so in ``notice``."""
        stamp = self._now().strftime("%Y%m%dT%H%M%SZ")
        label = f"corrupt-{stamp}" if problem.kind == "corrupt" else f"v{problem.version}"
        backup = self.path.with_name(f"{self.path.name}.{label}.bak")
        if backup.exists():
            backup = self.path.with_name(f"{self.path.name}.{label}-{stamp}-{os.getpid()}.bak")
        try:
            self.path.rename(backup)
        except FileNotFoundError:
            return  # another session set it aside first and will tell its learner
        for suffix in ("-wal", "-shm"):
            companion = self.path.with_name(self.path.name + suffix)
            if companion.exists():
                companion.rename(backup.with_name(backup.name + suffix))
        why = {
            "corrupt": f"could not be read ({problem.reason})",
            "newer": f"was written by a newer version of this app (progress format {problem.version}; "
                     f"this version reads up to {SCHEMA_VERSION})",
            "unknown": "is not a progress file of this app",
        }[problem.kind]
        self.notice = (f"Your saved progress file {self.path} {why}. It was kept, unchanged, as {backup}, "
                       "and progress is now saved in a new, empty file.")
        if problem.kind == "newer":
            self.notice += " Open the newer version of the app to use the old file again."

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """A short connection for one operation; a failure is a ``ProgressStoreError`` the UI can explain."""
        try:
            with self._connection() as connection:
                yield connection
        except sqlite3.Error as error:
            raise ProgressStoreError(f"{self.path}: {error}") from error

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        connection = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        connection.row_factory = sqlite3.Row
        # Safe with WAL: a power cut may lose the last commit, never corrupt the file (sqlite.org/wal.html).
        connection.execute("PRAGMA synchronous = NORMAL")
        try:
            yield connection
        finally:
            connection.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._connect() as connection, _transaction(connection):
            yield connection

    def _read(self, sql: str, learner: str) -> list[sqlite3.Row]:
        with self._connect() as db:
            return db.execute(sql, (normalise_learner(learner),)).fetchall()


def _check_mode(mode: str) -> None:
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")


@contextmanager
def _transaction(connection: sqlite3.Connection) -> Iterator[None]:
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def _check_readable(connection: sqlite3.Connection) -> None:
    rows = [row[0] for row in connection.execute("PRAGMA quick_check")]
    if rows != ["ok"]:
        raise _Unusable("corrupt", reason="; ".join(rows[:3]))


# --- the export document -----------------------------------------------------------------------------
_Id = Annotated[str, Field(min_length=1, max_length=200)]


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class _Lesson(_Strict):
    lesson_id: _Id
    at: AwareDatetime


class _Challenge(_Strict):
    lesson_id: _Id
    challenge_id: _Id
    at: AwareDatetime


class _Answer(_Strict):
    question_id: _Id
    correct: bool
    at: AwareDatetime
    mode: Literal["practice", "exam", "review", "lesson"]


class _ReviewState(_Strict):
    question_id: _Id
    box: int = Field(ge=FIRST_BOX, le=LAST_BOX)  # a box outside the schedule's made an exam's submit fail
    due: AwareDatetime


class _Exam(_Strict):
    at: AwareDatetime
    result: dict[str, JsonValue]

    @field_validator("result")
    @classmethod
    def _adds_up(cls, result: dict[str, JsonValue], info: ValidationInfo) -> dict[str, JsonValue]:
        """On import, checked as the exam page saves it, but kept as the file has it (never rewritten).

        Not on export: a learner's own saved exams always leave, whatever wrote them.
        """
        if not (info.context or {}).get(IMPORTING):
            return result
        try:
            SavedExam.model_validate(result)
        except ValidationError as error:
            problems = [line.removeprefix("(top level): ") for line in describe_errors(error, result)]
            raise ValueError("; ".join(problems[:3])) from None
        return result


class _Report(_Strict):
    question_id: _Id
    note: str = Field(max_length=5_000)
    at: AwareDatetime


class ProgressDocument(_Strict):
    """What ``export_json`` writes and ``import_json`` accepts (format version 1)."""

    format: Literal["lambda-destinations-lab/progress"]
    version: Literal[1]
    learner: str = Field(max_length=MAX_NAME_LENGTH)
    exported: AwareDatetime
    lessons: list[_Lesson] = []
    challenges: list[_Challenge] = []
    answers: list[_Answer] = []
    review_states: list[_ReviewState] = []
    exams: list[_Exam] = []
    problem_reports: list[_Report] = []


def parse_export(text: str | bytes) -> ProgressDocument:
    """A validated export document, or ``ProgressImportError`` saying in words what is wrong."""
    if len(text) > MAX_IMPORT_BYTES:
        raise ProgressImportError("This file is too large to be a progress export of this app.")
    try:
        data = json.loads(text)
    except UnicodeDecodeError:
        raise ProgressImportError("This file is not text: choose the .json file the app exported.") from None
    except ValueError as error:
        raise ProgressImportError(f"This file is not valid JSON ({error}).") from None
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise ProgressImportError("This file is not a progress export of Lambda Destinations Lab.")
    if data.get("version") != EXPORT_VERSION:
        raise ProgressImportError(f"This progress file has format version {data.get('version')!r}; this "
                                  f"version of the app reads version {EXPORT_VERSION}. Import it with a "
                                  "newer version of the app.")
    try:
        return ProgressDocument.model_validate(data, context={IMPORTING: True})
    except ValidationError as error:
        problems = describe_errors(error, data)
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        raise ProgressImportError("This progress file is damaged, so nothing was imported: "
                                  + "; ".join(problems[:3]) + more) from None


# --- values ------------------------------------------------------------------------------------------
def _iso(moment: datetime) -> str:
    """ISO-8601 in UTC; a naive datetime is taken to be UTC already."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def _parse(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _dumps(value: Any, indent: int | None = None) -> str:
    def encode(item: Any) -> str:
        if isinstance(item, datetime):
            return _iso(item)
        raise TypeError(f"{type(item).__name__} cannot be saved in a progress record")

    try:
        return json.dumps(value, default=encode, indent=indent, ensure_ascii=False)
    except (TypeError, ValueError) as error:
        raise ValueError(f"not JSON-serialisable: {error}") from None
