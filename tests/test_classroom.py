"""The teacher's week: a class from a CSV, an assignment, 30 programs, grading, the gradebook and the export."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from brickclass.classroom import Classroom, GradebookError, GradedRun, RosterError, ScoresheetError
from brickclass.classroom.collect import collect
from brickclass.classroom.export import GRADEBOOK_COLUMNS, gradebook_rows, write_csv
from brickclass.classroom.gradebook import Gradebook
from brickclass.classroom.roster import import_roster, name_key, read_roster
from brickclass.classroom.scoresheet import score_table_run
from brickclass.classroom.standings import standings
from brickclass.simulator.missions import load_mission

FIRST = ["Åsa", "Björn", "Chen", "Dalia", "Elin", "Fatima", "Göran", "Hugo", "Ida", "Jonas", "Kim", "Lova", "Maja",
         "Noah", "Olle", "Pia", "Rami", "Saga", "Tove", "Uno", "Vera", "William", "Xin", "Yusuf", "Zara", "Ebba",
         "Liam", "Nora", "Omar", "Ängla"]
GOOD = Path("examples/sweeper_level1.py").read_text(encoding="utf-8")
PROGRAMS = {
    "good": GOOD,
    "short": GOOD.split("# Home again")[0],
    "syntax": "from pybricks.tools import wait\nwait(100\n",
    "loop": "from pybricks.tools import wait\nwhile True:\n    wait(1000)\n",
    "busy": "x = 0\nwhile True:\n    x += 1\n",
    "empty": "",
    "enodev": "from pybricks.pupdevices import Motor\nfrom pybricks.parameters import Port\nMotor(Port.E)\n",
}
KIND_OF = ["good"] * 20 + ["short"] * 4 + ["syntax", "loop", "enodev", "syntax", "busy", "empty"]
MOON = {"en": "Moon sweeper 1: one panel", "sv": "Månsoparen 1: en panel"}
COLUMN = {name: index for index, name in enumerate(GRADEBOOK_COLUMNS)}


def cli(*args: str, db: Path | None = None, timeout: float = 600, lang: str = "en") -> subprocess.CompletedProcess:
    where = ["--db", str(db)] if db is not None else []
    return subprocess.run([sys.executable, "-m", "brickclass", *args, *where], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, "BRICKCLASS_LANG": lang})


def one_class(path: Path, *pupils: tuple[str, str | None]) -> tuple[Gradebook, dict[str, int], int]:
    """A gradebook with class 6B of these pupils (name, team) and assignment 1, moon-sweeper:1."""
    book = Gradebook(path)
    ids = {name: book.add_pupil("6B", name, team)[0] for name, team in pupils}
    assignment = book.add_assignment("6B", "mission", "moon-sweeper", level=1, seed=0, titles=MOON)
    return book, ids, assignment


@pytest.fixture(scope="module")
def classroom(tmp_path_factory):
    folder = tmp_path_factory.mktemp("class6b")
    roster = folder / "klass6b.csv"
    lines = ["namn;klass;lag"] + [f"{name} Lindqvist;6B;Lag {i % 10 + 1}" for i, name in enumerate(FIRST)]
    roster.write_bytes(("\n".join(lines) + "\n").encode("utf-8-sig"))
    handed_in = folder / "inlamnat"
    handed_in.mkdir()
    for name, kind in zip(FIRST, KIND_OF):
        # Pupils name files their own way: lower case, underscores, no accents.
        filename = f"{name.lower().replace('å', 'a').replace('ä', 'a').replace('ö', 'o')}_lindqvist.py"
        (handed_in / filename).write_text(PROGRAMS[kind], encoding="utf-8")
    (handed_in / "mystery_pupil.py").write_text(GOOD, encoding="utf-8")
    return folder, roster, handed_in


def test_names_match_without_case_accents_or_separators():
    assert name_key("Åsa Lindqvist") == name_key("asa_lindqvist") == name_key("ASA-LINDQVIST")
    assert name_key("Göran") == name_key("goran")


def test_a_whole_class_is_graded_once_even_when_the_batch_is_killed(classroom, tmp_path):
    _, roster, handed_in = classroom
    db = tmp_path / "gradebook.sqlite3"
    imported = cli("roster", "import", str(roster), "--json", db=db)
    assert json.loads(imported.stdout) == {"added": 30, "updated": 0, "classes": ["6B"]}
    assigned = cli("assign", "6B", "moon-sweeper", "--level", "1", "--json", db=db)
    assignment = json.loads(assigned.stdout)["id"]
    collected = json.loads(cli("collect", str(assignment), str(handed_in), "--json", db=db).stdout)
    assert len(collected["new"]) == 30
    assert collected["unmatched"] == ["mystery_pupil.py"]

    # Start grading, and pull the plug after a few results are in.
    process = subprocess.Popen([sys.executable, "-m", "brickclass", "grade", str(assignment), "--db", str(db)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        with sqlite3.connect(db) as peek:
            done = peek.execute("SELECT COUNT(*) FROM runs").fetchone()[0]
        if done >= 6:
            break
        time.sleep(0.2)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert 6 <= done < 30

    finished = cli("grade", str(assignment), "--json", db=db)
    assert finished.returncode == 0, finished.stderr
    book = Gradebook(db)
    runs = book.db.execute("SELECT s.pupil_id, COUNT(r.id) AS n FROM submissions s JOIN runs r ON r.submission_id = s.id "
                           "GROUP BY s.pupil_id").fetchall()
    assert len(runs) == 30 and all(row["n"] == 1 for row in runs)
    rows = {row.pupil.name: row for row in standings(book, assignment)}
    assert rows["Åsa Lindqvist"].best.score >= 90 and rows["Åsa Lindqvist"].best.stars == 3
    kinds = dict(zip((f"{n} Lindqvist" for n in FIRST), KIND_OF))
    for pupil, row in rows.items():
        if kinds[pupil] == "good":
            assert row.status == "finished" and row.best.score >= 90
        elif kinds[pupil] in ("syntax", "enodev"):
            assert row.status == "error" and row.best.score == 0 and row.problems[0][1] == "crashed"
        elif kinds[pupil] in ("loop", "busy"):
            assert row.problems[0][1] == "never_ended"
        elif kinds[pupil] == "empty":
            assert row.status == "finished" and row.best.score == 0 and not row.problems

    out = tmp_path / "betyg.csv"
    exported = cli("export", str(assignment), "--csv", str(out), "--lang", "sv", db=db)
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.startswith("Skrev 30 rader till")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to read UTF-8
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert table[0][:5] == ["elev", "klass", "lag", "uppgift", "fil"]
    assert len(table) == 31
    by_pupil = {row[0]: row for row in table[1:]}
    assert by_pupil["Ängla Lindqvist"][COLUMN["status"]] == "klar"  # an empty file runs and finishes with 0 points
    assert by_pupil["Åsa Lindqvist"][COLUMN["points"]] == str(rows["Åsa Lindqvist"].best.score)
    assert by_pupil["Åsa Lindqvist"][COLUMN["assignment"]] == "Månsoparen 1: en panel"
    assert by_pupil["Åsa Lindqvist"][COLUMN["file"]] == "asa_lindqvist.py"
    assert "," in by_pupil["Åsa Lindqvist"][COLUMN["best_time_s"]]


# --- collect --------------------------------------------------------------------------------------------


def test_collect_takes_python_files_whatever_the_case_of_their_extension(tmp_path):
    book, ids, assignment = one_class(tmp_path / "book.sqlite3", ("Linnea Nyström", None))
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "linnea_nystrom.PY").write_text("print(1)\n", encoding="utf-8")
    result = collect(book, assignment, folder)
    assert [(h.who, h.file) for h in result.new] == [("Linnea Nyström", "linnea_nystrom.PY")]
    assert [s.pupil_id for s in book.current_submissions(assignment)] == [ids["Linnea Nyström"]]


def test_two_files_for_one_pupil_are_reported_both_kept_and_the_newest_graded(tmp_path):
    db = tmp_path / "book.sqlite3"
    book, ids, assignment = one_class(db, ("Åsa Öberg", None))
    book.close()
    folder = tmp_path / "in"
    folder.mkdir()
    older, newer = folder / "ASA-OBERG.py", folder / "åsa_öberg.py"
    older.write_text("print('old')\n", encoding="utf-8")
    newer.write_text("print('new')\n", encoding="utf-8")
    os.utime(older, (1_700_000_000, 1_700_000_000))
    os.utime(newer, (1_700_000_600, 1_700_000_600))
    said = cli("collect", str(assignment), str(folder), db=db)
    assert said.returncode == 0, said.stderr
    assert "Åsa Öberg handed in more than one file: åsa_öberg.py is the newest and is graded; also kept: " \
           "ASA-OBERG.py" in said.stdout
    book = Gradebook(db)
    assert sorted(s.filename for s in book.submissions(assignment)) == ["ASA-OBERG.py", "åsa_öberg.py"]
    assert [s.content for s in book.current_submissions(assignment)] == ["print('new')\n"]
    row, = standings(book, assignment)
    assert row.counts.filename == "åsa_öberg.py"
    assert [(f.filename, f.current) for f in row.files] == [("åsa_öberg.py", True), ("ASA-OBERG.py", False)]


def test_a_changed_file_is_a_new_submission_and_the_old_one_is_kept(classroom, tmp_path):
    _, roster, _ = classroom
    book = Gradebook(tmp_path / "book.sqlite3")
    import_roster(book, roster)
    assignment = book.add_assignment("6B", "mission", "moon-sweeper", level=1, seed=0, titles=MOON)
    folder = tmp_path / "in"
    folder.mkdir()
    program = folder / "hugo_lindqvist.py"
    program.write_text("print(1)\n", encoding="utf-8")
    assert len(collect(book, assignment, folder).new) == 1
    assert len(collect(book, assignment, folder).unchanged) == 1
    program.write_text("print(2)\n", encoding="utf-8")
    os.utime(program, (time.time() + 5, time.time() + 5))
    assert len(collect(book, assignment, folder).new) == 1
    assert len(book.submissions(assignment)) == 2
    assert book.current_submissions(assignment)[0].content == "print(2)\n"


# --- roster -----------------------------------------------------------------------------------------------


def test_a_class_list_saved_by_excel_as_semicolon_csv_in_the_windows_encoding(tmp_path):
    saved = tmp_path / "klass6b.csv"
    saved.write_bytes("Namn;Klass;Lag\r\nÅsa Öberg;6B;Lag 1\r\nJörgen Ärlig;6B;\r\n".encode("cp1252"))
    assert read_roster(saved) == [{"name": "Åsa Öberg", "class": "6B", "team": "Lag 1"},
                                  {"name": "Jörgen Ärlig", "class": "6B", "team": ""}]


def test_a_class_list_saved_as_unicode_text_with_tabs(tmp_path):
    saved = tmp_path / "klass6b.txt"
    saved.write_bytes("name\tclass\nÅsa Öberg\t6B\n".encode("utf-16"))
    assert read_roster(saved) == [{"name": "Åsa Öberg", "class": "6B", "team": ""}]


def test_roster_problems_are_told_in_the_readers_language(tmp_path):
    wrong = tmp_path / "lista.csv"
    wrong.write_text("förnamn;grupp\nÅsa;1\n", encoding="utf-8")
    with pytest.raises(RosterError) as caught:
        read_roster(wrong)
    assert caught.value.message("sv") == f"{wrong} behöver kolumnerna namn och klass (eller name och class); " \
                                         "den har: förnamn, grupp"
    said = cli("roster", "import", str(wrong), db=tmp_path / "book.sqlite3", lang="sv")
    assert said.returncode == 2
    assert said.stderr.strip() == f"Klasslistan går inte att läsa: {caught.value.message('sv')}"


# --- team files ---------------------------------------------------------------------------------------------


def test_a_pupils_own_crash_is_seen_even_when_their_teams_file_counts(tmp_path):
    book, ids, assignment = one_class(tmp_path / "book.sqlite3", ("Åsa", "Lag 1"), ("Bo", "Lag 1"))
    team = book.teams(book.class_id("6B") or 0)[0][0]
    own, _ = book.add_submission(assignment, pupil_id=ids["Åsa"], team_id=None, filename="asa.py", content="x(")
    shared, _ = book.add_submission(assignment, pupil_id=None, team_id=team, filename="lag1.py", content="pass")
    book.add_run(own, "simulator", GradedRun.failed("SyntaxError", "'(' was never closed"), seed=0)
    book.add_run(shared, "simulator", GradedRun("finished", 40, 105, 1, 30.0), seed=0)
    rows = {row.pupil.name: row for row in standings(book, assignment)}
    assert rows["Åsa"].counts.filename == "lag1.py" and rows["Åsa"].best.score == 40
    assert rows["Åsa"].problems == [("asa.py", "crashed")]
    assert [f.filename for f in rows["Åsa"].files] == ["asa.py", "lag1.py"]  # both visible from her row
    assert rows["Bo"].counts.filename == "lag1.py" and rows["Bo"].problems == []
    exported = {row["pupil"]: row for row in gradebook_rows(book, [assignment], "en")}
    assert exported["Åsa"]["file"] == exported["Bo"]["file"] == "lag1.py"


def test_a_better_own_file_counts_over_the_teams(tmp_path):
    book, ids, assignment = one_class(tmp_path / "book.sqlite3", ("Åsa", "Lag 1"))
    team = book.teams(book.class_id("6B") or 0)[0][0]
    own, _ = book.add_submission(assignment, pupil_id=ids["Åsa"], team_id=None, filename="asa.py", content="a")
    shared, _ = book.add_submission(assignment, pupil_id=None, team_id=team, filename="lag1.py", content="b")
    book.add_run(own, "simulator", GradedRun("finished", 90, 105, 3, 25.0), seed=0)
    book.add_run(shared, "simulator", GradedRun("timeout", 40, 105, 1, 150.0), seed=0)
    row, = standings(book, assignment)
    assert row.counts.filename == "asa.py" and row.best.score == 90
    assert row.problems == [("lag1.py", "never_ended")]


# --- gradebook ---------------------------------------------------------------------------------------------


def test_a_corrupt_gradebook_is_reported_and_left_untouched(tmp_path):
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"this is not a database at all" * 100)
    before = broken.read_bytes()
    with pytest.raises(GradebookError, match="left untouched"):
        Gradebook(broken)
    assert broken.read_bytes() == before
    listed = cli("roster", "list", db=broken, lang="sv")
    assert listed.returncode == 2 and "Traceback" not in listed.stderr
    assert listed.stderr.strip() == f"Betygsboken går inte att öppna: {broken} är ingen betygsbok från brickclass, " \
                                    "eller så är den skadad; den lämnades orörd."
    assert broken.read_bytes() == before


def test_a_gradebook_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "newer.sqlite3"
    Gradebook(path).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    before = path.read_bytes()
    with pytest.raises(GradebookError, match="newer brickclass") as caught:
        Gradebook(path)
    assert "skrevs av en nyare brickclass (betygsbok version 99" in caught.value.message("sv")
    assert path.read_bytes() == before


def test_an_export_sees_one_consistent_moment_while_runs_are_being_saved(classroom, tmp_path):
    _, roster, _ = classroom
    path = tmp_path / "book.sqlite3"
    book = Gradebook(path)
    import_roster(book, roster)
    assignment = book.add_assignment("6B", "mission", "practice", level=None, seed=0, titles={"en": "P", "sv": "Ö"})
    pupils = book.pupils(book.class_id("6B") or 0)
    submission, _ = book.add_submission(assignment, pupil_id=pupils[0].id, team_id=None, filename="a.py", content="")
    writer = Gradebook(path)
    with book.snapshot():
        first = [(s.pupil.id, s.best) for s in standings(book, assignment)]
        writer.add_run(submission, "simulator", GradedRun("finished", 5, 5), seed=0)
        second = [(s.pupil.id, s.best) for s in standings(book, assignment)]
    assert first == second
    rows = gradebook_rows(book, [assignment], "sv")
    write_csv(rows, GRADEBOOK_COLUMNS, tmp_path / "out.csv", "sv")
    assert [row["points"] for row in rows if row["points"] is not None] == [5]
    assert {row["assignment"] for row in rows} == {"Ö"}


def _without_kept_fields(schema: str) -> str:
    """The schema before version 4 (no field files kept with assignments)."""
    start = schema.index("CREATE TABLE assignment_files")
    end = schema.index("CREATE TABLE submissions")
    old = schema[:start] + schema[end:]
    old = old.replace("DEFAULT '{}',  -- JSON", "DEFAULT '{}'  -- JSON").replace(
        "\n    field_file TEXT  -- a field file given to the class (my-moon.toml), kept in assignment_files (NULL otherwise)",
        "")
    assert "field_file" not in old and "assignment_files" not in old
    return old


def version_2_gradebook(path: Path) -> None:
    """A gradebook as brickclass wrote it at schema version 2: words in English, no credited pupil."""
    from brickclass.classroom.schema import SCHEMA, statements

    old = (_without_kept_fields(SCHEMA)
           .replace(",\n    titles TEXT NOT NULL DEFAULT '{}'  -- JSON: the mission's or lesson's own title by language", "")
           .replace("\n    modified TEXT,  -- when the file was last changed: the newest file of a pupil or team is the one graded", "")
           .replace(",  -- JSON list of `brickclass check` findings, NULL when the program was not checked\n"
                    "    pupil_id INTEGER REFERENCES pupils(id) ON DELETE CASCADE  -- a run on the hub or table: the pupil it is credited to",
                    "  -- JSON list"))
    assert "titles TEXT" not in old and "modified TEXT" not in old and "credited" not in old
    criterion = load_lesson_criterion("01-drive")
    with sqlite3.connect(path) as db:
        for statement in statements(old):
            db.execute(statement)
        db.executescript(f"""
            INSERT INTO meta VALUES ('schema_version', '2'), ('application', 'brickclass');
            INSERT INTO classes VALUES (1, '6B');
            INSERT INTO pupils VALUES (1, 1, NULL, 'Åsa');
            INSERT INTO assignments VALUES (1, 1, 'mission', 'moon-sweeper', 1, 0, '{MOON["en"]}', NULL, 1, 'x');
            INSERT INTO assignments VALUES (2, 1, 'lesson', '01-drive', NULL, 0, 'My own title', NULL, 1, 'x');
            INSERT INTO submissions VALUES (1, 1, 1, NULL, 'a.py', '', 'a', '2026-01-01T10:00:00+00:00');
            INSERT INTO submissions VALUES (2, 2, 1, NULL, 'a.py', '', 'a', '2026-01-01T10:00:00+00:00');
        """)
        db.execute("INSERT INTO runs (submission_id, kind, seed, status, score, max_score, breakdown, created) "
                   "VALUES (1, 'simulator', 0, 'finished', 7, 105, ?, 'x')",
                   (json.dumps([{"id": "dust", "label": "Dust", "points": 7}]),))
        db.execute("INSERT INTO runs (submission_id, kind, seed, status, score, max_score, breakdown, created) "
                   "VALUES (2, 'simulator', 0, 'finished', 1, 2, ?, 'x')",
                   (json.dumps([{"id": criterion.id, "label": criterion.label["en"], "points": 1,
                                 "detail": "612 mm"}]),))


def test_a_version_2_gradebook_gets_titles_and_labels_in_both_languages_keeping_its_runs(tmp_path):
    path = tmp_path / "old.sqlite3"
    version_2_gradebook(path)
    book = Gradebook(path)
    assert book.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == "4"
    moon = book.assignment(1)
    assert (moon.title, moon.title_in("sv")) == ("", MOON["sv"])
    assert book.assignment(2).title_in("sv") == "My own title"  # the teacher's own title stays
    row, = standings(book, 1)
    assert row.best.score == 7 and row.counts.filename == "a.py"
    assert row.best.breakdown[0]["label"] == {"en": load_label("dust", "en"), "sv": load_label("dust", "sv")}
    lesson_row, = standings(book, 2)
    line = lesson_row.best.breakdown[0]
    assert line["label"] == load_lesson_criterion("01-drive").label and line["detail"] == {"measured": "612 mm"}
    book.close()
    assert Gradebook(path).assignment(1).titles == MOON  # and a second opening finds nothing to do


def test_a_version_3_gradebook_learns_to_keep_field_files_and_keeps_everything_else(tmp_path):
    from brickclass.classroom.kept_field import KeptField
    from brickclass.classroom.schema import SCHEMA, statements

    path = tmp_path / "v3.sqlite3"
    with sqlite3.connect(path) as db:
        for statement in statements(_without_kept_fields(SCHEMA)):
            db.execute(statement)
        db.executescript(f"""
            INSERT INTO meta VALUES ('schema_version', '3'), ('application', 'brickclass');
            INSERT INTO classes VALUES (1, '6B');
            INSERT INTO assignments (id, class_id, kind, target, level, seed, title, due, runs_allowed, created, titles)
                VALUES (1, 1, 'mission', 'moon-sweeper', 1, 0, '', NULL, 1, 'x', '{json.dumps(MOON)}');
        """)
    book = Gradebook(path)
    assert book.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == "4"
    old = book.assignment(1)
    assert (old.mission_id, old.field_file, old.titles) == ("moon-sweeper:1", None, MOON)
    assert book.kept_field(1) is None
    kept = KeptField("moon.toml", {"moon.toml": b"id = 'moon'\n", "mat.png": b"\x89PNG"})
    new = book.add_assignment("6B", "mission", "moon", level=None, seed=0, titles=MOON, field=kept)
    assert book.kept_field(new) == kept and book.assignment(new).mission_id == "moon.toml"
    book.close()


def load_label(item_id: str, lang: str) -> str:
    item = next(i for i in load_mission("moon-sweeper:1").scoring.items if i.id == item_id)
    return item.label.get(lang)


def load_lesson_criterion(lesson_id: str):
    from brickclass.lessons import find_lesson

    return find_lesson(lesson_id).criteria[0]


# --- the table's scoresheet ------------------------------------------------------------------------------


def test_the_scoresheet_scores_the_table_and_refuses_the_impossible():
    mission = load_mission("moon-sweeper:2")
    sheet = score_table_run(mission, {"dust": "80", "pebbles": 4, "home": "ja", "arm_up": "yes", "time": 90,
                                      "panel_damage": 1, "lander_hit": 0})
    points = {line["id"]: line["points"] for line in sheet.breakdown}
    assert points == {"dust": 48, "pebbles": 20, "home": 20, "arm_up": 10, "time": 6, "panel_damage": -5, "lander_hit": 0}
    assert sheet.score == 99 and sheet.max_score == 135
    for answers, item in ((({"pebbles": 7}), "pebbles"), ({"dust": 120}, "dust"), ({"time": 200}, "time"),
                          ({"pebbles": -1}, "pebbles"), ({"home": "no", "arm_up": "yes"}, "arm_up"),
                          ({"panel_damage": 1.5}, "panel_damage"), ({"home": "maybe"}, "home")):
        with pytest.raises(ScoresheetError) as caught:
            score_table_run(mission, answers)
        assert caught.value.item == item
    with pytest.raises(ScoresheetError) as caught:
        score_table_run(mission, {"dust": "mycket"})
    assert caught.value.message("sv") == "mycket är inget tal" and caught.value.label.sv == "Damm bortsopat från panelerna"


# --- grading ---------------------------------------------------------------------------------------------------


def test_a_lesson_is_graded_into_language_neutral_data_whatever_the_graders_language(tmp_path):
    from brickclass.language import set_language

    set_language("sv")
    try:
        classroom = Classroom(tmp_path / "book.sqlite3")
        classroom.book.add_pupil("6A", "Ada")
        assignment, target = classroom.add_assignment("6A", "01-drive")
        solution = Path("lessons/01-drive/solution.py").read_text(encoding="utf-8")
        classroom.book.add_submission(assignment.id, pupil_id=classroom.pupils(assignment.class_id)[0].id,
                                      team_id=None, filename="ada.py", content=solution)
        summary = classroom.grade(assignment.id, workers=1)
    finally:
        set_language("en")
    assert len(summary.done) == 1
    assert set(assignment.titles) == {"en", "sv"} and assignment.titles["en"] != assignment.titles["sv"]
    row, = classroom.standings(assignment.id)
    assert row.best.score == row.best.max_score == 2 and row.best.stars == 3
    for line in row.best.breakdown:
        assert set(line["label"]) == {"en", "sv"} and line["label"]["en"] != line["label"]["sv"]


def test_grading_warns_about_programs_a_hub_would_refuse_but_still_scores_them(tmp_path):
    db = tmp_path / "book.sqlite3"
    book, ids, assignment = one_class(db, ("Åsa", None), ("Bo", None))
    # CPython has big integers, so the simulator runs this; a hub has only small ones.
    too_big = GOOD + "\nbig_number = 2**40\n"
    book.add_submission(assignment, pupil_id=ids["Åsa"], team_id=None, filename="asa.py", content=too_big)
    book.add_submission(assignment, pupil_id=ids["Bo"], team_id=None, filename="bo.py", content=GOOD)
    book.close()

    graded = cli("--lang", "sv", "grade", str(assignment), db=db)
    assert graded.returncode == 0, graded.stderr
    assert "Rättade 2 körningar." in graded.stdout
    assert "1 program skulle inte gå att köra på en riktig hubb" in graded.stdout
    warned_line = GOOD.count("\n") + 2
    assert f"Åsa, rad {warned_line}: 2**40 är för stort för hubbens heltal." in graded.stdout
    assert "Bo," not in graded.stdout

    rows = {row.pupil.name: row for row in standings(Gradebook(db), assignment)}
    assert rows["Åsa"].best.score == rows["Bo"].best.score >= 90  # a warning, not a lower score
    warning, = rows["Åsa"].best.hub_warnings
    assert warning["line"] == warned_line and warning["message"]["en"].startswith("2**40 is too big")
    assert rows["Bo"].best.hub_warnings == []


def test_quick_mode_writes_the_readers_words_and_decimal_comma(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "asa.py").write_text(GOOD, encoding="utf-8")
    (folder / "bo.PY").write_text(PROGRAMS["syntax"], encoding="utf-8")
    out = tmp_path / "snabb.csv"
    graded = cli("grade", str(folder), "--mission", "moon-sweeper:1", "--csv", str(out), lang="sv")
    assert graded.returncode == 0, graded.stderr
    table = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert table[0] == ["elev", "fil", "status", "poäng", "maxpoäng", "stjärnor", "tid_s", "hubbproblem"]
    rows = {row[0]: row for row in table[1:]}
    assert rows["asa"][2] == "klar" and "," in rows["asa"][6] and "." not in rows["asa"][6]
    assert rows["bo"][:3] == ["bo", "bo.PY", "fel"]
    assert "klar" in graded.stdout and "fel" in graded.stdout


# --- the command line in the reader's language ---------------------------------------------------------------


@pytest.mark.parametrize("args", [("--lang", "sv", "grade", "--help"), ("grade", "--help", "--lang", "sv"),
                                  ("grade", "--lang=sv", "--help")])
def test_help_is_in_swedish_when_swedish_is_chosen(args):
    said = cli(*args)
    assert said.returncode == 0
    assert said.stdout.startswith("användning: brickclass grade")
    assert "flaggor:" in said.stdout and "snabbläge: uppdraget som mappen rättas på" in said.stdout
    assert "show this help" not in said.stdout and "options:" not in said.stdout


def test_every_classroom_command_has_help_in_both_languages():
    for command in ("roster", "assign", "collect", "grade", "export", "teacher", "check", "hub"):
        english, swedish = cli(command, "--help"), cli(command, "--help", lang="sv")
        assert english.returncode == swedish.returncode == 0
        assert english.stdout.startswith("usage:") and swedish.stdout.startswith("användning:")
        assert english.stdout != swedish.stdout.replace("användning:", "usage:")


def test_argparse_complaints_are_in_swedish_too():
    said = cli("assign", lang="sv")
    assert said.returncode == 2
    assert "brickclass assign: fel: de här argumenten behövs: KLASS, UPPDRAG_ELLER_LEKTION" in said.stderr


def test_a_missing_level_is_explained_with_the_levels_there_are(tmp_path):
    db = tmp_path / "book.sqlite3"
    book, _, _ = one_class(db, ("Åsa", None))
    book.close()
    said = cli("assign", "6B", "moon-sweeper:7", db=db, lang="sv")
    assert said.returncode == 2
    assert said.stderr.strip() == ("Kunde inte skapa uppgiften: uppdraget moon-sweeper har ingen nivå 7; "
                                   "dess nivåer är moon-sweeper:1, moon-sweeper:2, moon-sweeper:3")
    said = cli("assign", "6B", "moon-sweeeper", db=db)
    assert "there is no mission or lesson called moon-sweeeper. Missions: " in said.stderr
    assert "03-square" in said.stderr


def test_counts_are_worded_one_and_many(tmp_path):
    roster = tmp_path / "6c.csv"
    roster.write_text("name,class\nElin Ek,6C\n", encoding="utf-8")
    db = tmp_path / "book.sqlite3"
    assert cli("roster", "import", str(roster), db=db, lang="sv").stdout.strip() == \
        "Lade till 1 elev, uppdaterade 0 (klasser: 6C)."
    assigned = json.loads(cli("assign", "6C", "moon-sweeper:1", "--json", db=db).stdout)["id"]
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "elin_ek.py").write_text("pass\n", encoding="utf-8")
    collected = cli("collect", str(assigned), str(folder), db=db, lang="sv").stdout
    assert collected.splitlines()[0] == "1 nytt program, 0 oförändrade."
    said = cli("export", "6C", "--csv", str(tmp_path / "ut.csv"), db=db)
    assert said.stdout.strip() == f"Wrote 1 row to {tmp_path / 'ut.csv'}."


def test_a_mistake_in_a_teachers_mission_file_is_told_in_the_readers_language(tmp_path):
    from brickclass.classroom import TargetError
    from brickclass.classroom.targets import pick_target

    mission = tmp_path / "min-mane.toml"
    mission.write_text('id = "min-mane"\ntitle.en = "Mine"\ntitle.sv = "Min"\ndescription.en = "x"\n'
                       'description.sv = "x"\ntime_limt_s = 15\n', encoding="utf-8")
    with pytest.raises(TargetError) as caught:
        pick_target(str(mission))
    english, swedish = caught.value.message("en"), caught.value.message("sv")
    assert "time_limt_s" in english and "time_limt_s" in swedish
    assert english.startswith("the mission file of") and swedish.startswith("uppdragsfilen för")
    assert swedish.split(": ", 1)[1] != english.split(": ", 1)[1]  # the loader's words too
