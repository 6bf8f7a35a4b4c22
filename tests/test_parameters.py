"""pybricks.parameters and the tools' matrices, as a pupil's program sees them on a hub.

Most tests run a small pupil program in the simulator and read what it
prints; the expected lines are what the hub's firmware does (pybricks/parameters/*.c,
pybricks/tools/pb_type_matrix.c), quirks included. ``show(...)`` in the
programs prints a value, or the error it raises, one per line.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.runner import run_source

import pybricks.parameters as stub_parameters

HUB_DIR = Path(__file__).resolve().parents[1] / "simulator" / "hub"

SHOW = """
def show(make):
    try:
        print(repr(make()))
    except Exception as error:
        print(type(error).__name__ + ":", error)
"""


def printed(tmp_path: Path, program: str) -> list[str]:
    result = run_source(tmp_path, SHOW + program)
    assert result.status == "finished", (result.error, result.stdout)
    return result.stdout.splitlines()


def in_hub_process(code: str, hub_class: str = "PrimeHub") -> list[str]:
    """Run code the way the hub process imports our package (for what a pupil cannot see)."""
    script = (
        "import sys\n"
        f"sys.path[:0] = [{str(HUB_DIR / 'site')!r}, {str(HUB_DIR)!r}]\n"
        "from hubos import config\n"
        f"config.configure({hub_class!r}, 'Pybricks Hub')\n" + code
    )
    done = subprocess.run([sys.executable, "-I", "-S", "-c", script], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


class TestConstants:
    """Ports, directions, stop modes, sides and buttons print and compare as on a hub."""

    def test_constants_print_with_their_type_name(self, tmp_path):
        lines = printed(tmp_path, """
from pybricks.parameters import Button, Direction, Port, Side, Stop
print(Port.A, Port.F, Direction.CLOCKWISE, Direction.COUNTERCLOCKWISE)
print(Stop.COAST, Stop.BRAKE, Stop.HOLD, Stop.NONE, Stop.COAST_SMART, Stop.BRAKE_SMART)
print(Side.FRONT, Side.BACK, Side.LEFT, Side.RIGHT, Side.TOP, Side.BOTTOM)
print(Button.CENTER, Button.LEFT_PLUS, Button.BLUETOOTH, [Port.B])
""")
        assert lines == [
            "Port.A Port.F Direction.CLOCKWISE Direction.COUNTERCLOCKWISE",
            "Stop.COAST Stop.BRAKE Stop.HOLD Stop.NONE Stop.COAST_SMART Stop.BRAKE_SMART",
            "Side.FRONT Side.BACK Side.LEFT Side.RIGHT Side.TOP Side.BOTTOM",
            "Button.CENTER Button.LEFT_PLUS Button.BLUETOOTH [Port.B]",
        ]

    def test_constants_are_dictionary_keys_and_only_equal_to_themselves(self, tmp_path):
        lines = printed(tmp_path, """
from pybricks.parameters import Button, Port, Stop
print({Stop.HOLD: "hold", Stop.COAST: "coast"}[Stop.HOLD], Port.A == Port.A, Port.A == Port.B, Port.A == 65)
# A button is only its name on the hub: aliases are different buttons.
print(Button.LEFT_PLUS == Button.LEFT_UP, Button.CENTER in {Button.LEFT, Button.CENTER})
""")
        assert lines == ["hold True False False", "False True"]

    def test_a_program_cannot_make_new_constants_or_use_ev3_ports(self, tmp_path):
        lines = printed(tmp_path, """
from pybricks.parameters import Axis, Port, Stop
show(lambda: Port.S1)
show(lambda: Port(65))
show(lambda: Stop())
show(lambda: Axis())
""")
        assert lines[0].startswith("AttributeError:")
        assert lines[1:] == [
            "TypeError: cannot create 'Port' instances",
            "TypeError: cannot create 'Stop' instances",
            "TypeError: cannot create 'Axis' instances",
        ]

    def test_the_world_receives_the_firmwares_numbers(self):
        lines = in_hub_process("""
from pybricks.parameters import Direction, Port, Side, Stop
print([(s.name, s.value) for s in (Stop.COAST, Stop.BRAKE, Stop.HOLD, Stop.NONE, Stop.COAST_SMART, Stop.BRAKE_SMART)])
print(Direction.CLOCKWISE.value, Direction.COUNTERCLOCKWISE.value, Port.A.name, Port.A.value, Port.F.value)
print([s.value for s in (Side.FRONT, Side.LEFT, Side.TOP, Side.BACK, Side.RIGHT, Side.BOTTOM)])
""")
        assert lines == [
            "[('COAST', 0), ('BRAKE', 1), ('HOLD', 2), ('NONE', 3), ('COAST_SMART', 4), ('BRAKE_SMART', 5)]",
            "0 1 A 65 70",
            "[0, 1, 2, 4, 5, 6]",
        ]

    @pytest.mark.parametrize("hub_class, ports, has_icons, buttons", [
        ("PrimeHub", "ABCDEF", True, 31),
        ("VirtualHub", "ABCDEF", False, 31),
        ("TechnicHub", "ABCD", False, 31),
        ("EssentialHub", "AB", False, 31),
        ("MoveHub", "ABCD", False, 7),  # the Move Hub firmware knows only the remote's buttons
    ])
    def test_each_hub_has_its_own_ports_buttons_and_icons(self, hub_class, ports, has_icons, buttons):
        lines = in_hub_process("""
import pybricks.parameters as p
print("".join(n for n in "ABCDEF" if hasattr(p.Port, n)), hasattr(p, "Icon"))
print(sum(1 for n in dir(p.Button) if isinstance(getattr(p.Button, n), p.Button)))
""", hub_class)
        assert lines == [f"{ports} {has_icons}", str(buttons)]


class TestColor:
    """Colours: the named ones, making, scaling, shifting, comparing, naming your own."""

    def test_the_named_colours_have_the_firmwares_hsv(self, tmp_path):
        lines = printed(tmp_path, """
from pybricks.parameters import Color
for name in ("NONE", "BLACK", "GRAY", "WHITE", "RED", "ORANGE", "BROWN", "YELLOW", "GREEN", "CYAN", "BLUE",
             "VIOLET", "MAGENTA"):
    color = getattr(Color, name)
    print(color, color.h, color.s, color.v)
""")
        assert lines == [
            "Color.NONE 0 0 0", "Color.BLACK 0 0 10", "Color.GRAY 0 0 50", "Color.WHITE 0 0 100",
            "Color.RED 0 100 100", "Color.ORANGE 30 100 100", "Color.BROWN 30 100 50", "Color.YELLOW 60 100 100",
            "Color.GREEN 120 100 100", "Color.CYAN 180 100 100", "Color.BLUE 240 100 100",
            "Color.VIOLET 270 100 100", "Color.MAGENTA 300 100 100",
        ]

    def test_making_a_colour_wraps_the_hue_and_limits_saturation_and_value(self, tmp_path):
        lines = printed(tmp_path, """
from pybricks.parameters import Color
show(lambda: Color(365, 120, -5))
show(lambda: Color(-30))
show(lambda: Color(h=10, v=50))
show(lambda: Color(12.9, 50.5, 20.99))
show(lambda: Color(0, -10, -200))
show(lambda: Color("red"))
show(lambda: Color(0, 100, 100))
""")
        assert lines == [
            "Color(h=5, s=100, v=-5)",  # v may be negative on the hub: -100..100
            "Color(h=330, s=100, v=100)",
            "Color(h=10, s=100, v=50)",
            "Color(h=12, s=50, v=20)",
            "Color(h=0, s=0, v=-100)",
            "TypeError: can't convert str to int",
            "Color(h=0, s=100, v=100)",  # equal to Color.RED, but not Color.RED itself
        ]

    def test_scaling_a_colour_changes_its_value_in_single_precision(self, tmp_path):
        lines = printed(tmp_path, """
from pybricks.parameters import Color
show(lambda: Color.RED * 0.5)
show(lambda: 0.5 * Color.RED)
show(lambda: Color.RED * 0.29)
show(lambda: Color.RED * 2)
show(lambda: Color.RED * -1)
show(lambda: Color.RED / 3)
show(lambda: Color.RED // 3)
show(lambda: Color.GRAY / 0)
show(lambda: Color.NONE / 0)
show(lambda: Color.RED * Color.RED)
""")
        assert lines == [
            "Color(h=0, s=100, v=50)",
            "Color(h=0, s=100, v=50)",
            "Color(h=0, s=100, v=29)",  # 0.29 * 100 is 29.0 in single precision (28.999... in double)
            "Color(h=0, s=100, v=100)",
            "Color(h=0, s=100, v=-100)",
            "Color(h=0, s=100, v=33)",
            "Color(h=0, s=100, v=33)",
            "Color(h=0, s=0, v=100)",  # dividing by zero gives infinity on the hub, not an error
            "Color(h=0, s=0, v=0)",
            "TypeError: can't convert Color to float",
        ]

    def test_shifting_a_colour_turns_its_hue(self, tmp_path):
        lines = printed(tmp_path, """
from pybricks.parameters import Color
print(Color.RED >> 120 == Color.GREEN, Color.RED >> 720 == Color.RED)
show(lambda: Color.RED << 90)
show(lambda: Color.BLUE >> 1.7)
""")
        assert lines == ["True True", "Color(h=270, s=100, v=100)", "Color(h=241, s=100, v=100)"]

    def test_colours_cannot_be_added_subtracted_negated_or_changed(self, tmp_path):
        lines = printed(tmp_path, """
from pybricks.parameters import Color
show(lambda: Color.RED + 1)
show(lambda: Color.RED - Color.BLUE)
show(lambda: -Color.RED)
def paint():
    Color.RED.h = 120
show(paint)
show(lambda: Color.RED)
""")
        assert lines == [
            "TypeError: unsupported types for __add__: 'Color', 'int'",
            "TypeError: unsupported types for __sub__: 'Color', 'Color'",
            "TypeError: unsupported type for __neg__: 'Color'",
            "AttributeError: 'Color' object has no attribute 'h'",
            "Color.RED",
        ]

    def test_a_colour_unpacks_and_indexes_as_h_s_v(self, tmp_path):
        lines = printed(tmp_path, """
from pybricks.parameters import Color
h, s, v = Color.ORANGE
print(h, s, v, *Color.BLUE)
show(lambda: Color.BLUE[2])
show(lambda: Color.BLUE[3])
show(lambda: Color.BLUE[-1])
show(lambda: Color.BLUE[0.0])
""")
        assert lines == ["30 100 100 240 100 100", "100", "IndexError: ", "IndexError: ",
                         "TypeError: can't convert float to int"]

    def test_colours_compare_by_value_but_hash_by_identity_as_on_a_hub(self, tmp_path):
        lines = printed(tmp_path, """
from pybricks.parameters import Color
names = {Color.RED: "red", Color.GREEN: "green", Color.BLUE: "blue"}
print(names[Color.RED], names[Color.BLUE])
print(Color(0, 100, 100) == Color.RED, Color.RED != Color.BLUE, Color.RED == (0, 100, 100))
# The hub hashes a colour by where it is in memory: an equal colour made by
# hand is not found among the keys.
print(Color(0, 100, 100) in names)
""")
        assert lines == ["red blue", "True True False", "False"]

    def test_color_is_also_a_dictionary_of_named_colours(self, tmp_path):
        lines = printed(tmp_path, """
from pybricks.parameters import Color
print(list(Color))
old_green = Color.GREEN
Color.GREEN = Color(h=132, s=94, v=26)
Color.MOON = Color(210, 20, 70)
print(Color.GREEN, Color.MOON, old_green, "MOON" in Color, Color["MOON"] is Color.MOON)
def bad_name():
    Color.MOON = 5
show(bad_name)
show(lambda: Color.PURPLE)
del Color.MOON
print("MOON" in Color, len(list(Color)))
show(lambda: Color.MOON)
# A colour named like a colour's own attribute is in the dictionary, not on every colour.
Color["h"] = Color(5, 5, 5)
print(Color(1, 2, 3).h, Color["h"].v)
""")
        # The hub's order: MicroPython's hash table of 13 slots, names hashed with djb2 (16 bits).
        assert lines == [
            "['BLACK', 'GRAY', 'WHITE', 'NONE', 'GREEN', 'BLUE', 'BROWN', 'ORANGE', 'YELLOW', 'RED', 'CYAN', "
            "'MAGENTA', 'VIOLET']",
            "Color.GREEN Color.MOON Color(h=120, s=100, v=100) True True",
            "TypeError: can't convert int to Color",
            "KeyError: 'PURPLE'",
            "False 13",
            "KeyError: 'MOON'",
            "1 5",
        ]

    def test_printing_color_prints_the_dictionary(self, tmp_path):
        lines = printed(tmp_path, """
from pybricks.parameters import Color
print(Color)
""")
        assert lines == [
            "{'BLACK': Color.BLACK, 'GRAY': Color.GRAY, 'WHITE': Color.WHITE, 'NONE': Color.NONE, "
            "'GREEN': Color.GREEN, 'BLUE': Color.BLUE, 'BROWN': Color.BROWN, 'ORANGE': Color.ORANGE, "
            "'YELLOW': Color.YELLOW, 'RED': Color.RED, 'CYAN': Color.CYAN, 'MAGENTA': Color.MAGENTA, "
            "'VIOLET': Color.VIOLET}"
        ]


ICON_NAMES = [name for name in vars(stub_parameters.Icon) if not name.startswith("_")]


class TestIcon:
    """Icons are 5×5 matrices of 0 and 100 that can be scaled and added."""

    def test_every_icon_of_the_stubs_is_a_5x5_matrix_of_0_and_100(self, tmp_path):
        assert len(ICON_NAMES) == 36
        lines = printed(tmp_path, f"""
from pybricks.parameters import Icon
for name in {ICON_NAMES!r}:
    icon = getattr(Icon, name)
    print(name, icon.shape, sorted(set(icon)) in ([0.0, 100.0], [0.0], [100.0]))
""")
        assert lines == [f"{name} (5, 5) True" for name in ICON_NAMES]

    @pytest.mark.parametrize("name, picture", [
        ("HEART", ".#.#./#####/#####/.###./..#.."),
        ("UP", "..#../.###./#####/.###./.###."),
        ("ARROW_RIGHT_UP", "..###/...##/..#.#/.#.../#...."),
        ("CLOCKWISE", "####./#..#./#..#./#.###/...#."),
        ("EYE_LEFT_BROW_UP", "##.../...../...../...../....."),
        ("TRUE", "....#/...#./#.#../.#.../....."),
    ])
    def test_icons_light_the_firmwares_pixels(self, tmp_path, name, picture):
        lines = printed(tmp_path, f"""
from pybricks.parameters import Icon
icon = Icon.{name}
print("/".join("".join("#" if icon[r, c] == 100 else "." for c in range(5)) for r in range(5)))
""")
        assert lines == [picture]

    def test_icons_are_new_matrices_each_time_and_can_be_combined(self, tmp_path):
        lines = printed(tmp_path, """
from pybricks.parameters import Icon
print(Icon.HEART == Icon.HEART, (Icon.FULL * 0.5)[2, 2], (Icon.UP + Icon.DOWN)[2, 2], (Icon.UP - Icon.UP)[0, 2])
corners = Icon(0b1000000000000000000000001)
print(corners[0, 0], corners[0, 1], corners[4, 4])
show(lambda: Icon())
show(lambda: Icon.SMILE)
""")
        assert lines == [
            "False 50.0 200.0 0.0",
            "100.0 0.0 100.0",
            "ValueError: Invalid argument",
            "AttributeError: 'Icon' object has no attribute 'SMILE'",
        ]


class TestMatrix:
    """pybricks.tools.Matrix, vector and cross, with the hub's single precision and printing."""

    def test_matrix_arithmetic(self, tmp_path):
        lines = printed(tmp_path, """
from pybricks.tools import Matrix, vector
m = Matrix([[1, 2], [3, 4]])
print(m.shape, m.T.shape, list(m), list(m * m), list(m + m), list(m - m))
print(list(2 * m), list(m * 2), list(m / 2), list(-m), +m is m, Matrix(m) is m)
print(list(m * vector(1, 1)), vector(1, 2).T * vector(3, 4), abs(vector(3, 4)))
print(m[0], m[-1], m[1, 0], m[1, -1], m.T[0, 1], m.T[1], Matrix([[5]]))
""")
        assert lines == [
            "(2, 2) (2, 2) [1.0, 2.0, 3.0, 4.0] [7.0, 10.0, 15.0, 22.0] [2.0, 4.0, 6.0, 8.0] [0.0, 0.0, 0.0, 0.0]",
            "[2.0, 4.0, 6.0, 8.0] [2.0, 4.0, 6.0, 8.0] [0.5, 1.0, 1.5, 2.0] [-1.0, -2.0, -3.0, -4.0] True True",
            "[3.0, 7.0] 11.0 5.0",  # a row times a column is a number, a 1×1 Matrix too
            "1.0 4.0 3.0 4.0 3.0 3.0 5.0",
        ]

    def test_matrices_print_like_on_a_hub(self, tmp_path):
        lines = printed(tmp_path, """
from pybricks.tools import Matrix, vector
print(Matrix([[1.5, -2.25, 1.9999], [1000, -0.0005, -12.345]]))
print(repr(vector(1, -2.5)))
""")
        assert lines == [
            "Matrix([",
            "    [   1.500,   -2.250,    1.999],",  # truncated, not rounded
            "    [ 999.999,    0.000,  -12.345],",  # at most 999.999
            "])",
            "Matrix([",
            "    [   1.000],",
            "    [  -2.500],",
            "])",
        ]

    def test_matrices_compute_in_single_precision(self, tmp_path):
        lines = printed(tmp_path, """
from pybricks.tools import Matrix, vector
print(Matrix([[0.1, 0.2]])[0], Matrix([[16777217, 1]])[0], vector(0.1, 0.2).T * vector(1, 1))
""")
        assert lines == ["0.1 16777216.0 0.3"]

    def test_the_hubs_matrix_quirks(self, tmp_path):
        lines = printed(tmp_path, """
from pybricks.tools import Matrix, vector
m = Matrix([[1, 2], [3, 4]])
print(m == Matrix([[1, 2], [3, 4]]), m == m)  # no == for matrices: only the same object
print(list(m.T))  # the hub iterates a transposed matrix backwards through its storage
print(abs(-vector(3, 4)))  # abs() keeps the sign of the scale
print((m / 0)[0])  # dividing by zero is not an error
""")
        assert lines == ["False True", "[4.0, 3.0, 2.0, 1.0]", "-5.0", "inf"]

    def test_matrix_mistakes_raise_the_hubs_errors(self, tmp_path):
        lines = printed(tmp_path, """
from pybricks.parameters import Axis
from pybricks.tools import Matrix, cross, vector
m = Matrix([[1, 2], [3, 4]])
show(lambda: Matrix([1, 2, 3]))
show(lambda: Matrix([[1, 2], [3]]))
show(lambda: Matrix([]))
show(lambda: Matrix([["a", 1]]))
show(lambda: m + vector(1, 2))
show(lambda: m * vector(1, 2, 3))
show(lambda: m + 1)
show(lambda: m @ m)
show(lambda: m[4])
show(lambda: m[0, 2])
show(lambda: m[0.5])
show(lambda: len(m))
show(lambda: abs(m))
def assign():
    m[0] = 5
show(assign)
show(lambda: vector(1, 2, z=3))
show(lambda: cross(vector(1, 2), vector(3, 4)))
show(lambda: cross(1, 2))
print(list(cross(Axis.X, Axis.Y)), Axis.Z.shape)
""")
        assert lines == [
            "TypeError: object 'int' isn't a tuple or list",
            "ValueError: Invalid argument",
            "ValueError: Invalid argument",
            "TypeError: can't convert str to float",
            "ValueError: Invalid argument",
            "ValueError: Invalid argument",
            "TypeError: unsupported types for __add__: 'Matrix', 'int'",
            "TypeError: unsupported types for __matmul__: 'Matrix', 'Matrix'",
            "IndexError: index out of range",
            "IndexError: index out of range",
            "TypeError: object 'float' isn't a tuple or list",
            "TypeError: object of type 'Matrix' has no len()",
            "TypeError: unsupported type for __abs__: 'Matrix'",
            "TypeError: 'Matrix' object doesn't support item assignment",
            lines[14],  # checked below: Python words this one itself
            "ValueError: Invalid argument",
            "TypeError: arguments must be Matrix objects",
            "[0.0, 0.0, 1.0] (3, 1)",
        ]
        assert lines[14].startswith("TypeError:")
