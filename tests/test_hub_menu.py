"""hub_menu(): a pupil picks a program with the hub's buttons, as on a SPIKE Prime hub.

The button presses are scripted: the hub-side code runs in an interpreter set
up like the hub process, with a stand-in link whose hub has given buttons
pressed at given moments and which records what the hub is told to do.
Mistakes a program can make are tested in the simulator itself.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.runner import run_source

HUB_DIR = Path(__file__).resolve().parents[1] / "simulator" / "hub"

SCRIPT = r"""
import json, sys
sys.path[:0] = [sys.argv[1] + "/site", sys.argv[1]]
from hubos import link

scenario = json.loads(sys.argv[2])


class PressingLink:
    # The hub's buttons are held during [from_ms, to_ms) intervals.
    def __init__(self):
        self.now = 0
        self.log = []

    def spend(self):
        self.now += 40
        return self.now

    def now_ms(self):
        return self.now // 1000

    def read(self, obj, key):
        self.spend()
        assert (obj, key) == ("hub", "buttons")
        t = self.now_ms()
        return sorted(name for start, end, name in scenario["presses"] if start <= t < end)

    def peek(self, obj, key):
        if key == "stop_buttons" and scenario.get("stop_buttons") is not None:
            return scenario["stop_buttons"]
        raise KeyError(key)

    def post(self, obj, method, args, touches=()):
        self.spend()
        self.log.append([method] + args)

    def wait_until(self, deadline_us):
        self.now = max(self.now, deadline_us)


hub_link = PressingLink()
link.install(hub_link)
from pybricks.tools import hub_menu
choice = hub_menu(*scenario["symbols"])
print(json.dumps({"choice": choice, "at_ms": hub_link.now_ms(), "log": hub_link.log}))
"""


def menu(symbols: list[Any], presses: list[tuple[int, int, str]], stop_buttons: list[str] | None = None) -> dict:
    scenario = {"symbols": symbols, "presses": presses, "stop_buttons": stop_buttons}
    done = subprocess.run([sys.executable, "-I", "-S", "-c", SCRIPT, str(HUB_DIR), json.dumps(scenario)],
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_right_right_centre_picks_the_third_symbol():
    result = menu(["A", "B", "C", "D"], [(100, 200, "RIGHT"), (300, 400, "RIGHT"), (500, 600, "CENTER")])
    assert result["choice"] == "C"
    assert result["log"] == [
        ["display_char", "A"],
        ["stop_button", []],  # the centre button chooses, so it must not stop the program
        ["display_char", "B"],
        ["display_char", "C"],
        ["stop_button", ["CENTER"]],
    ]
    # The choice counts once the centre button is released.
    assert 600 <= result["at_ms"] < 620


def test_left_from_the_first_symbol_wraps_to_the_last():
    result = menu([1, 2, 3], [(100, 150, "LEFT"), (200, 250, "CENTER")])
    assert result["choice"] == 3
    assert ["display_number", 3] in result["log"]


def test_a_button_held_when_the_menu_starts_does_not_count_until_released():
    result = menu(["A", "B"], [(0, 300, "RIGHT"), (400, 450, "CENTER")])
    assert result["choice"] == "A"
    assert result["at_ms"] >= 450


def test_numbers_show_as_whole_numbers_and_the_symbol_itself_is_returned():
    result = menu([2.5, "x"], [(50, 60, "CENTER")])
    assert result["choice"] == 2.5
    assert result["log"][0] == ["display_number", 2]


def test_the_bluetooth_stop_button_stays_on_during_the_menu():
    result = menu(["A", "B"], [(50, 60, "CENTER")], stop_buttons=["BLUETOOTH"])
    assert [entry for entry in result["log"] if entry[0] == "stop_button"] == []


def test_mistakes_raise_the_hubs_errors(tmp_path):
    result = run_source(tmp_path, """
from pybricks.tools import hub_menu, run_task

def show(make):
    try:
        make()
    except Exception as error:
        print(type(error).__name__ + ":", error)

show(lambda: hub_menu("A"))
show(lambda: hub_menu())
show(lambda: hub_menu("AB", "C"))
show(lambda: hub_menu("A", [1]))

async def main():
    show(lambda: hub_menu("A", "B"))

run_task(main())
""")
    assert result.status == "finished", result.error
    assert result.stdout.splitlines() == [
        "TypeError: function missing 1 required positional arguments",
        "TypeError: function missing 2 required positional arguments",
        "ValueError: Invalid argument",
        "TypeError: can't convert list to int",
        "RuntimeError: This can only be called before multitasking starts.",
    ]


def test_with_nobody_at_the_hub_the_menu_waits_until_time_is_up(tmp_path):
    result = run_source(tmp_path, """
from pybricks.tools import hub_menu
print(hub_menu("A", "B"))
""", time_limit_s=0.5)
    assert result.status == "timeout"
    assert result.sim_time_s >= 0.5
    # Nothing was chosen: the hub's stop message is all there is.
    assert result.stdout == "The program was stopped (SystemExit).\n"
