"""Pupils' files as Windows makes them: å/ä/ö and spaces in names, CRLF, a BOM, Notepad's "ANSI".

What runs on a hub runs in the simulator, with the same result; what a hub
cannot read gets one clear sentence, in Swedish or English, naming the line.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from brickclass.cli import main as brickclass
from brickclass.simulator.explain import explain
from brickclass.simulator.run import RunOptions, run_program

PROGRAM = """\
from pybricks.parameters import Direction, Port
from pybricks.pupdevices import Motor
from pybricks.robotics import DriveBase

# Åsa's rover: fram och tillbaka
robot = DriveBase(Motor(Port.A, Direction.COUNTERCLOCKWISE), Motor(Port.B), 56, 112)
robot.straight(300)
print("hej då, räkna: 3 ö")
robot.turn(90)
"""

BOM = b"\xef\xbb\xbf"


@pytest.fixture
def robot_folder(tmp_path: Path) -> Path:
    """Where a pupil on a school computer keeps programs: C:\\Users\\Åsa Öberg\\Dokument\\Robot."""
    folder = tmp_path / "Users" / "Åsa Öberg" / "Dokument" / "Robot"
    folder.mkdir(parents=True)
    return folder


def _run(path: Path) -> dict:
    result = run_program(RunOptions(program=path, mission="practice")).to_json()
    result.pop("wall_time_s")
    return result


def test_a_windows_file_runs_as_the_same_program_saved_on_linux(robot_folder):
    plain = robot_folder / "plain.py"
    plain.write_text(PROGRAM, encoding="utf-8")
    expected = _run(plain)
    assert expected["status"] == "finished" and "hej då" in expected["stdout"]
    for name, data in (("mitt program.py", PROGRAM.replace("\n", "\r\n").encode("utf-8")),
                       ("med bom.py", BOM + PROGRAM.encode("utf-8")),
                       ("båda två.py", BOM + PROGRAM.replace("\n", "\r\n").encode("utf-8"))):
        path = robot_folder / name
        path.write_bytes(data)
        assert _run(path) == expected, name


def test_an_error_in_a_crlf_file_points_at_the_right_line(robot_folder):
    path = robot_folder / "fel på rad 3.py"
    path.write_bytes(BOM + b"x = 1\r\ny = 2\r\nprint(z)\r\n")
    result = run_program(RunOptions(program=path, mission="practice"))
    assert result.error["type"] == "NameError" and result.error["line"] == 3


def test_a_module_of_their_own_saved_on_windows_is_found_and_read(robot_folder):
    (robot_folder / "rorelser.py").write_bytes(BOM + b"def fram(robot):\r\n    robot.straight(100)\r\n")
    main = robot_folder / "huvud program.py"
    main.write_text(PROGRAM + "import rorelser\nrorelser.fram(robot)\n", encoding="utf-8")
    result = run_program(RunOptions(program=main, mission="practice"))
    assert result.status == "finished", result.error


def _notepad_ansi(folder: Path) -> Path:
    path = folder / "mitt program.py"
    path.write_bytes(PROGRAM.replace("\n", "\r\n").encode("cp1252"))
    return path


def test_a_file_notepad_saved_as_ansi_ends_with_one_sentence_naming_the_line(robot_folder):
    result = run_program(RunOptions(program=_notepad_ansi(robot_folder), mission="practice"))
    assert result.status == "error"
    assert result.error["type"] == "NotUtf8" and result.error["line"] == 5
    explanation = explain(result.error)
    assert explanation.id == "not-utf8"
    assert explanation.title("en") == "This file is not saved as UTF-8, and a hub reads only UTF-8"
    assert explanation.title("sv") == "Filen är inte sparad som UTF-8, och en hubb läser bara UTF-8"
    assert "Rad 5" in explanation.text("sv")


def test_a_module_notepad_saved_as_ansi_is_named(robot_folder):
    (robot_folder / "rorelser.py").write_bytes("# åk fram\ndef fram(robot):\n    pass\n".encode("cp1252"))
    main = robot_folder / "huvud.py"
    main.write_text("import rorelser\n", encoding="utf-8")
    result = run_program(RunOptions(program=main, mission="practice"))
    assert result.error["type"] == "NotUtf8"
    assert (result.error["file"], result.error["line"]) == ("rorelser.py", 1)


@pytest.mark.parametrize("lang, words", [("en", "a hub reads only UTF-8"), ("sv", "en hubb läser bara UTF-8")])
def test_check_says_a_hub_reads_utf8(robot_folder, capsys, lang, words):
    assert brickclass(["check", str(_notepad_ansi(robot_folder)), "--lang", lang]) == 1
    said = capsys.readouterr().out
    assert words in said
    assert said.count(words) == 1


def test_check_takes_a_bom_and_crlf_file_as_it_is(robot_folder, capsys):
    path = robot_folder / "mitt program.py"
    path.write_bytes(BOM + PROGRAM.replace("\n", "\r\n").encode("utf-8"))
    assert brickclass(["check", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ok"]


def test_sim_json_for_a_file_in_a_folder_with_swedish_letters(robot_folder, capsys):
    path = robot_folder / "mitt program.py"
    path.write_text(PROGRAM, encoding="utf-8")
    assert brickclass(["sim", str(path), "--mission", "practice", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["status"] == "finished" and "hej då, räkna: 3 ö" in payload["stdout"]
