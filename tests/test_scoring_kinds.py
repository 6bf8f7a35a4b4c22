"""Scoring kinds live in one registry: the mission loader, the referee and the table's scoresheet agree."""

from __future__ import annotations

import pytest

from brickclass.classroom.scoresheet import entries, score_table_run
from brickclass.simulator.missions import MissionFileError
from brickclass.simulator.missions.loader import parse_mission
from brickclass.simulator.missions.scoring import SCORE_KINDS, Seen, score
from brickclass.simulator.referee import Referee

LABEL = {"en": "Item", "sv": "Del"}


def mission_with(*items: dict) -> object:
    return parse_mission("test.toml", {"id": "test", "title": LABEL, "description": LABEL,
                                       "scoring": {"items": [{"label": LABEL, **item} for item in items]}})


def test_every_kind_is_measured_by_the_referee_and_entered_on_the_scoresheet():
    for kind, rules in SCORE_KINDS.items():
        assert callable(getattr(Referee, f"_seen_{kind}", None)), kind
        assert rules.entry in ("yes_no", "count", "percent", "seconds")
        sheet = entries(mission_with({"id": "x", "kind": kind, "points": 5}))
        assert [entry.kind for entry in sheet] == [rules.entry]


def test_the_loader_accepts_exactly_the_registered_kinds():
    for kind in SCORE_KINDS:
        mission_with({"id": "x", "kind": kind, "points": 5})
    with pytest.raises(MissionFileError) as caught:
        mission_with({"id": "x", "kind": "dust_swept", "points": 5})
    assert caught.value.field == "scoring.items[0].kind" and caught.value.values["choices"] == ", ".join(SCORE_KINDS)


def test_an_item_may_say_what_its_kind_takes_and_nothing_else():
    for kind, rules in SCORE_KINDS.items():
        mission_with({"id": "x", "kind": kind, "points": 5, **{name: 1 for name in rules.params if name != "zone"
                                                               and name != "obstacle"}})
    with pytest.raises(MissionFileError) as caught:
        mission_with({"id": "x", "kind": "dust_cleared", "points": 5, "max_times": 2})
    assert "max_times" in caught.value.describe("en")


@pytest.mark.parametrize(("kind", "cap"), [("wheels_on_panel", 5), ("touched_obstacle", 3)])
def test_a_penalty_without_its_own_limit_is_capped_the_same_on_the_table_as_in_the_simulator(kind, cap):
    mission = mission_with({"id": "bump", "kind": kind, "points": -2})
    in_simulator = score(mission, {"bump": Seen(9)})
    on_table = score_table_run(mission, {"bump": "9"})
    assert in_simulator.lines[0].points == on_table.breakdown[0]["points"] == -2 * cap


def test_the_table_and_the_simulator_word_a_line_alike():
    mission = mission_with({"id": "dust", "kind": "dust_cleared", "points": 60},
                           {"id": "time", "kind": "time_bonus", "points": 15})
    in_simulator = score(mission, {"dust": Seen(0.75), "time": Seen(90.0)}).breakdown
    on_table = score_table_run(mission, {"dust": "75", "time": "90"}).breakdown
    assert in_simulator == on_table
    assert on_table[0]["detail"] == {"percent": 75} and on_table[1]["detail"] == {"seconds": 90.0}
