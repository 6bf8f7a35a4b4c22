"""The teacher's app, driven with Textual's Pilot: each test is a teacher's task, each snapshot what they see.

The gradebook holds canned runs (``tests/sample_classroom.py``), so what the
screens show changes only when the app does.
"""

from __future__ import annotations

import ast
import asyncio
import functools
import json
import subprocess
import sys
from pathlib import Path

import pytest

from brickclass.classroom import Classroom
from brickclass.classroom.gradebook import Gradebook
from brickclass.language import set_language
from brickclass.tui.app import make_app
from brickclass.tui.messages import BatchGraded, RunFinished
from brickclass.tui.modals.new_assignment import NewAssignmentModal
from brickclass.tui.modals.roster_import import RosterImportModal
from brickclass.tui.modals.rubric import RubricModal
from brickclass.tui.modals.scoresheet import ScoresheetModal
from brickclass.tui.screens.assignment_screen import AssignmentScreen
from brickclass.tui.screens.class_screen import ClassScreen
from brickclass.tui.screens.help_screen import HELP_FOLDER, HelpScreen
from brickclass.tui.screens.run_screen import RunScreen
from brickclass.tui.widgets.pupil_files import PupilFiles
from brickclass.tui.widgets.standings_table import StandingsTable
from tests import sample_classroom

SIZE = (130, 40)
ROOT = Path(__file__).resolve().parents[1]


def pilot_test(scenario):
    """Run an async Pilot scenario as a plain test (no asyncio plugin needed)."""

    @functools.wraps(scenario)
    def test(*args, **kwargs):
        asyncio.run(scenario(*args, **kwargs))

    return test


@pytest.fixture(autouse=True)
def english_unless_a_test_says_otherwise():
    set_language("en")
    yield
    set_language("en")


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> Path:
    return sample_classroom.build(tmp_path_factory.mktemp("teacher") / "book.sqlite3")


@pytest.fixture
def db(sample_db, tmp_path) -> Path:
    copy = tmp_path / "book.sqlite3"
    copy.write_bytes(sample_db.read_bytes())
    return copy


def pupil_id(db: Path, name: str) -> int:
    book = Gradebook(db)
    try:
        return next(p.id for p in book.pupils(book.class_id("6B") or 0) if p.name == name)
    finally:
        book.close()


async def open_assignment(pilot, row: int = 0) -> StandingsTable:
    pilot.app.push_screen(AssignmentScreen(1))
    await pilot.pause()
    table = pilot.app.screen.query_one(StandingsTable)
    table.move_cursor(row=row)
    await pilot.pause()
    return table


# --- the right pupil -------------------------------------------------------------------------------


@pilot_test
async def test_after_a_dialog_the_cursor_stays_on_the_pupil_and_the_table_run_is_theirs(db):
    dalia = pupil_id(db, "Dalia Nour")  # the third pupil
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_assignment(pilot, row=2)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ScoresheetModal)
        assert "Dalia Nour" in str(app.screen.query_one("#subtitle").render())
        await pilot.press("escape")
        await pilot.pause()
        assert table.pupil_id == dalia  # not back on the first pupil
        await pilot.press("s")
        await pilot.pause()
        app.screen.query_one("#item-dust").value = "75"
        await pilot.click("#ok")
        await pilot.pause()
        assert table.pupil_id == dalia
        notices = [n.message for n in app._notifications]
        assert any("Dalia Nour" in notice and "45/105" in notice for notice in notices)
    book = Gradebook(db)
    table_runs = [(r.pupil_id, r.score) for r in book.assignment_runs(1) if r.kind == "table"]
    assert table_runs == [(dalia, 45)]
    rows = {s.pupil.name: s for s in Classroom(db).standings(1)}
    assert rows["Dalia Nour"].best is not None and rows["Dalia Nour"].best.score == 45
    # Chen shares Dalia's team file, but the table run was Dalia's alone.
    assert rows["Chen Wu"].best is not None and rows["Chen Wu"].best.kind == "simulator"


@pilot_test
async def test_rubric_marks_go_to_the_pupil_named_in_the_dialog(db):
    dalia = pupil_id(db, "Dalia Nour")
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_assignment(pilot, row=2)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, RubricModal)
        assert "Dalia Nour" in str(app.screen.query_one("#subtitle").render())
        await pilot.press("escape")
        await pilot.press("m")
        await pilot.pause()
        app.screen.query_one("#band-function").value = 3
        app.screen.query_one("#band-process").value = 4
        await pilot.click("#ok")
        await pilot.pause()
        assert table.pupil_id == dalia
        assert any("Dalia Nour" in n.message for n in app._notifications)
    assert Gradebook(db).all_marks(1) == {dalia: {"function": 3, "process": 4}}


@pilot_test
async def test_the_cursor_stays_on_its_cell_in_the_class_grid_after_a_dialog(db):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        grid = app.screen.query_one("#grid")
        grid.move_cursor(row=3, column=2)
        await pilot.press("n")
        await pilot.press("escape")
        await pilot.pause()
        assert grid.cursor_coordinate == (3, 2)


# --- team files ------------------------------------------------------------------------------------


@pilot_test
async def test_a_teams_file_does_not_hide_a_pupils_own_crash(db):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_assignment(pilot, row=0)
        row = {s.pupil.name: s for s in app.screen.standings}["Chen Wu"]
        assert row.counts is not None and row.counts.filename == "lag2.py"
        assert row.problems == [("chen.py", "crashed")]
        table.move_to(str(row.pupil.id))
        await pilot.pause()
        cells = [str(c) for c in table.get_row(str(row.pupil.id))]
        assert "lag2.py (team Lag 2)" in cells and "✗ chen.py" in cells
        files = app.screen.query_one(PupilFiles)
        shown = {str(files.get_row_at(i)[0]): [str(c) for c in files.get_row_at(i)] for i in range(files.row_count)}
        assert set(shown) == {"chen.py", "lag2.py"}
        assert "counts" in shown["lag2.py"] and "error" in shown["chen.py"]
        # Enter on his own file in the files list opens that file's run, not the team's.
        files.focus()
        files.move_to(str(next(f.submission.id for f in row.files if f.filename == "chen.py")))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RunScreen)
        assert app.screen.view.submission.filename == "chen.py"


# --- dialogs ------------------------------------------------------------------------------------------


@pilot_test
async def test_creating_an_assignment_with_several_runs_per_submission(db):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        assert isinstance(app.screen, NewAssignmentModal)
        await pilot.click("#target")
        await pilot.press(*"03-square")
        await pilot.click("#runs")
        await pilot.press("end", "backspace", "3")
        await pilot.click("#ok")
        await pilot.pause()
        assert isinstance(app.screen, ClassScreen)
    created = Gradebook(db).assignments()[-1]
    assert (created.target, created.runs_allowed, created.title) == ("03-square", 3, "")
    assert created.titles["sv"] != created.titles["en"]  # the lesson's own title, in both languages


@pilot_test
async def test_a_wrong_assignment_is_explained_in_the_dialog_in_the_teachers_language(db):
    app = make_app(db, lang="sv")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        app.screen.query_one("#target").value = "moon-sweeper:7"
        await pilot.click("#ok")
        await pilot.pause()
        assert isinstance(app.screen, NewAssignmentModal)
        problem = str(app.screen.query_one("#problem").render())
        assert "ingen nivå 7" in problem and "moon-sweeper:1" in problem


@pilot_test
async def test_importing_a_class_list(db, tmp_path):
    roster = tmp_path / "6c.csv"
    roster.write_text("name,class,team\nElin Ek,6C,\n", encoding="utf-8")
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        assert isinstance(app.screen, RosterImportModal)
        app.screen.query_one("#path").value = str(roster)
        await pilot.press("enter")
        await pilot.pause()
        assert [c.name for c in app.classroom.classes()] == ["6B", "6C"]
        assert any(n.message.startswith("Added 1 pupil,") for n in app._notifications)


@pilot_test
async def test_the_scoresheet_refuses_the_impossible_naming_the_item(db):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_assignment(pilot, row=3)  # Åsa
        await pilot.press("s")
        app.screen.query_one("#item-dust").value = "140"
        await pilot.click("#ok")
        await pilot.pause()
        problem = str(app.screen.query_one("#problem").render())
        assert "Dust swept off the panel" in problem and "more than 100" in problem
        app.screen.query_one("#item-dust").value = "75"
        app.screen.query_one("#item-home").value = "ja"
        app.screen.query_one("#item-home").focus()
        await pilot.press("enter")
        await pilot.pause()
    table_runs = [(r.pupil_id, r.score) for r in Gradebook(db).assignment_runs(1) if r.kind == "table"]
    assert table_runs == [(pupil_id(db, "Åsa Lindqvist"), 45 + 20)]


# --- runs ------------------------------------------------------------------------------------------------


@pilot_test
async def test_opening_a_run_with_the_error_line_marked_and_the_path_drawn(db):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.query_one("#grid").move_cursor(row=0, column=2)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AssignmentScreen)
        assert [s.pupil.name for s in app.screen.standings] == ["Björn Berg", "Chen Wu", "Dalia Nour",
                                                                "Åsa Lindqvist"]
        await pilot.press("enter")  # Björn's run: an AttributeError on his typo
        await pilot.pause()
        assert isinstance(app.screen, RunScreen)
        area = app.screen.query_one("#program")
        assert area.selection.start[0] == sample_classroom.TYPO_LINE - 1
        assert "straigth" in area.selected_text
        assert "*" in str(app.screen.query_one("#path").render())


@pilot_test
async def test_grading_runs_in_a_worker_that_posts_a_message_per_run(db):
    posted = []
    app = make_app(db)
    async with app.run_test(size=SIZE, message_hook=posted.append) as pilot:
        classroom = app.classroom
        book = classroom.book
        assignment = book.add_assignment("6B", "lesson", "01-drive", level=None, seed=0,
                                         titles={"en": "Drive", "sv": "Kör"})
        solution = (ROOT / "lessons/01-drive/solution.py").read_text(encoding="utf-8")
        book.add_submission(assignment, pupil_id=pupil_id(db, "Chen Wu"), team_id=None, filename="chen.py",
                            content=solution)
        app.push_screen(AssignmentScreen(assignment))
        await pilot.pause()
        await pilot.press("g")
        await app.workers.wait_for_complete()
        await pilot.pause()
        row = next(s for s in app.screen.standings if s.pupil.name == "Chen Wu")
        assert row.best is not None and row.best.score == row.best.max_score == 2 and row.status == "finished"
        assert [type(m) for m in posted if isinstance(m, (RunFinished, BatchGraded))] == [RunFinished, BatchGraded]
        assert any(n.message == "1 run graded." for n in app._notifications)
        # Stored as data: the criteria's labels in both languages.
        assert row.best.breakdown[0]["label"]["sv"] and row.best.breakdown[0]["label"]["en"]


@pilot_test
async def test_help_is_one_key_away_in_the_teachers_language(db):
    app = make_app(db, lang="sv")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, ClassScreen)
        shown = {b.binding.description for b in app.screen.active_bindings.values() if b.binding.show}
        assert {"Importera klass", "Ny uppgift", "Hjälp"} <= shown


@pilot_test
async def test_the_command_palette_offers_what_the_screen_can_do(db):
    from brickclass.tui.commands import TeacherCommands

    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_assignment(pilot)
        offered = [name for name, _ in TeacherCommands(app.screen)._commands()]
        assert "Grade all" in offered and "Table run" in offered and "Import class" not in offered


def test_help_says_the_same_in_both_languages():
    english, swedish = ((HELP_FOLDER / f"help_screen.{lang}.md").read_text(encoding="utf-8") for lang in ("en", "sv"))
    keys = [line.split("**")[1] for line in english.splitlines() if line.startswith("- **")]
    assert keys == [line.split("**")[1] for line in swedish.splitlines() if line.startswith("- **")]


# --- hubs ----------------------------------------------------------------------------------------------


@pilot_test
async def test_sending_to_a_hub_without_one_says_why_and_for_whom(db):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_assignment(pilot, row=3)  # Åsa's good program
        await pilot.press("h")
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any(m.startswith("Sending Åsa Lindqvist's program (asa.py)") for m in messages)
        assert any(m.startswith("Åsa Lindqvist — asa.py\n") and ("no Bluetooth" in m or "No hub" in m)
                   for m in messages)


@pilot_test
async def test_a_hub_run_lets_the_teacher_pick_the_hub_and_is_credited_to_the_pupil(db, monkeypatch):
    from brickclass.tui.modals.hub_chooser import HubChooser
    from tests.pybricks_radio import install_stand_in_radio

    room = install_stand_in_radio(monkeypatch)
    room.add(name="Lag 1", address="A0:E6:F8:00:00:01", rssi=-50, script=[("end",)])
    table_hub = room.add(name="Lag 2", address="A0:E6:F8:00:00:02", rssi=-70,
                         script=[("print", b"Sopar\r\n"), ("end",)])
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_assignment(pilot, row=3)  # Åsa
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
        assert any(n.message.startswith("Åsa Lindqvist — asa.py\nThe program on the hub has finished")
                   for n in app._notifications)
    hub_runs = [r for r in Gradebook(db).assignment_runs(1) if r.kind == "hub"]
    assert [(r.output, r.status, r.pupil_id) for r in hub_runs] == [("Sopar\n", "finished",
                                                                    pupil_id(db, "Åsa Lindqvist"))]


@pilot_test
async def test_graded_programs_that_a_hub_would_refuse_are_flagged(db):
    book = Gradebook(db)
    run_id = next(r.id for r in book.assignment_runs(1) if r.kind == "simulator")
    warning = {"line": 3, "kind": "integer", "rule": "integer", "file": None,
               "message": {"en": "2**40 is too big for the hub's whole numbers.", "sv": "2**40 är för stort."},
               "hint": {"en": "Use smaller numbers.", "sv": "Använd mindre tal."}}
    book.db.execute("UPDATE runs SET hub_warnings = ? WHERE id = ?", (json.dumps([warning]), run_id))
    book.close()
    app = make_app(db, lang="sv")
    async with app.run_test(size=SIZE) as pilot:
        table = await open_assignment(pilot)
        hub_cells = sorted(str(table.get_row_at(i)[-1]) for i in range(table.row_count))
        assert hub_cells == ["⚠ 1 problem", "✓ ok", "✓ ok", "✓ ok"]
        app.push_screen(RunScreen(run_id))
        await pilot.pause()
        shown = str(app.screen.query_one("#hub-warnings").render())
        assert "rad 3" in shown and "2**40 är för stort." in shown


# --- the app's seams -------------------------------------------------------------------------------------


ALLOWED_IMPORTS = ("textual", "rich", "brickclass.classroom", "brickclass.language", "brickclass.tui", "__future__",
                   "typing", "collections", "dataclasses", "functools", "pathlib", "threading")


def test_the_app_imports_only_the_classroom_api_and_textual():
    found = {}
    for path in (ROOT / "tui").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            for name in names:
                if not name.startswith(ALLOWED_IMPORTS):
                    found.setdefault(str(path.relative_to(ROOT)), []).append(name)
    assert found == {}


def test_the_app_loads_no_command_line_module():
    code = "import sys, brickclass.tui.app; print([m for m in sys.modules if m.startswith('brickclass.commands')])"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


# --- snapshots: what the teacher sees ---------------------------------------------------------------------


class TestClassAtAGlance:
    """The teacher starts the app and sees every pupil's result for every assignment."""

    def test_class_grid(self, db, snap_compare):
        assert snap_compare(make_app(db), terminal_size=SIZE)


class TestAssignment:
    """Enter on an assignment: the file that counts for each pupil, its run, and every problem in any file."""

    def test_pupils_and_the_files_of_the_first(self, db, snap_compare):
        assert snap_compare(make_app(db), terminal_size=SIZE, run_before=open_assignment)

    def test_a_pupil_whose_team_file_counts_and_whose_own_crashed(self, db, snap_compare):
        async def chen(pilot):
            await open_assignment(pilot, row=1)

        assert snap_compare(make_app(db), terminal_size=SIZE, run_before=chen)

    def test_in_swedish(self, db, snap_compare):
        assert snap_compare(make_app(db, lang="sv"), terminal_size=SIZE, run_before=open_assignment)


class TestRun:
    """Enter on Björn's row: his run, the error explained and its line marked, the path he drove."""

    def test_run_with_an_error(self, db, snap_compare):
        async def open_run(pilot):
            await open_assignment(pilot, row=0)
            await pilot.press("enter")
            await pilot.pause()

        assert snap_compare(make_app(db), terminal_size=SIZE, run_before=open_run)


class TestDialogs:
    """The dialogs show every field on screen and name whom they act on."""

    def test_scoresheet_for_the_third_pupil(self, db, snap_compare):
        async def open_sheet(pilot):
            await open_assignment(pilot, row=2)
            await pilot.press("s")
            await pilot.pause()

        assert snap_compare(make_app(db), terminal_size=SIZE, run_before=open_sheet)

    def test_new_assignment_shows_the_runs_per_submission_box(self, db, snap_compare):
        assert snap_compare(make_app(db), terminal_size=SIZE, press=["n"])


class TestHelp:
    """? shows the keys of the app, in the teacher's language."""

    def test_help(self, db, snap_compare):
        assert snap_compare(make_app(db), terminal_size=SIZE, press=["question_mark"])
