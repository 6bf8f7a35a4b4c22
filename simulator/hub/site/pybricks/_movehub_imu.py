"""The Move Hub's tilt sensor (hub.imu on a MoveHub), as its firmware reads it.

The Move Hub has no floats and no gyro: its firmware reads one byte per
axis from a small accelerometer (±2 g, 4 mg steps, the byte being the top
half of the 16-bit reading) and does the rest in integers
(pybricks/hubs/pb_type_movehub.c):

- top_side and front_side are numbers: Axis.X, Axis.Y, Axis.Z are 1, 2, 3 on
  this hub, negative for the opposite side;
- acceleration() is those bytes turned into the program's frame, times 158
  mm/s² (so a hub lying flat reads 62 x 158 = 9796 upwards);
- tilt() uses the same bytes and the firmware's integer atan2 (whole degrees);
- up() looks at the bytes in the hub's own frame, whatever the program said.
"""

from hubfacts import isqrt
from hubos import link
from hubos.args import get_strict_int
from pybricks._linalg import Matrix
from pybricks.parameters import Side

_HUB = "hub"
# mm/s² per step of the byte the hub reads (the firmware's factor).
_MM_S2_PER_STEP = 158
_STANDARD_GRAVITY = 9806.65


def _int8(value):
    """A number stored in a signed byte, as C stores it."""
    return (value + 128) % 256 - 128


def _tdiv(a, b):
    """C integer division: truncated toward zero."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def _sensor_byte(mm_s2):
    """What the hub reads of one axis: the high byte of a 10-bit reading in 4 mg steps."""
    steps = round(mm_s2 / _STANDARD_GRAVITY * 1000 / 4)
    steps = max(-512, min(511, steps))
    # Left-justified in 16 bits, top 8 bits kept: steps // 4, rounded down.
    return steps // 4


def _bytes():
    """The three bytes in the hub's frame (x forward, y left, z up) as the firmware gets them.

    The chip sits turned in the hub: its y is the hub's x, its x the hub's
    right, and the hub negates that byte.
    """
    x, y, z = link.get().read(_HUB, "acceleration_raw")
    return [_sensor_byte(x), _int8(-_sensor_byte(-y)), _sensor_byte(z)]


# atan(x / 1024) in eighths of a degree at a few points (x, y), first quadrant.
_ATAN_POINTS = ((0, 0), (409, 178), (972, 348), (1638, 472), (2560, 545), (3891, 605),
                (5120, 632), (7168, 660), (15360, 692), (25600, 705))


def _atan_eighths(ratio):
    if ratio < _ATAN_POINTS[0][0]:
        return _ATAN_POINTS[0][1]
    for (x0, y0), (x1, y1) in zip(_ATAN_POINTS, _ATAN_POINTS[1:]):
        if ratio < x1:
            return y0 + _tdiv((ratio - x0) * (y1 - y0), x1 - x0)
    return _ATAN_POINTS[-1][1]


def _atan2_degrees(y, x):
    """atan2 in whole degrees from integers, with the firmware's table (pbio_int_math_atan2)."""
    if y == 0:
        return 0 if x > 0 else -180
    if x == 0:
        return 90 if y > 0 else -90
    ratio = abs(_tdiv(1024 * y, x))
    angle = _tdiv(_atan_eighths(ratio), 8)
    if (x > 0) != (y > 0):
        angle = -angle
    if x > 0:
        return angle
    return angle - 180 if angle > 0 else angle + 180


def _sign(value):
    return (value > 0) - (value < 0)


def _side_number(value):
    """A side as the Move Hub takes it: a number (mp_obj_get_int).

    Our tools that look at every hub class make a MoveHub where Axis.X is a
    vector (it is on hubs with floats); a unit axis like that counts as its
    number. A Move Hub program never has such vectors: its Axis.X is 1.
    """
    if isinstance(value, Matrix) and value.shape in ((3, 1), (1, 3)):
        entries = [value[i] for i in range(3)]
        for number, entry in enumerate(entries, 1):
            if abs(entry) == 1.0 and sum(abs(e) for e in entries) == 1.0:
                return number if entry > 0 else -number
    return get_strict_int(value)


class SimpleAccelerometer:
    """The Move Hub's tilt sensor, in the frame the program chose with top_side and front_side."""

    def __init__(self, top_side, front_side):
        top = _int8(_side_number(top_side))
        front = _int8(_side_number(front_side))
        if top == front or top == 0 or front == 0 or abs(top) > 3 or abs(front) > 3:
            raise ValueError("Invalid argument")
        # Where each of the hub's axes goes in the program's frame, and its sign:
        # front is the program's x, top its z, and y is what completes them.
        index = [abs(front) - 1, 0, abs(top) - 1]
        sign = [_sign(front), 0, _sign(top)]
        index[1] = 3 - index[2] - index[0]
        i1 = index[1]
        sign[1] = sign[0] * sign[2] * (
            (index[0] == (i1 + 2) % 3) * (index[2] == (i1 + 1) % 3)
            - (index[0] == (i1 + 1) % 3) * (index[2] == (i1 + 2) % 3))
        self._index = index
        self._sign = sign

    def _rotated(self):
        raw = _bytes()
        # Front and top along one axis (say 1 and -1) pass the hub's check but
        # leave parts of this unset (its C code writes past them); we say 0.
        values = [0, 0, 0]
        for i in range(3):
            if 0 <= self._index[i] < 3:
                values[self._index[i]] = _int8(raw[i] * self._sign[i])
        return values

    def acceleration(self):
        return tuple(value * _MM_S2_PER_STEP for value in self._rotated())

    def up(self):
        # From the bytes in the hub's own frame: the largest, and its sign.
        largest = 0
        axis = 0
        positive = False
        for index, value in enumerate(_bytes()):
            if value > largest:
                largest, axis, positive = value, index, True
            elif -value > largest:
                largest, axis, positive = -value, index, False
        return ((Side.FRONT, Side.BACK), (Side.LEFT, Side.RIGHT), (Side.TOP, Side.BOTTOM))[axis][0 if positive else 1]

    def tilt(self):
        x, y, z = self._rotated()
        pitch = _atan2_degrees(-x, isqrt(z * z + y * y))
        roll = _atan2_degrees(y, z)
        return (pitch, roll)
