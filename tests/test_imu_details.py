"""The hub's IMU beyond its arguments: what the settings do, when the hub is still, the Move Hub.

What the firmware does (pb_type_imu.c, lib/pbio/src/imu.c, the IMU driver
and pb_type_movehub.c), checked through a pupil's program where a program can
see it, and on the world's IMU model directly where it takes minutes:

- heading_correction scales heading(), for the program and for a drive base
  steering by the gyro; the single-axis rotation and the attitude keep the
  gyro's own count, and reset_heading() moves only the heading;
- calibrated=False gives the readings before the IMU settings;
- stationary() needs a full second of still samples and coasting motors,
  with the thresholds of the settings; ready() lasts ten minutes;
- the hub has one IMU, and making a hub object sets the heading to 0;
- the Move Hub takes numbers for its sides and answers in integers.
"""

from __future__ import annotations

import math

import pytest

from brickclass.robots.models import DATA_DIR
from brickclass.simulator.physics.imu import ACCEL_LSB_MM_S2, GYRO_LSB_DPS, Imu, raw_threshold
from tests.runner import printed_numbers, run_source

SHOW = """
from pybricks.parameters import Axis


def show(call):
    try:
        print("ok", call())
    except Exception as error:
        print(type(error).__name__, "|", *error.args)
"""


def _rover(tmp_path, body: str):
    result = run_source(tmp_path, SHOW + body, rover=True)
    assert result.status == "finished", (result.stdout, result.error)
    return result


def _lines(result) -> list[str]:
    return result.stdout.splitlines()


def _turned(result) -> float:
    """Clockwise turn of the robot's body over the run, -180..180."""
    change = result.final_pose["heading_deg"] - result.start_pose["heading_deg"]
    return (change + 180) % 360 - 180


# --- heading correction ----------------------------------------------------------------------


def test_heading_correction_scales_the_heading_and_nothing_else(tmp_path):
    # A robot at rest still trembles by a hundredth of a degree from one 5 ms
    # step to the next, hence the small tolerances.
    result = _rover(tmp_path, """
robot.turn(90)
robot.stop()
wait(1500)
h, r, o = hub.imu.heading(), hub.imu.rotation(Axis.Z), list(hub.imu.orientation())
hub.imu.settings(heading_correction=350)
print(h, r, o[0], o[3])
o2 = list(hub.imu.orientation())
print(hub.imu.heading(), hub.imu.rotation(Axis.Z), o2[0], o2[3])
hub.imu.settings(heading_correction=360)        # set, but 360 / 360 changes nothing
print(hub.imu.heading())
hub.imu.settings(heading_correction=370)
hub.system.reset_storage()                      # no correction any more
print(hub.imu.heading(), hub.imu.settings()[5])
""")
    heading, rotation, cos_yaw, sin_yaw, corrected, rotation_after, cos_after, sin_after, with_360, reset, stored = \
        printed_numbers(result)
    assert heading == pytest.approx(90, abs=5)             # turned, then rolled on a little
    assert rotation == pytest.approx(-heading, abs=0.05)
    # The firmware multiplies the integrated heading by 360 / heading_correction.
    assert corrected / heading == pytest.approx(360 / 350, abs=3e-4)
    # The gyro's own count and the attitude do not change.
    assert (rotation_after, cos_after, sin_after) == pytest.approx((rotation, cos_yaw, sin_yaw), abs=0.05)
    assert with_360 == pytest.approx(heading, abs=0.05)
    assert reset == pytest.approx(heading, abs=0.05)
    assert stored == 360.0


def test_a_correction_set_mid_turn_scales_what_came_before_and_a_reset_keeps_it(tmp_path):
    result = _rover(tmp_path, """
robot.turn(90)
robot.stop()
wait(1500)
before = hub.imu.heading()
hub.imu.settings(heading_correction=347)
print(before, hub.imu.heading())
hub.imu.reset_heading(0)
start = -hub.imu.rotation(Axis.Z)
robot.turn(-90)
robot.stop()
wait(1500)
turned = -hub.imu.rotation(Axis.Z) - start
print(turned, hub.imu.heading())
""")
    before, after, turned, heading = printed_numbers(result)
    factor = 360 / 347
    assert after == pytest.approx(before * factor, abs=0.002)
    # After the reset the heading counts the new turn, scaled.
    assert heading == pytest.approx(turned * factor, abs=0.01)
    assert turned == pytest.approx(-90, abs=6)             # turned, then rolled on a little


@pytest.mark.parametrize("correction, expected_turn", [(None, 90.0), (350, 90.0 * 350 / 360), (372, 90.0 * 372 / 360)])
def test_a_drive_base_steering_by_the_gyro_turns_by_the_corrected_heading(tmp_path, correction, expected_turn):
    setting = "" if correction is None else f"hub.imu.settings(heading_correction={correction})\n"
    result = _rover(tmp_path, setting + """
robot.use_gyro(True)
robot.turn(90)
wait(1000)
print(robot.angle(), hub.imu.heading())
""")
    angle, heading = printed_numbers(result)
    # The drive base sees the corrected heading, so it stops when that says 90 …
    assert angle == pytest.approx(90, abs=1.5)
    assert heading == pytest.approx(90, abs=1.5)
    # … and the robot itself has turned by 90 x correction / 360.
    assert _turned(result) == pytest.approx(expected_turn, abs=1.5)


def test_a_correction_of_360_leaves_a_gyro_drive_exactly_as_it_was(tmp_path):
    square = """
robot.use_gyro(True)
for side in range(4):
    robot.straight(200)
    robot.turn(90)
    print(hub.imu.heading(), robot.angle(), robot.distance())
"""
    # Both programs make one settings call, so both spend the same time on it.
    plain = _rover(tmp_path, "hub.imu.settings(angular_velocity_threshold=2)\n" + square)
    with_360 = _rover(tmp_path, "hub.imu.settings(heading_correction=360)\n" + square)
    with_359 = _rover(tmp_path, "hub.imu.settings(heading_correction=359)\n" + square)
    assert with_360.stdout == plain.stdout
    assert with_360.final_pose == plain.final_pose
    assert with_359.stdout != plain.stdout


# --- calibrated or not -------------------------------------------------------------------------


def test_uncalibrated_readings_come_before_the_scale_and_gravity_settings(tmp_path):
    result = _rover(tmp_path, """
hub.imu.settings(angular_velocity_scale=(360, 360, 350),
                 acceleration_correction=(9806.65, -9806.65, 9806.65, -9806.65, 9900, -9700))
print(hub.imu.acceleration(Axis.Z), hub.imu.acceleration(Axis.Z, calibrated=False))
robot.drive(0, 90)
wait(1000)
print(hub.imu.angular_velocity(Axis.Z), hub.imu.angular_velocity(Axis.Z, calibrated=False))
print(hub.imu.rotation(Axis.Z), hub.imu.rotation(Axis.Z, calibrated=False), hub.imu.heading())
print(hub.imu.angular_velocity(calibrated=0)[2] == hub.imu.angular_velocity(Axis.Z, calibrated=False))
""")
    lines = _lines(result)
    z_calibrated, z_raw = (float(v) for v in lines[0].split())
    # Gravity values 9900 and -9700: offset 100, half-range 9800.
    assert z_raw == pytest.approx(9806.65, abs=0.01)
    assert z_calibrated == pytest.approx((9806.65 - 100) * 9806.65 / 9800, abs=0.05)
    rate, rate_raw = (float(v) for v in lines[1].split())
    assert rate_raw == pytest.approx(-90, abs=5)                    # clockwise: negative about z
    assert rate / rate_raw == pytest.approx(360 / 350, rel=2e-3)
    rotation, rotation_raw, heading = (float(v) for v in lines[2].split())
    # Uncalibrated rotation: the calibrated one with the scale undone.
    assert rotation_raw / rotation == pytest.approx(350 / 360, rel=1e-4)
    # The heading integrates the calibrated rate too (no heading correction here).
    assert heading == pytest.approx(-rotation, abs=0.5)
    assert lines[3] == "True"


def test_uncalibrated_tilt_and_up_read_the_raw_acceleration(tmp_path):
    result = _rover(tmp_path, """
robot.drive(300, 0)
wait(30)                                        # speeding up
print(hub.imu.tilt())
pitch, roll = hub.imu.tilt(calibrated=False)
x = hub.imu.acceleration(Axis.X, calibrated=False)
print(pitch, x, hub.imu.up(calibrated=False))
""")
    lines = _lines(result)
    # The fused tilt knows the robot is level; the raw one sees the push forward.
    assert lines[0] == "(-0.0, 0.0)"
    pitch, forward, up = lines[1].split()
    assert float(forward) > 100
    assert float(pitch) == pytest.approx(-math.degrees(math.atan2(float(forward), 9806.65)), abs=0.01)
    assert up == "Side.TOP"


# --- reset_heading, new hub objects ----------------------------------------------------------


def test_reset_heading_moves_only_the_heading(tmp_path):
    result = _rover(tmp_path, """
robot.turn(90)
robot.stop()
wait(1500)
r, o = hub.imu.rotation(Axis.Z), hub.imu.orientation()
hub.imu.reset_heading(10)
print(hub.imu.heading())
o2 = hub.imu.orientation()
print(r, o[0, 0], o[1, 0], hub.imu.rotation(Axis.Z), o2[0, 0], o2[1, 0])
""")
    lines = _lines(result)
    assert lines[0] == "10.0"
    rotation, cos_yaw, sin_yaw, *after = (float(v) for v in lines[1].split())
    # (A robot at rest trembles by a hundredth of a degree between 5 ms steps.)
    assert after == pytest.approx([rotation, cos_yaw, sin_yaw], abs=0.05)
    # The attitude follows the gyro: a clockwise quarter turn about z.
    assert rotation == pytest.approx(-90, abs=6)           # turned, then rolled on a little
    assert cos_yaw == pytest.approx(math.cos(math.radians(rotation)), abs=1e-4)
    assert sin_yaw == pytest.approx(math.sin(math.radians(rotation)), abs=1e-4)


def test_the_hub_has_one_imu_and_a_new_hub_object_sets_the_heading_to_zero(tmp_path):
    result = _rover(tmp_path, """
robot.turn(90)
robot.stop()
wait(1500)
r = hub.imu.rotation(Axis.Z)
again = PrimeHub()
print(again.imu is hub.imu, hub.imu.heading(), abs(hub.imu.rotation(Axis.Z) - r) < 0.05)
show(lambda: PrimeHub(top_side=Axis.X, front_side=Axis.X))   # refused: the frame stays
print(abs(hub.imu.heading()) < 0.05, abs(hub.imu.rotation(Axis.Z) - r) < 0.05)
robot.turn(-45)
robot.stop()
wait(1500)
print(hub.imu.heading())
""")
    lines = _lines(result)
    assert lines[0] == "True 0.0 True"
    assert lines[1] == "ValueError | Invalid argument"
    assert lines[2] == "True True"
    assert float(lines[3]) == pytest.approx(-45, abs=8)    # turned, then rolled on a little


def test_a_forward_axis_pointing_up_gives_no_heading(tmp_path):
    # The program says the hub stands on its back (its top towards the
    # robot's front); in this robot the hub lies flat, so the robot's forward
    # axis points straight up and has no direction on the table.
    result = _rover(tmp_path, """
standing = PrimeHub(top_side=Axis.X, front_side=Axis.Z)
robot.turn(90)
robot.stop()
wait(500)
print(standing.imu.heading(), abs(hub.imu.rotation(Axis.X)) > 80)
PrimeHub()                                       # flat again: the heading follows the turns
robot.turn(90)
robot.stop()
wait(500)
print(hub.imu.heading())
""")
    lines = _lines(result)
    assert lines[0] == "0.0 True"
    assert float(lines[1]) == pytest.approx(90, abs=3)


# --- stationary and ready ----------------------------------------------------------------------


def test_a_robot_that_just_stopped_is_stationary_only_a_second_after_it_came_to_rest(tmp_path):
    result = _rover(tmp_path, """
print(hub.imu.stationary(), hub.imu.ready())     # lying still before the program
robot.drive(150, 0)
wait(1000)
print(hub.imu.stationary(), hub.imu.ready())
robot.stop()
wait(5)
watch = StopWatch()
print(hub.imu.stationary())
while not hub.imu.stationary():
    wait(5)
print(watch.time(), hub.imu.ready())
""")
    lines = _lines(result)
    assert lines[:3] == ["True True", "False True", "False"]
    waited, ready = lines[3].split()
    # 833 samples at 833 Hz after the last shake, and the robot rolls on a little first.
    assert 1000 <= int(waited) <= 2000
    assert ready == "True"


def test_a_motor_that_holds_keeps_the_hub_from_being_stationary(tmp_path):
    result = _rover(tmp_path, """
arm = Motor(Port.C)
arm.run_angle(300, -45)                          # ends holding; the robot does not move
wait(1500)
print(hub.imu.stationary())
arm.stop()
wait(5)
print(hub.imu.stationary())                      # the sensor has been still all along
""")
    assert _lines(result) == ["False", "True"]


def test_the_thresholds_come_from_the_settings_once_a_settings_call_succeeds(tmp_path):
    drive_then_stop = """
robot.drive(150, 0)
wait(1500)
robot.stop()
wait(5)
print(hub.imu.stationary())
"""
    result = _rover(tmp_path, """
show(lambda: hub.imu.settings(angular_velocity_threshold=500, acceleration_threshold=50000,
                              angular_velocity_scale=(300, 360, 360)))
print(hub.imu.settings()[:2])
""" + drive_then_stop + """
wait(2000)
hub.imu.settings(heading_correction=360)        # any call that succeeds passes them on
""" + drive_then_stop)
    # Shaking within such wide bounds looks still, so the robot is stationary
    # the moment its motors coast, but only after the thresholds reached the sensor.
    assert _lines(result) == ["ValueError | Invalid argument", "(500.0, 50000.0)", "False", "True"]


class TestTheImuModel:
    """The world's IMU itself, for what takes minutes in a program."""

    class Body:
        def __init__(self):
            self.angle = 0.0
            self.angular_velocity = 0.0
            self.velocity = (0.0, 0.0)

    @staticmethod
    def step(imu, body, now_us, until_us):
        while now_us < until_us:
            now_us += 5000
            imu.follow(body, now_us, 0.005)
        return now_us

    def test_the_thresholds_in_the_sensors_steps(self):
        # 70 mdeg/s and 0.244 mg x 9.81 per step; at least 1, at most int16.
        assert pytest.approx(0.07) == GYRO_LSB_DPS
        assert pytest.approx(2.39364, abs=1e-5) == ACCEL_LSB_MM_S2
        assert raw_threshold(2.0, GYRO_LSB_DPS) == 28
        assert raw_threshold(2500.0, ACCEL_LSB_MM_S2) == 1044
        assert raw_threshold(0.0, GYRO_LSB_DPS) == 1
        assert raw_threshold(-5.0, GYRO_LSB_DPS) == 1
        assert raw_threshold(1e9, ACCEL_LSB_MM_S2) == 32767

    def test_still_again_after_833_samples_and_ready_for_ten_minutes(self):
        imu, body = Imu(0.0), self.Body()
        assert imu.stationary() and imu.ready(0)
        body.velocity = (100.0, 0.0)
        now = self.step(imu, body, 0, 5000)
        assert not imu.stationary()
        body.velocity = (0.0, 0.0)
        stopped = now
        while not imu.stationary():
            now = self.step(imu, body, now, now + 5000)
        assert 999_600 <= now - stopped <= 1_400_000
        # It stays stationary while nothing moves.
        now = self.step(imu, body, now, now + 3_000_000)
        assert imu.stationary()

    def test_ready_ends_ten_minutes_after_the_last_still_second_and_counts_only_coasting_seconds(self):
        imu, body = Imu(0.0), self.Body()
        coasting = [True]
        imu.coasting = lambda: coasting[0]
        body.velocity = (100.0, 0.0)
        now = self.step(imu, body, 0, 599_000_000)
        assert imu.ready(now) and not imu.stationary()
        now = self.step(imu, body, now, 600_005_000)
        assert not imu.ready(now)
        # Still, but a motor holds: stationary to the sensor, not to the program, and not ready.
        body.velocity = (0.0, 0.0)
        coasting[0] = False
        now = self.step(imu, body, now, now + 2_500_000)
        assert not imu.stationary() and not imu.ready(now)
        coasting[0] = True
        assert imu.stationary() and not imu.ready(now)
        # Ready at the end of the next still second.
        started = now
        while not imu.ready(now):
            now = self.step(imu, body, now, now + 5000)
        assert now - started <= 1_005_000

    def test_a_hub_on_a_desk_stays_still_and_ready(self):
        imu = Imu(0.0)
        for now in range(5000, 700_000_001, 5000):
            imu.rest(now)
        assert imu.stationary() and imu.ready(700_000_000)


# --- the Move Hub ----------------------------------------------------------------------------


def _move_hub(tmp_path, body: str):
    """A program on a Move Hub on a desk (the virtual hub's motors, the Move Hub's firmware)."""
    text = (DATA_DIR / "virtualhub.toml").read_text("utf-8")
    text = text.replace('id = "virtualhub"', 'id = "movehub-desk"').replace('hub = "VirtualHub"', 'hub = "MoveHub"')
    robot = tmp_path / "movehub-desk.toml"
    robot.write_text(text, encoding="utf-8")
    result = run_source(tmp_path, "from pybricks.hubs import MoveHub\n" + SHOW + body, robot=str(robot), mission=None)
    assert result.status == "finished", (result.stdout, result.error)
    return result


def test_the_move_hub_takes_numbers_for_its_sides_and_answers_in_whole_numbers(tmp_path):
    result = _move_hub(tmp_path, """
print(Axis.X, Axis.Y, Axis.Z, -Axis.Z)
flat = MoveHub()
print(flat.imu.acceleration(), flat.imu.tilt(), flat.imu.up())
upside_down = MoveHub(top_side=-Axis.Z, front_side=Axis.X)
print(upside_down.imu.acceleration(), upside_down.imu.tilt(), upside_down.imu.up())
on_its_back = MoveHub(top_side=Axis.X, front_side=-Axis.Z)
print(on_its_back.imu.acceleration(), on_its_back.imu.tilt())
print(flat.imu.acceleration())                   # each Move Hub object keeps its own frame
show(lambda: MoveHub(top_side=259).imu.acceleration())   # kept in a byte: 259 is 3
""")
    assert _lines(result) == [
        "1 2 3 -3",
        # 1 g is 62 steps of the byte the hub reads, each 158 mm/s².
        "(0, 0, 9796) (0, 0) Side.TOP",
        "(0, 0, -9796) (0, -180) Side.TOP",
        "(9796, 0, 0) (-90, -180)",
        "(0, 0, 9796)",
        "ok (0, 0, 9796)",
    ]


def test_the_move_hub_refuses_sides_as_its_firmware_does(tmp_path):
    result = _move_hub(tmp_path, """
show(lambda: MoveHub(top_side=Axis.X, front_side=Axis.X))
show(lambda: MoveHub(top_side=4))
show(lambda: MoveHub(front_side=-4))
show(lambda: MoveHub(top_side=0))
show(lambda: MoveHub(top_side=3.0))
show(lambda: MoveHub(front_side="X"))
show(lambda: MoveHub(top_side=True, front_side=3).imu.tilt())
""")
    assert _lines(result) == [
        "ValueError | Invalid argument",
        "ValueError | Invalid argument",
        "ValueError | Invalid argument",
        "ValueError | Invalid argument",
        "TypeError | can't convert float to int",
        "TypeError | can't convert str to int",
        # True is 1 (X up) with Z forward: the hub stands on its back.
        "ok (-90, -180)",
    ]


def test_a_new_rate_scale_counts_from_the_moment_it_is_set(tmp_path):
    # Spinning, the rate is read, the scale changed and the rate read again in the same
    # 5 ms tick: the second reading already uses the new scale.
    result = _rover(tmp_path, """
robot.drive(0, 90)
wait(1000)
before = hub.imu.angular_velocity(Axis.Z)
hub.imu.settings(angular_velocity_scale=(360, 360, 350))
after = hub.imu.angular_velocity(Axis.Z)
print(before, after)
""")
    before, after = (float(v) for v in _lines(result)[0].split())
    assert before == pytest.approx(-90, abs=5)
    assert after / before == pytest.approx(360 / 350, rel=2e-4)
