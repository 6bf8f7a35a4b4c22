"""The gradebook: classes, pupils, teams, assignments, submissions, runs and rubric marks in SQLite.

One file in the teacher's data folder (``--db PATH`` moves it). Written with
WAL and foreign keys on; every change is one transaction, so a batch killed
half way keeps every run it finished. The file carries its schema version: an
older file is migrated in place, a newer or damaged one is refused with a
clear message and never touched.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 2
RUN_KINDS = ("simulator", "hub", "table")
RUBRIC_CRITERIA = ("function", "code", "process", "collaboration")

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE classes (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
CREATE TABLE teams (
    id INTEGER PRIMARY KEY,
    class_id INTEGER NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    UNIQUE (class_id, name)
);
CREATE TABLE pupils (
    id INTEGER PRIMARY KEY,
    class_id INTEGER NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
    team_id INTEGER REFERENCES teams(id) ON DELETE SET NULL,
    name TEXT NOT NULL,
    UNIQUE (class_id, name)
);
CREATE TABLE assignments (
    id INTEGER PRIMARY KEY,
    class_id INTEGER NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('mission', 'lesson')),
    target TEXT NOT NULL,
    level INTEGER,
    seed INTEGER NOT NULL DEFAULT 0,
    title TEXT NOT NULL,
    due TEXT,
    runs_allowed INTEGER NOT NULL DEFAULT 1 CHECK (runs_allowed >= 1),
    created TEXT NOT NULL
);
CREATE TABLE submissions (
    id INTEGER PRIMARY KEY,
    assignment_id INTEGER NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
    pupil_id INTEGER REFERENCES pupils(id) ON DELETE CASCADE,
    team_id INTEGER REFERENCES teams(id) ON DELETE CASCADE,
    filename TEXT NOT NULL,
    content TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    submitted TEXT NOT NULL,
    CHECK (pupil_id IS NOT NULL OR team_id IS NOT NULL)
);
CREATE UNIQUE INDEX one_copy_of_each_file ON submissions (assignment_id, IFNULL(pupil_id, 0), IFNULL(team_id, 0), sha256);
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    submission_id INTEGER NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('simulator', 'hub', 'table')),
    seed INTEGER,
    status TEXT NOT NULL,
    score INTEGER NOT NULL,
    max_score INTEGER NOT NULL,
    stars INTEGER NOT NULL DEFAULT 0,
    time_s REAL,
    breakdown TEXT NOT NULL DEFAULT '[]',
    output TEXT NOT NULL DEFAULT '',
    error TEXT,
    trace BLOB,
    created TEXT NOT NULL,
    hub_warnings TEXT  -- JSON list of `brickclass check` findings, NULL when the program was not checked
);
CREATE UNIQUE INDEX one_simulator_run_per_seed ON runs (submission_id, seed) WHERE kind = 'simulator';
CREATE TABLE rubric_marks (
    id INTEGER PRIMARY KEY,
    assignment_id INTEGER NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
    pupil_id INTEGER NOT NULL REFERENCES pupils(id) ON DELETE CASCADE,
    criterion TEXT NOT NULL CHECK (criterion IN ('function', 'code', 'process', 'collaboration')),
    band INTEGER NOT NULL CHECK (band BETWEEN 1 AND 4),
    note TEXT NOT NULL DEFAULT '',
    UNIQUE (assignment_id, pupil_id, criterion)
);
"""

# Migrations from version N to N+1, applied in order to an older gradebook.
MIGRATIONS: dict[int, str] = {
    # 1 → 2: what `brickclass check` found in the program when it was graded
    # (a warning only: the run is scored all the same).
    1: "ALTER TABLE runs ADD COLUMN hub_warnings TEXT",
}


class GradebookError(Exception):
    """The gradebook file cannot be used (and was left as it was)."""


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def default_path() -> Path:
    from brickclass.progress import data_dir

    return data_dir() / "gradebook.sqlite3"


@dataclass(frozen=True)
class Assignment:
    id: int
    class_id: int
    class_name: str
    kind: str
    target: str
    level: int | None
    seed: int
    title: str
    due: str | None
    runs_allowed: int

    @property
    def mission_id(self) -> str:
        """What to run in the simulator: the mission with its level, or the lesson's id."""
        if self.kind == "mission" and self.level is not None:
            return f"{self.target}:{self.level}"
        return self.target


class Gradebook:
    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        existed = self.path.exists() and self.path.stat().st_size > 0
        try:
            self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA foreign_keys = ON")
            if existed:
                self._check_existing()
            else:
                self._create()
            self.db.execute("PRAGMA journal_mode = WAL")
        except sqlite3.DatabaseError as exc:
            raise GradebookError(f"{self.path} is not a brickclass gradebook or is damaged ({exc}); "
                                 "it was left untouched.") from exc

    # --- schema ----------------------------------------------------------------------------------

    def _create(self) -> None:
        with self.transaction():
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    self.db.execute(statement)
            self.db.execute("INSERT INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            self.db.execute("INSERT INTO meta (key, value) VALUES ('application', 'brickclass')")

    def _check_existing(self) -> None:
        try:
            rows = dict(self.db.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.DatabaseError as exc:
            raise GradebookError(f"{self.path} is not a brickclass gradebook ({exc}); it was left untouched.") from exc
        if rows.get("application") != "brickclass":
            raise GradebookError(f"{self.path} is not a brickclass gradebook; it was left untouched.")
        version = int(rows.get("schema_version", "0"))
        if version > SCHEMA_VERSION:
            raise GradebookError(f"{self.path} was written by a newer brickclass (gradebook version {version}, "
                                 f"this one knows {SCHEMA_VERSION}); update brickclass. The file was left untouched.")
        integrity = self.db.execute("PRAGMA quick_check").fetchone()[0]
        if integrity != "ok":
            raise GradebookError(f"{self.path} is damaged ({integrity}); it was left untouched.")
        while version < SCHEMA_VERSION:
            with self.transaction():
                for statement in MIGRATIONS[version].split(";"):
                    if statement.strip():
                        self.db.execute(statement)
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
        return int(self.db.execute("INSERT INTO classes (name) VALUES (?)", (name,)).lastrowid)

    def add_pupil(self, class_name: str, name: str, team: str | None = None) -> tuple[int, bool]:
        """Add a pupil (or update their team); returns (pupil id, newly added)."""
        with self.transaction():
            class_id = self.class_id(class_name, create=True)
            team_id = None
            if team:
                row = self.db.execute("SELECT id FROM teams WHERE class_id = ? AND name = ?", (class_id, team)).fetchone()
                team_id = row["id"] if row else self.db.execute(
                    "INSERT INTO teams (class_id, name) VALUES (?, ?)", (class_id, team)).lastrowid
            row = self.db.execute("SELECT id FROM pupils WHERE class_id = ? AND name = ?", (class_id, name)).fetchone()
            if row is not None:
                self.db.execute("UPDATE pupils SET team_id = ? WHERE id = ?", (team_id, row["id"]))
                return int(row["id"]), False
            cursor = self.db.execute("INSERT INTO pupils (class_id, team_id, name) VALUES (?, ?, ?)",
                                     (class_id, team_id, name))
            return int(cursor.lastrowid), True

    def classes(self) -> list[sqlite3.Row]:
        return self.db.execute("SELECT c.id, c.name, COUNT(p.id) AS pupils FROM classes c "
                               "LEFT JOIN pupils p ON p.class_id = c.id GROUP BY c.id ORDER BY c.name").fetchall()

    def pupils(self, class_id: int) -> list[sqlite3.Row]:
        return self.db.execute("SELECT p.id, p.name, t.name AS team, t.id AS team_id FROM pupils p "
                               "LEFT JOIN teams t ON t.id = p.team_id WHERE p.class_id = ? ORDER BY p.name",
                               (class_id,)).fetchall()

    def teams(self, class_id: int) -> list[sqlite3.Row]:
        return self.db.execute("SELECT id, name FROM teams WHERE class_id = ? ORDER BY name", (class_id,)).fetchall()

    # --- assignments ---------------------------------------------------------------------------------

    def add_assignment(self, class_name: str, kind: str, target: str, *, level: int | None, seed: int,
                       title: str, runs_allowed: int = 1, due: str | None = None) -> int:
        with self.transaction():
            class_id = self.class_id(class_name)
            if class_id is None:
                raise GradebookError(f"there is no class called {class_name!r}")
            cursor = self.db.execute(
                "INSERT INTO assignments (class_id, kind, target, level, seed, title, due, runs_allowed, created) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", (class_id, kind, target, level, seed, title, due, runs_allowed, now()))
            return int(cursor.lastrowid)

    def assignment(self, assignment_id: int) -> Assignment:
        row = self.db.execute("SELECT a.*, c.name AS class_name FROM assignments a JOIN classes c ON c.id = a.class_id "
                              "WHERE a.id = ?", (assignment_id,)).fetchone()
        if row is None:
            raise GradebookError(f"there is no assignment {assignment_id}")
        return Assignment(row["id"], row["class_id"], row["class_name"], row["kind"], row["target"], row["level"],
                          row["seed"], row["title"], row["due"], row["runs_allowed"])

    def assignments(self, class_id: int | None = None) -> list[Assignment]:
        query = "SELECT id FROM assignments" + (" WHERE class_id = ?" if class_id is not None else "") + " ORDER BY id"
        return [self.assignment(r["id"]) for r in self.db.execute(query, (() if class_id is None else (class_id,)))]

    # --- submissions and runs ----------------------------------------------------------------------------

    def add_submission(self, assignment_id: int, *, pupil_id: int | None, team_id: int | None,
                       filename: str, content: str) -> tuple[int, bool]:
        """Store a handed-in file; the same content again is not a new submission."""
        digest = hashlib.sha256(content.encode("utf-8")).hexdigest()
        with self.transaction():
            row = self.db.execute(
                "SELECT id FROM submissions WHERE assignment_id = ? AND IFNULL(pupil_id, 0) = IFNULL(?, 0) "
                "AND IFNULL(team_id, 0) = IFNULL(?, 0) AND sha256 = ?", (assignment_id, pupil_id, team_id, digest)).fetchone()
            if row is not None:
                return int(row["id"]), False
            cursor = self.db.execute(
                "INSERT INTO submissions (assignment_id, pupil_id, team_id, filename, content, sha256, submitted) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)", (assignment_id, pupil_id, team_id, filename, content, digest, now()))
            return int(cursor.lastrowid), True

    def submissions(self, assignment_id: int) -> list[sqlite3.Row]:
        return self.db.execute(
            "SELECT s.*, p.name AS pupil, t.name AS team FROM submissions s LEFT JOIN pupils p ON p.id = s.pupil_id "
            "LEFT JOIN teams t ON t.id = s.team_id WHERE s.assignment_id = ? ORDER BY IFNULL(p.name, t.name), s.id",
            (assignment_id,)).fetchall()

    def latest_submissions(self, assignment_id: int) -> list[sqlite3.Row]:
        """The newest file of each pupil or team: what gets graded."""
        return self.db.execute(
            "SELECT s.*, p.name AS pupil, t.name AS team FROM submissions s LEFT JOIN pupils p ON p.id = s.pupil_id "
            "LEFT JOIN teams t ON t.id = s.team_id WHERE s.id IN (SELECT MAX(id) FROM submissions "
            "WHERE assignment_id = ? GROUP BY IFNULL(pupil_id, 0), IFNULL(team_id, 0)) "
            "ORDER BY IFNULL(p.name, t.name)", (assignment_id,)).fetchall()

    def submission(self, submission_id: int) -> sqlite3.Row:
        row = self.db.execute("SELECT s.*, p.name AS pupil, t.name AS team FROM submissions s "
                              "LEFT JOIN pupils p ON p.id = s.pupil_id LEFT JOIN teams t ON t.id = s.team_id "
                              "WHERE s.id = ?", (submission_id,)).fetchone()
        if row is None:
            raise GradebookError(f"there is no submission {submission_id}")
        return row

    def has_simulator_run(self, submission_id: int, seed: int) -> bool:
        return self.db.execute("SELECT 1 FROM runs WHERE submission_id = ? AND kind = 'simulator' AND seed = ?",
                               (submission_id, seed)).fetchone() is not None

    def add_run(self, submission_id: int, kind: str, *, seed: int | None, status: str, score: int, max_score: int,
                stars: int = 0, time_s: float | None = None, breakdown: list[dict[str, Any]] | None = None,
                output: str = "", error: dict[str, Any] | None = None, trace: bytes | None = None,
                hub_warnings: list[dict[str, Any]] | None = None) -> int | None:
        """Save one run; a simulator run for the same seed is never stored twice (returns None then)."""
        if kind not in RUN_KINDS:
            raise ValueError(f"unknown run kind {kind!r}")
        with self.transaction():
            cursor = self.db.execute(
                "INSERT INTO runs (submission_id, kind, seed, status, score, max_score, stars, time_s, breakdown, "
                "output, error, trace, created, hub_warnings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                (submission_id, kind, seed, status, score, max_score, stars, time_s,
                 json.dumps(breakdown or [], ensure_ascii=False), output[:64_000],
                 None if error is None else json.dumps(error, ensure_ascii=False), trace, now(),
                 None if hub_warnings is None else json.dumps(hub_warnings, ensure_ascii=False)))
            return int(cursor.lastrowid) if cursor.rowcount else None

    def runs(self, submission_id: int) -> list[sqlite3.Row]:
        return self.db.execute("SELECT * FROM runs WHERE submission_id = ? ORDER BY id", (submission_id,)).fetchall()

    def run(self, run_id: int) -> sqlite3.Row:
        row = self.db.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()
        if row is None:
            raise GradebookError(f"there is no run {run_id}")
        return row

    # --- rubric -------------------------------------------------------------------------------------------

    def set_mark(self, assignment_id: int, pupil_id: int, criterion: str, band: int, note: str = "") -> None:
        if criterion not in RUBRIC_CRITERIA:
            raise ValueError(f"rubric criterion must be one of {', '.join(RUBRIC_CRITERIA)}")
        if not 1 <= band <= 4:
            raise ValueError("a band is 1, 2, 3 or 4")
        with self.transaction():
            self.db.execute(
                "INSERT INTO rubric_marks (assignment_id, pupil_id, criterion, band, note) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (assignment_id, pupil_id, criterion) DO UPDATE SET band = excluded.band, note = excluded.note",
                (assignment_id, pupil_id, criterion, band, note))

    def marks(self, assignment_id: int, pupil_id: int) -> dict[str, int]:
        return {r["criterion"]: r["band"] for r in self.db.execute(
            "SELECT criterion, band FROM rubric_marks WHERE assignment_id = ? AND pupil_id = ?", (assignment_id, pupil_id))}

    # --- the scoreboard -------------------------------------------------------------------------------------

    def standings(self, assignment_id: int) -> list[dict[str, Any]]:
        """One row per pupil of the class: best score of their (team's) runs, stars, runs, status."""
        assignment = self.assignment(assignment_id)
        rows = []
        for pupil in self.pupils(assignment.class_id):
            runs = self.db.execute(
                "SELECT r.* FROM runs r JOIN submissions s ON s.id = r.submission_id WHERE s.assignment_id = ? "
                "AND (s.pupil_id = ? OR (s.team_id IS NOT NULL AND s.team_id = ?)) ORDER BY r.score DESC, "
                "IFNULL(r.time_s, 1e9), r.id", (assignment_id, pupil["id"], pupil["team_id"])).fetchall()
            submitted = self.db.execute(
                "SELECT COUNT(*) FROM submissions WHERE assignment_id = ? AND (pupil_id = ? OR "
                "(team_id IS NOT NULL AND team_id = ?))", (assignment_id, pupil["id"], pupil["team_id"])).fetchone()[0]
            best = runs[0] if runs else None
            if best is not None:
                status = best["status"]
            else:
                status = "submitted" if submitted else "missing"
            rows.append({
                "pupil_id": pupil["id"], "pupil": pupil["name"], "team": pupil["team"] or "",
                "class": assignment.class_name, "assignment": assignment.title,
                "points": best["score"] if best else None, "max_points": best["max_score"] if best else None,
                "stars": best["stars"] if best else 0, "runs": len(runs),
                "best_time_s": best["time_s"] if best else None, "status": status,
                "best_run_id": best["id"] if best else None,
                "hub_warnings": json.loads(best["hub_warnings"]) if best and best["hub_warnings"] else None,
                "marks": self.marks(assignment_id, pupil["id"]),
            })
        return rows
