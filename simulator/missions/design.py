"""A field a pupil designs: the mission file's data, changed one step at a time, with undo.

The editor window (``simulator/render/editor``) turns clicks and keys into
these steps; everything here is plain data, so tests and other tools can
design a field without a window. The design *is* the mission file's data:
saving writes it as TOML, and it is checked exactly as a run loads it
(``parse_mission``), before anything is written. A save never loses the
field that was there: the new file is written beside it and renamed over it
in one step, and the one before is kept as ``NAME.toml.bak``.

Things on the field, and where they live in the data:

=========  ==============================================  =================
thing      data                                            moves by
=========  ==============================================  =================
panel      ``field.panels[i]``                             ``at``
crater     ``field.craters[i]``                            ``at`` (centre)
pebbles    ``field.pebbles.areas[i]``                      ``at``
lander     ``field.obstacles[i]`` with ``look = "lander"``  ``at`` (centre)
wall       ``field.obstacles[i]`` with ``look = "wall"``    ``at``
base       ``field.regions[i]`` with ``tag = "base"``       ``at``
guide      ``field.regions[i]``, a ``line``                ``points``
start      ``start``                                       ``at``
=========  ==============================================  =================
"""

from __future__ import annotations

import copy
import math
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli_w

from brickclass.language import t
from brickclass.simulator.field import distance_to_segment
from brickclass.simulator.missions.floor import check_picture
from brickclass.simulator.missions.loader import STANDARD_FIELD, parse_mission
from brickclass.simulator.missions.model import Mission, Rect

THINGS = ("panel", "crater", "pebbles", "lander", "base", "guide", "wall")
CELL_MM = 100.0  # a solar cell is 10 cm square, as on the moon-sweeper table
UNDO_STEPS = 200
TIME_LIMIT_RANGE = (10, 600)
POINTS_RANGE = (-100, 200)
# The scoring a pupil's moon gets, item by item, and what must be on the field for each.
SCORE_TEMPLATES: tuple[tuple[str, str, int, dict[str, Any], str], ...] = (
    ("dust", "dust_cleared", 60, {}, "panel"),
    ("pebbles", "pebbles_off", 5, {}, "pebbles_on_panels"),
    ("home", "robot_in_zone_at_end", 20, {"zone": "base", "must_leave": True}, "base"),
    ("arm_up", "arm_raised_at_end", 10, {"zone": "base", "must_leave": True, "above_deg": 60}, "base"),
    ("time", "time_bonus", 15, {}, "anything"),
    ("panel_damage", "wheels_on_panel", -5, {"max_times": 6}, "panel"),
    ("lander_hit", "touched_obstacle", -10, {"obstacle": "lander", "max_times": 3}, "lander"),
)


@dataclass(frozen=True)
class Ref:
    """One thing on the field: its kind and its place in its list (None for the start)."""

    thing: str
    index: int | None = None


def _words(key: str, **values: Any) -> dict[str, str]:
    """A text for the file in both languages (mission files carry .en and .sv)."""
    return {"en": t(key, "en", **values), "sv": t(key, "sv", **values)}


def snap(value: float, grid: float) -> float:
    """To the nearest ``grid`` millimetres: pupils' files get tidy numbers."""
    return round(value / grid) * grid


def _round(value: float) -> float | int:
    rounded = round(value, 1)
    return int(rounded) if rounded == int(rounded) else rounded


def new_field(name: str, size: tuple[float, float] = STANDARD_FIELD) -> dict[str, Any]:
    """A small moon to start from: a base with the rover in it, one dusty panel, the lander."""
    width, height = size
    design = FieldDesign({
        "id": _slug(name),
        "version": 1,
        "title": {"en": name, "sv": name},
        "description": _words("field.text.description", name=name),
        "time_limit_s": 150,
        "start": {"at": [200, 200], "heading": 90},
        "field": {"size_mm": [_round(width), _round(height)], "mat": "#8e8a84", "regions": [], "obstacles": [],
                  "panels": [], "craters": [], "pebbles": {"count": 0, "radius_mm": [6, 10], "mass_g": 6}},
        "scoring": {"stars": [0.15, 0.5, 0.8], "items": []},
    })
    design.add("base", (200, 200), remember=False)
    design.add("panel", (min(width - 250, 800), min(height - 150, height * 0.7)), remember=False)
    design.add("lander", (max(120, width - 150), height / 2), remember=False)
    return design.data


def _slug(name: str) -> str:
    text = "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")
    return "-".join(part for part in text.split("-") if part) or "my-moon"


class FieldDesign:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self._undo: list[dict[str, Any]] = []
        self._redo: list[dict[str, Any]] = []
        self.saved = copy.deepcopy(data)
        self._ensure_lists()

    # --- reading -----------------------------------------------------------------------

    @property
    def field(self) -> dict[str, Any]:
        return self.data.setdefault("field", {})

    @property
    def size(self) -> tuple[float, float]:
        width, height = self.field.get("size_mm", list(STANDARD_FIELD))
        return (float(width), float(height))

    @property
    def dirty(self) -> bool:
        return self.data != self.saved

    def _ensure_lists(self) -> None:
        for key in ("regions", "obstacles", "panels", "craters"):
            self.field.setdefault(key, [])

    def things(self) -> list[Ref]:
        """Everything on the field, bottom to top (the order a click looks through, reversed)."""
        refs: list[Ref] = []
        for i, region in enumerate(self.field["regions"]):
            refs.append(Ref("base" if region.get("tag") == "base" else "guide" if region.get("kind") == "line"
                            else "zone", i))
        refs += [Ref("crater", i) for i in range(len(self.field["craters"]))]
        refs += [Ref("panel", i) for i in range(len(self.field["panels"]))]
        refs += [Ref("pebbles", i) for i in range(len(self._areas()))]
        refs += [Ref("lander" if obstacle.get("look") == "lander" else "wall", i)
                 for i, obstacle in enumerate(self.field["obstacles"])]
        refs.append(Ref("start"))
        return refs

    def item(self, ref: Ref) -> dict[str, Any]:
        if ref.thing == "start":
            return self.data.setdefault("start", {})
        return self._list(ref.thing)[ref.index]  # type: ignore[index]

    def _list(self, thing: str) -> list[dict[str, Any]]:
        if thing in ("base", "guide", "zone"):
            return self.field["regions"]
        if thing in ("lander", "wall"):
            return self.field["obstacles"]
        if thing == "pebbles":
            return self._areas()
        return self.field[f"{thing}s"]

    def _areas(self) -> list[dict[str, Any]]:
        pebbles = self.field.setdefault("pebbles", {"count": 0})
        return pebbles.setdefault("areas", [])

    def center(self, ref: Ref) -> tuple[float, float]:
        item = self.item(ref)
        if "points" in item:
            points = item["points"]
            return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
        x, y = item.get("at", [0, 0])
        if "size" in item:
            return (x + item["size"][0] / 2, y + item["size"][1] / 2)
        return (float(x), float(y))

    def outline(self, ref: Ref) -> list[tuple[float, float]]:
        """The thing's outline on the field (corners, or a circle's bounding corners), for
        drawing the selection and for clicking."""
        item = self.item(ref)
        if ref.thing == "start":
            x, y = item.get("at", [0, 0])
            return [(x - 100, y - 100), (x + 100, y - 100), (x + 100, y + 100), (x - 100, y + 100)]
        if "points" in item:
            return [tuple(p) for p in item["points"]]
        if "radius" in item:
            x, y = item["at"]
            r = item["radius"]
            return [(x - r, y - r), (x + r, y - r), (x + r, y + r), (x - r, y + r)]
        return list(Rect(tuple(item["at"]), tuple(item["size"]), item.get("angle", 0)).corners())

    def hit(self, x: float, y: float, slack: float = 0.0) -> Ref | None:
        """The topmost thing under (x, y) (``slack`` mm around thin lines and small things)."""
        for ref in reversed(self.things()):
            if self._contains(ref, x, y, slack):
                return ref
        return None

    def _contains(self, ref: Ref, x: float, y: float, slack: float) -> bool:
        item = self.item(ref)
        if ref.thing == "start":
            sx, sy = item.get("at", [0, 0])
            return math.hypot(x - sx, y - sy) <= 90 + slack
        if "points" in item:
            reach = float(item.get("width", 20)) / 2 + slack
            points = item["points"]
            return any(distance_to_segment(x, y, points[i], points[i + 1]) <= reach for i in range(len(points) - 1))
        if "radius" in item:
            return math.hypot(x - item["at"][0], y - item["at"][1]) <= item["radius"] + slack
        rect = Rect(tuple(item["at"]), tuple(item["size"]), item.get("angle", 0))
        u, v = rect.to_local(x, y)
        return -slack <= u <= rect.size[0] + slack and -slack <= v <= rect.size[1] + slack

    # --- changing ------------------------------------------------------------------------

    def _remember(self) -> None:
        self._undo.append(copy.deepcopy(self.data))
        del self._undo[:-UNDO_STEPS]
        self._redo.clear()

    def undo(self) -> bool:
        if not self._undo:
            return False
        self._redo.append(self.data)
        self.data = self._undo.pop()
        return True

    def redo(self) -> bool:
        if not self._redo:
            return False
        self._undo.append(self.data)
        self.data = self._redo.pop()
        return True

    def begin(self) -> None:
        """Start a step made of many small changes (a drag): one undo takes it all back."""
        self._remember()

    def add(self, thing: str, at: tuple[float, float], *, remember: bool = True) -> Ref:
        """Put a new ``thing`` with its middle at ``at``; there is one lander and one base
        (placing another moves it)."""
        if remember:
            self._remember()
        x, y = snap(at[0], 10), snap(at[1], 10)
        if thing in ("lander", "base"):
            existing = [ref for ref in self.things() if ref.thing == thing]
            if existing:
                self.move(existing[0], x - self.center(existing[0])[0], y - self.center(existing[0])[1])
                return existing[0]
        items = self._list(thing)
        items.append(self._new_item(thing, x, y))
        ref = Ref(thing, len(items) - 1)
        self._keep_inside(ref)
        self._sync_scoring()
        return ref

    def _new_item(self, thing: str, x: float, y: float) -> dict[str, Any]:
        if thing == "panel":
            taken = {p.get("id") for p in self.field["panels"]}
            number = next(n for n in range(1, 1000) if f"p{n}" not in taken)
            return {"id": f"p{number}", "at": [_round(x - 200), _round(y - 100)], "size": [400, 200],
                    "cells": [4, 2], "dust": 1.0}
        if thing == "crater":
            return {"at": [_round(x), _round(y)], "radius": 60, "rolling_resistance": 0.35, "grip": 0.35}
        if thing == "pebbles":
            return {"at": [_round(x - 100), _round(y - 75)], "size": [200, 150], "count": 6}
        if thing == "lander":
            return {"id": "lander", "look": "lander", "kind": "circle", "at": [_round(x), _round(y)], "radius": 100,
                    "height_mm": 180, "color": "#e0e0e0", "label": _words("field.text.lander")}
        if thing == "wall":
            taken = {o.get("id") for o in self.field["obstacles"]}
            number = next(n for n in range(1, 1000) if f"wall{n}" not in taken)
            return {"id": f"wall{number}", "look": "wall", "kind": "rect", "at": [_round(x - 150), _round(y - 20)],
                    "size": [300, 40], "height_mm": 80, "color": "#968c80"}
        if thing == "base":
            return {"kind": "rect", "at": [_round(x - 200), _round(y - 200)], "size": [400, 400], "color": "#d8c27a",
                    "tag": "base", "label": _words("field.text.base")}
        if thing == "guide":
            return {"kind": "line", "points": [[_round(x - 200), _round(y)], [_round(x + 200), _round(y)]],
                    "width": 20, "color": "black", "tag": "guide"}
        raise ValueError(thing)

    def move(self, ref: Ref, dx: float, dy: float) -> None:
        """Shift a thing by (dx, dy) mm; it stays on the field."""
        item = self.item(ref)
        if "points" in item:
            item["points"] = [[_round(px + dx), _round(py + dy)] for px, py in item["points"]]
        else:
            x, y = item.get("at", [0, 0])
            item["at"] = [_round(x + dx), _round(y + dy)]
        self._keep_inside(ref)

    def move_point(self, ref: Ref, point: int, to: tuple[float, float]) -> None:
        """Move one end (or bend) of a guide line."""
        item = self.item(ref)
        width, height = self.size
        half = float(item.get("width", 20)) / 2
        item["points"][point] = [_round(min(max(to[0], half), width - half)),
                                 _round(min(max(to[1], half), height - half))]

    def add_point(self, ref: Ref) -> None:
        """Bend a guide line: a new piece continues from its last end, the same way."""
        self._remember()
        points = self.item(ref)["points"]
        (ax, ay), (bx, by) = points[-2], points[-1]
        points.append([_round(bx + (bx - ax) * 0.5), _round(by + (by - ay) * 0.5)])
        self._keep_inside(ref)

    def rotate(self, ref: Ref, degrees: float) -> None:
        """Turn a thing clockwise (as a compass turns) about its middle."""
        self._remember()
        item = self.item(ref)
        if ref.thing == "start":
            item["heading"] = _round((float(item.get("heading", 90)) + degrees) % 360)
        elif "points" in item:
            cx, cy = self.center(ref)
            a = math.radians(-degrees)
            item["points"] = [[_round(cx + (x - cx) * math.cos(a) - (y - cy) * math.sin(a)),
                               _round(cy + (x - cx) * math.sin(a) + (y - cy) * math.cos(a))] for x, y in item["points"]]
        elif "size" in item:
            angle = (float(item.get("angle", 0)) + degrees) % 360
            if angle:
                item["angle"] = _round(angle)
            else:
                item.pop("angle", None)
        self._keep_inside(ref)

    def resize(self, ref: Ref, step: int, *, other_way: bool = False) -> None:
        """Make a thing bigger (step +1) or smaller (-1): a panel by a column (``other_way``:
        a row) of cells, a crater or the lander by 10 mm, areas and walls by 50 mm."""
        self._remember()
        item = self.item(ref)
        if ref.thing == "panel":
            k = 1 if other_way else 0
            cells = item.setdefault("cells", [4, 2])
            cell = item["size"][k] / cells[k]
            cells[k] = max(1, min(12, cells[k] + step))
            item["size"][k] = _round(cells[k] * cell)
        elif "radius" in item:
            item["radius"] = _round(max(20.0, min(400.0, item["radius"] + 10 * step)))
        elif "points" in item:
            item["width"] = _round(max(5.0, min(60.0, float(item.get("width", 20)) + 5 * step)))
        elif "size" in item:
            k = 1 if other_way else 0
            least = 60.0 if ref.thing == "pebbles" else 20.0
            item["size"][k] = _round(max(least, min(2000.0, item["size"][k] + 50 * step)))
        self._keep_inside(ref)

    def delete(self, ref: Ref) -> bool:
        """Take a thing off the field (the start stays: a run must start somewhere)."""
        if ref.thing == "start":
            return False
        self._remember()
        self._list(ref.thing).pop(ref.index)  # type: ignore[arg-type]
        self._sync_scoring()
        return True

    def set_count(self, ref: Ref, step: int) -> None:
        """More or fewer pebbles in an area."""
        self._remember()
        item = self.item(ref)
        item["count"] = max(0, min(40, int(item.get("count", 6)) + step))

    def set_time_limit(self, step_s: int) -> None:
        self._remember()
        low, high = TIME_LIMIT_RANGE
        self.data["time_limit_s"] = max(low, min(high, int(self.data.get("time_limit_s", 150)) + step_s))

    def set_points(self, item_id: str, step: int) -> None:
        self._remember()
        for item in self.data.get("scoring", {}).get("items", []):
            if item.get("id") == item_id:
                low, high = POINTS_RANGE
                item["points"] = max(low, min(high, int(item["points"]) + step))

    def set_name(self, name: str) -> None:
        name = " ".join(name.split())[:60]
        if not name:
            return
        self._remember()
        self.data["title"] = {"en": name, "sv": name}

    # --- keeping it valid -----------------------------------------------------------------

    def _keep_inside(self, ref: Ref) -> None:
        """Push a thing back onto the field (a drag past the wall stops at the wall)."""
        width, height = self.size
        xs = [p[0] for p in self.outline(ref)]
        ys = [p[1] for p in self.outline(ref)]
        if ref.thing == "guide":
            half = float(self.item(ref).get("width", 20)) / 2
            xs = [min(xs) - half, max(xs) + half]
            ys = [min(ys) - half, max(ys) + half]
        if ref.thing == "start":
            margin = 120.0
            item = self.item(ref)
            x, y = item.get("at", [width / 2, height / 2])
            item["at"] = [_round(min(max(x, margin), width - margin)), _round(min(max(y, margin), height - margin))]
            return
        dx = -min(xs) if min(xs) < 0 else (width - max(xs) if max(xs) > width else 0.0)
        dy = -min(ys) if min(ys) < 0 else (height - max(ys) if max(ys) > height else 0.0)
        if max(xs) - min(xs) > width or max(ys) - min(ys) > height:
            return  # bigger than the field: the check will say so
        if dx or dy:
            item = self.item(ref)
            if "points" in item:
                item["points"] = [[_round(px + dx), _round(py + dy)] for px, py in item["points"]]
            else:
                item["at"] = [_round(item["at"][0] + dx), _round(item["at"][1] + dy)]

    def _sync_scoring(self) -> None:
        """The scoring follows what is on the field: an item for each thing there is to do,
        with the points the pupil chose kept; items a teacher wrote by hand stay as they are."""
        scoring = self.data.setdefault("scoring", {"stars": [0.15, 0.5, 0.8], "items": []})
        items = scoring.setdefault("items", [])
        present = {
            "panel": bool(self.field["panels"]),
            "pebbles_on_panels": bool(self.field["panels"]) and (
                bool(self._areas()) or int(self.field.get("pebbles", {}).get("count", 0)) > 0),
            "base": any(r.get("tag") == "base" for r in self.field["regions"]),
            "lander": any(o.get("id") == "lander" for o in self.field["obstacles"]),
            "anything": True,
        }
        by_id = {item.get("id"): item for item in items}
        kept = [item for item in items if item.get("id") not in {tpl[0] for tpl in SCORE_TEMPLATES}]
        ordered = []
        for item_id, kind, points, params, needs in SCORE_TEMPLATES:
            if not present[needs]:
                continue
            old = by_id.get(item_id)
            ordered.append(old if old is not None else
                           {"id": item_id, "kind": kind, "points": points, **params,
                            "label": _words(f"field.score.{item_id}")})
        scoring["items"] = ordered + kept

    def check(self, path: Path | str) -> Mission:
        """The field as a run would load it (raises MissionFileError naming the field that is wrong)."""
        return parse_mission(str(path), copy.deepcopy(self.data), source=Path(path))

    # --- saving ---------------------------------------------------------------------------

    def save(self, path: Path | str) -> Mission:
        """Check, then write atomically; the file that was there stays until the new one is whole."""
        path = Path(path)
        mission = self.check(path)
        text = mission_text(self.data, t("field.text.file_header", "en") + "\n" + t("field.text.file_header", "sv"))
        write_atomically_bytes(path, text.encode("utf-8"))
        self.saved = copy.deepcopy(self.data)
        return mission


def mission_text(data: dict[str, Any], header: str = "") -> str:
    """A mission's data as a TOML file, ``header`` on top as comment lines."""
    comments = "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines())
    return comments + ("\n" if comments else "") + tomli_w.dumps(data)


def place_floor(picture: Path, field_file: Path) -> tuple[str, bool]:
    """Make ``picture`` the mat of the field saved at ``field_file``: the name the field
    file gives it, and whether it was copied. A picture in the field's folder (or under it) is named where it is;
    one from elsewhere is copied beside the field, unchanged, so the field and its mat
    travel together. Raises FloorError for a picture that cannot be a mat."""
    check_picture(picture)
    folder = field_file.parent.resolve()
    source = picture.resolve()
    if source.is_relative_to(folder):
        return source.relative_to(folder).as_posix(), False
    content = source.read_bytes()
    for number in range(1, 1000):
        target = folder / (source.name if number == 1 else f"{source.stem}-{number}{source.suffix}")
        if not target.exists():
            write_atomically_bytes(target, content)
            return target.name, True
        if target.read_bytes() == content:
            return target.name, True  # copied before
    raise FileExistsError(folder / source.name)


def write_atomically_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a reader sees the old file or the new one, never half of one.

    The previous version is kept as ``path.bak``. On any failure the old file is untouched."""
    folder = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if path.exists():
            backup = path.with_name(path.name + ".bak")
            backup.write_bytes(path.read_bytes())
            os.chmod(temporary, path.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def load_design(path: Path | str) -> FieldDesign:
    """A mission file to edit (checked as it loads; a broken file raises MissionFileError)."""
    from brickclass.simulator.missions.loader import read_mission_data

    data = read_mission_data(Path(path))
    parse_mission(str(path), copy.deepcopy(data), source=Path(path))
    return FieldDesign(data)
