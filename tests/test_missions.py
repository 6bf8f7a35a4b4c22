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
