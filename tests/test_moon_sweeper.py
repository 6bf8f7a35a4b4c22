"""The moon sweeper mission: each scoring item, the arm, and the sensors on the field."""

from __future__ import annotations

import math

import pytest

from brickclass.robots.models import load_robot
from brickclass.simulator.devices.lump import FORCE_END, FORCE_OFFSET, FORCE_RELEASED
from brickclass.simulator.missions import load_mission
from brickclass.simulator.physics.robot import compass_to_body_angle
from brickclass.simulator.world import World
from tests.runner import run_source

pytestmark = pytest.mark.slow

ROVER = """\
from pybricks.hubs import PrimeHub
from pybricks.parameters import Direction, Port, Stop
from pybricks.pupdevices import Motor
from pybricks.robotics import DriveBase
from pybricks.tools import wait

arm = Motor(Port.C)
robot = DriveBase(Motor(Port.A, Direction.COUNTERCLOCKWISE), Motor(Port.B), 56, 112)
robot.use_gyro(True)
"""


def points(result) -> dict[str, int]:
    return {line["id"]: line["points"] for line in result.breakdown}


def run_rover(tmp_path, body: str, mission: str = "moon-sweeper:1", **options):
    return run_source(tmp_path, ROVER + body, mission=mission, **options)


# --- scoring: a program that does one thing earns only that thing's points ----------------

def test_doing_nothing_scores_nothing(tmp_path):
    result = run_rover(tmp_path, "wait(100)\n")
    assert result.score == 0
    assert set(points(result).values()) == {0}


def test_sweeping_the_panel_earns_dust_points_only(tmp_path):
    body = """
robot.straight(250)
robot.turn(-90, absolute=True)
robot.straight(775)
robot.turn(0, absolute=True)
arm.run_until_stalled(-200, duty_limit=30)
robot.straight(550)
wait(150000)
"""
    result = run_rover(tmp_path, body)
    got = points(result)
    assert got["dust"] == 60
    assert got["home"] == got["arm_up"] == got["time"] == 0
    assert got["panel_damage"] == got["lander_hit"] == 0


def test_half_a_sweep_earns_about_half_the_dust_points(tmp_path):
    body = """
robot.straight(250)
robot.turn(-90, absolute=True)
robot.straight(775)
robot.turn(0, absolute=True)
arm.run_until_stalled(-200, duty_limit=30)
robot.straight(240)
wait(150000)
"""
    # The brush reaches from 600 to about 780 mm: two of the four columns of cells.
    got = points(run_rover(tmp_path, body))
    assert got["dust"] == 30


def test_coming_home_with_the_arm_up_after_a_trip(tmp_path):
    body = """
robot.straight(400)
robot.straight(-400)
wait(150000)
"""
    got = points(run_rover(tmp_path, body))
    assert got["home"] == 20 and got["arm_up"] == 10
    assert got["dust"] == 0 and got["time"] == 0


def test_coming_home_with_the_arm_down_loses_the_arm_points(tmp_path):
    body = """
robot.straight(400)
robot.straight(-400)
arm.run_until_stalled(-200, duty_limit=30)
wait(150000)
"""
    got = points(run_rover(tmp_path, body))
    assert got["home"] == 20 and got["arm_up"] == 0


def test_driving_over_a_panel_is_penalised(tmp_path):
    body = """
robot.straight(250)
robot.turn(-90, absolute=True)
robot.straight(600)
robot.turn(0, absolute=True)
robot.straight(600)
"""
    got = points(run_rover(tmp_path, body))
    assert got["panel_damage"] < 0


def test_bumping_into_the_lander_is_penalised(tmp_path):
    body = """
robot.straight(250)
robot.turn(-90, absolute=True)
robot.straight(550)
robot.turn(0, absolute=True)
robot.straight(1950)
"""
    result = run_rover(tmp_path, body)
    assert points(result)["lander_hit"] == -10


def test_finishing_early_earns_a_time_bonus(tmp_path):
    program = open("examples/sweeper_level1.py", encoding="utf-8").read()
    result = run_source(tmp_path, program, mission="moon-sweeper:1")
    got = points(result)
    limit = 150
    expected = int(15 * (limit - result.sim_time_s) / limit)
    assert got["time"] == pytest.approx(expected, abs=1)
    assert got["dust"] == 60 and got["home"] == 20 and got["arm_up"] == 10


def _run_with_pebbles_off(time_limit_s: float, program_ends_at_s: float | None):
    """moon-sweeper:2 with four pebbles off the panels, run until the program ends or time is up."""
    world = World(load_mission("moon-sweeper:2"), load_robot("spike-rover"), seed=3, time_limit_s=time_limit_s)
    for body in world.scene.pebbles[:4]:
        body.position = (1050, 800)  # the gap between two panels
    world.advance_to(int((program_ends_at_s if program_ends_at_s is not None else time_limit_s) * 1e6))
    world.program_ended()
    return world, {line.id: line for line in world.referee.result().lines}


def test_a_run_stopped_by_a_shortened_time_limit_earns_no_time_bonus():
    world, lines = _run_with_pebbles_off(time_limit_s=20, program_ends_at_s=None)
    assert world.stop_reason == "timeout"
    assert lines["pebbles"].points == 20  # it scored something, so only the time can withhold the bonus
    assert lines["time"].points == 0


def test_the_time_bonus_counts_from_the_limit_the_run_had():
    _, lines = _run_with_pebbles_off(time_limit_s=300, program_ends_at_s=100)
    assert lines["time"].points == int(15 * (300 - 100) / 300)  # not 15 * (150 - 100) / 150 of the file's limit
    _, lines = _run_with_pebbles_off(time_limit_s=40, program_ends_at_s=10)
    assert lines["time"].points == int(15 * (40 - 10) / 40)


def test_pebbles_count_when_they_are_off_the_panels():
    world = World(load_mission("moon-sweeper:2"), load_robot("spike-rover"), seed=3)
    pebbles = world.scene.pebbles
    assert len(pebbles) == 6
    assert world.referee.result().lines[1].points == 0
    for body in pebbles[:4]:
        body.position = (1050, 800)  # the gap between two panels
    line = {each.id: each for each in world.referee.result().lines}["pebbles"]
    assert line.points == 4 * 5 and line.max_points == 30


def test_the_pebble_layout_follows_the_seed():
    def layout(seed):
        world = World(load_mission("moon-sweeper"), load_robot("spike-rover"), seed=seed)
        return [tuple(round(v, 3) for v in b.position) for b in world.scene.pebbles]

    assert layout(1) == layout(1)
    assert layout(1) != layout(2)
    for x, y in layout(5):
        world = World(load_mission("moon-sweeper"), load_robot("spike-rover"), seed=5)
        assert world.field.panel_at(x, y) is not None


# --- the example programs ---------------------------------------------------------------

def test_the_good_example_scores_well_and_the_naive_one_does_not(tmp_path):
    good = run_source(tmp_path, open("examples/sweeper_good.py", encoding="utf-8").read(), mission="moon-sweeper:3")
    assert good.status == "finished"
    assert good.score >= 0.8 * good.max_score
    naive = run_source(tmp_path, open("examples/sweeper_naive.py", encoding="utf-8").read(), mission="moon-sweeper:3")
    assert naive.score < 0.3 * naive.max_score


# --- the arm and the sensors ------------------------------------------------------------------

def place(world: World, x: float, y: float, heading: float) -> None:
    body = world.robot.body
    body.angle = compass_to_body_angle(heading)  # before the position: pymunk turns about the centre of gravity
    body.position = (x, y)
    world.scene.space.reindex_shapes_for_body(body)


@pytest.fixture
def world():
    return World(load_mission("moon-sweeper:1"), load_robot("spike-rover"))


def test_the_arm_stops_at_both_end_stops(world):
    arm = world.devices.create("Motor", "C", {})
    arm.api_run(800)
    world.advance_to(1_500_000)
    assert arm.readings()["angle"] == pytest.approx(100, abs=2)
    arm.api_run(-800)
    world.advance_to(3_000_000)
    assert arm.readings()["angle"] == pytest.approx(-4, abs=2)
    assert world.robot.brush_down


@pytest.mark.parametrize("spot, expected", [
    ((1181, 975, 90), "line"),    # on the north guide line
    ((1181, 1060, 90), "mat"),    # plain regolith
    ((150, 150, 90), "base"),     # inside the base
])
def test_the_colour_sensor_reads_the_mat_under_it(world, spot, expected):
    eye = world.devices.create("ColorSensor", "E", {})
    x, y, heading = spot
    # Put the sensor (60 mm ahead of the axle) right over the spot.
    place(world, x - 60 * math.sin(math.radians(heading)), y - 60 * math.cos(math.radians(heading)), heading)
    eye.api_mode(5)  # RGB_I, the mode reflection() and color() read
    world.advance_to(world.clock.now_us + 60_000)
    reflection = eye.readings()["reflection"]
    if expected == "line":
        assert reflection < 15
    elif expected == "mat":
        assert 40 < reflection < 70
    else:
        assert eye.readings()["color"] == 1  # Color.YELLOW among the default detectable colours


def test_the_colour_sensor_sees_a_blue_panel(world):
    eye = world.devices.create("ColorSensor", "E", {})
    world.field.dust[0].amounts = [[0.0] * 4 for _ in range(2)]
    place(world, 800 - 60, 800, 90)
    eye.api_mode(5)  # RGB_I
    world.advance_to(world.clock.now_us + 60_000)
    assert eye.readings()["color"] == 3  # Color.BLUE


def test_the_distance_sensor_measures_to_the_wall(world):
    eyes = world.devices.create("UltrasonicSensor", "D", {})
    place(world, 1500, 300, 90)
    world.advance_to(world.clock.now_us + 20_000)
    # DISTL, the sensor's first mode, in millimetres.
    assert eyes.readings()["values"][0] == pytest.approx(2362 - 1500 - 76, abs=2)
    place(world, 1500, 300, 0)  # facing north: the wall is 1143 - 300 - 76 away
    world.advance_to(world.clock.now_us + 20_000)
    assert eyes.readings()["values"][0] == pytest.approx(1143 - 300 - 76, abs=2)


def test_the_distance_sensor_says_2000_when_nothing_answers(world):
    eyes = world.devices.create("UltrasonicSensor", "D", {})
    place(world, 100, 571, 90)  # 2186 mm of open table ahead
    world.advance_to(world.clock.now_us + 20_000)
    # No echo: the sensor sends -1, which distance() gives as 2000.
    assert eyes.readings()["values"] == [-1]
    assert eyes.values["distance"] == 2000


def test_the_bumper_feels_the_wall(world):
    bumper = world.devices.create("ForceSensor", "F", {})
    left = world.devices.create("Motor", "A", {"positive_direction": 1})
    right = world.devices.create("Motor", "B", {"positive_direction": 0})
    place(world, 2200, 571, 90)
    bumper.api_mode(4)  # FRAW, the raw reading every ForceSensor method works from
    world.advance_to(world.clock.now_us + 30_000)
    assert bumper.readings()["values"] == [FORCE_RELEASED]
    left.api_dc(60)
    right.api_dc(60)
    world.advance_to(world.clock.now_us + 2_000_000)
    raw = bumper.readings()["values"][0]
    assert raw > FORCE_RELEASED + 4  # touched()
    assert (raw - FORCE_RELEASED - FORCE_OFFSET) * 10 / (FORCE_END - FORCE_RELEASED) > 1  # force() in newtons


def test_the_imu_heading_follows_the_body_clockwise(world):
    left = world.devices.create("Motor", "A", {"positive_direction": 1})
    right = world.devices.create("Motor", "B", {"positive_direction": 0})
    base = world.devices.create("DriveBase", None, {"left": left, "right": right,
                                                     "wheel_diameter_um": 56000, "axle_track_um": 112000})
    base.api_turn(90, 2)
    world.run_until([(base, "done")], None)
    # The turn is done within the firmware's heading tolerance; the hold then
    # settles it, and the gyro reads the body's real turn.
    world.advance_to(world.clock.now_us + 1_000_000)
    assert world.imu.heading() == pytest.approx(90, abs=1.5)
    assert world.pose()[2] == pytest.approx(180, abs=1.5)
