"""What travels between the world and the hub process: only wanted readings, only when they changed,
and replies that read the same in their fast format as they would through JSON."""

from __future__ import annotations

import json
from typing import Any

from brickclass.robots.models import load_robot
from brickclass.simulator.hub.hubos.protocol import marshal_bytes, marshal_message
from brickclass.simulator.missions import load_mission
from brickclass.simulator.session import HubSession
from brickclass.simulator.world import World


def _same(a: Any, b: Any) -> bool:
    """Equal, and of the same types all the way down (a tuple is not a list here)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b


def _session() -> tuple[World, HubSession, dict[str, str]]:
    world = World(load_mission("moon-sweeper:3"), load_robot("spike-rover"))
    session = HubSession(world)
    made = {}
    for kind, port, options in (("Motor", "A", {"positive_direction": 0}), ("Motor", "B", {}), ("Motor", "C", {}),
                                ("ColorSensor", "E", {}), ("UltrasonicSensor", "D", {}), ("ForceSensor", "F", {}),
                                ("PUPDevice", "E", {})):
        reply = session.handle({"t": 0, "call": ["hub", "new", [kind, port, options]]})
        made[f"{kind}:{port}"] = reply["ret"]
    reply = session.handle({"t": 0, "call": ["hub", "new", ["DriveBase", None, {
        "left": made["Motor:A"], "right": made["Motor:B"], "wheel_diameter_um": 56000, "axle_track_um": 112000}]]})
    made["DriveBase"] = reply["ret"]
    return world, session, made


def test_replies_read_the_same_in_marshal_as_through_json():
    world, session, made = _session()
    replies = [session.handle({"t": 0, "w": ["hub", *made.values()]})]
    replies.append(session.handle({"t": 1000, "call": [made["DriveBase"], "straight", [200, 1]],
                                   "until": [["done", made["DriveBase"]]]}))
    replies.append(session.handle({"t": world.clock.now_us + 40, "call": [made["Motor:C"], "control_limits",
                                                                           [None, None, None]]}))
    replies.append(session.handle({"t": world.clock.now_us + 30_000}))
    assert all("dev" in reply for reply in replies[:2])
    for reply in replies:
        assert _same(marshal_message(marshal_bytes(reply)), json.loads(json.dumps(reply))), reply


def test_only_the_readings_the_program_read_travel_and_only_when_they_changed():
    world, session, made = _session()
    eye = made["ColorSensor:E"]
    first = session.handle({"t": 0})
    assert "dev" not in first  # nothing read yet: nothing sent
    wanted = session.handle({"t": 0, "w": [eye]})
    assert list(wanted["dev"]) == [eye] and eye in wanted["valid"]
    again = session.handle({"t": 0})
    assert "dev" not in again and "valid" not in again  # same moment: nothing new
    later = session.handle({"t": 500_000})
    # The sensor's readings at a new sample are sent when they differ, and its new validity always.
    assert later["valid"] == {eye: session.objects[eye].valid_until()}
