"""The teacher's app, driven with Textual's Pilot: each screen does the teacher's task."""

from __future__ import annotations

import asyncio
import functools
import json
from pathlib import Path

import pytest

from brickclass.checker import check_source
from brickclass.gradebook import Gradebook
from brickclass.language import set_language
from brickclass.simulator.run import RunOptions, run_program
from brickclass.tui.app import TeacherApp
from brickclass.tui.modals import NewAssignmentModal, RosterImportModal, RubricModal, ScoresheetModal
from brickclass.tui.screens import AssignmentScreen, ClassScreen, HelpScreen, RunScreen

SIZE = (130, 40)


def pilot_test(scenario):
    """Run an async Pilot scenario as a plain test (no asyncio plugin needed)."""

    @functools.wraps(scenario)
    def test(*args, **kwargs):
        asyncio.run(scenario(*args, **kwargs))

    return test
GOOD = Path("examples/sweeper_level1.py").read_text(encoding="utf-8")
TYPO = GOOD.replace("robot.straight(550)", "robot.straigth(550)")


def _save_run(book: Gradebook, submission: int, program: str, tmp_path: Path) -> None:
    path = tmp_path / f"p{submission}.py"
    path.write_text(program, encoding="utf-8")
    result = run_program(RunOptions(program=path, mission="moon-sweeper:1", trace=True))
    book.add_run(submission, "simulator", seed=0, status=result.status, score=result.score,
                 max_score=result.max_score, stars=result.stars, time_s=result.sim_time_s, breakdown=result.breakdown,
                 output=result.stdout, error=result.error, trace=result.trace.to_bytes(),
                 hub_warnings=[f.to_json() for f in check_source(program, path.name)])


@pytest.fixture(scope="module")
def graded_db(tmp_path_factory) -> Path:
    set_language("en")
    folder = tmp_path_factory.mktemp("teacher")
    db = folder / "book.sqlite3"
    book = Gradebook(db)
    ids = {name: book.add_pupil("6B", name, team)[0] for name, team in
           (("Åsa Lindqvist", "Lag 1"), ("Björn Berg", "Lag 1"), ("Chen Wu", "Lag 2"))}
    assignment = book.add_assignment("6B", "mission", "moon-sweeper", level=1, seed=0, title="Moon 1")
    first, _ = book.add_submission(assignment, pupil_id=ids["Åsa Lindqvist"], team_id=None, filename="asa.py", content=GOOD)
    second, _ = book.add_submission(assignment, pupil_id=ids["Björn Berg"], team_id=None, filename="bjorn.py",
                                    content=TYPO)
    _save_run(book, first, GOOD, folder)
    _save_run(book, second, TYPO, folder)
    book.close()
    return db


@pytest.fixture
def db(graded_db, tmp_path) -> Path:
    copy = tmp_path / "book.sqlite3"
    copy.write_bytes(graded_db.read_bytes())
    return copy


@pilot_test
async def test_the_class_screen_shows_each_pupils_best_score(db):
    app = TeacherApp(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ClassScreen)
        table = app.screen.query_one("#grid")
        assert table.row_count == 3
        cells = [str(table.get_row_at(i)[2]) for i in range(3)]
        assert any("★★★" in cell for cell in cells)  # Åsa's run
        assert "·" in cells  # Chen handed in nothing


@pilot_test
async def test_creating_an_assignment_from_the_dialog(db):
    app = TeacherApp(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        assert isinstance(app.screen, NewAssignmentModal)
        app.screen.query_one("#target").value = "03-square"
        await pilot.click("#ok")
        await pilot.pause()
        assert isinstance(app.screen, ClassScreen)
        assert [a.target for a in app.book.assignments()] == ["moon-sweeper", "03-square"]


@pilot_test
async def test_a_wrong_assignment_is_explained_in_the_dialog(db):
    app = TeacherApp(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        app.screen.query_one("#target").value = "moon-sweeeper"
        await pilot.click("#ok")
        await pilot.pause()
        assert isinstance(app.screen, NewAssignmentModal)
        assert "no such mission" in str(app.screen.query_one("#problem").render())


@pilot_test
async def test_importing_a_class_list(db, tmp_path):
    roster = tmp_path / "6c.csv"
    roster.write_text("name,class,team\nDalia Nour,6C,\nElin Ek,6C,\n", encoding="utf-8")
    app = TeacherApp(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        assert isinstance(app.screen, RosterImportModal)
        app.screen.query_one("#path").value = str(roster)
        await pilot.press("enter")
        await pilot.pause()
        assert [c["name"] for c in app.book.classes()] == ["6B", "6C"]


@pilot_test
async def test_opening_an_assignment_and_a_run_with_the_error_line_marked(db):
    app = TeacherApp(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.query_one("#grid").move_cursor(row=0, column=2)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AssignmentScreen)
        rows = app.screen.rows
        assert [r["pupil"] for r in rows] == ["Björn Berg", "Chen Wu", "Åsa Lindqvist"]
        await pilot.press("enter")  # Björn's run: an AttributeError on his typo
        await pilot.pause()
        assert isinstance(app.screen, RunScreen)
        area = app.screen.query_one("#program")
        error_line = TYPO.splitlines().index("robot.straigth(550)")
        assert area.selection.start[0] == error_line
        assert "straigth" in area.selected_text
        assert "*" in str(app.screen.query_one("#path").render())


@pilot_test
async def test_rubric_marks_are_saved(db):
    app = TeacherApp(db)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(AssignmentScreen(1))
        await pilot.pause()
        await pilot.press("m")
        assert isinstance(app.screen, RubricModal)
        app.screen.query_one("#band-function").value = 3
        app.screen.query_one("#band-process").value = 4
        await pilot.click("#ok")
        await pilot.pause()
        pupil = app.book.standings(1)[0]["pupil_id"]
        assert app.book.marks(1, pupil) == {"function": 3, "process": 4}


@pilot_test
async def test_the_scoresheet_refuses_the_impossible_and_saves_a_table_run(db):
    app = TeacherApp(db)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(AssignmentScreen(1))
        await pilot.pause()
        await pilot.press("s")  # Björn
        assert isinstance(app.screen, ScoresheetModal)
        app.screen.query_one("#item-dust").value = "140"
        await pilot.press("enter")  # in the first field
        await pilot.pause()
        assert "Not possible" in str(app.screen.query_one("#problem").render())
        app.screen.query_one("#item-dust").value = "75"
        app.screen.query_one("#item-home").value = "ja"
        await pilot.press("enter")
        await pilot.pause()
        runs = [dict(r) for r in app.book.db.execute("SELECT kind, score FROM runs WHERE kind = 'table'")]
        assert runs == [{"kind": "table", "score": 45 + 20}]


@pilot_test
async def test_grading_runs_in_the_background_and_notifies(db):
    app = TeacherApp(db)
    async with app.run_test(size=SIZE) as pilot:
        assignment = app.book.add_assignment("6B", "lesson", "01-drive", level=None, seed=0, title="Drive")
        pupil = next(p["id"] for p in app.book.pupils(app.book.class_id("6B")) if p["name"] == "Chen Wu")
        solution = Path("lessons/01-drive/solution.py").read_text(encoding="utf-8")
        app.book.add_submission(assignment, pupil_id=pupil, team_id=None, filename="chen.py", content=solution)
        app.push_screen(AssignmentScreen(assignment))
        await pilot.pause()
        await pilot.press("g")
        await app.workers.wait_for_complete()
        await pilot.pause()
        row = next(r for r in app.screen.rows if r["pupil"] == "Chen Wu")
        assert row["points"] == 2 and row["status"] == "finished"
        assert any("graded" in n.message for n in app._notifications)


@pilot_test
async def test_help_is_one_key_away(db):
    app = TeacherApp(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, ClassScreen)


# --- snapshots: what the teacher sees ---------------------------------------------------------


def test_snapshot_class_screen(db, snap_compare):
    assert snap_compare(TeacherApp(db), terminal_size=SIZE)


def test_snapshot_assignment_screen(db, snap_compare):
    async def open_assignment(pilot):
        pilot.app.push_screen(AssignmentScreen(1))
        await pilot.pause()

    assert snap_compare(TeacherApp(db), terminal_size=SIZE, run_before=open_assignment)


def test_snapshot_run_screen_with_an_error(db, snap_compare):
    async def open_run(pilot):
        book = pilot.app.book
        run = book.db.execute("SELECT id FROM runs WHERE status = 'error'").fetchone()["id"]
        pilot.app.push_screen(RunScreen(run))
        await pilot.pause()

    assert snap_compare(TeacherApp(db), terminal_size=SIZE, run_before=open_run)


def test_snapshot_scoresheet_dialog(db, snap_compare):
    async def open_sheet(pilot):
        pilot.app.push_screen(AssignmentScreen(1))
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()

    assert snap_compare(TeacherApp(db), terminal_size=SIZE, run_before=open_sheet)


def test_snapshot_help(db, snap_compare):
    assert snap_compare(TeacherApp(db), terminal_size=SIZE, press=["question_mark"])


def test_breakdowns_are_json_in_the_gradebook(db):
    book = Gradebook(db)
    assert all(isinstance(json.loads(r["breakdown"]), list) for r in book.db.execute("SELECT breakdown FROM runs"))


@pilot_test
async def test_sending_to_a_hub_without_one_says_why(db):
    app = TeacherApp(db)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(AssignmentScreen(1))
        await pilot.pause()
        app.screen.query_one("#submissions").move_cursor(row=2)  # Åsa's good program
        await pilot.press("h")
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any(m.startswith(("This computer has no Bluetooth", "No hub with Pybricks answered")) for m in messages)


@pilot_test
async def test_a_hub_run_lets_the_teacher_pick_the_hub_when_several_answer(db, monkeypatch):
    from tests.pybricks_radio import install_stand_in_radio
    from brickclass.tui.modals import HubChooser

    room = install_stand_in_radio(monkeypatch)
    room.add(name="Lag 1", address="A0:E6:F8:00:00:01", rssi=-50, script=[("end",)])
    table_hub = room.add(name="Lag 2", address="A0:E6:F8:00:00:02", rssi=-70,
                         script=[("print", b"Sopar\r\n"), ("end",)])
    app = TeacherApp(db)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(AssignmentScreen(1))
        await pilot.pause()
        app.screen.query_one("#submissions").move_cursor(row=2)  # Åsa's good program
        await pilot.press("h")
        for _ in range(200):
            await pilot.pause(0.05)
            if isinstance(app.screen, HubChooser):
                break
        assert isinstance(app.screen, HubChooser)
        await pilot.press("down", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert table_hub.commands[-1] == "start" and room.hubs[0].commands == []
        book = Gradebook(db)
        hub_runs = [r for r in book.db.execute("SELECT * FROM runs WHERE kind = 'hub'")]
        assert len(hub_runs) == 1 and hub_runs[0]["output"] == "Sopar\n" and hub_runs[0]["status"] == "finished"
        assert any("finished" in n.message for n in app._notifications)


@pilot_test
async def test_graded_programs_that_a_hub_would_refuse_are_flagged(db):
    book = Gradebook(db)
    run_id = book.db.execute("SELECT id FROM runs WHERE kind = 'simulator' ORDER BY id").fetchone()[0]
    warning = {"line": 3, "kind": "integer", "rule": "integer", "file": None,
               "message": "2**40 is too big for the hub's whole numbers.", "hint": "Use smaller numbers."}
    book.db.execute("UPDATE runs SET hub_warnings = ? WHERE id = ?", (json.dumps([warning]), run_id))
    book.db.commit()
    book.close()
    app = TeacherApp(db)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(AssignmentScreen(1))
        await pilot.pause()
        table = app.screen.query_one("#submissions")
        hub_cells = [str(table.get_row_at(i)[-1]) for i in range(table.row_count)]
        assert sorted(hub_cells) == ["", "⚠ 1 problem", "✓ ok"]  # Chen has no run, so nothing was checked
        app.push_screen(RunScreen(run_id))
        await pilot.pause()
        shown = str(app.screen.query_one("#hub-warnings").render())
        assert "line 3" in shown and "2**40" in shown
