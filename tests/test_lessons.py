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

from brickclass.classroom.judging import check_program
from brickclass.language import set_language
from brickclass.lessons import LessonFileError, find_lesson, load_library
from brickclass.lessons.library import load_lesson
from brickclass.simulator.hub.modules import HUB_BUILTIN_MODULES

LIBRARY = load_library()
LESSON_IDS = [lesson.id for lesson in LIBRARY]
PROGRAMS = sorted(Path("lessons").glob("*/*.py")) + sorted(Path("examples").glob("*.py"))
PROGRAMS = [p for p in PROGRAMS if p.name not in ("__init__.py", "library.py")]


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
    solved = check_program(lesson, lesson.solution)
    assert solved.passed, [(c.id, c.findings) for c in solved.criteria if not c.passed]
    started = check_program(lesson, lesson.starter)
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


def _refused(tmp_path: Path, file: str, old: str, new: str) -> LessonFileError:
    """The error for lesson 01-drive with ``old`` replaced by ``new`` in one of its files."""
    folder = _copy_lesson(tmp_path, "01-drive")
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(LessonFileError) as caught:
        load_lesson(folder)
    assert caught.value.path.endswith(file)
    return caught.value


def test_a_lesson_with_a_missing_field_names_the_file_and_the_field(tmp_path):
    assert _refused(tmp_path, "lesson.toml", "minutes = 30\n", "").field == "minutes"


def test_a_broken_criterion_names_the_file_and_the_field(tmp_path):
    assert _refused(tmp_path, "lesson.toml", "distance_mm = 500", 'distance_mm = "far"').field == "criteria[0].distance_mm"


def test_an_unknown_setting_in_a_lesson_file_is_named(tmp_path):
    assert _refused(tmp_path, "lesson.toml", "minutes = 30", "minutes = 30\ntime_limt_s = 5").field == "time_limt_s"
    assert _refused(tmp_path / "b", "lesson.toml", "tolerance_mm = 20", "tolerance_mm = 20\ntolerence = 3").field == \
        "criteria[0].tolerence"


def test_a_variant_that_does_not_exist_is_named(tmp_path):
    error = _refused(tmp_path, "lesson.toml", 'mission = "practice"', 'mission = "practice"\nvariants = ["lesson-line:9"]')
    assert error.field == "variants[0]" and "no level 9" in error.problem_text("en")


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
    run = [sys.executable, "-m", "brickclass", "lessons", "start", "01-drive", str(target), "--lang", "en"]
    first = subprocess.run(run, capture_output=True, text=True, timeout=60)
    assert first.returncode == 0 and target.read_text(encoding="utf-8") == find_lesson("01-drive").starter_text("en")
    # The command it suggests runs the program on the lesson's own field, not the moon.
    assert f"brickclass lessons run 01-drive {target}" in first.stdout
    target.write_text("my work", encoding="utf-8")
    second = subprocess.run(run, capture_output=True, text=True, timeout=60)
    assert second.returncode == 1
    assert target.read_text(encoding="utf-8") == "my work"


def test_start_in_swedish_gives_the_starter_with_swedish_comments(tmp_path):
    target = tmp_path / "kvadrat.py"
    started = subprocess.run([sys.executable, "-m", "brickclass", "lessons", "start", "3", str(target), "--lang", "sv"],
                             capture_output=True, text=True, timeout=60)
    assert started.returncode == 0, started.stderr
    program = target.read_text(encoding="utf-8")
    assert "# Kör en kvadrat: fyra sidor på 300 mm." in program
    assert "Drive a square" not in program and "# sv:" not in program and "# en:" not in program
    assert "Ditt program ligger i" in started.stdout


@pytest.mark.parametrize("lesson_id", LESSON_IDS)
def test_every_starter_has_its_comments_in_both_languages_and_the_same_program(lesson_id):
    lesson = find_lesson(lesson_id)
    english, swedish = lesson.starter_text("en"), lesson.starter_text("sv")
    assert english != swedish
    assert ast.dump(ast.parse(english)) == ast.dump(ast.parse(swedish)) == ast.dump(ast.parse(lesson.starter.read_text()))
    for text in (english, swedish):
        process, _ = mpy_cross_v6.mpy_cross_compile("starter.py", text)
        assert process.returncode == 0, process.stderr


def test_a_starter_comment_without_its_other_language_is_refused(tmp_path):
    assert _refused(tmp_path, "starter.py", "# sv: Kör 50 cm framåt.\n", "").field.startswith("line ")


@pytest.mark.parametrize("name", ["1", "01", "drive", "01-drive"])
def test_a_lesson_is_found_by_its_number_or_its_name(name):
    assert find_lesson(name).id == "01-drive"


def test_hints_come_one_at_a_time(tmp_path):
    env = {**__import__("os").environ, "BRICKCLASS_HOME": str(tmp_path)}
    lesson = find_lesson("03-square")
    shown = [subprocess.run([sys.executable, "-m", "brickclass", "lessons", "hint", "03-square"], capture_output=True,
                            text=True, timeout=60, env=env).stdout for _ in range(3)]
    assert lesson.hints[0]["en"] in shown[0] and lesson.hints[1]["en"] not in shown[0]
    assert lesson.hints[1]["en"] in shown[1]
    assert lesson.hints[-1]["en"] in shown[2]


def test_show_renders_the_lesson_in_swedish_found_by_its_number():
    shown = subprocess.run([sys.executable, "-m", "brickclass", "lessons", "show", "6", "--lang", "sv"],
                           capture_output=True, text=True, timeout=60)
    assert shown.returncode == 0, shown.stderr
    assert "Stanna vid linjen" in shown.stdout and "Du är klar när:" in shown.stdout
    # The fields the program is also checked on are named, in Swedish.
    assert "Linjer 3: stanna vid en närmare linje" in shown.stdout
    set_language("en")


def test_every_kind_of_criterion_a_lesson_file_may_use_has_a_judge():
    from brickclass.classroom.judging import JUDGES
    from brickclass.lessons.criteria_kinds import CRITERION_KINDS

    assert set(CRITERION_KINDS) == set(JUDGES)
