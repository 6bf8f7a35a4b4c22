"""The lesson library: every lesson loads in both languages, its solution passes and its starter does not."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path

import mpy_cross_v6
import pytest

from brickclass.language import set_language
from brickclass.lessons import LessonFileError, find_lesson, load_library
from brickclass.lessons.check import check_program
from brickclass.lessons.library import load_lesson
from brickclass.simulator.hub.modules import HUB_BUILTIN_MODULES

LIBRARY = load_library()
LESSON_IDS = [lesson.id for lesson in LIBRARY]
PROGRAMS = sorted(Path("lessons").glob("*/*.py")) + sorted(Path("examples").glob("*.py"))
PROGRAMS = [p for p in PROGRAMS if p.name not in ("__init__.py", "library.py", "check.py", "criteria.py")]


def test_the_library_has_at_least_twelve_lessons_in_both_languages():
    assert len(LIBRARY) >= 12
    for lesson in LIBRARY:
        for lang in ("en", "sv"):
            assert lesson.title(lang).strip()
            assert len(lesson.text(lang)) > 200
        assert lesson.titles["en"] != lesson.titles["sv"]
        assert lesson.criteria and lesson.hints


@pytest.mark.slow
@pytest.mark.parametrize("lesson_id", LESSON_IDS)
def test_the_solution_passes_and_the_starter_does_not(lesson_id):
    lesson = find_lesson(lesson_id)
    solved = check_program(lesson, lesson.solution, "en")
    assert solved.passed, [(c.id, c.detail) for c in solved.criteria if not c.passed]
    started = check_program(lesson, lesson.starter, "en")
    assert not started.passed


@pytest.mark.parametrize("program", PROGRAMS, ids=str)
def test_every_lesson_and_example_program_compiles_for_the_hub_and_imports_only_hub_modules(program):
    source = program.read_text(encoding="utf-8")
    process, mpy = mpy_cross_v6.mpy_cross_compile(program.name, source)
    assert process.returncode == 0, process.stderr
    assert mpy
    for node in ast.walk(ast.parse(source)):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        for name in names:
            assert name.split(".")[0] == "pybricks" or name in HUB_BUILTIN_MODULES, f"{program}: imports {name}"


def _copy_lesson(tmp_path: Path, lesson_id: str) -> Path:
    folder = tmp_path / lesson_id
    shutil.copytree(Path("lessons") / lesson_id, folder)
    return folder


def test_a_lesson_with_a_missing_field_names_the_file_and_the_field(tmp_path):
    folder = _copy_lesson(tmp_path, "01-drive")
    toml = folder / "lesson.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("minutes = 30\n", ""), encoding="utf-8")
    with pytest.raises(LessonFileError) as caught:
        load_lesson(folder)
    assert caught.value.field == "minutes"
    assert caught.value.path.endswith("lesson.toml")


def test_a_broken_criterion_names_the_file_and_the_field(tmp_path):
    folder = _copy_lesson(tmp_path, "01-drive")
    toml = folder / "lesson.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("distance_mm = 500", 'distance_mm = "far"'), encoding="utf-8")
    with pytest.raises(LessonFileError) as caught:
        load_lesson(folder)
    assert caught.value.field == "criteria[0].distance_mm"


def test_a_lesson_text_without_a_title_is_refused(tmp_path):
    folder = _copy_lesson(tmp_path, "02-turn")
    (folder / "sv.md").write_text("Ingen rubrik här.\n", encoding="utf-8")
    with pytest.raises(LessonFileError) as caught:
        load_lesson(folder)
    assert caught.value.path.endswith("sv.md")


def _check(tmp_path: Path, lesson_id: str, program: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "brickclass", "lessons", "check", lesson_id, str(program), *extra],
                          capture_output=True, text=True, timeout=300,
                          env={**__import__("os").environ, "BRICKCLASS_HOME": str(tmp_path / "home")})


@pytest.mark.slow
def test_a_solution_with_comments_added_still_passes_and_is_remembered(tmp_path):
    program = tmp_path / "mine.py"
    solution = (Path("lessons") / "01-drive" / "solution.py").read_text(encoding="utf-8")
    program.write_text("# My very own program!\n" + solution.replace("\n", "  # step\n", 3), encoding="utf-8")
    checked = _check(tmp_path, "01-drive", program, "--json")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    report = json.loads(checked.stdout)
    assert report["passed"] and report["lesson"] == "01-drive"
    assert {c["id"] for c in report["criteria"]} == {"moved", "finished"}
    assert report["run"]["status"] == "finished"
    listed = subprocess.run([sys.executable, "-m", "brickclass", "lessons", "--json"], capture_output=True, text=True,
                            timeout=60, env={**__import__("os").environ, "BRICKCLASS_HOME": str(tmp_path / "home")})
    rows = {row["id"]: row for row in json.loads(listed.stdout)["lessons"]}
    assert rows["01-drive"]["passed"] and not rows["02-turn"]["passed"]


@pytest.mark.slow
def test_an_empty_program_fails_with_advice_in_swedish(tmp_path):
    program = tmp_path / "empty.py"
    program.write_text("", encoding="utf-8")
    checked = _check(tmp_path, "01-drive", program, "--lang", "sv")
    assert checked.returncode == 1
    assert "✗ Roboten kör 50 cm" in checked.stdout
    assert "→ robot.straight() vill ha millimeter" in checked.stdout


@pytest.mark.slow
def test_a_program_that_never_ends_fails_with_a_plain_message(tmp_path):
    program = tmp_path / "forever.py"
    program.write_text("from pybricks.tools import wait\nwhile True:\n    wait(100)\n", encoding="utf-8")
    checked = _check(tmp_path, "01-drive", program)
    assert checked.returncode == 1
    assert "Time ran out" in checked.stdout
    assert "Traceback" not in checked.stderr


def test_start_copies_the_starter_and_never_overwrites(tmp_path):
    target = tmp_path / "work" / "drive.py"
    run = [sys.executable, "-m", "brickclass", "lessons", "start", "01-drive", str(target)]
    first = subprocess.run(run, capture_output=True, text=True, timeout=60)
    assert first.returncode == 0 and target.read_text(encoding="utf-8") == find_lesson("01-drive").starter.read_text(encoding="utf-8")
    target.write_text("my work", encoding="utf-8")
    second = subprocess.run(run, capture_output=True, text=True, timeout=60)
    assert second.returncode == 1
    assert target.read_text(encoding="utf-8") == "my work"


def test_hints_come_one_at_a_time(tmp_path):
    env = {**__import__("os").environ, "BRICKCLASS_HOME": str(tmp_path)}
    lesson = find_lesson("03-square")
    shown = [subprocess.run([sys.executable, "-m", "brickclass", "lessons", "hint", "03-square"], capture_output=True,
                            text=True, timeout=60, env=env).stdout for _ in range(3)]
    assert lesson.hints[0]["en"] in shown[0] and lesson.hints[1]["en"] not in shown[0]
    assert lesson.hints[1]["en"] in shown[1]
    assert lesson.hints[-1]["en"] in shown[2]


def test_show_renders_the_lesson_in_swedish():
    shown = subprocess.run([sys.executable, "-m", "brickclass", "lessons", "show", "06-stop-at-line", "--lang", "sv"],
                           capture_output=True, text=True, timeout=60)
    assert shown.returncode == 0
    assert "Stanna vid linjen" in shown.stdout and "Du är klar när:" in shown.stdout
    set_language("en")
