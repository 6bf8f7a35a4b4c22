"""What a pupil reads when their program goes wrong: the line, and one next step, in sv or en."""

from __future__ import annotations

import pytest

from brickclass.commands.sim import result_payload
from brickclass.language import set_language
from tests.runner import ROVER_SETUP, run_source

pytestmark = pytest.mark.slow

CASES = {
    "syntax": ("print('hello'\nprint('again')\n", 1),
    "name-misspelt": ("motor_speed = 300\nprint(motor_sped)\n", 2),
    "enodev": ("from pybricks.pupdevices import Motor\nfrom pybricks.parameters import Port\nMotor(Port.E)\n", 3),
    "await-forgotten": (
        "from pybricks.pupdevices import UltrasonicSensor\nfrom pybricks.parameters import Port\n"
        "from pybricks.tools import run_task\neyes = UltrasonicSensor(Port.D)\n\nasync def main():\n"
        "    if eyes.distance() < 100:\n        print('near')\n\nrun_task(main())\n", 7),
    "await-not-awaitable": (
        "from pybricks.tools import run_task\n\nasync def main():\n    await print('hi')\n\nrun_task(main())\n", 4),
    "wrong-arguments": (ROVER_SETUP + "robot.straight(100, 200, 300, 400, 500)\n", ROVER_SETUP.count("\n") + 1),
    "ebusy": (ROVER_SETUP + "second_robot = DriveBase(left, right, 56, 112)\n", ROVER_SETUP.count("\n") + 1),
    "import-missing": ("import time\ntime.sleep(1)\n", 1),
    "recursion": ("def dig(n):\n    return dig(n + 1)\n\ndig(0)\n", 2),
    "port-unknown": ("from pybricks.pupdevices import Motor\nfrom pybricks.parameters import Port\narm = Motor(Port.G)\n", 3),
    "indentation": ("x = 1\nif x:\nprint(x)\n", 3),
}


@pytest.mark.parametrize("expected", sorted(CASES))
def test_each_common_mistake_gets_its_own_explanation_in_both_languages(tmp_path, expected):
    source, line = CASES[expected]
    result = run_source(tmp_path, source)
    assert result.status == "error"
    texts = {}
    for lang in ("en", "sv"):
        set_language(lang)
        error = result_payload(result, source)["error"]
        assert error["explanation_id"] == expected, error
        assert error["line"] == line
        assert error["hint"] and error["title"]
        texts[lang] = error["hint"]
    set_language("en")
    assert texts["en"] != texts["sv"]


def test_a_syntax_error_shows_the_line_with_a_caret(tmp_path):
    source = "x = (1 +\n"
    result = run_source(tmp_path, source)
    error = result_payload(result, source)["error"]
    assert error["caret"].splitlines()[0] == "x = (1 +"
    assert error["caret"].splitlines()[1].strip() == "^"


def test_running_out_of_time_and_memory_and_never_waiting_are_explained(tmp_path):
    from brickclass.simulator.run import RunOptions, run_program

    cases = {
        "stuck": ("while True:\n    pass\n", {"watchdog_s": 1.0}),
        "memory": ("hoard = []\nwhile True:\n    hoard.append(bytearray(50_000_000))\n", {}),
    }
    for expected, (source, options) in cases.items():
        path = tmp_path / f"{expected}.py"
        path.write_text(source, encoding="utf-8")
        result = run_program(RunOptions(program=path, mission="practice", **options))
        assert result_payload(result, source)["error"]["explanation_id"] == expected


def _words(explanation, lang):
    return explanation.title(lang) + " " + explanation.text(lang)


def test_an_unknown_port_names_the_port_and_leaks_no_placeholder():
    from brickclass.simulator.explain import explain

    error = {"type": "AttributeError", "message": "type object 'Port' has no attribute 'G'", "line": 3}
    explanation = explain(error, "arm = Motor(Port.G)\n")
    assert explanation.id == "port-unknown"
    assert explanation.title("en") == "There is no Port.G" and explanation.title("sv") == "Det finns ingen Port.G"
    assert "Port.A to Port.F" in explanation.text("en") and "Port.A till Port.F" in explanation.text("sv")


def test_a_misspelt_parameter_or_method_gets_a_did_you_mean():
    from brickclass.simulator.explain import explain

    error = {"type": "AttributeError", "message": "type object 'Direction' has no attribute 'CLOCKWIZE'"}
    assert "`Direction.CLOCKWISE`" in explain(error).text("en")
    error = {"type": "AttributeError", "message": "'ColorSensor' object has no attribute 'reflektion'"}
    assert explain(error).id == "attribute-misspelt" and "`reflection`" in explain(error).text("sv")


def test_indentation_gets_advice_about_spaces_not_colons_or_brackets():
    from brickclass.simulator.explain import explain

    # As the simulator reports it, and as a hub's MicroPython may print it.
    for error in ({"type": "IndentationError", "message": "expected an indented block after 'if' statement"},
                  {"type": "SyntaxError", "message": "unindent doesn't match any outer indent level"}):
        explanation = explain(error)
        assert explanation.id == "indentation"
        for lang in ("en", "sv"):
            assert "`:`" not in explanation.text(lang)


ODD_ERRORS = [
    {"type": "AttributeError", "message": ""},
    {"type": "AttributeError", "message": "no such attribute"},
    {"type": "ImportError", "message": "something else"},
    {"type": "NameError", "message": ""},
    {"type": "OSError", "message": ""},
    {"type": "", "message": ""},
    {"type": "TypeError", "message": "unsupported"},
    {"type": "SyntaxError"},
]


@pytest.mark.parametrize("error", ODD_ERRORS, ids=lambda e: e["type"] + ": " + e.get("message", "-"))
def test_no_explanation_shows_a_placeholder_whatever_the_report_holds(error):
    from brickclass.simulator.explain import explain

    explanation = explain(error)
    for lang in ("en", "sv"):
        words = _words(explanation, lang)
        assert "{" not in words and " ? " not in words and "a ?" not in words and "en ?" not in words


def test_an_explanation_is_keys_and_values_the_edge_puts_into_words():
    from brickclass.simulator.explain import explain

    explanation = explain({"type": "NameError", "message": "name 'wiat' is not defined", "name": "wiat"},
                          "from pybricks.tools import wait\nwiat(10)\n")
    stored = explanation.to_json()
    assert stored == {"id": "name-misspelt", "title_key": "explain.name.title", "text_key": "explain.name.did_you_mean",
                      "values": {"name": "wiat", "guess": "wait"}}
    assert "Menade du `wait`?" in explanation.text("sv") and "Did you mean `wait`?" in explanation.text("en")
