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

from brickclass.export import export_rows, write_csv
from brickclass.gradebook import Gradebook, GradebookError
from brickclass.grading import grade
from brickclass.roster import collect, import_roster, name_key
from brickclass.scoresheet import ScoresheetError, score_table_run
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


def cli(*args: str, db: Path, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "brickclass", *args, "--db", str(db)], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, "BRICKCLASS_LANG": "en"})


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
    standings = {row["pupil"]: row for row in book.standings(assignment)}
    assert standings["Åsa Lindqvist"]["points"] >= 90 and standings["Åsa Lindqvist"]["stars"] == 3
    kinds = dict(zip((f"{n} Lindqvist" for n in FIRST), KIND_OF))
    for pupil, row in standings.items():
        if kinds[pupil] == "good":
            assert row["status"] == "finished" and row["points"] >= 90
        elif kinds[pupil] in ("syntax", "enodev", "busy"):
            assert row["status"] == "error" and row["points"] == 0
        elif kinds[pupil] == "loop":
            assert row["status"] == "timeout"
        elif kinds[pupil] == "empty":
            assert row["status"] == "finished" and row["points"] == 0

    out = tmp_path / "betyg.csv"
    exported = cli("export", str(assignment), "--csv", str(out), "--lang", "sv", db=db)
    assert exported.returncode == 0, exported.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to read UTF-8
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert table[0][:4] == ["elev", "klass", "lag", "uppgift"]
    assert len(table) == 31
    by_pupil = {row[0]: row for row in table[1:]}
    assert by_pupil["Ängla Lindqvist"][9] == "klar"  # an empty file runs and finishes with 0 points
    assert by_pupil["Åsa Lindqvist"][4] == str(standings["Åsa Lindqvist"]["points"])


def test_a_changed_file_is_a_new_submission_and_the_old_one_is_kept(classroom, tmp_path):
    _, roster, _ = classroom
    book = Gradebook(tmp_path / "book.sqlite3")
    import_roster(book, roster)
    assignment = book.add_assignment("6B", "mission", "moon-sweeper", level=1, seed=0, title="Moon 1")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "hugo_lindqvist.py").write_text("print(1)\n", encoding="utf-8")
    assert len(collect(book, assignment, folder).new) == 1
    assert len(collect(book, assignment, folder).unchanged) == 1
    (folder / "hugo_lindqvist.py").write_text("print(2)\n", encoding="utf-8")
    assert len(collect(book, assignment, folder).new) == 1
    assert len(book.submissions(assignment)) == 2
    assert book.latest_submissions(assignment)[0]["content"] == "print(2)\n"


def test_a_corrupt_gradebook_is_reported_and_left_untouched(tmp_path):
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"this is not a database at all" * 100)
    before = broken.read_bytes()
    with pytest.raises(GradebookError, match="left untouched"):
        Gradebook(broken)
    assert broken.read_bytes() == before
    listed = cli("roster", "list", db=broken)
    assert listed.returncode == 2 and "Traceback" not in listed.stderr


def test_a_gradebook_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "newer.sqlite3"
    Gradebook(path).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    before = path.read_bytes()
    with pytest.raises(GradebookError, match="newer brickclass"):
        Gradebook(path)
    assert path.read_bytes() == before


def test_an_export_sees_one_consistent_moment_while_runs_are_being_saved(classroom, tmp_path):
    _, roster, _ = classroom
    path = tmp_path / "book.sqlite3"
    book = Gradebook(path)
    import_roster(book, roster)
    assignment = book.add_assignment("6B", "mission", "practice", level=None, seed=0, title="Practice")
    pupils = book.pupils(book.class_id("6B"))
    submission, _ = book.add_submission(assignment, pupil_id=pupils[0]["id"], team_id=None, filename="a.py", content="")
    writer = Gradebook(path)
    with book.snapshot():
        first = book.standings(assignment)
        writer.add_run(submission, "simulator", seed=0, status="finished", score=5, max_score=5)
        second = book.standings(assignment)
    assert first == second
    assert book.standings(assignment)[0 if pupils[0]["name"] < pupils[1]["name"] else 1]["points"] in (5, None)
    rows = export_rows(book, [assignment])
    write_csv(rows, tmp_path / "out.csv", "en")
    assert any(row["points"] == 5 for row in rows)


def test_the_scoresheet_scores_the_table_and_refuses_the_impossible():
    mission = load_mission("moon-sweeper:2")
    sheet = score_table_run(mission, {"dust": "80", "pebbles": 4, "home": "ja", "arm_up": "yes", "time": 90,
                                      "panel_damage": 1, "lander_hit": 0})
    points = {line["id"]: line["points"] for line in sheet["breakdown"]}
    assert points == {"dust": 48, "pebbles": 20, "home": 20, "arm_up": 10, "time": 6, "panel_damage": -5, "lander_hit": 0}
    assert sheet["score"] == 99 and sheet["max_score"] == 135
    for answers, item in ((({"pebbles": 7}), "pebbles"), ({"dust": 120}, "dust"), ({"time": 200}, "time"),
                          ({"pebbles": -1}, "pebbles"), ({"home": "no", "arm_up": "yes"}, "arm_up"),
                          ({"panel_damage": 1.5}, "panel_damage"), ({"home": "maybe"}, "home")):
        with pytest.raises(ScoresheetError) as caught:
            score_table_run(mission, answers)
        assert caught.value.item == item


def test_grading_a_lesson_assignment_counts_the_criteria(tmp_path):
    book = Gradebook(tmp_path / "book.sqlite3")
    pupil, _ = book.add_pupil("6A", "Ada")
    assignment = book.add_assignment("6A", "lesson", "01-drive", level=None, seed=0, title="Drive")
    solution = Path("lessons/01-drive/solution.py").read_text(encoding="utf-8")
    book.add_submission(assignment, pupil_id=pupil, team_id=None, filename="ada.py", content=solution)
    summary = grade(book, assignment, workers=1)
    assert len(summary.done) == 1
    row = book.standings(assignment)[0]
    assert row["points"] == row["max_points"] == 2 and row["stars"] == 3


def test_grading_warns_about_programs_a_hub_would_refuse_but_still_scores_them(tmp_path):
    db = tmp_path / "book.sqlite3"
    book = Gradebook(db)
    asa, _ = book.add_pupil("6B", "Åsa")
    bo, _ = book.add_pupil("6B", "Bo")
    assignment = book.add_assignment("6B", "mission", "moon-sweeper", level=1, seed=0, title="Moon 1")
    # CPython has big integers, so the simulator runs this; a hub has only small ones.
    too_big = GOOD + "\nbig_number = 2**40\n"
    book.add_submission(assignment, pupil_id=asa, team_id=None, filename="asa.py", content=too_big)
    book.add_submission(assignment, pupil_id=bo, team_id=None, filename="bo.py", content=GOOD)
    book.close()

    graded = cli("--lang", "sv", "grade", str(assignment), db=db)
    assert graded.returncode == 0, graded.stderr
    assert "1 program skulle inte gå att köra på en riktig hubb" in graded.stdout
    warned_line = GOOD.count("\n") + 2
    assert f"Åsa, rad {warned_line}: 2**40" in graded.stdout and "Bo," not in graded.stdout

    standings = {row["pupil"]: row for row in Gradebook(db).standings(assignment)}
    assert standings["Åsa"]["points"] == standings["Bo"]["points"] >= 90  # a warning, not a lower score
    assert [w["line"] for w in standings["Åsa"]["hub_warnings"]] == [warned_line]
    assert standings["Bo"]["hub_warnings"] == []


def test_a_gradebook_from_an_older_version_is_brought_up_to_date_keeping_its_runs(tmp_path):
    path = tmp_path / "old.sqlite3"
    book = Gradebook(path)
    pupil, _ = book.add_pupil("6B", "Åsa")
    assignment = book.add_assignment("6B", "mission", "practice", level=None, seed=0, title="Practice")
    submission, _ = book.add_submission(assignment, pupil_id=pupil, team_id=None, filename="a.py", content="")
    book.add_run(submission, "simulator", seed=0, status="finished", score=7, max_score=9)
    book.close()
    # Make it the gradebook brickclass wrote before runs had hub warnings (schema 1).
    with sqlite3.connect(path) as db:
        db.execute("ALTER TABLE runs DROP COLUMN hub_warnings")
        db.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")

    book = Gradebook(path)
    assert book.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == "2"
    row, = book.standings(assignment)
    assert row["points"] == 7 and row["hub_warnings"] is None  # graded before the check existed
    book.add_run(submission, "simulator", seed=1, status="finished", score=8, max_score=9, hub_warnings=[])
    assert book.standings(assignment)[0]["hub_warnings"] == []
