"""The gradebook's tables, and how an older gradebook is brought up to date.

Every stored value is data: keys, numbers and names, never words in one
language. Titles and breakdown labels are kept in every language the kit
speaks; the reader's language picks one when they are shown.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from typing import Any

SCHEMA_VERSION = 4

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
    title TEXT NOT NULL,  -- the teacher's own title, or '' for the mission's or lesson's own (titles)
    due TEXT,
    runs_allowed INTEGER NOT NULL DEFAULT 1 CHECK (runs_allowed >= 1),
    created TEXT NOT NULL,
    titles TEXT NOT NULL DEFAULT '{}',  -- JSON: the mission's or lesson's own title by language
    field_file TEXT  -- a field file given to the class (my-moon.toml), kept in assignment_files (NULL otherwise)
);
CREATE TABLE assignment_files (
    -- A field file given as an assignment, as it was then, and every picture it prints on its mat:
    -- runs load these, so later edits of the file never change old grades.
    assignment_id INTEGER NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
    name TEXT NOT NULL,  -- inside the field's folder: the field file's name, a picture's (mat.png, mats/red.png)
    content BLOB NOT NULL,
    PRIMARY KEY (assignment_id, name)
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
    modified TEXT,  -- when the file was last changed: the newest file of a pupil or team is the one graded
    CHECK (pupil_id IS NOT NULL OR team_id IS NOT NULL)
);
CREATE UNIQUE INDEX one_copy_of_each_file
    ON submissions (assignment_id, IFNULL(pupil_id, 0), IFNULL(team_id, 0), sha256);
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
    hub_warnings TEXT,  -- JSON list of `brickclass check` findings, NULL when the program was not checked
    pupil_id INTEGER REFERENCES pupils(id) ON DELETE CASCADE  -- a run on the hub or table: the pupil it is credited to
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


def statements(sql: str) -> list[str]:
    return [statement for statement in sql.split(";") if statement.strip()]


def _add_hub_warnings(db: sqlite3.Connection) -> None:
    # What `brickclass check` found when the program was graded (a warning only).
    db.execute("ALTER TABLE runs ADD COLUMN hub_warnings TEXT")


def _label_in_every_language(line: dict[str, Any], known: dict[str, dict[str, str]]) -> dict[str, Any]:
    """A breakdown line whose label was kept in one language, with the label in every language."""
    label = line.get("label")
    if isinstance(label, dict):
        return line
    fixed = {k: v for k, v in line.items() if k != "label_sv"}
    english = str(label or line.get("id", ""))
    fixed["label"] = known.get(str(line.get("id")), {"en": english, "sv": str(line.get("label_sv") or english)})
    if isinstance(line.get("detail"), str):
        # A lesson criterion's measure ("840 mm"): kept as it was measured.
        fixed["detail"] = {"measured": line["detail"]} if line["detail"] else {}
    return fixed


def _item_labels(kind: str, target: str, level: int | None) -> dict[str, dict[str, str]]:
    """Labels of a mission's scoring items or a lesson's criteria, by id, in every language."""
    try:
        if kind == "lesson":
            from brickclass.lessons.library import find_lesson

            return {c.id: dict(c.label) for c in find_lesson(target).criteria}
        from brickclass.simulator.missions import load_mission

        mission = load_mission(target if level is None else f"{target}:{level}")
        return {item.id: {"en": item.label.en, "sv": item.label.sv} for item in mission.scoring.items}
    except (ValueError, OSError):
        return {}  # the mission or lesson is gone: keep the label as it was stored


def _words_to_data(db: sqlite3.Connection) -> None:
    """Version 3 stores no words of one language: titles and labels in every language,
    the pupil a table or hub run is credited to, and when each file was last changed."""
    from brickclass.classroom.targets import target_titles

    db.execute("ALTER TABLE assignments ADD COLUMN titles TEXT NOT NULL DEFAULT '{}'")
    db.execute("ALTER TABLE submissions ADD COLUMN modified TEXT")
    db.execute("UPDATE submissions SET modified = submitted")
    db.execute("ALTER TABLE runs ADD COLUMN pupil_id INTEGER REFERENCES pupils(id) ON DELETE CASCADE")
    for row in db.execute("SELECT id, kind, target, level, title FROM assignments").fetchall():
        titles = target_titles(row[1], row[2], row[3]) or {"en": row[4], "sv": row[4]}
        # Version 2 stored the English title when the teacher gave none.
        own = "" if row[4] == titles.get("en") else row[4]
        db.execute("UPDATE assignments SET titles = ?, title = ? WHERE id = ?",
                   (json.dumps(titles, ensure_ascii=False), own, row[0]))
        labels = _item_labels(row[1], row[2], row[3])
        runs = db.execute("SELECT r.id, r.breakdown FROM runs r JOIN submissions s ON s.id = r.submission_id "
                          "WHERE s.assignment_id = ?", (row[0],)).fetchall()
        for run_id, breakdown in runs:
            lines = [_label_in_every_language(line, labels) for line in json.loads(breakdown or "[]")]
            db.execute("UPDATE runs SET breakdown = ? WHERE id = ?", (json.dumps(lines, ensure_ascii=False), run_id))


def _kept_fields(db: sqlite3.Connection) -> None:
    """Version 4 keeps a field file given as an assignment (and its pictures) in the gradebook."""
    db.execute("ALTER TABLE assignments ADD COLUMN field_file TEXT")
    db.execute(next(statement for statement in statements(SCHEMA) if "CREATE TABLE assignment_files" in statement))


# From version N to N+1, applied in order inside one transaction each.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    1: _add_hub_warnings,
    2: _words_to_data,
    3: _kept_fields,
}
