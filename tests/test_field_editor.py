"""Pupils design their own moon: `brickclass field new/edit`, driven here with synthetic mouse and key events.

What the editor saves is a mission file: it loads as a run loads it, a
program runs on it, and a save never loses the field that was there.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pygame
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brickclass.robots.models import load_robot
from brickclass.simulator.missions import load_mission
from brickclass.simulator.missions.design import FieldDesign, Ref, load_design, mission_text, new_field
from brickclass.simulator.missions.errors import MissionFileError
from brickclass.simulator.missions.loader import load_mission_file


@pytest.fixture
def editor(tmp_path):
    from brickclass.simulator.render.editor import Editor

    path = tmp_path / "my-moon.toml"
    design = FieldDesign(new_field("My moon"))
    design.save(path)
    window = Editor(design, path, load_robot("spike-rover"))
    window.step()
    yield window
    pygame.display.quit()


def key(editor, name: int, mod: int = 0, text: str = "") -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=name, mod=mod, unicode=text))
    editor.step()


def press(editor, at_mm, *, release=True) -> tuple[int, int]:
    pos = editor.painter.to_px(*at_mm)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    if release:
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
    editor.step()
    return pos


def drag(editor, from_mm, to_mm) -> None:
    start = press(editor, from_mm, release=False)
    end = editor.painter.to_px(*to_mm)
    for k in range(1, 6):
        pos = (start[0] + (end[0] - start[0]) * k // 5, start[1] + (end[1] - start[1]) * k // 5)
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(1, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=end, button=1))
    editor.step()


def saved(editor):
    key(editor, pygame.K_s, pygame.KMOD_CTRL)
    return load_mission_file(editor.path)


class TestPlacing:
    """A pupil presses a number for a thing, then clicks where it goes."""

    def test_place_a_crater_and_a_second_panel(self, editor):
        key(editor, pygame.K_2)
        press(editor, (1300, 300))
        key(editor, pygame.K_1)
        press(editor, (1500, 800))
        mission = saved(editor)
        assert [c.center for c in mission.field.craters] == [(1300, 300)]
        assert len(mission.field.panels) == 2
        assert mission.field.panels[1].rect.center == (1500, 800)

    def test_place_pebbles_guide_and_wall(self, editor):
        for number, at in ((pygame.K_3, (1700, 300)), (pygame.K_6, (1200, 1000)), (pygame.K_7, (900, 250))):
            key(editor, number)
            press(editor, at)
        mission = saved(editor)
        assert mission.field.pebbles.areas[0].rect.center == pytest.approx((1700, 300))
        assert any(r.shape.kind == "line" for r in mission.field.regions)
        assert [o.look for o in mission.field.obstacles] == ["lander", "wall"]

    def test_something_placed_at_the_edge_stays_on_the_field(self, editor):
        key(editor, pygame.K_1)
        press(editor, (2350, 1130))
        panel = saved(editor).field.panels[-1]
        x0, y0, x1, y1 = (min(p[0] for p in panel.rect.corners()), min(p[1] for p in panel.rect.corners()),
                          max(p[0] for p in panel.rect.corners()), max(p[1] for p in panel.rect.corners()))
        assert x0 >= 0 and y0 >= 0 and x1 <= 2362 and y1 <= 1143


class TestChanging:
    """Click a thing to choose it; drag it, turn it, make it bigger, delete it, undo."""

    def test_drag_the_lander(self, editor):
        lander = load_mission_file(editor.path).field.obstacles[0].shape.center
        drag(editor, lander, (lander[0] - 300, lander[1] + 200))
        moved = saved(editor).field.obstacles[0].shape.center
        assert moved[0] == pytest.approx(lander[0] - 300, abs=4) and moved[1] == pytest.approx(lander[1] + 200, abs=4)

    def test_drag_the_rover_start_and_turn_it(self, editor):
        drag(editor, (200, 200), (600, 300))
        key(editor, pygame.K_r)
        key(editor, pygame.K_r)
        mission = saved(editor)
        assert mission.start[0] == pytest.approx(600, abs=4) and mission.start[1] == pytest.approx(300, abs=4)
        assert mission.start[2] == 120

    def test_turn_and_grow_a_panel(self, editor):
        panel = load_mission_file(editor.path).field.panels[0]
        press(editor, panel.rect.center)
        key(editor, pygame.K_r, pygame.KMOD_SHIFT)
        key(editor, pygame.K_EQUALS)
        turned = saved(editor).field.panels[0]
        assert turned.angle == 345 and turned.cells == (5, 2) and turned.size == (500, 200)

    def test_delete_then_undo_then_redo(self, editor):
        lander = load_mission_file(editor.path).field.obstacles[0].shape.center
        press(editor, lander)
        key(editor, pygame.K_DELETE)
        gone = saved(editor)
        assert gone.field.obstacles == ()
        # The penalty for bumping into a lander went with it: the file still checks.
        assert "lander_hit" not in [item.id for item in gone.scoring.items]
        key(editor, pygame.K_z, pygame.KMOD_CTRL)
        back = saved(editor)
        assert back.field.obstacles[0].look == "lander" and "lander_hit" in [i.id for i in back.scoring.items]
        key(editor, pygame.K_y, pygame.KMOD_CTRL)
        assert saved(editor).field.obstacles == ()

    def test_one_undo_takes_back_a_whole_drag(self, editor):
        before = load_mission_file(editor.path).field.obstacles[0].shape.center
        drag(editor, before, (before[0] - 500, before[1]))
        key(editor, pygame.K_z, pygame.KMOD_CTRL)
        assert saved(editor).field.obstacles[0].shape.center == before

    def test_the_start_cannot_be_deleted(self, editor):
        press(editor, (200, 200))
        key(editor, pygame.K_DELETE)
        assert editor.message[1] == "bad" and "start" in editor.message[0]
        assert saved(editor).start[:2] == (200, 200)

    def test_time_limit_and_points_with_the_panel_buttons(self, editor):
        def click_button(index: int) -> None:
            rect = editor.buttons[index].rect
            pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=rect.center, button=1))
            pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=rect.center, button=1))
            editor.step()

        # Buttons: the name, 7 tools, then time −/+, then each scoring item's −/+.
        click_button(8 + 1)  # time +10 s
        click_button(8 + 2 + 1)  # dust points +1
        click_button(8 + 2 + 1)
        mission = saved(editor)
        assert mission.time_limit_s == 160
        assert mission.scoring.items[0].id == "dust" and mission.scoring.items[0].points == 62

    def test_typing_a_name(self, editor):
        key(editor, pygame.K_n)
        for letter in "Moon":
            pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=letter))
        editor.step()
        key(editor, pygame.K_RETURN)
        assert saved(editor).title.sv == "Moon"


class TestSafety:
    """Quick to learn, hard to break, and a saved field is never lost."""

    def test_closing_with_unsaved_changes_warns_first(self, editor):
        key(editor, pygame.K_2)
        press(editor, (1300, 300))
        pygame.event.post(pygame.event.Event(pygame.QUIT))
        editor.step()
        assert not editor.closed and editor.message[1] == "bad"
        pygame.event.post(pygame.event.Event(pygame.QUIT))
        editor.step()
        assert editor.closed

    def test_a_field_that_does_not_check_is_not_saved_and_the_old_file_stays(self, editor):
        before = editor.path.read_bytes()
        editor.design.data["time_limit_s"] = -5  # as a hand edit might leave it
        assert not editor.save()
        assert editor.path.read_bytes() == before
        assert editor.problem is not None and editor.problem.field == "time_limit_s"

    def test_the_previous_save_is_kept_beside_it(self, editor):
        first = editor.path.read_bytes()
        key(editor, pygame.K_2)
        press(editor, (1300, 300))
        saved(editor)
        assert editor.path.with_name("my-moon.toml.bak").read_bytes() == first

    def test_a_failed_write_leaves_the_file_and_no_litter(self, tmp_path, monkeypatch):
        path = tmp_path / "moon.toml"
        design = FieldDesign(new_field("Moon"))
        design.save(path)
        before = path.read_bytes()
        design.add("crater", (1000, 500))

        def broken_replace(*_args):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr("os.replace", broken_replace)
        with pytest.raises(OSError):
            design.save(path)
        assert path.read_bytes() == before
        assert sorted(p.name for p in tmp_path.iterdir()) == ["moon.toml", "moon.toml.bak"]


# --- the file is a mission file ----------------------------------------------------------

def test_a_designed_field_runs_and_runs_the_same_twice(tmp_path):
    from brickclass.simulator.run import RunOptions, run_program

    design = FieldDesign(new_field("Moon"))
    design.add("pebbles", (800, 800))
    panel = design.add("panel", (1500, 500))
    design.rotate(panel, 30)
    design.add("crater", (1100, 300))
    path = tmp_path / "moon.toml"
    design.save(path)
    program = tmp_path / "drive.py"
    program.write_text("from pybricks.parameters import Direction, Port\nfrom pybricks.pupdevices import Motor\n"
                       "from pybricks.robotics import DriveBase\n"
                       "robot = DriveBase(Motor(Port.A, Direction.COUNTERCLOCKWISE), Motor(Port.B), 56, 112)\n"
                       "robot.straight(600)\nrobot.turn(-45)\nrobot.straight(500)\n", encoding="utf-8")
    results = []
    for _ in range(2):
        result = run_program(RunOptions(program=program, mission=str(path), seed=4, trace=True))
        payload = result.to_json()
        payload.pop("wall_time_s")
        results.append((payload, result.trace.to_bytes()))
    assert results[0][0]["status"] == "finished", results[0][0]["error"]
    assert results[0] == results[1]


def test_field_new_makes_a_file_that_checks_and_never_overwrites(tmp_path):
    path = tmp_path / "my-moon.toml"
    made = subprocess.run([sys.executable, "-m", "brickclass", "field", "new", str(path), "--lang", "sv"],
                          capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    assert load_mission(str(path)).field.panels
    path.write_text(path.read_text(encoding="utf-8") + "\n# my own notes\n", encoding="utf-8")
    again = subprocess.run([sys.executable, "-m", "brickclass", "field", "new", str(path), "--lang", "sv"],
                           capture_output=True, text=True, timeout=60)
    assert again.returncode == 2 and "finns redan" in again.stderr
    assert path.read_text(encoding="utf-8").endswith("# my own notes\n")
    checked = subprocess.run([sys.executable, "-m", "brickclass", "missions", "check", str(path)],
                             capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0, checked.stderr


def test_a_floor_picture_is_named_by_the_field_and_read_by_the_colour_sensor(tmp_path):
    from brickclass.simulator.field import FieldMap

    picture = pygame.Surface((400, 200))
    picture.fill((255, 255, 255))
    pygame.draw.rect(picture, (0, 0, 0), pygame.Rect(0, 90, 400, 20))  # a black line across the middle
    source = tmp_path / "mat.png"
    pygame.image.save(picture, str(source))
    before = source.read_bytes()
    path = tmp_path / "lines.toml"
    made = subprocess.run([sys.executable, "-m", "brickclass", "field", "new", str(path), "--floor", str(source),
                           "--size", "2000", "1000"], capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    mission = load_mission(str(path))
    # The picture beside the field is the mat itself: no copy, not changed.
    assert mission.field.floor is not None and mission.field.floor.name == "mat.png"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lines.toml", "mat.png"]
    assert source.read_bytes() == before
    ground = FieldMap(mission.field)
    assert ground.ground_color(1000, 500) == (0.0, 0.0, 0.0)  # on the line (middle of the field)
    assert ground.ground_color(1000, 200) == (1.0, 1.0, 1.0)


def test_a_floor_picture_from_elsewhere_is_copied_beside_the_field_unchanged(tmp_path):
    from PIL import Image

    from brickclass.simulator.missions.design import place_floor

    (tmp_path / "pictures").mkdir()
    (tmp_path / "moon").mkdir()
    source = tmp_path / "pictures" / "mat.jpg"
    Image.new("RGB", (60, 30), (200, 10, 10)).save(source)
    field_file = tmp_path / "moon" / "my-moon.toml"
    assert place_floor(source, field_file) == ("mat.jpg", True)
    assert (tmp_path / "moon" / "mat.jpg").read_bytes() == source.read_bytes()
    assert place_floor(source, field_file) == ("mat.jpg", True)  # the same picture again: no second copy
    Image.new("RGB", (60, 30), (10, 10, 200)).save(source)  # another picture of the same name
    assert place_floor(source, field_file) == ("mat-2.jpg", True)
    assert (tmp_path / "moon" / "mat.jpg").read_bytes() != source.read_bytes()
    inside = tmp_path / "moon" / "mats" / "red.png"
    inside.parent.mkdir()
    Image.new("RGB", (6, 3), (200, 10, 10)).save(inside)
    assert place_floor(inside, field_file) == ("mats/red.png", False)


def test_a_picture_that_cannot_be_a_mat_is_refused_and_the_field_not_made(tmp_path):
    source = tmp_path / "mat.png"
    source.write_bytes(b"not a picture at all")
    path = tmp_path / "moon.toml"
    made = subprocess.run([sys.executable, "-m", "brickclass", "field", "new", str(path), "--floor", str(source),
                           "--lang", "en"], capture_output=True, text=True, timeout=60)
    assert made.returncode == 2
    assert "mat.png is not a PNG or JPEG picture" in made.stderr
    assert not path.exists()


def _png_as_the_first_editor_wrote_it(width: int, height: int, rgb: bytes) -> bytes:
    """RGB rows with no filter, one zlib stream: the ``NAME.floor.png`` copies of earlier fields."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\0" + rgb[row * width * 3:(row + 1) * width * 3] for row in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def test_a_field_saved_by_the_first_editor_with_its_floor_copy_still_loads_and_edits(tmp_path):
    from brickclass.simulator.field import FieldMap

    path = tmp_path / "my-moon.toml"
    path.write_text("""# Made with brickclass field.
id = "my-moon"
version = 1
title.en = "My moon"
title.sv = "My moon"
description.en = "A moon."
description.sv = "En måne."
time_limit_s = 150
start = { at = [100, 100], heading = 90 }

[field]
size_mm = [400, 200]
mat = "#8e8a84"
floor = "my-moon.floor.png"
regions = []
obstacles = []
panels = []
craters = []

[scoring]
stars = [0.15, 0.5, 0.8]
items = []
""", encoding="utf-8")
    (tmp_path / "my-moon.floor.png").write_bytes(
        _png_as_the_first_editor_wrote_it(2, 1, b"\x00\x00\x00\xff\xff\xff"))
    ground = FieldMap(load_mission(str(path)).field)
    assert ground.ground_color(50, 50) == (0.0, 0.0, 0.0) and ground.ground_color(350, 50) == (1.0, 1.0, 1.0)
    design = load_design(path)
    design.add("panel", (200, 100))
    design.save(path)
    assert load_mission(str(path)).field.floor.name == "my-moon.floor.png"


def test_a_broken_file_is_refused_when_opened(tmp_path):
    path = tmp_path / "moon.toml"
    FieldDesign(new_field("Moon")).save(path)
    path.write_text(path.read_text(encoding="utf-8").replace("time_limit_s", "time_limt_s"), encoding="utf-8")
    with pytest.raises(MissionFileError) as caught:
        load_design(path)
    assert caught.value.field == "time_limt_s"


def test_hitting_finds_the_topmost_thing():
    design = FieldDesign(new_field("Moon"))
    assert design.hit(200, 200) == Ref("start")
    assert design.hit(50, 50).thing == "base"
    assert design.hit(1200, 100) is None


# --- the file writer -----------------------------------------------------------------------

texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
scalars = st.one_of(st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False, width=32),
                    st.booleans(), texts)
keys = st.text("abcdefghij_-åö", min_size=1, max_size=6)
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(keys, inner, min_size=1, max_size=3)),
                      max_leaves=8)


@given(st.dictionaries(keys, values, max_size=5))
@settings(max_examples=150, deadline=None)
def test_what_is_written_reads_back_the_same(data):
    assert tomllib.loads(mission_text(data, "a header\nover two lines")) == data


def test_the_shipped_missions_read_back_the_same_through_the_writer():
    for name in ("moon-sweeper", "practice", "desk"):
        data = tomllib.loads(Path(f"simulator/missions/data/{name}.toml").read_text(encoding="utf-8"))
        assert tomllib.loads(mission_text(data, "a header\nover two lines")) == data
