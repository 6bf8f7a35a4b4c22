"""Lesson 18, "Design your own moon": a pupil makes a field, programs the rover for it, and
`lessons check` judges both — the moon must be a real job, and the program must do it.

Each way a pupil might get the ✓ without the work is tried here and must fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from brickclass.classroom.judging import OwnFieldError, RunView, check_program
from brickclass.classroom.judging.criteria import judge
from brickclass.lessons import find_lesson
from brickclass.robots.models import load_robot
from brickclass.simulator.missions import load_mission
from brickclass.simulator.missions.design import FieldDesign, Ref, new_field

LESSON = find_lesson("18-my-moon")
SOLUTION = LESSON.folder / "solution.py"
MOON = {criterion.id: criterion for criterion in LESSON.criteria}["moon"]


def pupil_folder(tmp_path: Path, design: FieldDesign | None = None, program: Path = SOLUTION) -> Path:
    """A pupil's folder: their moon (as `brickclass field new` makes it, or ``design``) and their program."""
    folder = tmp_path / "pupil"
    folder.mkdir(exist_ok=True)
    (design or example_moon()).save(folder / "my-moon.toml")
    shutil.copyfile(program, folder / "18-my-moon.py")
    return folder / "18-my-moon.py"


def example_moon() -> FieldDesign:
    """What `brickclass field new my-moon.toml` makes: the base with the rover, a solar panel, the lander."""
    return FieldDesign(new_field("My moon"))


def moon_finding(design: FieldDesign, tmp_path: Path):
    """How the moon criterion judges a field (it looks only at the field, so no run is needed)."""
    path = tmp_path / "judged.toml"
    design.save(path)
    view = RunView(None, load_mission(str(path)), load_robot(LESSON.robot))
    return judge(MOON.kind, MOON.params, view)


def failed(verdict) -> set[str]:
    return {criterion.id for criterion in verdict.criteria if not criterion.passed}


def _check(program: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "brickclass", "lessons", "check", "18", str(program), *extra],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "BRICKCLASS_HOME": str(program.parent / "home")})


# --- the lesson itself -----------------------------------------------------------------------

def test_the_lesson_is_judged_on_the_moon_beside_the_program(tmp_path):
    program = tmp_path / "somewhere" / "mine.py"
    assert LESSON.fields_for(program)[0].mission == str(tmp_path / "somewhere" / "my-moon.toml")
    assert LESSON.mission == "my-moon.toml" and LESSON.own_field == "my-moon.toml"


@pytest.mark.slow
def test_a_pupils_moon_made_with_field_new_and_a_program_that_sweeps_it_pass(tmp_path):
    program = pupil_folder(tmp_path)
    checked = _check(program, "--lang", "en")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "✓ Your program sweeps at least half of the dust off the panels (swept 100% of the dust)" in checked.stdout


# --- a moon that is no job for the rover ------------------------------------------------------

def test_a_moon_without_panels_fails(tmp_path):
    design = example_moon()
    design.delete(Ref("panel", 0))
    assert moon_finding(design, tmp_path).why == "no_dust"


def test_panels_without_dust_fail(tmp_path):
    design = example_moon()
    design.field["panels"][0]["dust"] = 0.0
    assert moon_finding(design, tmp_path).why == "no_dust"


def test_dust_that_gives_no_points_fails(tmp_path):
    design = example_moon()
    design.set_points("dust", -60)
    assert moon_finding(design, tmp_path).why == "dust_no_points"


def test_a_panel_right_beside_the_start_fails(tmp_path):
    design = example_moon()
    design.add("panel", (200, 550))  # just north of the rover
    finding = moon_finding(design, tmp_path)
    assert not finding.passed and finding.why == "panel_at_start" and finding.values["mm"] < 400


def test_one_small_cell_is_not_enough(tmp_path):
    design = example_moon()
    panel = Ref("panel", 0)
    for _ in range(3):
        design.resize(panel, -1)
    design.resize(panel, -1, other_way=True)
    finding = moon_finding(design, tmp_path)
    assert finding.why == "few_cells" and finding.values["count"] == 1


def test_cells_as_big_as_the_panel_fail(tmp_path):
    """Touching a cell sweeps it: a panel of one huge cell would be swept by brushing its corner."""
    design = example_moon()
    design.field["panels"][0]["size"] = [800, 400]
    design.field["panels"][0]["cells"] = [2, 1]
    finding = moon_finding(design, tmp_path)
    assert finding.why == "big_cells" and finding.values["mm"] == 400


def test_the_moon_as_field_new_makes_it_is_a_job(tmp_path):
    finding = moon_finding(example_moon(), tmp_path)
    assert finding.passed and finding.why == "moon" and finding.values["count"] == 8


# --- programs that do not do the job -----------------------------------------------------------

@pytest.mark.slow
def test_the_rover_parked_in_its_base_with_points_only_for_being_there_fails(tmp_path):
    """The cheat: no panels, the only points for ending in the base (which the rover starts in)."""
    design = example_moon()
    design.delete(Ref("panel", 0))
    design.data["scoring"]["items"] = [{"id": "home", "kind": "robot_in_zone_at_end", "points": 20, "zone": "base",
                                        "label": {"en": "Home", "sv": "Hemma"}}]
    empty = tmp_path / "empty.py"
    empty.write_text("print('I stay home')\n", encoding="utf-8")
    verdict = check_program(LESSON, pupil_folder(tmp_path, design, empty))
    assert verdict.run.score == 20  # the field gives it every point...
    assert {"moon", "swept"} <= failed(verdict)  # ...and the lesson is still not passed
    assert not verdict.passed


@pytest.mark.slow
def test_a_program_that_scores_nothing_on_the_moon_fails(tmp_path):
    verdict = check_program(LESSON, pupil_folder(tmp_path, program=LESSON.starter))
    assert failed(verdict) == {"swept", "score"}
    assert verdict.run.score == 0


@pytest.mark.slow
def test_sweeping_a_little_is_not_enough(tmp_path):
    source = SOLUTION.read_text(encoding="utf-8")
    # The brush is raised 400 mm into the 900 mm pass: it sweeps the panel's first column only.
    lazy = source.replace("robot.straight(900)\narm.run_target(300, 90)",
                          "robot.straight(400)\narm.run_target(300, 90)\nrobot.straight(500)")
    assert lazy != source
    program = tmp_path / "lazy.py"
    program.write_text(lazy, encoding="utf-8")
    verdict = check_program(LESSON, pupil_folder(tmp_path, program=program))
    swept = {criterion.id: criterion for criterion in verdict.criteria}["swept"]
    assert not swept.passed and 0 < swept.findings[0].values["percent"] < 50
    assert not verdict.passed


# --- a moon that is not there or does not load -------------------------------------------------

def test_no_moon_beside_the_program_is_said_plainly(tmp_path):
    program = tmp_path / "18-my-moon.py"
    shutil.copyfile(SOLUTION, program)
    with pytest.raises(OwnFieldError) as caught:
        check_program(LESSON, program)
    assert caught.value.problem is None and caught.value.path == str(tmp_path / "my-moon.toml")
    checked = _check(program, "--lang", "sv")
    assert checked.returncode == 2
    assert "Gör den med: brickclass field new my-moon.toml" in checked.stderr
    assert "Traceback" not in checked.stderr


def test_a_moon_that_does_not_load_names_what_is_wrong(tmp_path):
    program = pupil_folder(tmp_path)
    moon = program.with_name("my-moon.toml")
    moon.write_text(moon.read_text(encoding="utf-8").replace("time_limit_s", "time_limt_s"), encoding="utf-8")
    with pytest.raises(OwnFieldError) as caught:
        check_program(LESSON, program)
    assert caught.value.problem is not None and caught.value.problem.field == "time_limt_s"
    checked = _check(program, "--lang", "en")
    assert checked.returncode == 2
    assert "time_limt_s" in checked.stderr and "brickclass field edit my-moon.toml" in checked.stderr


def test_the_lesson_folder_needs_its_example_moon(tmp_path):
    from brickclass.lessons import LessonFileError
    from brickclass.lessons.library import load_lesson

    folder = tmp_path / "18-my-moon"
    shutil.copytree(LESSON.folder, folder)
    (folder / "my-moon.toml").unlink()
    with pytest.raises(LessonFileError) as caught:
        load_lesson(folder)
    assert caught.value.path.endswith("my-moon.toml")
