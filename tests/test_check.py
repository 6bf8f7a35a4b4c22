"""Before a real hub: `brickclass check` says what would go wrong on the hub, with the line and a hint."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from brickclass.classroom.checker import check_program, check_source, compile_for_hub
from brickclass.cli import main as brickclass

ROOT = Path(__file__).parent.parent
SAMPLES = Path(__file__).parent / "sample-programs"
PROGRAMS = sorted((ROOT / "examples").glob("*.py")) + sorted((ROOT / "lessons").glob("*/s*.py"))


def found(source: str, **options) -> set[tuple[int | None, str]]:
    return {(f.line, f.rule) for f in check_source(source, **options)}


@pytest.mark.parametrize("program", PROGRAMS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_example_and_lesson_program_is_ready_for_the_hub(program):
    report = check_program(program, "en")
    assert report.findings == [] and report.compiled_bytes


class TestWhatAHubLacks:
    """The three mistakes the issue names, each with its line and a hint in the pupil's language."""

    @pytest.mark.parametrize("sample, line, kind, english, swedish", [
        ("imports_os.py", 2, "module", "no files or operating system", "inga filer"),
        ("sleeps_with_time.py", 4, "module", "wait(1000) waits one second", "wait(1000) väntar en sekund"),
        ("big_number.py", 4, "integer", "from -1073741824 to 1073741823", "heltal går från -1073741824"),
    ])
    def test_found_with_line_and_hint(self, sample, line, kind, english, swedish):
        (in_english,) = check_program(SAMPLES / sample, "en").findings
        (in_swedish,) = check_program(SAMPLES / sample, "sv").findings
        assert (in_english.line, in_english.kind) == (line, kind)
        assert english in in_english.hint and swedish in in_swedish.hint

    def test_the_message_says_what_is_missing(self):
        (finding,) = check_program(SAMPLES / "big_number.py", "en").findings
        assert finding.message == "2**40 is too big for the hub's whole numbers."

    def test_habits_from_python_on_a_computer(self):
        report = check_program(SAMPLES / "uses_what_the_hub_lacks.py", "en")
        assert {(f.line, f.rule) for f in report.findings} == {
            (8, "builtin:property"), (13, "print"), (14, "builtin:filter"), (16, "sys:exit")}
        hints = {f.rule: f.hint for f in report.findings}
        assert "raise SystemExit" in hints["sys:exit"] and "list comprehension" in hints["builtin:filter"]

    def test_math_is_spelled_umath(self):
        (finding,) = check_source("import math\n", lang="en")
        assert "umath" in finding.hint
        assert check_source("import umath\nfrom urandom import randint\nimport ustruct, usys, micropython\n") == []

    def test_only_the_pybricks_modules_a_spike_hub_has(self):
        assert found("import pybricks.media\nfrom pybricks.ev3devices import Motor\n") == {
            (1, "pybricks-module"), (2, "pybricks-module")}
        assert check_source("from pybricks.geometry import Axis\nfrom pybricks.iodevices import PUPDevice\n") == []

    def test_the_programs_own_names_are_its_own(self):
        source = "def open(door):\n    return door\n\nfilter = [1, 2]\nprint(open(1), filter)\n"
        assert check_source(source) == []

    def test_exit_and_sys_exit_in_every_spelling(self):
        source = "import usys as s\nfrom sys import exit as leave\ns.exit()\nexit()\nquit()\nprint(__file__)\n"
        assert found(source) == {(2, "sys:exit"), (3, "sys:exit"), (4, "builtin:exit"), (5, "builtin:quit"),
                                 (6, "builtin:__file__")}

    def test_relative_imports(self):
        assert found("from . import moves\n") == {(1, "relative-import")}


class TestIntegers:
    """The hub has small ints only (31 bits): the compiler folds constant expressions, so whole expressions count."""

    @pytest.mark.parametrize("expression", ["1073741823", "-1073741824", "-2**30", "2**40 // 2**20", "1 << 29",
                                            "0x3FFFFFFF", "1e12", "2**-1", "2**30 * 0", "2**40 >> 20"])
    def test_numbers_that_fit(self, expression):
        assert check_source(f"x = {expression}\n") == []

    @pytest.mark.parametrize("expression", ["1073741824", "-1073741825", "2**30", "1 << 31", "0x40000000",
                                            "24 * 60 * 60 * 1000000", "12345678901234567890", "2**40"])
    def test_numbers_that_do_not(self, expression):
        (finding,) = check_source(f"x = {expression}\n", lang="en")
        assert finding.kind == "integer" and finding.line == 1 and expression in finding.message

    @pytest.mark.parametrize("expression", ["2**40 >> 20", "2**40 / 2", "(2**40) % 7", "2**40 | 1", "~(2**40)",
                                            "3 * 2**29", "-2**30 - 1", "2**40 & 255", "(2**40, 1)", "1 << 40 >> 30",
                                            "-(2**40) + 2**40", "2**40 * 1.0"])
    def test_the_rule_agrees_with_what_the_compiler_leaves_for_the_hub(self, expression, tmp_path):
        """A number the compiler cannot fold into a small int is stored in the MPY, and the hub cannot load it."""
        mpy, _ = compile_for_hub(f"x = {expression}\n", "x.py")
        (tmp_path / "x.mpy").write_bytes(mpy)
        listing = subprocess.run([sys.executable, "-m", "pybricksdev._vendored.mpy_tool_v6_3", "-d",
                                  str(tmp_path / "x.mpy")], capture_output=True, text=True, timeout=60).stdout
        (objects,) = [line for line in listing.splitlines() if line.startswith("obj_table")]
        stored = [int(n) for n in re.findall(r"-?\d+(?![\d.])", objects) if "." not in n]
        too_big_for_hub = any(not -2**30 <= n < 2**30 for n in stored)
        assert bool(check_source(f"x = {expression}\n")) == too_big_for_hub, objects

    def test_a_gigantic_number_is_found_at_once(self):
        started = time.perf_counter()
        assert found("x = 10**10**10\ny = (2**256)**256**256\n") == {(1, "integer"), (2, "integer")}
        assert time.perf_counter() - started < 2

    def test_the_compiler_is_not_left_folding_forever(self, monkeypatch):
        import brickclass.classroom.checker

        monkeypatch.setattr(brickclass.classroom.checker, "COMPILE_TIMEOUT_S", 0.5)
        started = time.perf_counter()
        (finding,) = check_source("x = 10**10**10\nprint(x\n", lang="en")  # Python cannot parse it, so only mpy-cross sees the number
        assert finding.rule == "compiler-gave-up" and "10**10**10" in finding.hint
        assert time.perf_counter() - started < 3

    def test_a_whole_expression_is_one_finding(self):
        (finding,) = check_source("x = 2**40 + 2**41\n", lang="en")
        assert finding.message == "2**40 + 2**41 is too big for the hub's whole numbers."
        assert found("import os, time\n") == {(1, "module")} and len(check_source("import os, time\n")) == 2


class TestCompiling:
    """Compiled exactly as pybricksdev compiles for the hub (MPY ABI 6)."""

    def test_the_bytes_are_pybricksdevs(self):
        from pybricksdev.compile import compile_file

        for program in (SAMPLES / "hello_hub.py", ROOT / "examples" / "square.py"):
            ours, complaint = compile_for_hub(program.read_text(encoding="utf-8"), program.name)
            theirs = asyncio.run(compile_file(str(program.parent), program.name, 6))
            assert complaint == "" and ours == theirs and ours[:2] == b"M\x06"

    def test_the_size_is_what_pybricksdev_downloads(self):
        from pybricksdev.compile import compile_multi_file

        main = SAMPLES / "two_files" / "main.py"
        report = check_program(main, "en")
        assert report.ok and report.modules == ["moves"]
        assert report.compiled_bytes == len(asyncio.run(compile_multi_file(str(main), 6)))

    def test_a_syntax_error_points_at_its_line(self):
        (finding,) = check_source("x = 1\nprint('hi'\n", lang="en")
        assert (finding.kind, finding.line, finding.rule) == ("syntax", 2, "syntax")

    @pytest.mark.parametrize("source, line", [
        ("x = 1\nprint(f'{x!r}')\n", 2),
        ("command = 'go'\nmatch command:\n    case 'go':\n        pass\n", 2),
    ])
    def test_python_the_hubs_micropython_cannot_read(self, source, line):
        (finding,) = check_source(source, lang="en")
        assert (finding.line, finding.rule) == (line, "micropython-syntax")
        assert "MicroPython cannot read it" in finding.hint


class TestOwnModules:
    """A program may import its own files next to it; they go to the hub too, so they are checked too."""

    def test_a_problem_in_an_own_module_names_the_file(self, tmp_path):
        (tmp_path / "moves.py").write_text("import time\n\n\ndef square():\n    return 2**31\n", encoding="utf-8")
        (tmp_path / "main.py").write_text("import moves\nmoves.square()\n", encoding="utf-8")
        findings = check_program(tmp_path / "main.py", "en").findings
        assert {(f.file, f.line, f.kind) for f in findings} == {("moves.py", 1, "module"), ("moves.py", 5, "integer")}

    def test_a_missing_own_module(self, tmp_path):
        (tmp_path / "main.py").write_text("import helpers\n", encoding="utf-8")
        (finding,) = check_program(tmp_path / "main.py", "en").findings
        assert finding.line == 1 and "put helpers.py next to your program" in finding.hint

    def test_modules_in_a_folder_and_modules_importing_each_other(self, tmp_path):
        (tmp_path / "lib").mkdir()
        (tmp_path / "lib" / "steps.py").write_text("import moves\nSTEP = 10\n", encoding="utf-8")
        (tmp_path / "moves.py").write_text("import lib.steps\n", encoding="utf-8")
        (tmp_path / "main.py").write_text("import lib.steps\nimport moves\n", encoding="utf-8")
        report = check_program(tmp_path / "main.py", "en")
        assert report.ok and sorted(report.modules) == ["lib.steps", "moves"]


class TestTheCheckCommand:
    """`brickclass check PROGRAM` as a pupil or teacher types it."""

    def test_a_ready_program(self, capsys):
        assert brickclass(["check", str(SAMPLES / "two_files" / "main.py")]) == 0
        said = capsys.readouterr().out
        assert "is ready for the hub" in said and "Its own modules go along to the hub: moves." in said

    def test_a_program_with_problems_in_swedish(self, capsys):
        assert brickclass(["check", str(SAMPLES / "sleeps_with_time.py"), "--lang", "sv"]) == 1
        said = capsys.readouterr().out.splitlines()
        assert said[0] == "Problem på rad 4: Hubben har ingen modul som heter 'time'."
        assert said[-1] == "Ett problem att rätta innan en hubb kan köra programmet."

    def test_json_for_scripts(self, capsys):
        assert brickclass(["check", str(SAMPLES / "imports_os.py"), "--json"]) == 1
        answer = json.loads(capsys.readouterr().out)
        assert answer["ok"] is False and answer["findings"][0]["line"] == 2
        assert set(answer["findings"][0]) == {"line", "kind", "rule", "file", "message", "hint"}

    def test_a_file_that_is_not_there(self, capsys):
        assert brickclass(["check", "no_such_program.py"]) == 2
        assert capsys.readouterr().err.startswith("Cannot read no_such_program.py")

    def test_the_installed_command(self):
        done = subprocess.run([sys.executable, "-m", "brickclass", "check", str(SAMPLES / "big_number.py")],
                              capture_output=True, text=True, timeout=60, cwd=ROOT)
        assert done.returncode == 1 and "2**40" in done.stdout and "Traceback" not in done.stderr
