"""The window, drawn with SDL's dummy driver: what a pupil sees on screen."""

from __future__ import annotations

import pygame
import pytest

from brickclass.simulator.render.window import run_in_window
from brickclass.simulator.run import RunOptions

pytestmark = pytest.mark.slow

PROGRAM = """\
from pybricks.parameters import Direction, Port
from pybricks.pupdevices import ColorSensor, Motor, UltrasonicSensor
from pybricks.robotics import DriveBase

eye = ColorSensor(Port.E)
eyes = UltrasonicSensor(Port.D)
robot = DriveBase(Motor(Port.A, Direction.COUNTERCLOCKWISE), Motor(Port.B), 56, 112)
robot.straight(250)
robot.turn(-90)
robot.straight(300)
print("reflection", eye.reflection(), "distance", eyes.distance())
"""


def test_the_window_shows_field_robot_path_and_score(tmp_path):
    program = tmp_path / "drive.py"
    program.write_text(PROGRAM, encoding="utf-8")
    picture = tmp_path / "window.png"
    result = run_in_window(RunOptions(program=program, mission="moon-sweeper:1"), speed=64, linger=False,
                           screenshot=str(picture))
    assert result.status == "finished", result.error
    image = pygame.image.load(str(picture))
    width, height = image.get_size()
    assert width > 1200 and height >= 600
    # The field's mat colour fills the middle of the field area…
    mat = tuple(image.get_at((600, 300)))[:3]
    assert abs(mat[0] - 0x8E) < 12 and abs(mat[2] - 0x84) < 12
    # …the path is drawn in orange where the robot drove north from the base…
    x_px = 10 + int(450 * 0.5)
    column = [tuple(image.get_at((x, y)))[:3] for x in range(x_px - 4, x_px + 5) for y in range(380, 460)]
    assert any(r > 200 and 90 < g < 150 and b < 60 for r, g, b in column)
    # …and the side panel (dark) carries text (light pixels).
    panel = [tuple(image.get_at((x, y)))[:3] for x in range(1230, 1500, 3) for y in range(10, 200, 3)]
    assert any(min(p) > 180 for p in panel) and any(max(p) < 60 for p in panel)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_panel_text_stays_inside_the_window_in_both_languages(tmp_path, lang):
    from brickclass.language import set_language

    program = tmp_path / "crash.py"
    # A long error near the end of a run: the bottom of the panel is at its fullest.
    program.write_text("from pybricks.tools import wait\nwait(200)\nundefined_name_for_a_long_message()\n",
                       encoding="utf-8")
    picture = tmp_path / "window.png"
    set_language(lang)
    try:
        result = run_in_window(RunOptions(program=program, mission="practice"), speed=64, linger=False,
                               screenshot=str(picture))
    finally:
        set_language("en")
    assert result.status == "error"
    image = pygame.image.load(str(picture))
    width, height = image.get_size()
    # Text is light on the dark panel: the last 8 pixel columns stay dark.
    edge = [tuple(image.get_at((x, y)))[:3] for x in range(width - 8, width) for y in range(0, height)]
    assert all(max(p) < 120 for p in edge)
    # The bottom lines (keys, ending, error) are there.
    bottom = [tuple(image.get_at((x, y)))[:3] for x in range(width - 400, width - 8, 2) for y in range(height - 90, height)]
    assert any(min(p) > 150 for p in bottom)
