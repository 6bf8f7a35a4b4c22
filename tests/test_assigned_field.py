"""A pupil's moon given to the whole class: `brickclass assign 6B my-moon.toml`.

The gradebook keeps the field file and its mat picture as they were when the
teacher handed them out; grading, the table's scoresheet and the path picture
use those, so a pupil who goes on editing their moon never changes old grades.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from brickclass.classroom import Classroom, TargetError
from brickclass.classroom.gradebook import Gradebook
from brickclass.simulator.missions.design import FieldDesign, load_design, new_field, place_floor

SWEEPER = Path("lessons/18-my-moon/solution.py").read_text(encoding="utf-8")


def annas_moon(folder: Path, *, picture: bool = True) -> Path:
    """A moon as a pupil makes it with `brickclass field new`, with a mat picture beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "my-moon.toml"
    design = FieldDesign(new_field("Anna's moon"))
    if picture:
        mat = Image.new("RGB", (236, 114), (140, 136, 130))
        mat.paste((20, 20, 20), (0, 55, 236, 59))  # a dark line across the middle
        mat.save(folder / "mat.png")
        design.field["floor"], _copied = place_floor(folder / "mat.png", path)
    design.save(path)
    return path


def a_class(path: Path) -> Classroom:
    book = Gradebook(path)
    book.add_pupil("6B", "Åsa")
    book.close()
    return Classroom(path)


def cli(*args: str, cwd: Path, db: Path, lang: str = "en") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "brickclass", *args, "--db", str(db)], capture_output=True, text=True,
                          timeout=300, cwd=cwd, env={**os.environ, "BRICKCLASS_LANG": lang})


def test_assign_keeps_the_field_and_its_picture_and_says_so(tmp_path):
    moon = annas_moon(tmp_path / "anna")
    db = tmp_path / "book.sqlite3"
    a_class(db).close()
    made = cli("assign", "6B", "my-moon.toml", cwd=moon.parent, db=db)
    assert made.returncode == 0, made.stderr
    assert "The field my-moon.toml and its picture are kept in the gradebook" in made.stdout
    swedish = cli("assign", "6B", "my-moon.toml", cwd=moon.parent, db=db, lang="sv")
    assert "Planen my-moon.toml och dess bild sparas i betygsboken" in swedish.stdout
    classroom = Classroom(db)
    assignment = classroom.assignment(1)
    assert (assignment.kind, assignment.field_file, assignment.mission_id) == ("mission", "my-moon.toml",
                                                                               "my-moon.toml")
    assert assignment.title_in("sv") == "Anna's moon"
    kept = classroom.book.kept_field(1)
    assert kept.files == {"my-moon.toml": moon.read_bytes(), "mat.png": (moon.parent / "mat.png").read_bytes()}
    classroom.close()


def test_grades_come_from_the_field_as_it_was_handed_out(tmp_path):
    moon = annas_moon(tmp_path / "anna")
    classroom = a_class(tmp_path / "book.sqlite3")
    assignment, target = classroom.add_assignment("6B", str(moon))
    assert target.kept is not None
    # Anna goes on with her moon: the dust is worth more, the panel moves, the picture is gone.
    design = load_design(moon)
    design.set_points("dust", 100)
    design.move(next(ref for ref in design.things() if ref.thing == "panel"), 600, -400)
    design.field.pop("floor")
    design.save(moon)
    (moon.parent / "mat.png").unlink()
    pupil = classroom.pupils(assignment.class_id)[0]
    classroom.book.add_submission(assignment.id, pupil_id=pupil.id, team_id=None, filename="asa.py",
                                  content=SWEEPER)
    summary = classroom.grade(assignment.id, workers=1)
    run = summary.done[0].run
    assert run.status == "finished", run.error
    # The handed-out moon: 60 points of dust (not 160), swept where the panel was then.
    points = {line["id"]: line["points"] for line in run.breakdown}
    assert run.max_score == 105 and points["dust"] == 60
    # The table's scoresheet and the mission a run is shown on are the kept ones too, picture and all.
    mission = classroom.mission(assignment.id)
    assert mission.field.floor is not None and mission.field.floor.name == "mat.png"
    assert {entry.item.id: entry.item.points for entry in classroom.scoresheet(assignment.id)}["dust"] == 60
    view = classroom.run_view(summary.done[0].run_id, "en")
    assert view.picture is not None and any("*" in row for row in view.picture)
    classroom.close()


def test_a_picture_outside_the_fields_folder_is_refused_and_nothing_is_assigned(tmp_path):
    moon = annas_moon(tmp_path / "anna", picture=False)
    Image.new("RGB", (20, 10), (0, 0, 0)).save(tmp_path / "elsewhere.png")
    moon.write_text(moon.read_text(encoding="utf-8").replace('mat = "#8e8a84"',
                                                             'mat = "#8e8a84"\nfloor = "../elsewhere.png"'),
                    encoding="utf-8")
    classroom = a_class(tmp_path / "book.sqlite3")
    with pytest.raises(TargetError) as caught:
        classroom.add_assignment("6B", str(moon))
    assert caught.value.key == "floor_outside"
    assert "../elsewhere.png" in caught.value.message("en") and "lägg den bredvid planen" in caught.value.message("sv")
    assert classroom.assignments() == []
    classroom.close()


def test_a_field_that_does_not_load_is_refused_naming_what_is_wrong(tmp_path):
    moon = annas_moon(tmp_path / "anna", picture=False)
    moon.write_text(moon.read_text(encoding="utf-8").replace("time_limit_s", "time_limt_s"), encoding="utf-8")
    classroom = a_class(tmp_path / "book.sqlite3")
    with pytest.raises(TargetError) as caught:
        classroom.add_assignment("6B", str(moon))
    assert caught.value.key == "mission_broken" and "time_limt_s" in caught.value.message("en")
    assert classroom.assignments() == []
    classroom.close()


def test_the_teacher_app_shows_the_assignment_like_any_other(tmp_path):
    from brickclass.language import set_language
    from brickclass.tui.app import make_app
    from brickclass.tui.screens.assignment_screen import AssignmentScreen

    moon = annas_moon(tmp_path / "anna")
    db = tmp_path / "book.sqlite3"
    classroom = a_class(db)
    assignment, _ = classroom.add_assignment("6B", str(moon))
    classroom.close()
    moon.unlink()  # what the app shows comes from the gradebook
    set_language("en")

    async def scenario() -> None:
        app = make_app(db)
        async with app.run_test(size=(130, 40)) as pilot:
            app.push_screen(AssignmentScreen(assignment.id))
            await pilot.pause()
            title = str(app.screen.query_one(".pane-title").render())
            assert "Anna's moon (my-moon.toml) — class 6B" in title
            assert [s.pupil.name for s in app.screen.standings] == ["Åsa"]

    asyncio.run(scenario())


def test_the_design_your_own_moon_lesson_is_not_assigned_but_says_what_to_do(tmp_path):
    classroom = a_class(tmp_path / "book.sqlite3")
    with pytest.raises(TargetError) as caught:
        classroom.add_assignment("6B", "18-my-moon")
    assert caught.value.key == "own_field_lesson"
    assert "brickclass assign CLASS FOLDER/my-moon.toml" in caught.value.message("en")
    assert classroom.assignments() == []
    classroom.close()
