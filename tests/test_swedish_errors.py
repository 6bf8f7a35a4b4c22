"""A pupil or teacher who chose Swedish reads every refusal in Swedish, and one who chose English in English.

Each error path is taken through the real command line (``brickclass.cli.main``)
in both languages: the Swedish text has the Swedish words and none of the
English ones, the English text the English words. Errors carry a key and
values and are put into words where they are shown; a run that never started
is kept in the gradebook as a key and values, and explained in the reader's
language when it is read back.
"""

from __future__ import annotations

import ast
import gzip
import json
import re
from pathlib import Path

import pytest

from brickclass.cli import build_parser, main
from brickclass.language import OsReason, TomlReason, catalogue, reason_from_json, set_language

ROOT = Path(__file__).resolve().parents[1]
# Words of ours that used to reach Swedish readers inside Swedish sentences.
ENGLISH_LEAKS = ("no such", "No such", "not a brickclass trace", "cannot be read", "must be", "is not",
                 "is missing", "the lessons are", "Is a directory", "file:", "bytes", "damaged", "there is")


@pytest.fixture(autouse=True)
def _english_after(monkeypatch, tmp_path):
    monkeypatch.setenv("BRICKCLASS_HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    yield
    set_language(None)  # the tests' own language (BRICKCLASS_LANG=en) for whatever runs next


def said(capsys, *args: str, lang: str) -> tuple[int, str]:
    code = main([*args, "--lang", lang])
    out = capsys.readouterr()
    return code, out.out + out.err


def refused_in_both(capsys, args: tuple[str, ...], swedish: tuple[str, ...], english: tuple[str, ...]) -> str:
    """Run ``args`` in Swedish and English; both refuse, each in its own words. Returns the Swedish text."""
    code, sv = said(capsys, *args, lang="sv")
    assert code in (1, 2), sv
    for words in swedish:
        assert words in sv, sv
    leaks = [words for words in ENGLISH_LEAKS if words in sv]
    assert leaks == [], sv
    code, en = said(capsys, *args, lang="en")
    assert code in (1, 2), en
    for words in english:
        assert words in en, en
    return sv


class TestARunThatCannotStart:
    """`brickclass sim PROGRAM --headless` with something missing or wrong."""

    def test_a_program_that_is_not_there(self, capsys):
        refused_in_both(capsys, ("sim", "nofile.py", "--headless"),
                        ("Kan inte starta körningen: nofile.py: det finns ingen sådan fil",),
                        ("Cannot start the run: nofile.py: there is no such file",))

    def test_a_program_too_big_for_a_hub(self, capsys, tmp_path):
        (tmp_path / "big.py").write_text("#" * 300_000 + "\n", encoding="utf-8")
        refused_in_both(capsys, ("sim", "big.py", "--headless"),
                        ("big.py är 300001 byte; ett hubbprogram måste vara mindre än 262144",),
                        ("big.py is 300001 bytes; a hub program must be under 262144",))

    def test_a_robot_that_does_not_exist(self, capsys, tmp_path):
        (tmp_path / "x.py").write_text("pass\n", encoding="utf-8")
        refused_in_both(capsys, ("sim", "x.py", "--robot", "nobot", "--headless"),
                        ("nobot: det finns ingen sådan robot; välj någon av", "spike-rover"),
                        ("nobot: there is no such robot; choose one of",))

    def test_a_broken_robot_file_names_the_file_and_the_field(self, capsys, tmp_path):
        (tmp_path / "x.py").write_text("pass\n", encoding="utf-8")
        text = (ROOT / "robots" / "data" / "spike-rover.toml").read_text(encoding="utf-8")
        assert 'hub = "PrimeHub"' in text
        (tmp_path / "mine.toml").write_text(text.replace('hub = "PrimeHub"', 'hub = "BrainHub"'), encoding="utf-8")
        refused_in_both(capsys, ("sim", "x.py", "--robot", "mine.toml", "--headless"),
                        ("mine.toml: hub: är 'BrainHub'; det måste vara något av PrimeHub",),
                        ("mine.toml: hub: is 'BrainHub'; it must be one of PrimeHub",))

    def test_a_mission_file_that_is_not_there(self, capsys, tmp_path):
        (tmp_path / "x.py").write_text("pass\n", encoding="utf-8")
        refused_in_both(capsys, ("sim", "x.py", "--mission", "gone.toml", "--headless"),
                        ("gone.toml: går inte att läsa (det finns ingen sådan fil eller mapp)",),
                        ("gone.toml: cannot be read (there is no such file or folder)",))


class TestLessons:
    """`brickclass lessons …` with a lesson that is not there, or a lesson file a teacher broke."""

    def test_a_lesson_that_does_not_exist(self, capsys):
        refused_in_both(capsys, ("lessons", "show", "99"),
                        ("99: det finns ingen sådan lektion; lektionerna är: 01-drive",),
                        ("99: there is no such lesson; the lessons are: 01-drive",))

    def test_a_lesson_check_of_a_program_that_is_not_there(self, capsys):
        refused_in_both(capsys, ("lessons", "check", "01", "nofile.py"),
                        ("Kan inte starta körningen: nofile.py: det finns ingen sådan fil",),
                        ("Cannot start the run: nofile.py: there is no such file",))

    @pytest.mark.parametrize(("file", "old", "new", "swedish", "english"), [
        ("lesson.toml", "minutes = 30", "minutes = 30\ntime_limt_s = 5",
         "lesson.toml: time_limt_s: är ingen inställning som lektioner har",
         "lesson.toml: time_limt_s: is not a setting of a lesson"),
        ("lesson.toml", "distance_mm = 500", 'distance_mm = "far"',
         "lesson.toml: criteria[0].distance_mm: måste vara ett tal", "lesson.toml: criteria[0].distance_mm: must be a number"),
        ("lesson.toml", "minutes = 30", "minutes = 0",
         "lesson.toml: minutes: måste vara ett heltal, 1 eller mer", "lesson.toml: minutes: must be a whole number"),
        ("lesson.toml", 'mission = "practice"', 'mission = "practice"\nvariants = ["lesson-line:9"]',
         "lesson.toml: variants[0]: planen går inte att använda: lesson-line: lesson-line har ingen nivå 9",
         "lesson.toml: variants[0]: the field cannot be used: lesson-line: lesson-line has no level 9"),
        ("sv.md", "+++\n", "", "sv.md, rad 1: en lektionstext måste börja med en +++-rad",
         "sv.md, line 1: a lesson text must start with a +++ line"),
        ("starter.py", "# sv:", "# sw:", "starter.py, rad", "starter.py, line"),
    ])
    def test_a_broken_lesson_file_names_the_file_and_the_field(self, tmp_path, file, old, new, swedish, english):
        import shutil

        from brickclass.lessons.library import LessonFileError, load_lesson

        folder = tmp_path / "01-drive"
        shutil.copytree(ROOT / "lessons" / "01-drive", folder)
        text = (folder / file).read_text(encoding="utf-8")
        assert old in text
        (folder / file).write_text(text.replace(old, new, 1), encoding="utf-8")
        with pytest.raises(LessonFileError) as caught:
            load_lesson(folder)
        sv, en = caught.value.describe("sv"), caught.value.describe("en")
        assert swedish in sv and english in en, (sv, en)
        assert [words for words in ENGLISH_LEAKS + ("front matter",) if words in sv] == [], sv
        assert not re.search(r"\bline \d", sv), sv


class TestReplay:
    """`brickclass replay FILE` with a file that is not a trace."""

    def test_a_trace_that_is_not_there(self, capsys):
        refused_in_both(capsys, ("replay", "nofile.json"),
                        ("Den här reprisfilen går inte att spela upp: nofile.json går inte att läsa "
                         "(det finns ingen sådan fil eller mapp)",),
                        ("This replay file cannot be played: nofile.json cannot be read (there is no such file",))

    def test_a_file_that_is_not_a_trace(self, capsys, tmp_path):
        (tmp_path / "garbage.json").write_text("garbage\n", encoding="utf-8")
        refused_in_both(capsys, ("replay", "garbage.json"), ("garbage.json är ingen reprisfil från brickclass",),
                        ("garbage.json is not a brickclass trace",))

    def test_a_folder(self, capsys, tmp_path):
        (tmp_path / "runs").mkdir()
        refused_in_both(capsys, ("replay", "runs"), ("runs går inte att läsa (det är en mapp, inte en fil)",),
                        ("runs cannot be read (it is a folder, not a file)",))

    @pytest.mark.parametrize(("data", "swedish"), [
        ({"format": "brickclass-trace", "version": 99}, "old.json: reprisfiler av version 99 stöds inte"),
        ({"format": "brickclass-trace", "version": 3, "frames": [{"pose": "x"}]}, "old.json är en skadad reprisfil"),
        ({"format": "brickclass-trace", "version": 3, "mission": "practice", "robot": "spike-rover", "seed": 0,
          "frames": []}, "old.json innehåller ingen körning"),
    ])
    def test_a_trace_this_version_cannot_read(self, capsys, tmp_path, data, swedish):
        (tmp_path / "old.json").write_bytes(gzip.compress(json.dumps(data).encode("utf-8")))
        refused_in_both(capsys, ("replay", "old.json"), (swedish,), ("old.json",))


class TestFilesTheSystemRefuses:
    """The system's own reason (in English whatever the reader chose) is said in the reader's words."""

    def test_checking_a_program_that_is_not_there(self, capsys):
        code, sv = said(capsys, "check", "nofile.py", lang="sv")
        assert code == 2 and "nofile.py: det finns ingen sådan fil eller mapp" in sv and "No such" not in sv

    def test_checking_a_mission_file_that_is_not_there(self, capsys):
        refused_in_both(capsys, ("missions", "check", "gone.toml"),
                        ("gone.toml: går inte att läsa (det finns ingen sådan fil eller mapp)",),
                        ("gone.toml: cannot be read (there is no such file or folder)",))

    def test_importing_a_class_list_that_is_not_there(self, capsys, tmp_path):
        refused_in_both(capsys, ("roster", "import", "gone.csv", "--db", str(tmp_path / "book.sqlite3")),
                        ("gone.csv går inte att läsa (det finns ingen sådan fil eller mapp)",),
                        ("there is no such file or folder",))

    def test_a_reason_without_a_text_of_ours_keeps_the_systems_words(self):
        import errno

        reason = OsReason.of(OSError(errno.EIO, "Input/output error"))
        assert reason.describe("sv") == "Input/output error" and reason.name == "EIO"
        assert reason_from_json(json.loads(json.dumps(reason.to_json()))) == reason


def _english_metavars() -> set[str]:
    set_language("en")
    return {metavar for _, _, metavar in _placeholders()}


def _placeholders() -> list[tuple[str, str, str]]:
    """(command, option, placeholder) for every argument that takes a value, as --help shows them."""
    import argparse

    found = []
    parser = build_parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for command, sub in subparsers.choices.items():
        for action in sub._actions:
            if action.nargs == 0 or action.choices is not None or isinstance(action, argparse._HelpAction):
                continue
            shown = action.metavar if action.metavar is not None else (
                action.dest if not action.option_strings else action.dest.upper())
            for metavar in (shown if isinstance(shown, tuple) else (shown,)):
                found.append((command, "/".join(action.option_strings) or action.dest, str(metavar)))
    return found


def test_every_placeholder_in_help_is_in_the_readers_language():
    english = _english_metavars()
    set_language("sv")
    swedish = _placeholders()
    # Words that are the same in both languages (or no word at all).
    same = {"ROBOT", "PROGRAM", "N"}
    left_english = [(command, option, metavar) for command, option, metavar in swedish
                    if metavar in english and metavar not in same]
    assert left_english == []
    assert not [m for _, _, m in swedish if m.islower()], "a placeholder shows the argument's own name"


def test_the_sim_help_in_swedish(capsys):
    with pytest.raises(SystemExit):
        main(["sim", "--help", "--lang", "sv"])
    text = capsys.readouterr().out
    for words in ("[--mission UPPDRAG]", "[--seed FRÖ]", "[--time-limit SEKUNDER]", "[--trace FIL]", "[--speed FART]"):
        assert words in text
    assert not re.search(r"\b(MISSION|SECONDS|FILE|SPEED|SEED)\b", text)


class TestAGradedRunThatNeverStarted:
    """Grading a submission whose run cannot start keeps why as a key and values, not words."""

    def _graded(self, target: str):
        from brickclass.classroom.grading import Job, run_job

        return run_job(Job(1, "Alva", "alva.py", "pass\n", "mission", target, 0, keep_trace=False))

    def test_it_is_kept_as_a_key_and_values(self):
        graded = self._graded("no-such-mission")
        assert graded.status == "error"
        error = json.loads(json.dumps(graded.error))  # as the gradebook keeps it
        assert error["type"] == "SetupError" and error["message"] == ""
        assert error["setup"]["problem"] == "file"
        assert error["setup"]["values"]["problem"] == "no_such_mission"
        kept = json.dumps(error)
        for words in ("no such", "there is", "det finns", "Cannot", "Kan inte"):
            assert words not in kept

    def test_it_is_explained_in_the_readers_language(self):
        from brickclass.simulator.explain import explain

        error = json.loads(json.dumps(self._graded("no-such-mission").error))
        explanation = explain(error, "")
        assert explanation is not None and explanation.id == "setup"
        assert explanation.title("sv") == "Körningen kunde inte starta"
        assert explanation.text("sv").startswith("no-such-mission: det finns inget sådant uppdrag")
        assert explanation.title("en") == "The run could not start"
        assert explanation.text("en").startswith("no-such-mission: there is no such mission")

    def test_a_field_file_the_system_cannot_read(self, tmp_path):
        from brickclass.simulator.explain import explain

        error = json.loads(json.dumps(self._graded(str(tmp_path / "gone.toml")).error))
        explanation = explain(error, "")
        assert explanation is not None
        assert "går inte att läsa (det finns ingen sådan fil eller mapp)" in explanation.text("sv")
        assert "cannot be read (there is no such file or folder)" in explanation.text("en")

    def test_a_lesson_that_no_longer_loads(self):
        from brickclass.classroom.grading import Job, run_job
        from brickclass.simulator.explain import explain

        graded = run_job(Job(1, "Alva", "alva.py", "pass\n", "lesson", "99-gone", 0, keep_trace=False))
        error = json.loads(json.dumps(graded.error))
        assert error["setup"] == {"problem": "lesson_broken", "values": {"lesson": "99-gone"}}
        explanation = explain(error, "")
        assert explanation is not None
        assert explanation.text("sv").startswith("lektionen 99-gone går inte att använda")
        assert explanation.text("en").startswith("the lesson 99-gone cannot be used")

    def test_an_older_gradebooks_words_are_still_shown(self):
        from brickclass.simulator.explain import explain

        explanation = explain({"type": "SetupError", "message": "x.py: no such file", "line": None})
        assert explanation is not None and explanation.text("sv") == "x.py: no such file"


def _keys_raised(path: Path, error: str, argument: int) -> set[str]:
    """Every literal problem key ``path`` passes to ``error(...)`` as its ``argument``-th argument."""
    keys = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == error \
                and len(node.args) > argument and isinstance(node.args[argument], ast.Constant):
            keys.add(str(node.args[argument].value))
    return keys


@pytest.mark.parametrize(("source", "error", "argument", "table"), [
    ("lessons/library.py", "LessonFileError", 2, "lessons.problem"),
    ("robots/models.py", "RobotFileError", 2, "missions.problem"),
    ("simulator/trace.py", "TraceError", 1, "sim.trace"),
    ("simulator/run.py", "SetupError", 0, "sim.setup"),
])
def test_every_problem_an_error_names_has_words_in_both_languages(source, error, argument, table):
    keys = _keys_raised(ROOT / source, error, argument)
    assert keys, f"found no {error} in {source}"
    for lang in ("en", "sv"):
        assert sorted(key for key in keys if f"{table}.{key}" not in catalogue(lang)) == [], lang


def test_every_problem_a_criterion_check_names_has_words_in_both_languages():
    from brickclass.lessons.criteria_kinds import check_params

    problems = [check_params("nope", {}), check_params("drove", {"distance_mm": "far", "tolerance_mm": 1}),
                check_params("reach_zone", {"zone": ""}), check_params("finished", {"x": 1}),
                check_params("drove", {"distance_mm": 1, "tolerance_mm": 1, "x": 1})]
    for problem in problems:
        assert problem is not None
        field, key, values = problem
        for lang in ("en", "sv"):
            assert f"lessons.problem.{key}" in catalogue(lang)


class TestExamples:
    """`brickclass examples`: the list and a copy that cannot be made."""

    def test_every_example_is_listed_in_the_readers_language(self, capsys):
        from brickclass.commands.examples import examples

        names = sorted(examples())
        assert names
        for lang in ("en", "sv"):
            assert [name for name in names if f"examples.summary.{name}" not in catalogue(lang)] == [], lang
        code, sv = said(capsys, "examples", lang="sv")
        assert code == 0 and "Kör en kvadrat: fyra sidor på 30 cm" in sv and "Drive a square" not in sv
        code, en = said(capsys, "examples", lang="en")
        assert code == 0 and "Drive a square: four sides of 30 cm" in en

    def test_a_folder_that_cannot_be_made(self, capsys, tmp_path):
        (tmp_path / "taken").write_text("a file, not a folder\n", encoding="utf-8")
        refused_in_both(capsys, ("examples", "square", "--to", "taken/inside"),
                        ("Kan inte kopiera till taken/inside: ",), ("Cannot copy to taken/inside: ",))


@pytest.mark.parametrize(("text", "swedish", "english"), [
    ("x = [\n", "det här är inget värde: en text behöver citattecken runt sig, i slutet av filen",
     "this is not a value: a text needs quotes around it, at the end of the file"),
    ('id = "a"\nid = "b"\n', "ett värde anges två gånger, rad 2, kolumn 9", "a value is given twice, line 2, column 9"),
    ('id "x"\n', "en nyckel behöver '=' och ett värde efter sig, rad 1, kolumn 4",
     "a key needs '=' and a value after it, line 1, column 4"),
])
def test_a_file_that_is_not_toml_is_told_where_in_the_readers_words(capsys, tmp_path, text, swedish, english):
    (tmp_path / "mine.toml").write_text(text, encoding="utf-8")
    sv = refused_in_both(capsys, ("missions", "check", "mine.toml"), ("mine.toml: är inte giltig TOML (" + swedish,),
                         ("mine.toml: is not valid TOML (" + english,))
    assert not re.search(r"Invalid|Expected|Cannot|at line|document", sv)


def test_a_toml_complaint_without_words_of_ours_keeps_the_readers_own():
    reason = TomlReason("Something new (at line 3, column 1)")
    assert reason.describe("sv") == "Something new, rad 3, kolumn 1"
    assert reason_from_json(json.loads(json.dumps(reason.to_json()))) == reason


class TestFilesThatCannotBeWritten:
    """A file asked for in a folder that cannot be: said in the reader's words, no traceback."""

    @pytest.fixture
    def taken(self, tmp_path):
        (tmp_path / "taken").write_text("a file, not a folder\n", encoding="utf-8")
        (tmp_path / "x.py").write_text("pass\n", encoding="utf-8")
        return "taken/inside"

    def test_a_trace_and_a_picture_of_a_run(self, capsys, taken):
        code, sv = said(capsys, "sim", "x.py", "--headless", "--trace", f"{taken}.trace", "--png", f"{taken}.png",
                        lang="sv")
        assert code == 0
        assert f"{taken}.trace går inte att skriva (en del av sökvägen är ingen mapp)" in sv
        assert f"{taken}.png går inte att skriva (en del av sökvägen är ingen mapp)" in sv

    def test_a_picture_of_a_replay(self, capsys, taken):
        assert main(["sim", "x.py", "--headless", "--trace", "run.trace"]) == 0
        capsys.readouterr()
        refused_in_both(capsys, ("replay", "run.trace", "--png", f"{taken}.png"),
                        (f"{taken}.png går inte att skriva (en del av sökvägen är ingen mapp)",),
                        (f"{taken}.png cannot be written (a part of the path is not a folder)",))

    def test_a_lessons_starter(self, capsys, taken):
        refused_in_both(capsys, ("lessons", "start", "01", f"{taken}.py"),
                        (f"{taken}.py går inte att skriva (något med det namnet finns redan)",),
                        (f"{taken}.py cannot be written",))

    def test_a_new_field(self, capsys, taken):
        refused_in_both(capsys, ("field", "new", f"{taken}.toml"),
                        (f"{taken}.toml går inte att skriva (en del av sökvägen är ingen mapp)",),
                        (f"{taken}.toml cannot be written",))


@pytest.mark.parametrize(("args", "swedish", "english"), [
    (("sim", "x.py", "--time-limit", "abc"), "argument --time-limit: ogiltigt värde (tal): 'abc'",
     "argument --time-limit: invalid number value: 'abc'"),
    (("sim", "x.py", "--seed", "1.5"), "argument --seed: ogiltigt värde (heltal): '1.5'",
     "argument --seed: invalid whole number value: '1.5'"),
])
def test_a_value_that_is_not_a_number_names_the_kind_in_the_readers_words(capsys, args, swedish, english):
    for lang, words in (("sv", swedish), ("en", english)):
        with pytest.raises(SystemExit):
            main([*args, "--lang", lang])
        assert words in capsys.readouterr().err


def test_an_error_inside_a_sentence_speaks_the_sentences_language():
    """The process runs in English; the teacher's app asks for Swedish: every part of the sentence is Swedish."""
    from brickclass.classroom import TargetError
    from brickclass.lessons.library import LessonFileError
    from brickclass.simulator.missions import MissionFileError

    set_language("en")
    inner = MissionFileError("lesson-line", "", "no_such_level", mission="lesson-line", level=9, levels="1, 2")
    error = TargetError("lesson_broken", name="07-follow-line",
                        error=LessonFileError("lesson.toml", "variants[0]", "field_broken", error=inner))
    sv = error.message("sv")
    assert "planen går inte att använda: lesson-line: lesson-line har ingen nivå 9" in sv, sv
    assert "the field" not in sv and "has no level" not in sv
    assert "the field cannot be used: lesson-line: lesson-line has no level 9" in str(error)
