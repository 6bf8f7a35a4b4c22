"""Read and check mission files (TOML).

A mission file describes the field, the start, the time limit and the
scoring rules; ``[levels.N]`` tables override parts of it for easier or
harder levels. Every problem is reported with the file, the field and what
is wrong, so a teacher can fix a mission they wrote.
"""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path
from typing import Any

from brickclass.simulator.missions.model import (
    RGB,
    Crater,
    Field,
    Mission,
    Obstacle,
    Panel,
    Pebbles,
    Region,
    Scoring,
    ScoreItem,
    Shape,
    Text,
)

# The standard robot-game table, inside its walls (FIRST LEGO League).
STANDARD_FIELD = (2362.0, 1143.0)
DEFAULT_TIME_LIMIT_S = 150.0

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


class MissionFileError(ValueError):
    def __init__(self, path: Path | str, field_name: str, problem: str) -> None:
        super().__init__(f"{path}: {field_name}: {problem}")
        self.path = str(path)
        self.field = field_name
        self.problem = problem


class _Reader:
    """Helpers that check one value and name it in the error."""

    def __init__(self, path: Path | str) -> None:
        self.path = path

    def fail(self, name: str, problem: str) -> MissionFileError:
        return MissionFileError(self.path, name, problem)

    def number(self, name: str, value: Any, *, positive: bool = False, at_least: float | None = None) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(name, f"must be a number, not {value!r}")
        if positive and value <= 0:
            raise self.fail(name, f"must be more than 0, not {value!r}")
        if at_least is not None and value < at_least:
            raise self.fail(name, f"must be at least {at_least}, not {value!r}")
        return float(value)

    def integer(self, name: str, value: Any, *, at_least: int | None = None) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(name, f"must be a whole number, not {value!r}")
        if at_least is not None and value < at_least:
            raise self.fail(name, f"must be at least {at_least}, not {value!r}")
        return value

    def point(self, name: str, value: Any) -> tuple[float, float]:
        if not isinstance(value, list) or len(value) != 2:
            raise self.fail(name, "must be [x, y] in millimetres")
        return (self.number(name, value[0]), self.number(name, value[1]))

    def text(self, name: str, value: Any, *, required: bool = True) -> Text | None:
        if value is None and not required:
            return None
        if not isinstance(value, dict) or not isinstance(value.get("en"), str) or not isinstance(value.get("sv"), str):
            raise self.fail(name, "needs both .en and .sv text")
        return Text(en=value["en"], sv=value["sv"])

    def color(self, name: str, value: Any) -> RGB:
        if not isinstance(value, str):
            raise self.fail(name, "must be a colour such as '#1e3cc8' or 'blue'")
        hex_value = NAMED_COLORS.get(value.lower(), value)
        if not (hex_value.startswith("#") and len(hex_value) == 7):
            raise self.fail(name, f"is not a colour: {value!r} (use '#rrggbb' or a name like 'blue')")
        try:
            channels = tuple(int(hex_value[i : i + 2], 16) / 255 for i in (1, 3, 5))
        except ValueError:
            raise self.fail(name, f"is not a colour: {value!r}") from None
        return channels  # type: ignore[return-value]

    def shape(self, name: str, table: dict[str, Any]) -> Shape:
        kind = table.get("kind", "rect")
        if kind == "rect":
            corner = self.point(f"{name}.at", table.get("at"))
            width, height = self.point(f"{name}.size", table.get("size"))
            if width <= 0 or height <= 0:
                raise self.fail(f"{name}.size", "width and height must be more than 0")
            x, y = corner
            return Shape("rect", ((x, y), (x + width, y), (x + width, y + height), (x, y + height)))
        if kind == "circle":
            return Shape(
                "circle",
                center=self.point(f"{name}.at", table.get("at")),
                radius=self.number(f"{name}.radius", table.get("radius"), positive=True),
            )
        if kind in ("polygon", "line"):
            raw = table.get("points")
            minimum = 3 if kind == "polygon" else 2
            if not isinstance(raw, list) or len(raw) < minimum:
                raise self.fail(f"{name}.points", f"needs at least {minimum} [x, y] points")
            points = tuple(self.point(f"{name}.points[{i}]", p) for i, p in enumerate(raw))
            width = self.number(f"{name}.width", table.get("width", 20), positive=True) if kind == "line" else 0.0
            return Shape(kind, points, width=width)
        raise self.fail(f"{name}.kind", f"must be rect, circle, polygon or line, not {kind!r}")


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def _inside_field(reader: _Reader, name: str, shape: Shape, size: tuple[float, float]) -> None:
    x0, y0, x1, y1 = shape.bounds()
    if x0 < -1e-6 or y0 < -1e-6 or x1 > size[0] + 1e-6 or y1 > size[1] + 1e-6:
        raise reader.fail(name, f"reaches outside the field (0..{size[0]:g} × 0..{size[1]:g} mm)")


def _parse_field(reader: _Reader, table: Any) -> Field:
    if not isinstance(table, dict):
        raise reader.fail("field", "must be a table")
    size = reader.point("field.size_mm", table.get("size_mm", list(STANDARD_FIELD)))
    if size[0] <= 0 or size[1] <= 0:
        raise reader.fail("field.size_mm", "must be positive")
    regions = []
    for i, item in enumerate(table.get("regions", [])):
        name = f"field.regions[{i}]"
        shape = reader.shape(name, item)
        _inside_field(reader, name, shape, size)
        regions.append(
            Region(
                shape=shape,
                color=reader.color(f"{name}.color", item.get("color")),
                tag=str(item.get("tag", "")),
                label=reader.text(f"{name}.label", item.get("label"), required=False),
            )
        )
    obstacles = []
    for i, item in enumerate(table.get("obstacles", [])):
        name = f"field.obstacles[{i}]"
        shape = reader.shape(name, item)
        _inside_field(reader, name, shape, size)
        obstacles.append(
            Obstacle(
                id=str(item.get("id", f"obstacle{i}")),
                shape=shape,
                height_mm=reader.number(f"{name}.height_mm", item.get("height_mm", 100), positive=True),
                color=reader.color(f"{name}.color", item.get("color", "grey")),
                label=reader.text(f"{name}.label", item.get("label"), required=False),
            )
        )
    panels = []
    seen_panels: set[str] = set()
    for i, item in enumerate(table.get("panels", [])):
        name = f"field.panels[{i}]"
        panel_id = str(item.get("id", f"panel{i + 1}"))
        if panel_id in seen_panels:
            raise reader.fail(f"{name}.id", f"two panels are called {panel_id!r}")
        seen_panels.add(panel_id)
        corner = reader.point(f"{name}.at", item.get("at"))
        panel_size = reader.point(f"{name}.size", item.get("size"))
        cells = item.get("cells", [4, 2])
        if not isinstance(cells, list) or len(cells) != 2:
            raise reader.fail(f"{name}.cells", "must be [columns, rows]")
        columns = reader.integer(f"{name}.cells[0]", cells[0], at_least=1)
        rows = reader.integer(f"{name}.cells[1]", cells[1], at_least=1)
        shape = Shape("rect", (corner, (corner[0] + panel_size[0], corner[1]),
                               (corner[0] + panel_size[0], corner[1] + panel_size[1]),
                               (corner[0], corner[1] + panel_size[1])))
        _inside_field(reader, name, shape, size)
        dust = reader.number(f"{name}.dust", item.get("dust", 1.0), at_least=0.0)
        if dust > 1:
            raise reader.fail(f"{name}.dust", "is a share of a full cell, from 0 to 1")
        panels.append(
            Panel(panel_id, corner, panel_size, (columns, rows), dust,
                  reader.color(f"{name}.color", item.get("color", "darkblue")))
        )
    craters = []
    for i, item in enumerate(table.get("craters", [])):
        name = f"field.craters[{i}]"
        center = reader.point(f"{name}.at", item.get("at"))
        radius = reader.number(f"{name}.radius", item.get("radius"), positive=True)
        _inside_field(reader, name, Shape("circle", center=center, radius=radius), size)
        craters.append(
            Crater(center, radius,
                   reader.number(f"{name}.rolling_resistance", item.get("rolling_resistance", 0.3), at_least=0.0),
                   reader.number(f"{name}.grip", item.get("grip", 0.4), positive=True))
        )
    pebbles = None
    if "pebbles" in table:
        p = table["pebbles"]
        name = "field.pebbles"
        on = tuple(str(x) for x in p.get("on_panels", sorted(seen_panels)))
        for panel_id in on:
            if panel_id not in seen_panels:
                raise reader.fail(f"{name}.on_panels", f"there is no panel called {panel_id!r}")
        radius = reader.point(f"{name}.radius_mm", p.get("radius_mm", [5, 8]))
        if radius[0] <= 0 or radius[0] > radius[1]:
            raise reader.fail(f"{name}.radius_mm", "must be [smallest, largest], both more than 0")
        count = reader.integer(f"{name}.count", p.get("count", 0), at_least=0)
        if count and not on:
            raise reader.fail(f"{name}.on_panels", "pebbles need at least one panel to lie on")
        pebbles = Pebbles(count, radius, reader.number(f"{name}.mass_g", p.get("mass_g", 4), positive=True),
                          on, reader.color(f"{name}.color", p.get("color", "#8c8278")))
    return Field(
        size=size,
        mat=reader.color("field.mat", table.get("mat", "#a0a0a0")),
        wall_height_mm=reader.number("field.wall_height_mm", table.get("wall_height_mm", 70), positive=True),
        regions=tuple(regions),
        obstacles=tuple(obstacles),
        panels=tuple(panels),
        craters=tuple(craters),
        pebbles=pebbles,
    )


SCORE_KINDS = (
    "dust_cleared",
    "pebbles_off",
    "robot_in_zone_at_end",
    "arm_raised_at_end",
    "wheels_on_panel",
    "touched_obstacle",
    "time_bonus",
    "reached_zone",
)


def _parse_scoring(reader: _Reader, table: Any) -> Scoring:
    if table is None:
        return Scoring(items=(), stars=(0.0, 0.6, 0.9))
    if not isinstance(table, dict):
        raise reader.fail("scoring", "must be a table")
    items = []
    seen: set[str] = set()
    for i, item in enumerate(table.get("items", [])):
        name = f"scoring.items[{i}]"
        item_id = item.get("id")
        if not isinstance(item_id, str) or not item_id:
            raise reader.fail(f"{name}.id", "every scoring item needs an id")
        if item_id in seen:
            raise reader.fail(f"{name}.id", f"two items are called {item_id!r}")
        seen.add(item_id)
        kind = item.get("kind")
        if kind not in SCORE_KINDS:
            raise reader.fail(f"{name}.kind", f"must be one of {', '.join(SCORE_KINDS)}")
        points = item.get("points")
        if isinstance(points, bool) or not isinstance(points, int):
            raise reader.fail(f"{name}.points", "must be a whole number of points (negative for a penalty)")
        params = {k: v for k, v in item.items() if k not in ("id", "kind", "label", "points")}
        items.append(ScoreItem(item_id, kind, reader.text(f"{name}.label", item.get("label")), points, params))
    stars = table.get("stars", [0.0, 0.6, 0.9])
    if not isinstance(stars, list) or len(stars) != 3:
        raise reader.fail("scoring.stars", "must be three shares of the maximum, e.g. [0.01, 0.6, 0.9]")
    values = tuple(reader.number(f"scoring.stars[{i}]", v, at_least=0.0) for i, v in enumerate(stars))
    if not values[0] <= values[1] <= values[2] <= 1:
        raise reader.fail("scoring.stars", "must grow from 1 to 3 stars and stay at or below 1")
    return Scoring(items=tuple(items), stars=values)  # type: ignore[arg-type]


def parse_mission(path: Path | str, data: dict[str, Any], level: int | None = None) -> Mission:
    reader = _Reader(path)
    mission_id = data.get("id")
    if not isinstance(mission_id, str) or not mission_id or ":" in mission_id:
        raise reader.fail("id", "must be a name such as 'moon-sweeper' (no ':')")
    levels_table = data.get("levels", {})
    if not isinstance(levels_table, dict):
        raise reader.fail("levels", "must be a table of [levels.1], [levels.2]…")
    level_numbers = []
    for key in levels_table:
        if not str(key).isdigit():
            raise reader.fail(f"levels.{key}", "levels are numbered 1, 2, 3…")
        level_numbers.append(int(key))
    level_numbers.sort()
    default_level = data.get("default_level")
    if level is None and default_level is not None:
        level = reader.integer("default_level", default_level, at_least=1)
    if level is not None:
        if level_numbers and level not in level_numbers:
            raise reader.fail("levels", f"there is no level {level}; choose {', '.join(map(str, level_numbers))}")
        if not level_numbers:
            raise reader.fail("levels", f"this mission has no levels, so '{mission_id}:{level}' does not exist")
        data = _merge({k: v for k, v in data.items() if k != "levels"}, levels_table[str(level)])
    version = reader.integer("version", data.get("version", 1), at_least=1)
    field_spec = _parse_field(reader, data.get("field", {}))
    start = data.get("start", {})
    x, y = reader.point("start.at", start.get("at", [field_spec.size[0] / 2, field_spec.size[1] / 2]))
    if not (0 < x < field_spec.size[0] and 0 < y < field_spec.size[1]):
        raise reader.fail("start.at", "must be inside the field")
    heading = reader.number("start.heading", start.get("heading", 90))
    return Mission(
        id=mission_id,
        level=level,
        version=version,
        title=reader.text("title", data.get("title")),  # type: ignore[arg-type]
        description=reader.text("description", data.get("description")),  # type: ignore[arg-type]
        field=field_spec,
        start=(x, y, heading),
        time_limit_s=reader.number("time_limit_s", data.get("time_limit_s", DEFAULT_TIME_LIMIT_S), positive=True),
        scoring=_parse_scoring(reader, data.get("scoring")),
        levels=tuple(level_numbers),
        source=str(path),
    )


def load_mission_file(path: Path, level: int | None = None) -> Mission:
    try:
        with Path(path).open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise MissionFileError(path, "file", f"cannot be read ({exc.strerror})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise MissionFileError(path, "file", f"is not valid TOML ({exc})") from exc
    return parse_mission(path, data, level)
