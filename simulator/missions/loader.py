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

from brickclass.language import OsReason, TomlReason
from brickclass.simulator.missions.errors import MissionFileError, shown
from brickclass.simulator.missions.floor import FloorError, check_picture
from brickclass.simulator.missions.model import (
    OBSTACLE_LOOKS,
    Crater,
    Field,
    Floor,
    Mission,
    Obstacle,
    Panel,
    PebbleArea,
    Pebbles,
    Region,
    ScoreItem,
    Scoring,
    Shape,
)
from brickclass.simulator.missions.reader import NAMED_COLORS, Reader
from brickclass.simulator.missions.scoring import SCORE_KINDS

# The standard robot-game table, inside its walls (FIRST LEGO League).
STANDARD_FIELD = (2362.0, 1143.0)
DEFAULT_TIME_LIMIT_S = 150.0

# Every key a mission file may have, table by table: anything else is a typo to report.
MISSION_KEYS = ("id", "version", "title", "description", "time_limit_s", "default_level", "start", "field",
                "scoring", "levels")
# What a [levels.N] table may change.
LEVEL_KEYS = ("title", "description", "time_limit_s", "start", "field", "scoring")
START_KEYS = ("at", "heading")
FIELD_KEYS = ("size_mm", "mat", "floor", "wall_height_mm", "regions", "obstacles", "panels", "craters", "pebbles")
REGION_KEYS = ("color", "tag", "label")
OBSTACLE_KEYS = ("id", "height_mm", "color", "label", "look")
PANEL_KEYS = ("id", "at", "size", "angle", "cells", "dust", "color")
CRATER_KEYS = ("at", "radius", "rolling_resistance", "grip")
PEBBLES_KEYS = ("count", "radius_mm", "mass_g", "on_panels", "color", "areas")
PEBBLE_AREA_KEYS = ("at", "size", "angle", "count")
SCORING_KEYS = ("stars", "items")
ITEM_KEYS = ("id", "kind", "label", "points")

__all__ = ["MissionFileError", "NAMED_COLORS", "parse_mission", "load_mission_file", "check_mission_file"]


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def _inside_field(reader: Reader, name: str, shape: Shape, size: tuple[float, float]) -> None:
    x0, y0, x1, y1 = shape.bounds()
    if x0 < -1e-6 or y0 < -1e-6 or x1 > size[0] + 1e-6 or y1 > size[1] + 1e-6:
        raise reader.fail(name, "outside_field", width=f"{size[0]:g}", height=f"{size[1]:g}")


def _unique(reader: Reader, name: str, value: str, seen: set[str]) -> str:
    if value in seen:
        raise reader.fail(name, "same_id", id=shown(value))
    seen.add(value)
    return value


def _parse_field(reader: Reader, table: Any, source: Path | None) -> Field:
    table = reader.table("field", table)
    reader.known_keys("field", table, FIELD_KEYS)
    size = reader.size("field.size_mm", table.get("size_mm", list(STANDARD_FIELD)))
    mat = reader.color("field.mat", table.get("mat", "#a0a0a0"))
    regions = []
    for i, item in enumerate(reader.tables("field.regions", table.get("regions", []))):
        name = f"field.regions[{i}]"
        shape = reader.shape(name, item, REGION_KEYS)
        _inside_field(reader, name, shape, size)
        regions.append(Region(shape=shape, color=reader.color(f"{name}.color", item.get("color")),
                              tag=str(item.get("tag", "")),
                              label=reader.text(f"{name}.label", item.get("label"), required=False)))
    obstacles = []
    seen_obstacles: set[str] = set()
    for i, item in enumerate(reader.tables("field.obstacles", table.get("obstacles", []))):
        name = f"field.obstacles[{i}]"
        shape = reader.shape(name, item, OBSTACLE_KEYS)
        _inside_field(reader, name, shape, size)
        obstacles.append(Obstacle(
            id=_unique(reader, f"{name}.id", str(item.get("id", f"obstacle{i}")), seen_obstacles),
            shape=shape,
            height_mm=reader.number(f"{name}.height_mm", item.get("height_mm", 100), positive=True),
            color=reader.color(f"{name}.color", item.get("color", "grey")),
            label=reader.text(f"{name}.label", item.get("label"), required=False),
            look=reader.choice(f"{name}.look", item.get("look", "block"), OBSTACLE_LOOKS),
        ))
    panels = []
    seen_panels: set[str] = set()
    for i, item in enumerate(reader.tables("field.panels", table.get("panels", []))):
        name = f"field.panels[{i}]"
        reader.known_keys(name, item, PANEL_KEYS)
        panel_id = _unique(reader, f"{name}.id", str(item.get("id", f"panel{i + 1}")), seen_panels)
        rect = reader.rect(name, item)
        cells = item.get("cells", [4, 2])
        if not isinstance(cells, list) or len(cells) != 2:
            raise reader.fail(f"{name}.cells", "not_cells")
        columns = reader.integer(f"{name}.cells[0]", cells[0], at_least=1)
        rows = reader.integer(f"{name}.cells[1]", cells[1], at_least=1)
        _inside_field(reader, name, Shape("polygon", rect.corners()), size)
        dust = reader.number(f"{name}.dust", item.get("dust", 1.0), at_least=0.0)
        if dust > 1:
            raise reader.fail(f"{name}.dust", "not_share")
        panels.append(Panel(panel_id, rect.corner, rect.size, (columns, rows), dust,
                            reader.color(f"{name}.color", item.get("color", "darkblue")), rect.angle))
    craters = []
    for i, item in enumerate(reader.tables("field.craters", table.get("craters", []))):
        name = f"field.craters[{i}]"
        reader.known_keys(name, item, CRATER_KEYS)
        center = reader.point(f"{name}.at", item.get("at"))
        radius = reader.number(f"{name}.radius", item.get("radius"), positive=True)
        _inside_field(reader, name, Shape("circle", center=center, radius=radius), size)
        craters.append(Crater(
            center, radius,
            reader.number(f"{name}.rolling_resistance", item.get("rolling_resistance", 0.3), at_least=0.0),
            reader.number(f"{name}.grip", item.get("grip", 0.4), positive=True)))
    pebbles = None
    if "pebbles" in table:
        pebbles = _parse_pebbles(reader, reader.table("field.pebbles", table["pebbles"]), seen_panels, size)
    return Field(
        size=size,
        mat=mat,
        wall_height_mm=reader.number("field.wall_height_mm", table.get("wall_height_mm", 70), positive=True),
        regions=tuple(regions),
        obstacles=tuple(obstacles),
        panels=tuple(panels),
        craters=tuple(craters),
        pebbles=pebbles,
        floor=_parse_floor(reader, table["floor"], source) if "floor" in table else None,
    )


def _parse_pebbles(reader: Reader, p: dict[str, Any], panels: set[str], size: tuple[float, float]) -> Pebbles:
    name = "field.pebbles"
    reader.known_keys(name, p, PEBBLES_KEYS)
    on_raw = p.get("on_panels", sorted(panels))
    if not isinstance(on_raw, list):
        raise reader.fail(f"{name}.on_panels", "not_names")
    on = tuple(str(x) for x in on_raw)
    for panel_id in on:
        if panel_id not in panels:
            raise reader.fail(f"{name}.on_panels", "no_such_panel", id=shown(panel_id))
    radius = reader.point(f"{name}.radius_mm", p.get("radius_mm", [5, 8]))
    if radius[0] <= 0 or radius[0] > radius[1]:
        raise reader.fail(f"{name}.radius_mm", "not_range")
    count = reader.integer(f"{name}.count", p.get("count", 0), at_least=0)
    if count and not on:
        raise reader.fail(f"{name}.on_panels", "pebbles_need_panels")
    areas = []
    for i, item in enumerate(reader.tables(f"{name}.areas", p.get("areas", []))):
        where = f"{name}.areas[{i}]"
        reader.known_keys(where, item, PEBBLE_AREA_KEYS)
        rect = reader.rect(where, item)
        _inside_field(reader, where, Shape("polygon", rect.corners()), size)
        if min(rect.size) <= 2 * radius[1]:
            raise reader.fail(f"{where}.size", "area_too_small", least=f"{2 * radius[1]:g}")
        areas.append(PebbleArea(rect, reader.integer(f"{where}.count", item.get("count", 6), at_least=0)))
    return Pebbles(count, radius, reader.number(f"{name}.mass_g", p.get("mass_g", 4), positive=True),
                   on, reader.color(f"{name}.color", p.get("color", "#8c8278")), tuple(areas))


def _parse_floor(reader: Reader, value: Any, source: Path | None) -> Floor:
    if not isinstance(value, str) or not value:
        raise reader.fail("field.floor", "not_picture_name", value=shown(value))
    folder = source.parent if source is not None else Path.cwd()
    path = (folder / value).resolve()
    try:
        width, height = check_picture(path)
    except FloorError as exc:
        raise reader.fail("field.floor", exc.problem, name=value, **exc.values) from exc
    return Floor(str(path), value, width, height)


def _parse_scoring(reader: Reader, table: Any) -> Scoring:
    if table is None:
        return Scoring(items=(), stars=(0.0, 0.6, 0.9))
    table = reader.table("scoring", table)
    reader.known_keys("scoring", table, SCORING_KEYS)
    items = []
    seen: set[str] = set()
    for i, item in enumerate(reader.tables("scoring.items", table.get("items", []))):
        name = f"scoring.items[{i}]"
        item_id = item.get("id")
        if not isinstance(item_id, str) or not item_id:
            raise reader.fail(f"{name}.id", "item_needs_id")
        _unique(reader, f"{name}.id", item_id, seen)
        kind = item.get("kind")
        if kind not in SCORE_KINDS:
            raise reader.fail(f"{name}.kind", "not_one_of", value=shown(kind), choices=", ".join(SCORE_KINDS))
        reader.known_keys(name, item, ITEM_KEYS + SCORE_KINDS[kind].params)
        points = item.get("points")
        if isinstance(points, bool) or not isinstance(points, int):
            raise reader.fail(f"{name}.points", "not_points", value=shown(points))
        params = {k: v for k, v in item.items() if k not in ITEM_KEYS}
        items.append(ScoreItem(item_id, kind, reader.text(f"{name}.label", item.get("label")), points, params))
    stars = table.get("stars", [0.0, 0.6, 0.9])
    if not isinstance(stars, list) or len(stars) != 3:
        raise reader.fail("scoring.stars", "not_stars")
    values = tuple(reader.number(f"scoring.stars[{i}]", v, at_least=0.0) for i, v in enumerate(stars))
    if not values[0] <= values[1] <= values[2] <= 1:
        raise reader.fail("scoring.stars", "stars_order")
    return Scoring(items=tuple(items), stars=values)  # type: ignore[arg-type]


def _check_references(reader: Reader, field_spec: Field, scoring: Scoring) -> None:
    """Scoring items that name a zone or an obstacle must find it on the field."""
    tags = {region.tag for region in field_spec.regions if region.tag}
    obstacles = {obstacle.id for obstacle in field_spec.obstacles}
    for i, item in enumerate(scoring.items):
        zone = item.params.get("zone")
        if zone is not None and zone not in tags:
            raise reader.fail(f"scoring.items[{i}].zone", "no_such_zone", zone=shown(zone))
        obstacle = item.params.get("obstacle")
        if obstacle is not None and obstacle not in obstacles:
            raise reader.fail(f"scoring.items[{i}].obstacle", "no_such_obstacle", id=shown(obstacle))


def _levels(reader: Reader, data: dict[str, Any]) -> tuple[dict[str, Any], list[int]]:
    levels_table = data.get("levels", {})
    if not isinstance(levels_table, dict):
        raise reader.fail("levels", "not_levels")
    numbers = []
    for key, table in levels_table.items():
        if not str(key).isdigit() or int(key) < 1:
            raise reader.fail(f"levels.{key}", "level_number")
        reader.known_keys(f"levels.{key}", reader.table(f"levels.{key}", table), LEVEL_KEYS)
        numbers.append(int(key))
    return levels_table, sorted(numbers)


def parse_mission(path: Path | str, data: dict[str, Any], level: int | None = None, *,
                  source: Path | None = None) -> Mission:
    """A mission from a file's data; ``path`` names it in errors, ``source`` is where the
    file is (a floor picture is found beside it)."""
    reader = Reader(path)
    reader.known_keys("", data, MISSION_KEYS)
    mission_id = data.get("id")
    if not isinstance(mission_id, str) or not mission_id or ":" in mission_id:
        raise reader.fail("id", "bad_id")
    levels_table, level_numbers = _levels(reader, data)
    default_level = data.get("default_level")
    if default_level is not None:
        default_level = reader.integer("default_level", default_level, at_least=1)
        if default_level not in level_numbers:
            raise reader.fail("default_level", "no_such_level", mission=mission_id, level=default_level,
                              levels=_level_list(mission_id, level_numbers))
    if level is None:
        level = default_level
    if level is not None:
        if not level_numbers:
            raise reader.fail("", "no_levels", mission=mission_id, level=level)
        if level not in level_numbers:
            raise reader.fail("", "no_such_level", mission=mission_id, level=level,
                              levels=_level_list(mission_id, level_numbers))
        data = _merge({k: v for k, v in data.items() if k != "levels"}, levels_table[str(level)])
    version = reader.integer("version", data.get("version", 1), at_least=1)
    field_spec = _parse_field(reader, data.get("field", {}), source)
    start = reader.table("start", data.get("start", {}))
    reader.known_keys("start", start, START_KEYS)
    x, y = reader.point("start.at", start.get("at", [field_spec.size[0] / 2, field_spec.size[1] / 2]))
    if not (0 < x < field_spec.size[0] and 0 < y < field_spec.size[1]):
        raise reader.fail("start.at", "start_outside")
    heading = reader.number("start.heading", start.get("heading", 90))
    scoring = _parse_scoring(reader, data.get("scoring"))
    _check_references(reader, field_spec, scoring)
    return Mission(
        id=mission_id,
        level=level,
        version=version,
        title=reader.text("title", data.get("title")),
        description=reader.text("description", data.get("description")),
        field=field_spec,
        start=(x, y, heading),
        time_limit_s=reader.number("time_limit_s", data.get("time_limit_s", DEFAULT_TIME_LIMIT_S), positive=True),
        scoring=scoring,
        levels=tuple(level_numbers),
        source=str(source if source is not None else path),
    )


def _level_list(mission_id: str, numbers: list[int]) -> str:
    return ", ".join(f"{mission_id}:{n}" for n in numbers)


def read_mission_data(path: Path, name: str | None = None) -> dict[str, Any]:
    """The TOML data of a mission file; ``name`` is how errors call the file."""
    shown_as = name or str(path)
    try:
        with Path(path).open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise MissionFileError(shown_as, "file", "unreadable", reason=OsReason.of(exc)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise MissionFileError(shown_as, "file", "not_toml", reason=TomlReason.of(exc)) from exc


def load_mission_file(path: Path, level: int | None = None, *, name: str | None = None) -> Mission:
    return parse_mission(name or str(path), read_mission_data(path, name), level, source=Path(path))


def check_mission_file(path: Path, *, name: str | None = None) -> list[Mission]:
    """Every level of a mission file, each checked as a run would load it (the first problem raises)."""
    data = read_mission_data(path, name)
    _, numbers = _levels(Reader(name or str(path)), data)
    if not numbers:
        return [parse_mission(name or str(path), data, source=Path(path))]
    return [parse_mission(name or str(path), data, n, source=Path(path)) for n in numbers]
