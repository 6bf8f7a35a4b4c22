"""pybricks.parameters and the tools' linear algebra, as a pupil's program sees them on a hub."""

from __future__ import annotations

from tests.runner import run_source

PROGRAM = """
from pybricks.parameters import Axis, Button, Color, Direction, Icon, Port, Side, Stop
from pybricks.tools import Matrix, cross, vector

print(repr(Port.A), repr(Direction.COUNTERCLOCKWISE), repr(Stop.HOLD), repr(Button.CENTER), repr(Side.TOP))
print(repr(Color.RED), repr(Color(365, 120, -5)), repr(Color.RED * 0.5), repr(Color.RED >> 120))
print(Color.GREEN == Color(120), Color.BLUE != Color.BLUE, Color.RED in {Color.RED: 1})
h, s, v = Color.ORANGE
print(h, s, v, Color.BROWN.v, Color.WHITE.s, Color.NONE.v)
Color.MOON = Color(210, 20, 70)
print(repr(Color.MOON), "MOON" in list(Color))
print(Icon.HEART.shape, Icon.FULL[0, 0], Icon.EMPTY[2, 2], Icon.UP[0, 2], Icon.UP[0, 0])
m = Matrix([[1, 2], [3, 4]])
print(m.shape, m.T[0, 1], (m * m)[1, 1], (m + m)[0, 0], (2 * m)[1, 0], (-m)[0, 1])
print(abs(vector(3, 4)), cross(Axis.X, Axis.Y)[2], len(vector(1, 2, 3)))
print(repr(vector(1, -2.5)))
"""


def test_parameters_and_matrices_behave_as_on_a_hub(tmp_path):
    result = run_source(tmp_path, PROGRAM)
    assert result.status == "finished", result.error
    lines = result.stdout.splitlines()
    assert lines[0] == "Port.A Direction.COUNTERCLOCKWISE Stop.HOLD Button.CENTER Side.TOP"
    assert lines[1] == "Color.RED Color(h=5, s=100, v=0) Color(h=0, s=100, v=50) Color(h=120, s=100, v=100)"
    assert lines[2] == "True False True"
    assert lines[3] == "30 100 100 50 0 0"
    assert lines[4] == "Color.MOON True"
    assert lines[5] == "(5, 5) 100.0 0.0 100.0 0.0"
    assert lines[6] == "(2, 2) 3.0 22.0 2.0 6.0 -2.0"
    assert lines[7] == "5.0 1.0 3"
    assert lines[8:] == ["Matrix([", "    [   1.000],", "    [  -2.500],", "])"]


def test_a_colour_needs_numbers(tmp_path):
    result = run_source(tmp_path, "from pybricks.parameters import Color\nColor('red')\n")
    assert result.error["type"] == "TypeError"
    assert result.error["line"] == 2
