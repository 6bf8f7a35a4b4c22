"""The gradebook: classes, pupils, teams, assignments, submissions, runs and rubric marks in SQLite.

One file in the teacher's data folder (``--db PATH`` moves it). Written with
WAL and foreign keys on; every change is one transaction, so a batch killed
half way keeps every run it finished. The file carries its schema version: an
older file is migrated in place, a newer or damaged one is refused with a
clear message and never touched.

A ``Gradebook`` is one connection: use it from one thread (the classroom
API keeps one per thread).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from brickclass.classroom.errors import GradebookError
from brickclass.classroom.graded_run import GradedRun
from brickclass.classroom.kept_field import KeptField
from brickclass.classroom.records import Assignment, ClassInfo, Pupil, Run, Submission
from brickclass.classroom.schema import MIGRATIONS, SCHEMA, SCHEMA_VERSION, statements

RUN_KINDS = ("simulator", "hub", "table")
RUBRIC_CRITERIA = ("function", "code", "process", "collaboration")
# Runs that have a score (a run on a hub reports only how it ended).
SCORED_KINDS = ("simulator", "table")


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def moment(epoch_s: float | None = None) -> str:
    """When a file was last changed (now, if not given), precise enough to order two saves in a second."""
    when = datetime.now(UTC) if epoch_s is None else datetime.fromtimestamp(epoch_s, UTC)
    return when.isoformat(timespec="microseconds")


def default_path() -> Path:
    from brickclass.classroom.progress import data_dir

    return data_dir() / "gradebook.sqlite3"


def _new_id(cursor: sqlite3.Cursor) -> int:
    """The id SQLite gave the row just inserted."""
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def _json(text: str | None, default: Any) -> Any:
    return default if text is None else json.loads(text)


_SUBMISSION = ("SELECT s.id, s.assignment_id, s.pupil_id, s.team_id, IFNULL(p.name, t.name) AS owner, s.filename, "
               "s.content, s.submitted, IFNULL(s.modified, s.submitted) AS modified FROM submissions s "
               "LEFT JOIN pupils p ON p.id = s.pupil_id LEFT JOIN teams t ON t.id = s.team_id")
_RUN = ("SELECT r.id, r.submission_id, r.kind, r.seed, r.status, r.score, r.max_score, r.stars, r.time_s, r.breakdown, "
        "r.output, r.error, r.hub_warnings, r.pupil_id, r.trace IS NOT NULL AS has_trace, r.created FROM runs r")


def _submission(row: sqlite3.Row) -> Submission:
    return Submission(row["id"], row["assignment_id"], row["pupil_id"], row["team_id"], row["owner"] or "",
                      row["filename"], row["content"], row["submitted"], row["modified"])


def _run(row: sqlite3.Row) -> Run:
    return Run(row["id"], row["submission_id"], row["kind"], row["seed"], row["status"], row["score"],
               row["max_score"], row["stars"], row["time_s"], _json(row["breakdown"], []), row["output"],
               _json(row["error"], None), _json(row["hub_warnings"], None), row["pupil_id"], bool(row["has_trace"]),
               row["created"])


class Gradebook:
    def __init__(self, path: Path | str | None = None, *, checked: bool = False) -> None:
        """Open (or create) the gradebook; ``checked``: another connection has just checked and
        migrated this file, so this one need not read it all again."""
        self.path = Path(path) if path is not None else default_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            # check_same_thread off only so that the thread that made the connection
            # need not be the one that closes it; each connection serves one thread.
            self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA foreign_keys = ON")
            # Ask the file, not its size: with WAL a new gradebook's tables may still be in
            # the -wal file. One writer at a time decides, so two openers never both create it.
            with self.transaction():
                created = self.db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0] == 0
                if created:
                    self._create()
            if not created and not checked:
                self._check_existing()
            self.db.execute("PRAGMA journal_mode = WAL")
        except sqlite3.DatabaseError as exc:
            raise GradebookError("not_a_gradebook", path=str(self.path)) from exc

    # --- schema ----------------------------------------------------------------------------------

    def _create(self) -> None:
        for statement in statements(SCHEMA):
            self.db.execute(statement)
        self.db.execute("INSERT INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        self.db.execute("INSERT INTO meta (key, value) VALUES ('application', 'brickclass')")

    def _check_existing(self) -> None:
        rows = dict(self.db.execute("SELECT key, value FROM meta").fetchall())
        if rows.get("application") != "brickclass":
            raise GradebookError("not_a_gradebook", path=str(self.path))
        version = int(rows.get("schema_version", "0"))
        if version > SCHEMA_VERSION:
            raise GradebookError("newer", path=str(self.path), version=version, known=SCHEMA_VERSION)
        integrity = self.db.execute("PRAGMA quick_check").fetchone()[0]
        if integrity != "ok":
            raise GradebookError("damaged", path=str(self.path))
        while version < SCHEMA_VERSION:
            with self.transaction():
                MIGRATIONS[version](self.db)
                version += 1
                self.db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(version),))

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """Reads that all see the same moment, even while a batch keeps writing."""
        if self.db.in_transaction:
            yield self.db  # already inside one
            return
        self.db.execute("BEGIN")
        try:
            yield self.db
        finally:
            self.db.execute("COMMIT")

    def close(self) -> None:
        self.db.close()

    # --- classes, teams, pupils ---------------------------------------------------------------------

    def class_id(self, name: str, create: bool = False) -> int | None:
        row = self.db.execute("SELECT id FROM classes WHERE name = ?", (name,)).fetchone()
        if row is not None:
            return int(row["id"])
        if not create:
            return None
        return _new_id(self.db.execute("INSERT INTO classes (name) VALUES (?)", (name,)))

    def add_pupil(self, class_name: str, name: str, team: str | None = None) -> tuple[int, bool]:
        """Add a pupil (or update their team); returns (pupil id, newly added)."""
        with self.transaction():
            class_id = self.class_id(class_name, create=True)
            team_id = None
            if team:
                row = self.db.execute("SELECT id FROM teams WHERE class_id = ? AND name = ?",
                                      (class_id, team)).fetchone()
                team_id = row["id"] if row else self.db.execute(
                    "INSERT INTO teams (class_id, name) VALUES (?, ?)", (class_id, team)).lastrowid
            row = self.db.execute("SELECT id FROM pupils WHERE class_id = ? AND name = ?", (class_id, name)).fetchone()
            if row is not None:
                self.db.execute("UPDATE pupils SET team_id = ? WHERE id = ?", (team_id, row["id"]))
                return int(row["id"]), False
            cursor = self.db.execute("INSERT INTO pupils (class_id, team_id, name) VALUES (?, ?, ?)",
                                     (class_id, team_id, name))
            return _new_id(cursor), True

    def classes(self) -> list[ClassInfo]:
        rows = self.db.execute("SELECT c.id, c.name, COUNT(p.id) AS pupils FROM classes c "
                               "LEFT JOIN pupils p ON p.class_id = c.id GROUP BY c.id ORDER BY c.name")
        return [ClassInfo(r["id"], r["name"], r["pupils"]) for r in rows]

    def pupils(self, class_id: int) -> list[Pupil]:
        rows = self.db.execute("SELECT p.id, p.name, t.name AS team, t.id AS team_id FROM pupils p "
                               "LEFT JOIN teams t ON t.id = p.team_id WHERE p.class_id = ? ORDER BY p.name",
                               (class_id,))
        return [Pupil(r["id"], r["name"], r["team"], r["team_id"]) for r in rows]

    def teams(self, class_id: int) -> list[tuple[int, str]]:
        return [(r["id"], r["name"]) for r in
                self.db.execute("SELECT id, name FROM teams WHERE class_id = ? ORDER BY name", (class_id,))]

    # --- assignments ---------------------------------------------------------------------------------

    def add_assignment(self, class_name: str, kind: str, target: str, *, level: int | None, seed: int,
                       titles: dict[str, str], title: str = "", runs_allowed: int = 1, due: str | None = None,
                       field: KeptField | None = None) -> int:
        """A new assignment; ``field``: a field file given to the class, kept with it as it is now."""
        if runs_allowed < 1:
            raise GradebookError("runs_at_least_one")
        with self.transaction():
            class_id = self.class_id(class_name)
            if class_id is None:
                raise GradebookError("no_class", name=class_name)
            cursor = self.db.execute(
                "INSERT INTO assignments (class_id, kind, target, level, seed, title, titles, due, runs_allowed, "
                "created, field_file) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (class_id, kind, target, level, seed, title, json.dumps(titles, ensure_ascii=False), due,
                 runs_allowed, now(), None if field is None else field.name))
            assignment_id = _new_id(cursor)
            for name, content in (field.files.items() if field is not None else ()):
                self.db.execute("INSERT INTO assignment_files (assignment_id, name, content) VALUES (?, ?, ?)",
                                (assignment_id, name, content))
            return assignment_id

    def assignment(self, assignment_id: int) -> Assignment:
        row = self.db.execute("SELECT a.*, c.name AS class_name FROM assignments a JOIN classes c ON c.id = a.class_id "
                              "WHERE a.id = ?", (assignment_id,)).fetchone()
        if row is None:
            raise GradebookError("no_assignment", id=assignment_id)
        return Assignment(row["id"], row["class_id"], row["class_name"], row["kind"], row["target"], row["level"],
                          row["seed"], row["title"], _json(row["titles"], {}), row["due"], row["runs_allowed"],
                          row["field_file"])

    def kept_field(self, assignment_id: int) -> KeptField | None:
        """The field file given with the assignment and its pictures, as they were then (None: no field file)."""
        assignment = self.assignment(assignment_id)
        if assignment.field_file is None:
            return None
        rows = self.db.execute("SELECT name, content FROM assignment_files WHERE assignment_id = ?", (assignment_id,))
        return KeptField(assignment.field_file, {row["name"]: bytes(row["content"]) for row in rows})

    def assignments(self, class_id: int | None = None) -> list[Assignment]:
        query = "SELECT id FROM assignments" + (" WHERE class_id = ?" if class_id is not None else "") + " ORDER BY id"
        return [self.assignment(r["id"]) for r in self.db.execute(query, (() if class_id is None else (class_id,)))]

    # --- submissions -----------------------------------------------------------------------------------

    def add_submission(self, assignment_id: int, *, pupil_id: int | None, team_id: int | None,
                       filename: str, content: str, modified: str | None = None) -> tuple[int, bool]:
        """Store a handed-in file; the same content again is not a new submission.

        ``modified`` is when the file was last changed (now, if not given): the
        newest file of a pupil or team is the one that is graded. Handing in an
        earlier version again makes it the newest again.
        """
        digest = hashlib.sha256(content.encode("utf-8")).hexdigest()
        changed = modified or moment()
        with self.transaction():
            row = self.db.execute(
                "SELECT id, IFNULL(modified, submitted) AS modified FROM submissions WHERE assignment_id = ? "
                "AND IFNULL(pupil_id, 0) = IFNULL(?, 0) AND IFNULL(team_id, 0) = IFNULL(?, 0) AND sha256 = ?",
                (assignment_id, pupil_id, team_id, digest)).fetchone()
            if row is not None:
                if changed > row["modified"]:
                    self.db.execute("UPDATE submissions SET modified = ?, filename = ? WHERE id = ?",
                                    (changed, filename, row["id"]))
                return int(row["id"]), False
            cursor = self.db.execute(
                "INSERT INTO submissions (assignment_id, pupil_id, team_id, filename, content, sha256, submitted, "
                "modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (assignment_id, pupil_id, team_id, filename, content, digest, now(), changed))
            return _new_id(cursor), True

    def submissions(self, assignment_id: int) -> list[Submission]:
        """Every file handed in for the assignment, newest of each pupil or team first."""
        rows = self.db.execute(_SUBMISSION + " WHERE s.assignment_id = ? ORDER BY owner, "
                               "IFNULL(s.modified, s.submitted) DESC, s.id DESC", (assignment_id,))
        return [_submission(r) for r in rows]

    def current_submissions(self, assignment_id: int) -> list[Submission]:
        """The newest file of each pupil and each team: what gets graded."""
        newest: dict[tuple[int | None, int | None], Submission] = {}
        for submission in self.submissions(assignment_id):
            newest.setdefault((submission.pupil_id, submission.team_id), submission)
        return list(newest.values())

    def submission(self, submission_id: int) -> Submission:
        row = self.db.execute(_SUBMISSION + " WHERE s.id = ?", (submission_id,)).fetchone()
        if row is None:
            raise GradebookError("no_submission", id=submission_id)
        return _submission(row)

    # --- runs --------------------------------------------------------------------------------------------

    def has_simulator_run(self, submission_id: int, seed: int) -> bool:
        return self.db.execute("SELECT 1 FROM runs WHERE submission_id = ? AND kind = 'simulator' AND seed = ?",
                               (submission_id, seed)).fetchone() is not None

    def add_run(self, submission_id: int, kind: str, result: GradedRun, *, seed: int | None = None,
                pupil_id: int | None = None) -> int | None:
        """Save one run; a simulator run for the same seed is never stored twice (returns None then).

        A run on a hub or the table is credited to ``pupil_id``, the pupil the
        teacher chose; a simulator run counts for whoever handed in the file.
        """
        if kind not in RUN_KINDS:
            raise ValueError(f"unknown run kind {kind!r}")
        with self.transaction():
            cursor = self.db.execute(
                "INSERT INTO runs (submission_id, kind, seed, status, score, max_score, stars, time_s, breakdown, "
                "output, error, trace, created, hub_warnings, pupil_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (submission_id, kind, seed, result.status, result.score, result.max_score, result.stars,
                 result.time_s, json.dumps(result.breakdown, ensure_ascii=False), result.output[:64_000],
                 None if result.error is None else json.dumps(result.error, ensure_ascii=False), result.trace, now(),
                 None if result.hub_warnings is None else json.dumps(result.hub_warnings, ensure_ascii=False),
                 pupil_id))
            return _new_id(cursor) if cursor.rowcount else None

    def runs(self, submission_id: int) -> list[Run]:
        return [_run(r) for r in self.db.execute(_RUN + " WHERE r.submission_id = ? ORDER BY r.id", (submission_id,))]

    def assignment_runs(self, assignment_id: int) -> list[Run]:
        rows = self.db.execute(_RUN + " JOIN submissions s ON s.id = r.submission_id WHERE s.assignment_id = ? "
                               "ORDER BY r.id", (assignment_id,))
        return [_run(r) for r in rows]

    def run(self, run_id: int) -> Run:
        row = self.db.execute(_RUN + " WHERE r.id = ?", (run_id,)).fetchone()
        if row is None:
            raise GradebookError("no_run", id=run_id)
        return _run(row)

    def trace(self, run_id: int) -> bytes | None:
        row = self.db.execute("SELECT trace FROM runs WHERE id = ?", (run_id,)).fetchone()
        return None if row is None else row["trace"]

    # --- rubric -------------------------------------------------------------------------------------------

    def set_mark(self, assignment_id: int, pupil_id: int, criterion: str, band: int, note: str = "") -> None:
        if criterion not in RUBRIC_CRITERIA:
            raise ValueError(f"rubric criterion must be one of {', '.join(RUBRIC_CRITERIA)}")
        if not 1 <= band <= 4:
            raise ValueError("a band is 1, 2, 3 or 4")
        with self.transaction():
            self.db.execute(
                "INSERT INTO rubric_marks (assignment_id, pupil_id, criterion, band, note) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (assignment_id, pupil_id, criterion) "
                "DO UPDATE SET band = excluded.band, note = excluded.note",
                (assignment_id, pupil_id, criterion, band, note))

    def marks(self, assignment_id: int, pupil_id: int) -> dict[str, int]:
        return {r["criterion"]: r["band"] for r in self.db.execute(
            "SELECT criterion, band FROM rubric_marks WHERE assignment_id = ? AND pupil_id = ?",
            (assignment_id, pupil_id))}

    def all_marks(self, assignment_id: int) -> dict[int, dict[str, int]]:
        marks: dict[int, dict[str, int]] = {}
        for r in self.db.execute("SELECT pupil_id, criterion, band FROM rubric_marks WHERE assignment_id = ?",
                                 (assignment_id,)):
            marks.setdefault(r["pupil_id"], {})[r["criterion"]] = r["band"]
        return marks
