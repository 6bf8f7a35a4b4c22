"""pybricks.parameters as a hub has it: ports, directions, stop modes, buttons,
sides, axes, colours and icons (pybricks/parameters/*.c).

The enum-like constants print as on a hub (``Port.A``, ``Stop.HOLD``), are
made once, compare and hash by identity and cannot be created by a program.
The hub's constants have no attributes; ours carry ``name`` and ``value`` for
the simulator's own modules, ``value`` being the firmware's number (``Stop``
follows pbio_control_on_completion_t, so ``then.value`` is what the world's
firmware expects).

What exists depends on the hub, as in each hub's firmware build: the ports it
has, the remote-only buttons of the Move Hub, and icons only on hubs with a
light matrix.
"""

import math as _math

from hubos import config as _config
from hubos.args import get_int as _get_int
from pybricks._linalg import _bitmap, _c_int, _f32, _unsupported
from pybricks._linalg import vector as _vector

_HUB = _config.HUB_CLASS


class _Constant:
    """A member of one of the hub's enum types."""

    __slots__ = ("name", "value")

    def __new__(cls, *args, **kwargs):
        raise TypeError(f"cannot create '{cls.__name__}' instances")

    def __setattr__(self, name, value):
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    __delattr__ = __setattr__

    def __repr__(self):
        return f"{type(self).__name__}.{self.name}"


def _add_members(cls, members):
    for name, value in members:
        member = object.__new__(cls)
        object.__setattr__(member, "name", name)
        object.__setattr__(member, "value", value)
        type.__setattr__(cls, name, member)


class Port(_Constant):
    """A port of the hub (pbio_port_id_t: the letter's character code)."""

    __slots__ = ()


# PBDRV_CONFIG_HAS_PORT_* of each hub's platform.
_PORTS = {"EssentialHub": "AB", "CityHub": "AB", "TechnicHub": "ABCD", "MoveHub": "ABCD"}
_add_members(Port, [(letter, ord(letter)) for letter in _PORTS.get(_HUB, "ABCDEF")])


class Direction(_Constant):
    """Which way is positive for a motor (pbio_direction_t)."""

    __slots__ = ()


_add_members(Direction, [("CLOCKWISE", 0), ("COUNTERCLOCKWISE", 1)])


class Stop(_Constant):
    """What a motor does after a maneuver (pbio_control_on_completion_t)."""

    __slots__ = ()


_add_members(Stop, [("COAST", 0), ("BRAKE", 1), ("HOLD", 2), ("NONE", 3), ("COAST_SMART", 4), ("BRAKE_SMART", 5)])


class Side(_Constant):
    """A side of the hub (pbio_geometry_side_t: axis index, plus 4 for the negative side)."""

    __slots__ = ()


_add_members(Side, [("FRONT", 0), ("LEFT", 1), ("TOP", 2), ("BACK", 4), ("RIGHT", 5), ("BOTTOM", 6)])


class Button(_Constant):
    """A button of a hub, remote or controller.

    On the hub a button is only its name (pb_type_button.c), so aliases such as
    LEFT_PLUS and LEFT_UP are different buttons; ``value`` is None.
    """

    __slots__ = ()


_REMOTE_BUTTONS = ("LEFT", "RIGHT", "CENTER", "LEFT_PLUS", "LEFT_MINUS", "RIGHT_PLUS", "RIGHT_MINUS")
_OTHER_BUTTONS = ("UP", "DOWN", "LEFT_UP", "LEFT_DOWN", "RIGHT_UP", "RIGHT_DOWN", "BEACON", "BLUETOOTH",
                  "A", "B", "X", "Y", "LB", "RB", "VIEW", "MENU", "GUIDE", "LJ", "RJ", "UPLOAD", "P1", "P2", "P3", "P4")
# The Move Hub firmware knows only the buttons of the Powered Up remote.
_add_members(Button, [(name, None) for name in _REMOTE_BUTTONS + (() if _HUB == "MoveHub" else _OTHER_BUTTONS)])


class Axis:
    """The hub's axes as unit vectors: X forward, Y left, Z up (numbers on the Move Hub)."""

    __slots__ = ()

    def __new__(cls, *args, **kwargs):
        raise TypeError("cannot create 'Axis' instances")

    if _HUB == "MoveHub":
        # A hub without floats has plain numbers for its axes (pb_type_axis.c):
        # its IMU takes them, negative for the opposite side.
        X = 1
        Y = 2
        Z = 3
    else:
        X = _vector(1, 0, 0)
        Y = _vector(0, 1, 0)
        Z = _vector(0, 0, 1)


# --- Color -------------------------------------------------------------------------


def _int(value):
    """pb_obj_get_int: ints as they are, floats rounded to single precision and truncated."""
    if isinstance(value, float):
        return _c_int(_f32(value))
    return _get_int(value)


def _float(value):
    """mp_obj_get_float on a single-precision hub."""
    if isinstance(value, (int, float)):
        return _f32(float(value))
    raise TypeError(f"can't convert {type(value).__name__} to float")


_HASH_SIZES = (0, 2, 4, 6, 8, 10, 12, 17, 23, 29, 37, 47, 59, 73, 97, 127, 167, 223, 293, 389, 521)
_EMPTY = object()
_DELETED = object()


def _hub_hash(key):
    """The hash MicroPython gives a key: djb2 for names (16 bits), the value for ints."""
    if isinstance(key, str):
        code = 5381
        for byte in key.encode():
            code = (code * 33) ^ byte
        return (code & 0xFFFF) or 1
    if isinstance(key, int):
        return int(key) & 0xFFFFFFFF
    return id(key)


class _HubDict:
    """The hash table of a MicroPython dict (py/map.c).

    Color doubles as a dictionary of named colours; keeping the hub's table
    means listing or printing Color gives the names in the hub's order.
    """

    def __init__(self, size):
        self.keys = [_EMPTY] * size
        self.values = [None] * size

    def _find(self, key):
        """(slot holding key or None, first free slot on the way or None)."""
        size = len(self.keys)
        if size == 0:
            return None, None
        start = position = _hub_hash(key) % size
        free = None
        while True:
            found = self.keys[position]
            if found is _EMPTY:
                return None, position if free is None else free
            if found is _DELETED:
                if free is None:
                    free = position
            elif found is key or found == key:
                return position, None
            position = (position + 1) % size
            if position == start:
                return None, free

    def get(self, key):
        slot, _ = self._find(key)
        if slot is None:
            raise KeyError(key)
        return self.values[slot]

    def store(self, key, value):
        slot, free = self._find(key)
        if slot is None:
            if free is None:
                self._grow()
                slot, free = self._find(key)
            slot = free
            self.keys[slot] = key
        self.values[slot] = value

    def delete(self, key):
        slot, _ = self._find(key)
        if slot is None:
            raise KeyError(key)
        after = self.keys[(slot + 1) % len(self.keys)]
        self.keys[slot] = _EMPTY if after is _EMPTY else _DELETED
        self.values[slot] = None

    def _grow(self):
        size = len(self.keys)
        bigger = next((s for s in _HASH_SIZES if s > size), (size + size // 2) | 1)
        old = list(self.items())
        self.keys = [_EMPTY] * bigger
        self.values = [None] * bigger
        for key, value in old:
            self.store(key, value)

    def items(self):
        for key, value in zip(self.keys, self.values):
            if key is not _EMPTY and key is not _DELETED:
                yield key, value


class _ColorType(type):
    """What the name Color does besides making colours: it is a dict of named colours."""

    def __getattr__(cls, name):
        # Only reached when the class has no such attribute.
        if name.startswith("__"):
            raise AttributeError(name)
        return cls._named.get(name)

    def __setattr__(cls, name, value):
        cls[name] = value

    def __delattr__(cls, name):
        del cls[name]

    def __getitem__(cls, key):
        return cls._named.get(key)

    def __setitem__(cls, key, value):
        if not isinstance(value, Color):
            raise TypeError(f"can't convert {type(value).__name__} to Color")
        cls._named.store(key, value)
        if type(key) is str and key not in _COLOR_OWN:
            # Also a class attribute, so Color.RED is found without __getattr__.
            type.__setattr__(cls, key, value)

    def __delitem__(cls, key):
        cls._named.delete(key)
        if type(key) is str and key not in _COLOR_OWN:
            type.__delattr__(cls, key)

    def __iter__(cls):
        return iter([key for key, _ in cls._named.items()])

    def __dir__(cls):
        return sorted(set(type.__dir__(cls)) | {k for k, _ in cls._named.items() if isinstance(k, str)})

    def __repr__(cls):
        return "{" + ", ".join(f"{k!r}: {v!r}" for k, v in cls._named.items()) + "}"


class Color(metaclass=_ColorType):
    """A colour as hue (0–359), saturation (0–100) and value (-100–100); immutable."""

    __slots__ = ("h", "s", "v")

    def __init__(self, h, s=100, v=100):
        h, s, v = _int(h), _int(s), _int(v)
        _set = object.__setattr__
        _set(self, "h", h % 360)
        _set(self, "s", 0 if s < 0 else 100 if s > 100 else s)
        # v may be negative: it makes "no colour" stand further apart when matching.
        _set(self, "v", -100 if v < -100 else 100 if v > 100 else v)

    def __setattr__(self, name, value):
        raise AttributeError(f"'Color' object has no attribute '{name}'")

    __delattr__ = __setattr__

    def __repr__(self):
        for key, value in Color._named.items():
            if value is self and isinstance(key, str):
                return "Color." + key
        return f"Color(h={self.h}, s={self.s}, v={self.v})"

    def __iter__(self):
        return iter((self.h, self.s, self.v))

    def __getitem__(self, index):
        if not isinstance(index, int):
            raise TypeError(f"can't convert {type(index).__name__} to int")
        if index == 0:
            return self.h
        if index == 1:
            return self.s
        if index == 2:
            return self.v
        raise IndexError()

    def __eq__(self, other):
        if other is self:  # color() gives back one of the detectable colours themselves
            return True
        if not isinstance(other, Color):
            return False
        return self.h == other.h and self.s == other.s and self.v == other.v

    # The hub hashes a colour by its identity: Color.RED works as a dict key,
    # an equal colour made with Color(0, 100, 100) does not find it.
    __hash__ = object.__hash__

    def __rshift__(self, shift):
        return Color(self.h + _int(shift), self.s, self.v)

    def __lshift__(self, shift):
        return Color(self.h - _int(shift), self.s, self.v)

    def __mul__(self, scale):
        return Color(self.h, self.s, _c_int(_f32(_float(scale) * self.v)))

    __rmul__ = __mul__

    def __truediv__(self, scale):
        divisor = _float(scale)
        if divisor:
            value = _f32(self.v / divisor)
        elif self.v:
            # Single-precision division by zero gives infinity, no error.
            value = _math.copysign(_math.inf, self.v) * _math.copysign(1.0, divisor)
        else:
            value = _math.nan
        return Color(self.h, self.s, _c_int(value))

    __floordiv__ = __truediv__

    def __add__(self, other):
        raise _unsupported("add", self, other)

    def __sub__(self, other):
        raise _unsupported("sub", self, other)

    def __neg__(self):
        raise TypeError("unsupported type for __neg__: 'Color'")


def color_of(h, s, v):
    """Color(h, s, v) for whole numbers already in range (a sensor's reading), without converting them again."""
    if type(h) is int and type(s) is int and type(v) is int and 0 <= h < 360 and 0 <= s <= 100 \
            and -100 <= v <= 100:
        color = object.__new__(Color)
        _set = object.__setattr__
        _set(color, "h", h)
        _set(color, "s", s)
        _set(color, "v", v)
        return color
    return Color(h, s, v)


type.__setattr__(Color, "_named", _HubDict(13))
# Names Color has of its own: a colour stored under one of them is found in the table only.
_COLOR_OWN = frozenset(dir(Color))
# pb_type_Color_reset: the named colours, stored in this order (their hues are pbio's).
for _name, _hsv in (
    ("RED", (0, 100, 100)), ("BROWN", (30, 100, 50)), ("ORANGE", (30, 100, 100)), ("YELLOW", (60, 100, 100)),
    ("GREEN", (120, 100, 100)), ("CYAN", (180, 100, 100)), ("BLUE", (240, 100, 100)),
    ("MAGENTA", (300, 100, 100)), ("VIOLET", (270, 100, 100)), ("BLACK", (0, 0, 10)), ("GRAY", (0, 0, 50)),
    ("WHITE", (0, 0, 100)), ("NONE", (0, 0, 0)),
):
    Color[_name] = Color(*_hsv)
del _name, _hsv


# --- Icon --------------------------------------------------------------------------

# pb_type_icon.c, drawn row by row ("#" lit).
_ICON_ROWS = {
    "UP": ("..#..", ".###.", "#####", ".###.", ".###."),
    "DOWN": (".###.", ".###.", "#####", ".###.", "..#.."),
    "LEFT": ("..#..", ".####", "#####", ".####", "..#.."),
    "RIGHT": ("..#..", "####.", "#####", "####.", "..#.."),
    "ARROW_RIGHT_UP": ("..###", "...##", "..#.#", ".#...", "#...."),
    "ARROW_RIGHT_DOWN": ("#....", ".#...", "..#.#", "...##", "..###"),
    "ARROW_LEFT_UP": ("###..", "##...", "#.#..", "...#.", "....#"),
    "ARROW_LEFT_DOWN": ("....#", "...#.", "#.#..", "##...", "###.."),
    "ARROW_UP": ("..#..", ".###.", "#.#.#", "..#..", "..#.."),
    "ARROW_DOWN": ("..#..", "..#..", "#.#.#", ".###.", "..#.."),
    "ARROW_LEFT": ("..#..", ".#...", "#####", ".#...", "..#.."),
    "ARROW_RIGHT": ("..#..", "...#.", "#####", "...#.", "..#.."),
    "HAPPY": ("##.##", "##.##", ".....", "#...#", ".###."),
    "SAD": ("##.##", "##.##", ".....", ".###.", "#...#"),
    "EYE_LEFT": (".....", ".....", "##...", "##...", "....."),
    "EYE_RIGHT": (".....", ".....", "...##", "...##", "....."),
    "EYE_LEFT_BLINK": (".....", ".....", ".....", "##...", "....."),
    "EYE_RIGHT_BLINK": (".....", ".....", ".....", "...##", "....."),
    "EYE_RIGHT_BROW": (".....", "...##", ".....", ".....", "....."),
    "EYE_LEFT_BROW": (".....", "##...", ".....", ".....", "....."),
    "EYE_LEFT_BROW_UP": ("##...", ".....", ".....", ".....", "....."),
    "EYE_RIGHT_BROW_UP": ("...##", ".....", ".....", ".....", "....."),
    "HEART": (".#.#.", "#####", "#####", ".###.", "..#.."),
    "PAUSE": (".....", ".#.#.", ".#.#.", ".#.#.", "....."),
    "EMPTY": (".....", ".....", ".....", ".....", "....."),
    "FULL": ("#####", "#####", "#####", "#####", "#####"),
    "SQUARE": (".....", ".###.", ".###.", ".###.", "....."),
    "TRIANGLE_RIGHT": (".#...", ".##..", ".###.", ".##..", ".#..."),
    "TRIANGLE_LEFT": ("...#.", "..##.", ".###.", "..##.", "...#."),
    "TRIANGLE_UP": (".....", "..#..", ".###.", "#####", "....."),
    "TRIANGLE_DOWN": (".....", "#####", ".###.", "..#..", "....."),
    "CIRCLE": (".###.", "#####", "#####", "#####", ".###."),
    "CLOCKWISE": ("####.", "#..#.", "#..#.", "#.###", "...#."),
    "COUNTERCLOCKWISE": (".####", ".#..#", ".#..#", "###.#", ".#..."),
    "TRUE": ("....#", "...#.", "#.#..", ".#...", "....."),
    "FALSE": ("#...#", ".#.#.", "..#..", ".#.#.", "#...#"),
}
_ICON_BITS = {name: int("".join(rows).replace(".", "0").replace("#", "1"), 2) for name, rows in _ICON_ROWS.items()}


class _Icons:
    """Icon: each use makes a new 5×5 matrix of 0 and 100, so icons can be scaled and added."""

    __slots__ = ()

    def __getattr__(self, name):
        bits = _ICON_BITS.get(name)
        if bits is None:
            raise AttributeError(f"'Icon' object has no attribute '{name}'")
        return _bitmap(bits)

    def __setattr__(self, name, value):
        raise AttributeError(f"'Icon' object has no attribute '{name}'")

    def __call__(self, *bits):
        # Icon(bits): a matrix from 25 bits, the top-left pixel in the highest one.
        if len(bits) != 1:
            raise ValueError("Invalid argument")
        value = bits[0]
        if not isinstance(value, int):
            raise TypeError(f"can't convert {type(value).__name__} to int")
        return _bitmap(int(value))

    def __dir__(self):
        return list(_ICON_BITS)

    def __repr__(self):
        return "<Icon>"


# Only hubs with a light matrix have icons (PYBRICKS_PY_PARAMETERS_ICON).
if _HUB in ("PrimeHub", "InventorHub"):
    Icon = _Icons()
