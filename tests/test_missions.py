"""Missions are data: they load, they are checked, and a broken file says what is wrong."""

from __future__ import annotations

import subprocess
import sys

import pytest

from brickclass.simulator.missions import MissionFileError, available_missions, load_mission
from brickclass.simulator.missions.loader import load_mission_file


def test_every_mission_and_level_loads():
    for mission_id in available_missions():
        mission = load_mission(mission_id)
        for level in mission.levels:
            load_mission(f"{mission_id}:{level}")


def test_moon_sweeper_levels_grow_harder():
    one, two, three = (load_mission(f"moon-sweeper:{n}") for n in (1, 2, 3))
    assert len(one.field.panels) == 1 and one.field.craters == () and one.field.pebbles.count == 0
    assert two.field.pebbles.count > 0 and two.field.craters == ()
    assert len(three.field.panels) > len(two.field.panels) and three.field.craters
    assert load_mission("moon-sweeper").full_id == "moon-sweeper:3"
    assert three.field.size == (2362, 1143)
    assert three.time_limit_s == 150


def test_practice_table_is_the_standard_table_facing_east():
    practice = load_mission("practice")
    assert practice.field.size == (2362, 1143)
    assert practice.start == (1181, 571.5, 90)


@pytest.mark.parametrize("text, field", [
    ("id = 'x'\ntitle.en = 'a'\ntitle.sv = 'b'\ndescription.en = 'a'\ndescription.sv = 'b'\n"
     "[field]\nsize_mm = [100, -5]\n", "field.size_mm"),
    ("id = 'x'\ntitle.en = 'a'\ndescription.en = 'a'\ndescription.sv = 'b'\n", "title"),
    ("id = 'x'\ntitle.en = 'a'\ntitle.sv = 'b'\ndescription.en = 'a'\ndescription.sv = 'b'\n"
     "[[scoring.items]]\nid = 'a'\nkind = 'magic'\npoints = 3\nlabel.en = 'a'\nlabel.sv = 'b'\n", "scoring.items[0].kind"),
    ("id = 'x'\n[[[", "file"),
])
def test_a_broken_mission_file_names_the_field(tmp_path, text, field):
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MissionFileError) as caught:
        load_mission_file(path)
    assert caught.value.field == field


def test_unknown_mission_lists_the_real_ones():
    with pytest.raises(MissionFileError, match="moon-sweeper"):
        load_mission("moon-sweeeper")


def test_missions_show_prints_the_map_and_rules_in_swedish():
    completed = subprocess.run([sys.executable, "-m", "brickclass", "missions", "show", "moon-sweeper", "--lang", "sv"],
                               capture_output=True, text=True, timeout=60)
    assert completed.returncode == 0, completed.stderr
    text = completed.stdout
    assert "Månsoparen" in text
    assert "Straff: krockade med landaren" in text
    map_rows = [line for line in text.splitlines() if line.startswith("|")]
    assert any("P" in row for row in map_rows) and any("L" in row for row in map_rows)
    assert any("B" in row for row in map_rows) and any("S" in row for row in map_rows)


# --- a file a teacher or pupil wrote: typos are named, not ignored ------------------------

HEAD = "id = 'x'\ntitle.en = 'a'\ntitle.sv = 'b'\ndescription.en = 'a'\ndescription.sv = 'b'\n"


@pytest.mark.parametrize("text, field, suggestion", [
    (HEAD + "time_limt_s = 15\n", "time_limt_s", "time_limit_s"),
    (HEAD + "[field]\nsize_mn = [100, 100]\n", "field.size_mn", "size_mm"),
    (HEAD + "[[field.panels]]\nat = [10, 10]\nsize = [100, 100]\ndusty = 1\n", "field.panels[0].dusty", "dust"),
    (HEAD + "[[field.regions]]\nkind = 'circle'\nat = [50, 50]\nradius = 5\ncolour = 'red'\n",
     "field.regions[0].colour", "color"),
    (HEAD + "[[scoring.items]]\nid = 'a'\nkind = 'reached_zone'\npoints = 3\nlabel.en = 'a'\nlabel.sv = 'b'\n"
     "zones = 'base'\n", "scoring.items[0].zones", "zone"),
    (HEAD + "[levels.1]\ntime_limt_s = 5\n", "levels.1.time_limt_s", "time_limit_s"),
])
def test_an_unknown_key_is_refused_and_named(tmp_path, text, field, suggestion):
    path = tmp_path / "typo.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MissionFileError) as caught:
        load_mission_file(path)
    assert caught.value.field == field
    assert suggestion in caught.value.describe("en") and suggestion in caught.value.describe("sv")


def test_the_problem_is_told_in_swedish_and_english(tmp_path):
    path = tmp_path / "typo.toml"
    path.write_text(HEAD + "time_limit_s = -3\n", encoding="utf-8")
    with pytest.raises(MissionFileError) as caught:
        load_mission_file(path)
    assert caught.value.describe("en") == f"{path}: time_limit_s: must be more than 0, not -3"
    assert caught.value.describe("sv") == f"{path}: time_limit_s: måste vara mer än 0, inte -3"


def test_a_scoring_item_must_find_its_zone_and_obstacle(tmp_path):
    path = tmp_path / "refs.toml"
    item = "[[scoring.items]]\nid = 'a'\nkind = 'touched_obstacle'\nobstacle = 'lander'\npoints = -3\n" \
           "label.en = 'a'\nlabel.sv = 'b'\n"
    path.write_text(HEAD + item, encoding="utf-8")
    with pytest.raises(MissionFileError) as caught:
        load_mission_file(path)
    assert caught.value.field == "scoring.items[0].obstacle"


def test_a_missing_level_lists_the_levels_there_are_not_our_files(tmp_path):
    with pytest.raises(MissionFileError) as caught:
        load_mission("moon-sweeper:7")
    text = str(caught.value)
    assert "moon-sweeper:1, moon-sweeper:2, moon-sweeper:3" in text
    assert "data" not in text and ".toml" not in text


def test_a_drive_letter_is_not_a_level():
    from brickclass.simulator.missions import split_mission_id

    assert split_mission_id(r"C:\class\my-moon.toml") == (r"C:\class\my-moon.toml", None)
    assert split_mission_id(r"C:\class\my-moon.toml:2") == (r"C:\class\my-moon.toml", 2)
    assert split_mission_id("moon-sweeper:2") == ("moon-sweeper", 2)


def _brickclass(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "brickclass", *args], capture_output=True, text=True, timeout=60)


def test_missions_check_names_file_field_and_problem(tmp_path):
    path = tmp_path / "my-moon.toml"
    path.write_text(HEAD + "time_limt_s = 15\n", encoding="utf-8")
    done = _brickclass("missions", "check", str(path), "--lang", "sv")
    assert done.returncode == 1
    assert str(path) in done.stderr and "time_limt_s" in done.stderr and "menade du time_limit_s" in done.stderr
    good = _brickclass("missions", "check", "moon-sweeper", "--lang", "en")
    assert good.returncode == 0, good.stderr
    assert "moon-sweeper:3" in good.stdout


def test_a_sim_on_a_level_that_does_not_exist_says_which_exist(tmp_path):
    done = _brickclass("sim", "examples/square.py", "--mission", "moon-sweeper:7", "--headless")
    assert done.returncode == 2
    assert "moon-sweeper:1, moon-sweeper:2, moon-sweeper:3" in done.stderr
    assert "missions/data" not in done.stderr


def test_a_robot_file_refuses_an_unknown_key(tmp_path):
    from brickclass.robots.models import RobotFileError, load_robot

    text = open("robots/data/spike-rover.toml", encoding="utf-8").read().replace("diameter_mm", "diametre_mm")
    path = tmp_path / "robot.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RobotFileError) as caught:
        load_robot(str(path))
    assert caught.value.field == "wheels.diametre_mm" and "diameter_mm" in str(caught.value)


# --- turned panels, pebble areas, a picture for a floor -----------------------------------

def _field(tmp_path, body: str):
    path = tmp_path / "field.toml"
    path.write_text(HEAD + body, encoding="utf-8")
    return load_mission_file(path)


def test_a_turned_panel_is_where_it_is_drawn(tmp_path):
    from brickclass.simulator.field import FieldMap

    mission = _field(tmp_path, "[[field.panels]]\nat = [400, 400]\nsize = [400, 100]\ncells = [4, 1]\nangle = 90\n")
    dust = FieldMap(mission.field)
    # Turned a quarter clockwise about its centre (600, 450): now 100 wide and 400 tall.
    assert dust.panel_at(600, 620) is not None and dust.panel_at(700, 450) is None
    # Its first cell (west end before turning) is now at the north end.
    assert dust.panel_at(600, 620).cell_at(600, 620) == (0, 0)
    assert dust.panel_at(600, 280).cell_at(600, 280) == (3, 0)


def test_pebble_areas_get_their_count_and_off_panel_pebbles_score_nothing(tmp_path):
    from brickclass.simulator.field import scatter_pebbles

    mission = _field(tmp_path, "[[field.panels]]\nid = 'p'\nat = [100, 100]\nsize = [400, 200]\n"
                               "[field.pebbles]\ncount = 3\nareas = [{ at = [1000, 500], size = [300, 200], "
                               "angle = 30, count = 5 }]\n")
    area = mission.field.pebbles.areas[0].rect
    placed = scatter_pebbles(mission.field, seed=4)
    assert len(placed) == 8
    assert sum(area.contains(x, y) for x, y, _ in placed) == 5
    assert placed == scatter_pebbles(mission.field, seed=4) != scatter_pebbles(mission.field, seed=5)


def test_the_old_pebble_layout_is_kept_for_every_seed():
    """Turned panels and pebble areas changed nothing for the missions we have (graded runs stay true)."""
    from brickclass.simulator.field import scatter_pebbles

    field = load_mission("moon-sweeper:3").field
    placed = scatter_pebbles(field, seed=0)
    assert len(placed) == 12
    assert placed[0] == pytest.approx((846.8513, 404.9879, 9.6914), abs=1e-3)


def test_a_floor_picture_is_what_the_colour_sensor_sees(tmp_path):
    from PIL import Image

    from brickclass.simulator.field import FieldMap

    # 4 × 2 pixels over a 400 × 200 mm field: a red north-west pixel, the rest white.
    picture = Image.new("RGB", (4, 2), (255, 255, 255))
    picture.putpixel((0, 0), (255, 0, 0))
    picture.save(tmp_path / "mat.png")
    mission = _field(tmp_path, "[field]\nsize_mm = [400, 200]\nfloor = 'mat.png'\n"
                               "[[field.regions]]\nkind = 'rect'\nat = [300, 0]\nsize = [100, 100]\ncolor = 'black'\n")
    ground = FieldMap(mission.field)
    assert ground.ground_color(50, 150) == (1.0, 0.0, 0.0)
    assert ground.ground_color(150, 150) == (1.0, 1.0, 1.0)
    # What is drawn on the mat lies on top of the picture.
    assert ground.ground_color(350, 50) == mission.field.regions[0].color


def _mats():
    """The same 4 × 2 picture (a black west half, a white east half) saved the ways pupils' tools save it."""
    from PIL import Image

    grey = Image.new("L", (4, 2), 255)
    for x in (0, 1):
        for y in (0, 1):
            grey.putpixel((x, y), 0)
    wide = grey.point(lambda v: v * 257, "I").convert("I;16")  # 16 bits per sample
    return {
        "grey.png": (grey, {}),
        "rgb.png": (grey.convert("RGB"), {}),
        "palette.png": (grey.convert("P"), {}),
        "interlaced.png": (grey.convert("RGB"), {"interlace": 1}),
        "grey16.png": (wide, {}),
        "rgba.png": (grey.convert("RGBA"), {}),
        "mat.jpg": (grey.convert("RGB"), {"quality": 100}),
    }


@pytest.mark.parametrize("name", sorted(_mats()))
def test_a_mat_reads_the_same_however_the_picture_was_saved(tmp_path, name):
    from brickclass.simulator.field import FieldMap

    picture, options = _mats()[name]
    picture.save(tmp_path / name, **options)
    mission = _field(tmp_path, f"[field]\nsize_mm = [400, 200]\nfloor = '{name}'\n")
    ground = FieldMap(mission.field)
    west, east = ground.ground_color(50, 50), ground.ground_color(350, 150)
    assert max(west) < 0.1 and min(east) > 0.9, (west, east)


def test_see_through_parts_of_the_mat_show_the_mat_colour(tmp_path):
    from PIL import Image

    from brickclass.simulator.field import FieldMap

    picture = Image.new("RGBA", (2, 1), (0, 0, 0, 255))
    picture.putpixel((1, 0), (0, 0, 0, 0))  # the east half is see-through
    picture.save(tmp_path / "mat.png")
    mission = _field(tmp_path, "[field]\nsize_mm = [200, 100]\nmat = '#ff0000'\nfloor = 'mat.png'\n")
    ground = FieldMap(mission.field)
    assert ground.ground_color(50, 50) == (0.0, 0.0, 0.0)
    assert ground.ground_color(150, 50) == (1.0, 0.0, 0.0)


@pytest.mark.parametrize("mode, name", [("RGB", "big.png"), ("P", "big.png"), ("RGBA", "big.png"),
                                        ("RGB", "big.jpg")])
def test_a_big_picture_is_read_at_a_smaller_size_and_still_fits_the_field(tmp_path, mode, name):
    from PIL import Image

    from brickclass.simulator.field import FieldMap
    from brickclass.simulator.missions import floor

    picture = Image.new("RGB", (3000, 2000), (255, 255, 255))
    picture.paste((0, 0, 0), (0, 0, 1500, 1000))  # the north-west quarter is black
    picture.convert(mode).save(tmp_path / name)
    mission = _field(tmp_path, f"[field]\nsize_mm = [300, 200]\nfloor = '{name}'\n")
    assert (mission.field.floor.width_px, mission.field.floor.height_px) == (3000, 2000)
    ground = FieldMap(mission.field)
    assert ground.floor.width * ground.floor.height <= floor.KEPT_PIXELS
    assert max(ground.ground_color(70, 150)) < 0.05  # a JPEG is only nearly black and white
    assert min(ground.ground_color(230, 150)) > 0.95
    assert min(ground.ground_color(70, 50)) > 0.95


def test_one_picture_on_two_fields_of_different_sizes(tmp_path):
    from PIL import Image

    from brickclass.simulator.missions.floor import decode

    picture = Image.new("RGB", (2, 1), (0, 0, 0))
    picture.putpixel((1, 0), (255, 255, 255))
    picture.save(tmp_path / "mat.png")
    small = decode(tmp_path / "mat.png").fit((200, 100))
    large = decode(tmp_path / "mat.png").fit((2000, 1000))
    assert small.color_at(150, 50) == (1.0, 1.0, 1.0)
    assert large.color_at(150, 50) == (0.0, 0.0, 0.0)


def test_a_picture_saved_again_is_read_again(tmp_path):
    import os

    from PIL import Image

    from brickclass.simulator.missions.floor import decode

    path = tmp_path / "mat.png"
    Image.new("RGB", (2, 2), (0, 0, 0)).save(path)
    assert decode(path).color_at(0.5, 0.5) == (0.0, 0.0, 0.0)
    Image.new("RGB", (2, 2), (255, 255, 255)).save(path)
    os.utime(path, ns=(1, 10**18))  # a new time even where the clock is coarse
    assert decode(path).color_at(0.5, 0.5) == (1.0, 1.0, 1.0)


@pytest.mark.parametrize("content, problem", [(None, "floor_unreadable"), (b"GIF89a", "floor_not_picture"),
                                              (b"", "floor_not_picture")])
def test_a_floor_that_is_not_a_picture_is_named(tmp_path, content, problem):
    if content is not None:
        (tmp_path / "mat.png").write_bytes(content)
    with pytest.raises(MissionFileError) as caught:
        _field(tmp_path, "[field]\nfloor = 'mat.png'\n")
    assert caught.value.field == "field.floor" and caught.value.problem == problem


def test_a_damaged_picture_is_found_when_the_field_is_checked(tmp_path):
    """Not half way into a run: the check reads the picture to the end."""
    from PIL import Image

    Image.effect_noise((300, 200), 60).save(tmp_path / "whole.png")
    whole = (tmp_path / "whole.png").read_bytes()
    (tmp_path / "mat.png").write_bytes(whole[:len(whole) // 2])
    with pytest.raises(MissionFileError) as caught:
        _field(tmp_path, "[field]\nfloor = 'mat.png'\n")
    assert caught.value.field == "field.floor" and caught.value.problem == "floor_damaged"
    assert "mat.png" in caught.value.describe("en")
