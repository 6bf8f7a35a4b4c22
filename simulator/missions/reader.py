"""Reading one value of a mission file: checked, and named in the error when it is wrong."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path
from typing import Any, overload

from brickclass.simulator.missions.errors import MissionFileError, shown
from brickclass.simulator.missions.model import RGB, Rect, Shape, Text

NAMED_COLORS: dict[str, str] = {
    "black": "#141414",
    "white": "#f2f2f2",
    "grey": "#9a9a9a",
    "gray": "#9a9a9a",
    "red": "#d21e1e",
    "green": "#1e9632",
    "blue": "#1e3cc8",
    "yellow": "#f0d21e",
    "darkblue": "#14285a",
}
TEXT_KEYS = ("en", "sv")
# The keys a shape may have, by its kind.
SHAPE_KEYS = {
    "rect": ("kind", "at", "size", "angle"),
    "circle": ("kind", "at", "radius"),
    "polygon": ("kind", "points"),
    "line": ("kind", "points", "width"),
}


class Reader:
    """Helpers that check one value and name it in the error."""

    def __init__(self, path: Path | str) -> None:
        self.path = path

    def fail(self, where: str, problem: str, /, **values: Any) -> MissionFileError:
        return MissionFileError(self.path, where, problem, **values)

    def known_keys(self, name: str, table: dict[str, Any], known: Iterable[str]) -> None:
        """Refuse a key the file format does not have (a typo would otherwise be ignored)."""
        allowed = tuple(known)
        for key in table:
            if key not in allowed:
                where = f"{name}.{key}" if name else str(key)
                close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
                if close:
                    raise self.fail(where, "unknown_key_like", suggestion=close[0])
                raise self.fail(where, "unknown_key", keys=", ".join(allowed))

    def table(self, name: str, value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(name, "not_table")
        return value

    def tables(self, name: str, value: Any) -> list[dict[str, Any]]:
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise self.fail(name, "not_tables")
        return value

    def number(self, name: str, value: Any, *, positive: bool = False, at_least: float | None = None) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(name, "not_number", value=shown(value))
        if positive and value <= 0:
            raise self.fail(name, "not_positive", value=shown(value))
        if at_least is not None and value < at_least:
            raise self.fail(name, "too_small", least=f"{at_least:g}", value=shown(value))
        return float(value)

    def integer(self, name: str, value: Any, *, at_least: int | None = None) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(name, "not_whole", value=shown(value))
        if at_least is not None and value < at_least:
            raise self.fail(name, "too_small", least=at_least, value=shown(value))
        return value

    def point(self, name: str, value: Any) -> tuple[float, float]:
        if not isinstance(value, list) or len(value) != 2:
            raise self.fail(name, "not_point")
        return (self.number(name, value[0]), self.number(name, value[1]))

    def size(self, name: str, value: Any) -> tuple[float, float]:
        width, height = self.point(name, value)
        if width <= 0 or height <= 0:
            raise self.fail(name, "size_not_positive")
        return (width, height)

    @overload
    def text(self, name: str, value: Any) -> Text: ...

    @overload
    def text(self, name: str, value: Any, *, required: bool) -> Text | None: ...

    def text(self, name: str, value: Any, *, required: bool = True) -> Text | None:
        if value is None and not required:
            return None
        if not isinstance(value, dict) or not isinstance(value.get("en"), str) or not isinstance(value.get("sv"), str):
            raise self.fail(name, "needs_text")
        self.known_keys(name, value, TEXT_KEYS)
        return Text(en=value["en"], sv=value["sv"])

    def color(self, name: str, value: Any) -> RGB:
        if not isinstance(value, str):
            raise self.fail(name, "not_color", value=shown(value))
        hex_value = NAMED_COLORS.get(value.lower(), value)
        try:
            if not (hex_value.startswith("#") and len(hex_value) == 7):
                raise ValueError(hex_value)
            channels = tuple(int(hex_value[i: i + 2], 16) / 255 for i in (1, 3, 5))
        except ValueError:
            raise self.fail(name, "not_color", value=shown(value)) from None
        return channels  # type: ignore[return-value]

    def choice(self, name: str, value: Any, choices: tuple[str, ...]) -> str:
        if value not in choices:
            raise self.fail(name, "not_one_of", value=shown(value), choices=", ".join(choices))
        return str(value)

    def rect(self, name: str, table: dict[str, Any]) -> Rect:
        return Rect(self.point(f"{name}.at", table.get("at")), self.size(f"{name}.size", table.get("size")),
                    self.number(f"{name}.angle", table.get("angle", 0)))

    def shape(self, name: str, table: dict[str, Any], other_keys: tuple[str, ...] = ()) -> Shape:
        kind = table.get("kind", "rect")
        if kind not in SHAPE_KEYS:
            raise self.fail(f"{name}.kind", "not_one_of", value=shown(kind), choices=", ".join(SHAPE_KEYS))
        self.known_keys(name, table, SHAPE_KEYS[kind] + other_keys)
        if kind == "rect":
            rect = self.rect(name, table)
            return Shape("rect" if rect.angle % 360 == 0 else "polygon", rect.corners())
        if kind == "circle":
            return Shape("circle", center=self.point(f"{name}.at", table.get("at")),
                         radius=self.number(f"{name}.radius", table.get("radius"), positive=True))
        raw = table.get("points")
        minimum = 3 if kind == "polygon" else 2
        if not isinstance(raw, list) or len(raw) < minimum:
            raise self.fail(f"{name}.points", "too_few_points", count=minimum)
        points = tuple(self.point(f"{name}.points[{i}]", p) for i, p in enumerate(raw))
        width = self.number(f"{name}.width", table.get("width", 20), positive=True) if kind == "line" else 0.0
        return Shape(kind, points, width=width)
