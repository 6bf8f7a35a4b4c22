"""The hub's 5×5 light matrix: what a program puts on it is what a pupil sees.

A pupil writes ``hub.display.number(42)`` and looks at the hub: the world keeps
the matrix as the firmware would light it at every moment (pixels, icons,
numbers, characters, scrolling text, animations, orientation), the window
draws it on the hub beside the field and on top of the rover, and a saved
run plays it back. Pictures of the matrix are read back cell by cell, so each
test fails when the pupil would see something else.
"""

from __future__ import annotations

import gzip
import itertools
import json
import string
import textwrap
from pathlib import Path

import pygame
import pytest

from brickclass.simulator.devices.font5x5 import DIGITS_2X5, GLYPHS, glyph
from brickclass.simulator.render.matrix import GAP, MARGIN, SPAN
from brickclass.simulator.run import Run, RunOptions
from brickclass.simulator.trace import Trace

pytestmark = pytest.mark.slow

SETUP = """\
from pybricks.hubs import PrimeHub
from pybricks.parameters import Side
from pybricks.tools import Matrix, wait
hub = PrimeHub()
"""

DARK = ["....."] * 5


def picture(grid) -> list[str]:
    """A matrix as rows of text: ``#`` fully lit, ``.`` dark, ``+`` anything between."""
    return ["".join("#" if v == 100 else "." if v == 0 else "+" for v in row) for row in grid]


def narrow(tens: int, ones: int) -> list[str]:
    """Two narrow digits with a dark column between, as display.number() shows them."""
    return [left + "." + right for left, right in zip(DIGITS_2X5[tens], DIGITS_2X5[ones])]


def run_recording(tmp_path: Path, body: str, **options) -> tuple[Run, dict[int, tuple]]:
    """Run SETUP + ``body`` headless; what the matrix showed at every tick (by ms)."""
    program = tmp_path / "program.py"
    program.write_text(SETUP + textwrap.dedent(body), encoding="utf-8")
    shown: dict[int, tuple] = {}

    def tick(world) -> None:
        shown[world.clock.now_us // 1000] = world.devices.hub.display_now()

    run = Run(RunOptions(program=program, mission=options.pop("mission", "practice"), **options), tick_hook=tick)
    result = run.execute()
    assert result.status == "finished", (result.stdout, result.error)
    return run, shown


# --- what the world keeps ------------------------------------------------------------------


def test_pixels_light_one_by_one_and_on_and_off_fill_and_clear(tmp_path):
    _, shown = run_recording(tmp_path, """
wait(100)
hub.display.pixel(0, 0)
hub.display.pixel(2, 4, 40)
hub.display.pixel(9, 1)          # off the matrix: nothing
wait(100)
hub.display.on(30)
wait(100)
hub.display.off()
wait(100)
""")
    grid = shown[150]
    assert grid[0][0] == 100 and grid[2][4] == 40
    assert sum(map(sum, grid)) == 140  # nothing else lit: the hub's spinner is gone too
    assert shown[250] == ((30,) * 5,) * 5
    assert picture(shown[350]) == DARK


def test_an_icon_shows_as_given_brightness_and_all(tmp_path):
    _, shown = run_recording(tmp_path, """
wait(100)
hub.display.icon([[0, 100, 0, 100, 0], [100, 60, 100, 60, 100], [100] * 5, [0, 100, 100, 100, 0], [0, 0, 10, 0, 0]])
wait(100)
hub.display.icon(Matrix([[250, -5, 0, 0, 0, 0]] + [[0] * 6] * 4 + [[100] * 6]))   # kept to 0..100, top-left 5×5
wait(100)
""")
    assert shown[150] == ((0, 100, 0, 100, 0), (100, 60, 100, 60, 100), (100,) * 5, (0, 100, 100, 100, 0), (0, 0, 10, 0, 0))
    assert shown[250] == ((100, 0, 0, 0, 0),) + ((0,) * 5,) * 4


def test_numbers_show_two_narrow_digits_with_a_faint_dot_for_minus(tmp_path):
    _, shown = run_recording(tmp_path, """
for number in (7, 42, -5, 99, 100, -100, 0):
    wait(100)
    hub.display.number(number)
wait(100)
""")
    at = {number: shown[150 + 100 * index] for index, number in enumerate((7, 42, -5, 99, 100, -100, 0))}
    assert picture(at[7]) == narrow(0, 7)  # always two digits: "07"
    assert picture(at[42]) == narrow(4, 2)
    assert picture(at[99]) == narrow(9, 9)
    minus = narrow(0, 5)
    minus[2] = minus[2][:2] + "+" + minus[2][3:]
    assert picture(at[-5]) == minus and at[-5][2][2] == 50
    assert picture(at[100]) == list(GLYPHS[">"])
    assert picture(at[-100]) == list(GLYPHS["<"])
    assert picture(at[0]) == narrow(0, 0)


def test_a_character_shows_its_letter(tmp_path):
    _, shown = run_recording(tmp_path, """
wait(100)
hub.display.char("A")
wait(100)
hub.display.char("7")
wait(100)
""")
    assert picture(shown[150]) == list(GLYPHS["A"])
    assert picture(shown[250]) == list(GLYPHS["7"])


def test_text_shows_each_character_for_on_then_dark_for_off(tmp_path):
    _, shown = run_recording(tmp_path, """
wait(100)
hub.display.text("Hi", 200, 100)     # H 100..300, dark, i 400..600, dark
hub.display.text("AB", on=200, off=0)  # A 700..900, B 900..1100, dark at the end
wait(100)
""")
    expected = {150: "H", 290: "H", 310: None, 390: None, 410: "i", 590: "i", 650: None,
                710: "A", 890: "A", 910: "B", 1090: "B", 1150: None}
    for ms, char in expected.items():
        assert picture(shown[ms]) == (DARK if char is None else list(GLYPHS[char])), ms


def test_orientation_turns_what_comes_next_not_what_is_lit(tmp_path):
    _, shown = run_recording(tmp_path, """
wait(100)
hub.display.pixel(0, 0)
hub.display.orientation(Side.LEFT)   # the hub turned: its left side up
wait(100)
hub.display.pixel(0, 1)              # the pupil's top row is the matrix's left column
wait(100)
for side in (Side.RIGHT, Side.BOTTOM, Side.FRONT):
    hub.display.off()
    hub.display.orientation(side)
    hub.display.pixel(0, 0)
    wait(100)
hub.display.orientation(Side.LEFT)
hub.display.char("F")
wait(100)
""")
    assert picture(shown[150]) == ["#....", ".....", ".....", ".....", "....."]
    assert picture(shown[250]) == ["#....", ".....", ".....", "#....", "....."]
    assert picture(shown[350]) == ["....#", ".....", ".....", ".....", "....."]  # RIGHT
    assert picture(shown[450]) == [".....", ".....", ".....", ".....", "....#"]  # BOTTOM
    assert picture(shown[550]) == ["#....", ".....", ".....", ".....", "....."]  # FRONT: as TOP
    # F with its left side up: read with the hub turned, its stem runs along the bottom.
    assert picture(shown[650]) == ["#....", "#....", "#.#..", "#.#..", "#####"]


def test_animate_shows_each_frame_for_the_interval_and_starts_over(tmp_path):
    _, shown = run_recording(tmp_path, """
def only(row, column):
    frame = [[0] * 5 for _ in range(5)]
    frame[row][column] = 100
    return frame

wait(100)
hub.display.animate([only(0, 0), only(0, 1), only(0, 2)], 200)
wait(20)                             # animations go on in the background
print("back")
wait(680)                            # 800: the first frame again
hub.display.pixel(4, 4)              # a pixel stops the animation and darkens the rest
wait(300)
""")

    def lit(ms):
        return [(r, c) for r in range(5) for c in range(5) if shown[ms][r][c]]

    assert lit(105) == [(0, 0)] and lit(295) == [(0, 0)]
    assert lit(305) == [(0, 1)] and lit(495) == [(0, 1)]
    assert lit(505) == [(0, 2)] and lit(695) == [(0, 2)]
    assert lit(705) == [(0, 0)]
    assert lit(805) == [(4, 4)] and lit(1095) == [(4, 4)]


def test_a_new_orientation_turns_an_animation_from_its_next_frame(tmp_path):
    _, shown = run_recording(tmp_path, """
wait(100)
hub.display.animate([[[100, 0, 0, 0, 0]] + [[0] * 5] * 4, [[0, 100, 0, 0, 0]] + [[0] * 5] * 4], 200)
wait(250)
hub.display.orientation(Side.RIGHT)
wait(500)
""")
    assert picture(shown[400])[0] == ".#..."  # the frame that was lit stays as it was
    assert picture(shown[550])[0] == "....#"  # the next frame is turned: (0, 0) -> top right
    assert picture(shown[750])[1] == "....#"  # (0, 1) -> one down on the right


def test_while_the_program_has_not_used_the_matrix_the_hub_shows_its_spinner(tmp_path):
    run, shown = run_recording(tmp_path, "wait(400)\n")
    ring = {(0, 1), (0, 2), (0, 3), (1, 3), (2, 3), (2, 2), (2, 1), (1, 1)}
    for ms in (50, 200, 350):
        grid = shown[ms]
        assert grid[4][0] == 100  # the dot of the selected program slot
        lit = {(r, c) for r in range(5) for c in range(5) if grid[r][c]}
        assert lit - {(4, 0)} <= ring and len(lit) > 3
    assert shown[100] != shown[140]  # it goes round
    # When the program has ended, the hub shows its stop sign again.
    assert picture(run.world.devices.hub.display_now()) == [".###.", ".###.", ".###.", ".....", "#...."]


def test_a_hub_without_a_matrix_has_none(tmp_path):
    program = tmp_path / "desk.py"
    program.write_text("from pybricks.tools import wait\nwait(100)\n", encoding="utf-8")
    run = Run(RunOptions(program=program, robot="virtualhub", trace=True))
    result = run.execute()
    assert result.status == "finished"
    assert run.world.devices.hub.display_now() is None
    assert all(frame.display is None for frame in result.trace.frames)


# --- our own font --------------------------------------------------------------------------


def test_every_printable_character_has_a_five_by_five_glyph():
    assert sorted(GLYPHS) == [chr(code) for code in range(32, 127)]
    for char, rows in GLYPHS.items():
        assert len(rows) == 5 and all(len(row) == 5 and set(row) <= {"#", "."} for row in rows), char
        assert any("#" in row for row in rows) == (char != " "), char


def test_digits_and_capitals_differ_in_at_least_three_pixels():
    def differ(a, b):
        return sum(x != y for row_a, row_b in zip(GLYPHS[a], GLYPHS[b]) for x, y in zip(row_a, row_b))

    close = [(a, b) for a, b in itertools.combinations(string.digits + string.ascii_uppercase, 2) if differ(a, b) < 3]
    assert close == []
    # The narrow digits of display.number() are all different too.
    assert len(set(DIGITS_2X5)) == 10 and all(len(row) == 2 for digit in DIGITS_2X5 for row in digit)


# --- what the window shows ----------------------------------------------------------------


def is_lit(color) -> bool:
    """Warm white, as a fully lit pixel looks."""
    r, g, b = tuple(color)[:3]
    return r > 230 and g > 210 and r - b > 25


def face_cells(image: pygame.Surface, region: pygame.Rect) -> dict[tuple[int, int], tuple[int, int, int]]:
    """The colour in the middle of each of the 25 pixels of the matrix drawn in ``region``.

    The matrix's dark face is found by its colour; its pixels sit on it as the
    renderer lays them out.
    """
    face = [(x, y) for x in range(region.left, region.right) for y in range(region.top, region.bottom)
            if tuple(image.get_at((x, y)))[:3] == (16, 16, 19)]
    assert face, "no light matrix drawn here"
    left, top = min(x for x, _ in face), min(y for _, y in face)
    side = max(x for x, _ in face) - left + 1
    cells = {}
    for row in range(5):
        for column in range(5):
            x = left + (MARGIN + column * (1 + GAP) + 0.5) / SPAN * side
            y = top + (MARGIN + row * (1 + GAP) + 0.5) / SPAN * side
            cells[(row, column)] = tuple(image.get_at((int(x), int(y))))[:3]
    return cells


def lit_cells(image: pygame.Surface, region: pygame.Rect) -> set[tuple[int, int]]:
    return {cell for cell, color in face_cells(image, region).items() if is_lit(color)}


def panel_corner(image: pygame.Surface) -> pygame.Rect:
    """The top right corner of the side panel, where the hub's face is drawn."""
    return pygame.Rect(image.get_width() - 150, 0, 150, 190)


def window_picture(tmp_path: Path, body: str, setup: str = SETUP, **options) -> pygame.Surface:
    from brickclass.simulator.render.window import run_in_window

    program = tmp_path / "program.py"
    program.write_text(setup + textwrap.dedent(body), encoding="utf-8")
    shot = tmp_path / "window.png"
    result = run_in_window(RunOptions(program=program, **options), speed=64, linger=False, screenshot=str(shot))
    assert result.status == "finished", result.error
    return pygame.image.load(str(shot))


def rover_area(image: pygame.Surface) -> list[tuple[int, int, int]]:
    """The pixels round the rover at its start on the practice field (it does not drive here)."""
    from brickclass.robots.models import load_robot
    from brickclass.simulator.missions import load_mission
    from brickclass.simulator.render.draw import FieldPainter

    mission = load_mission("practice")
    x, y = FieldPainter(mission, load_robot("spike-rover"), 0.5).to_px(*mission.start[:2])
    return [tuple(image.get_at((x + dx, y + dy)))[:3] for dx in range(-50, 51) for dy in range(-50, 51)]


def test_the_window_shows_the_pixels_the_program_lit(tmp_path):
    image = window_picture(tmp_path, """
hub.display.pixel(0, 0)
hub.display.pixel(1, 3)
hub.display.pixel(4, 2, 50)
wait(100)
""", mission="practice")
    cells = face_cells(image, panel_corner(image))
    assert {cell for cell, color in cells.items() if is_lit(color)} == {(0, 0), (1, 3)}
    # Half brightness is lit, but fainter; an unlit pixel stays dark.
    assert 120 < cells[(4, 2)][0] < 230 and max(cells[(3, 3)]) < 80
    # The hub on top of the rover shows them too.
    assert any(is_lit(color) for color in rover_area(image))


def test_a_dark_matrix_is_dark_in_the_window_and_on_the_rover(tmp_path):
    image = window_picture(tmp_path, "hub.display.off()\nwait(100)\n", mission="practice")
    assert lit_cells(image, panel_corner(image)) == set()
    assert not any(is_lit(color) for color in rover_area(image))


def test_a_hub_on_the_desk_shows_its_matrix_and_the_virtual_hub_has_none(tmp_path):
    from brickclass.robots.models import load_robot
    from brickclass.simulator.missions import load_mission
    from brickclass.simulator.render.desk import MATRIX_MM, hub_center
    from brickclass.simulator.render.draw import FieldPainter

    # A SPIKE Prime hub with the virtual hub's motors, on the desk.
    robot = Path("robots/data/virtualhub.toml").read_text(encoding="utf-8")
    robot_file = tmp_path / "prime-desk.toml"
    robot_file.write_text(robot.replace('id = "virtualhub"', 'id = "prime-desk"')
                          .replace('hub = "VirtualHub"', 'hub = "PrimeHub"'), encoding="utf-8")
    image = window_picture(tmp_path, 'hub.display.char("X")\nwait(100)\n', robot=str(robot_file))
    mission = load_mission("desk")
    painter = FieldPainter(mission, load_robot(str(robot_file)), 0.5)
    cx, cy = hub_center(mission.field.size)
    above, side = MATRIX_MM
    left, top = painter.to_px(cx - side, cy + above + side)
    right, bottom = painter.to_px(cx + side, cy + above - side)
    x_cells = {(r, c) for r in range(5) for c in range(5) if GLYPHS["X"][r][c] == "#"}
    assert lit_cells(image, pygame.Rect(left, top, right - left, bottom - top)) == x_cells
    assert lit_cells(image, panel_corner(image)) == x_cells

    bare = window_picture(tmp_path, "wait(100)\n", setup="from pybricks.tools import wait\n", robot="virtualhub")
    corner = panel_corner(bare)
    assert not any(tuple(bare.get_at((x, y)))[:3] == (16, 16, 19)
                   for x in range(corner.left, corner.right) for y in range(corner.top, corner.bottom))


# --- saved runs ---------------------------------------------------------------------------


def test_a_saved_run_keeps_the_matrix_and_plays_it_back(tmp_path):
    from brickclass.simulator.render.picture import save_png
    from brickclass.simulator.render.replay import replay

    program = tmp_path / "numbers.py"
    program.write_text(SETUP + "hub.display.number(42)\nwait(300)\nhub.display.number(-5)\nwait(300)\n",
                       encoding="utf-8")
    result = Run(RunOptions(program=program, mission="practice", trace=True)).execute()
    assert result.status == "finished"
    result.trace.save(tmp_path / "run.trace")
    trace = Trace.load(tmp_path / "run.trace")
    at = {frame.t_ms: frame for frame in trace.frames}
    assert picture(at[200].display) == narrow(4, 2)
    assert at[500].display[2][2] == 50 and trace.frames[-1].display[2][2] == 50

    shot = tmp_path / "replay.png"
    shown = replay(trace, speed=64, linger=False, screenshot=str(shot))
    assert shown is trace.frames[-1]
    image = pygame.image.load(str(shot))
    expected = {(r, c) for r, row in enumerate(narrow(0, 5)) for c, dot in enumerate(row) if dot == "#"}
    assert lit_cells(image, panel_corner(image)) == expected

    save_png(trace, tmp_path / "end.png")
    assert any(is_lit(color) for color in rover_area(pygame.image.load(str(tmp_path / "end.png"))))


def _version_2_trace() -> bytes:
    """A trace as brickclass saved them before frames had the light matrix."""
    frames = [[t, [1181, 571.5, 90], 90.0, False, [], [], "", 0, {"C": [90.0, 0]}, [120, 100, 100]]
              for t in (0, 50, 100)]
    data = {"format": "brickclass-trace", "version": 2, "mission": "practice", "robot": "spike-rover", "seed": 0,
            "result": {"score": 0}, "frames": frames}
    return gzip.compress(json.dumps(data).encode("utf-8"))


def test_a_trace_saved_before_the_matrix_still_plays(tmp_path):
    from brickclass.simulator.render.picture import save_png
    from brickclass.simulator.render.replay import replay

    old = tmp_path / "old.trace"
    old.write_bytes(_version_2_trace())
    trace = Trace.load(old)
    assert [frame.display for frame in trace.frames] == [None, None, None]
    assert trace.frames[-1].light == (120, 100, 100) and trace.frames[-1].motors == {"C": (90.0, 0)}
    shown = replay(trace, speed=64, linger=False, screenshot=str(tmp_path / "replay.png"))
    assert shown is trace.frames[-1]
    save_png(trace, tmp_path / "old.png")
    assert not any(is_lit(color) for color in rover_area(pygame.image.load(str(tmp_path / "old.png"))))


def test_a_frame_keeps_its_matrix_through_the_file():
    from brickclass.simulator.trace import Frame

    grid = tuple(tuple(row) for row in glyph("Q"))
    frame = Frame(0, (1.0, 2.0, 3.0), None, False, [], [], display=grid)
    assert Frame.from_json(json.loads(json.dumps(frame.to_json()))).display == grid
