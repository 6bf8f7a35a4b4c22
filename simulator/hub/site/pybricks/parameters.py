"""pybricks.parameters: ports, directions, stop modes, buttons, sides, axes, colours, icons.

Enum members print as on a hub (``Port.A``, ``Stop.HOLD``) and carry the
firmware's numbers, which is what the world receives (``Stop`` follows
pbio_control_on_completion_t). Colours follow pb_type_color.c: immutable
h, s, v with h wrapped to 0..359 and s, v clamped to 0..100; ``*`` and ``/``
scale the brightness and ``>>``/``<<`` shift the hue.
"""

from enum import Enum

from pybricks._linalg import Matrix, vector


class _HubEnum(Enum):
    def __repr__(self):
        return "{}.{}".format(type(self).__name__, self.name)

    __str__ = __repr__

    def __hash__(self):
        return hash((type(self).__name__, self._value_))


class Port(_HubEnum):
    A = ord("A")
    B = ord("B")
    C = ord("C")
    D = ord("D")
    E = ord("E")
    F = ord("F")


class Direction(_HubEnum):
    CLOCKWISE = 0
    COUNTERCLOCKWISE = 1


class Stop(_HubEnum):
    COAST = 0
    BRAKE = 1
    HOLD = 2
    NONE = 3
    COAST_SMART = 4


class Button(_HubEnum):
    # Aliases share a value, as on the hub (Button.LEFT_MINUS is Button.LEFT_DOWN).
    LEFT_DOWN = 1
    LEFT_MINUS = 1
    DOWN = 2
    RIGHT_DOWN = 3
    RIGHT_MINUS = 3
    LEFT = 4
    CENTER = 5
    RIGHT = 6
    LEFT_UP = 7
    LEFT_PLUS = 7
    UP = 8
    BEACON = 8
    RIGHT_UP = 9
    RIGHT_PLUS = 9
    BLUETOOTH = 10
    A = 11
    B = 12
    X = 13
    Y = 14
    LB = 15
    RB = 16
    LJ = 17
    RJ = 18
    GUIDE = 19
    MENU = 20
    UPLOAD = 21
    VIEW = 22


class Side(_HubEnum):
    FRONT = 0
    BOTTOM = 2
    LEFT = 4
    BACK = 5
    RIGHT = 6
    TOP = 8


class Axis:
    """Unit vectors of the hub's frame: x forward, y left, z up."""

    X = vector(1, 0, 0)
    Y = vector(0, 1, 0)
    Z = vector(0, 0, 1)


def _clamp(value, low, high):
    return low if value < low else high if value > high else value


def _int(value):
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float):
        return int(value)
    if not isinstance(value, int):
        raise TypeError("can't convert {} to int".format(type(value).__name__))
    return value


class _ColorType(type):
    """The Color class is also a dictionary of named colours (add your own)."""

    def __iter__(cls):
        return iter(cls._named)

    def __getitem__(cls, name):
        return cls._named[name]

    def __setattr__(cls, name, value):
        if not name.startswith("_"):
            if not isinstance(value, Color):
                raise TypeError("can't convert {} to Color".format(type(value).__name__))
            cls._named[name] = value
        type.__setattr__(cls, name, value)


class Color(metaclass=_ColorType):
    __slots__ = ("_h", "_s", "_v")
    _named = {}

    def __init__(self, h, s=100, v=100):
        h = _int(h) % 360
        object.__setattr__(self, "_h", h)
        object.__setattr__(self, "_s", _clamp(_int(s), 0, 100))
        object.__setattr__(self, "_v", _clamp(_int(v), 0, 100))

    h = property(lambda self: self._h)
    s = property(lambda self: self._s)
    v = property(lambda self: self._v)

    def __setattr__(self, name, value):
        # Colours are immutable: writing an attribute does nothing, as on the hub.
        return None

    def __iter__(self):
        return iter((self._h, self._s, self._v))

    def __getitem__(self, index):
        return (self._h, self._s, self._v)[_int(index)]

    def __eq__(self, other):
        return isinstance(other, Color) and (self._h, self._s, self._v) == (other._h, other._s, other._v)

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return hash((self._h, self._s, self._v))

    def __mul__(self, scale):
        if isinstance(scale, bool) or not isinstance(scale, (int, float)):
            raise TypeError("unsupported types for *: 'Color', '{}'".format(type(scale).__name__))
        return Color(self._h, self._s, int(scale * self._v))

    __rmul__ = __mul__

    def __truediv__(self, scale):
        return self * (1 / scale)

    def __floordiv__(self, scale):
        return Color(self._h, self._s, self._v // _int(scale))

    def __rshift__(self, shift):
        return Color(self._h + _int(shift), self._s, self._v)

    def __lshift__(self, shift):
        return Color(self._h - _int(shift), self._s, self._v)

    def __repr__(self):
        for name, named in Color._named.items():
            if named is self:
                return "Color." + name
        return "Color(h={}, s={}, v={})".format(self._h, self._s, self._v)

    __str__ = __repr__


# The firmware's named colours (pb_type_color.c, pbio/color.h hues).
Color.NONE = Color(0, 0, 0)
Color.BLACK = Color(0, 0, 10)
Color.GRAY = Color(0, 0, 50)
Color.WHITE = Color(0, 0, 100)
Color.RED = Color(0, 100, 100)
Color.ORANGE = Color(30, 100, 100)
Color.BROWN = Color(30, 100, 50)
Color.YELLOW = Color(60, 100, 100)
Color.GREEN = Color(120, 100, 100)
Color.CYAN = Color(180, 100, 100)
Color.BLUE = Color(240, 100, 100)
Color.VIOLET = Color(270, 100, 100)
Color.MAGENTA = Color(300, 100, 100)

# Icon pixels, 25 bits from the top-left, row by row (1 = lit).
_ICON_BITS = {
    "UP": 0x0477DCE, "DOWN": 0x0E77DC4, "LEFT": 0x047FDE4, "RIGHT": 0x04F7FC4,
    "ARROW_RIGHT_UP": 0x0719510, "ARROW_RIGHT_DOWN": 0x1041467, "ARROW_LEFT_UP": 0x1CC5041,
    "ARROW_LEFT_DOWN": 0x011531C, "ARROW_UP": 0x0475484, "ARROW_DOWN": 0x04255C4,
    "ARROW_LEFT": 0x0447D04, "ARROW_RIGHT": 0x0417C44, "HAPPY": 0x1BD822E, "SAD": 0x1BD81D1,
    "EYE_LEFT": 0x0006300, "EYE_RIGHT": 0x0000C60, "EYE_LEFT_BLINK": 0x0000300,
    "EYE_RIGHT_BLINK": 0x0000060, "EYE_RIGHT_BROW": 0x0018000, "EYE_LEFT_BROW": 0x00C0000,
    "EYE_LEFT_BROW_UP": 0x1800000, "EYE_RIGHT_BROW_UP": 0x0300000, "HEART": 0x0AFFDC4,
    "PAUSE": 0x0052940, "EMPTY": 0x0000000, "FULL": 0x1FFFFFF, "SQUARE": 0x00739C0,
    "TRIANGLE_RIGHT": 0x0863988, "TRIANGLE_LEFT": 0x02338C2, "TRIANGLE_UP": 0x0023BE0,
    "TRIANGLE_DOWN": 0x00FB880, "CIRCLE": 0x0EFFFEE, "CLOCKWISE": 0x1E94AE2,
    "COUNTERCLOCKWISE": 0x0F4A7A8, "TRUE": 0x0115100, "FALSE": 0x1151151,
}


def _icon(bits):
    return Matrix([[100 if bits >> (24 - (r * 5 + c)) & 1 else 0 for c in range(5)] for r in range(5)])


class Icon:
    """5×5 brightness matrices (0–100) for the light matrix; add or scale them."""


for _name, _bits in _ICON_BITS.items():
    setattr(Icon, _name, _icon(_bits))
del _name, _bits
