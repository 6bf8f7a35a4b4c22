"""A pupil's driving program behaves as on the table (issue 2, "Done when")."""

from __future__ import annotations

import math

import pytest

from tests.runner import ROVER_SETUP, printed_numbers, run_source

pytestmark = pytest.mark.slow


def moved(result) -> float:
    start, end = result.start_pose, result.final_pose
    return math.hypot(end["x_mm"] - start["x_mm"], end["y_mm"] - start["y_mm"])


def turned(result) -> float:
    """Clockwise change of heading, -180..180."""
    change = result.final_pose["heading_deg"] - result.start_pose["heading_deg"]
    return (change + 180) % 360 - 180


def test_straight_500_moves_half_a_metre_and_says_so(tmp_path):
    result = run_source(tmp_path, "robot.straight(500)\nprint(robot.distance())\n", rover=True)
    assert result.status == "finished", result.error
    assert moved(result) == pytest.approx(500, abs=5)
    assert printed_numbers(result)[-1] == pytest.approx(500, abs=3)
    # Straight means straight: the robot ends facing where it started.
    assert abs(turned(result)) < 2


def test_turn_90_turns_clockwise(tmp_path):
    program = "robot.turn(90)\nprint(robot.angle())\nwait(1000)\nprint(robot.angle())\n"
    result = run_source(tmp_path, program, rover=True)
    assert result.status == "finished", result.error
    at_end, after_holding = printed_numbers(result)[-2:]
    assert at_end == pytest.approx(90, abs=1)
    # Holding keeps it there: the gearbox's friction holds a wheel still.
    assert after_holding == at_end
    assert turned(result) == pytest.approx(90, abs=1)
    assert moved(result) < 5


@pytest.mark.parametrize("gyro", [False, True])
@pytest.mark.parametrize("angle", [90, -90])
def test_a_turn_ends_within_a_degree_by_every_measure(tmp_path, angle, gyro):
    """robot.angle(), the robot's real heading and the hub's gyro all agree with the target."""
    program = f"""
robot.use_gyro({gyro})
robot.turn({angle})
print(robot.angle(), hub.imu.heading())
wait(500)
print(robot.angle(), hub.imu.heading())
"""
    result = run_source(tmp_path, program, rover=True)
    assert result.status == "finished", result.error
    at_end_angle, at_end_gyro, later_angle, later_gyro = printed_numbers(result)[-4:]
    for reading in (at_end_angle, at_end_gyro, later_angle, later_gyro, turned(result)):
        assert reading == pytest.approx(angle, abs=1)


def test_straight_ends_within_a_millimetre_and_stays(tmp_path):
    result = run_source(tmp_path, "robot.straight(500)\nprint(robot.distance())\nwait(1000)\n"
                                  "print(robot.distance())\n", rover=True)
    assert result.status == "finished", result.error
    assert printed_numbers(result)[-2:] == [500, 500]
    # The pose is rounded to 0.1 mm.
    assert moved(result) == pytest.approx(500, abs=1.05)


def test_a_robot_holding_still_feels_still_to_its_hub(tmp_path):
    """After a maneuver the drive base holds: the IMU reads rest, as on a hub."""
    program = """
robot.straight(200)
robot.turn(90)
largest_acceleration = 0
largest_rate = 0
for sample in range(200):
    ax, ay, az = hub.imu.acceleration()
    rates = hub.imu.angular_velocity()
    largest_acceleration = max(largest_acceleration, abs(ax), abs(ay))
    largest_rate = max(largest_rate, abs(rates[0]), abs(rates[1]), abs(rates[2]))
    wait(5)
print(largest_acceleration, largest_rate)
"""
    result = run_source(tmp_path, program, rover=True)
    assert result.status == "finished", result.error
    acceleration, rate = printed_numbers(result)[-2:]
    assert acceleration <= 30
    assert rate <= 0.1


def test_negative_turn_goes_counterclockwise(tmp_path):
    result = run_source(tmp_path, "robot.turn(-45)\nwait(1000)\n", rover=True)
    assert turned(result) == pytest.approx(-45, abs=1.5)


def test_square_comes_back_to_the_start(tmp_path):
    program = """
for side in range(4):
    robot.straight(300)
    robot.turn(90)
"""
    result = run_source(tmp_path, program, rover=True)
    assert result.status == "finished", result.error
    assert moved(result) < 20
    assert abs(turned(result)) < 4


def test_wait_is_measured_exactly_by_a_stopwatch(tmp_path):
    program = """
watch = StopWatch()
wait(1234)
print(watch.time())
"""
    result = run_source(tmp_path, program, rover=True)
    assert printed_numbers(result)[-1] == pytest.approx(1234, abs=5)


def test_wrong_wheel_diameter_drives_the_wrong_distance(tmp_path):
    # A program of its own: a second Motor or DriveBase on motors already in
    # use raises EBUSY, as on a hub.
    program = ROVER_SETUP.replace("wheel_diameter=56", "wheel_diameter=62") + "robot.straight(500)\n"
    result = run_source(tmp_path, program)
    assert result.status == "finished", result.error
    # The real wheels are 56 mm: the robot drives 56/62 of what was asked.
    assert moved(result) == pytest.approx(500 * 56 / 62, abs=8)


def test_stopping_before_the_wall_with_the_distance_sensor(tmp_path):
    program = """
eyes = UltrasonicSensor(Port.D)
robot.drive(200, 0)
while eyes.distance() > 200:
    pass
robot.stop()
wait(500)
print(eyes.distance())
"""
    result = run_source(tmp_path, program, rover=True)
    assert result.status == "finished", result.error
    # Facing east from the middle of the table: the east wall is at x = 2362.
    sensor_x = result.final_pose["x_mm"] + 76
    assert 2362 - sensor_x == pytest.approx(200, abs=25)


def test_the_arm_stalls_at_its_end_stop(tmp_path):
    program = """
arm = Motor(Port.C)
print(arm.angle())
angle = arm.run_until_stalled(-300, duty_limit=50)
print(angle, arm.angle(), arm.stalled())
"""
    result = run_source(tmp_path, program, rover=True)
    assert result.status == "finished", result.error
    numbers = printed_numbers(result)
    assert numbers[0] == pytest.approx(90, abs=1)
    # The lower end stop of the sweeper arm is at -4 degrees.
    assert numbers[1] == pytest.approx(-4, abs=3)


def test_multitask_runs_drive_and_arm_together(tmp_path):
    program = """
arm = Motor(Port.C)
watch = StopWatch()

async def drive_only():
    await robot.straight(400)

async def both():
    await multitask(robot.straight(-400), arm.run_angle(200, -80))

run_task(drive_only())
alone = watch.time()
watch.reset()
run_task(both())
together = watch.time()
watch.reset()
arm.run_angle(200, 80)
arm_alone = watch.time()
print(alone, together, arm_alone)
"""
    result = run_source(tmp_path, program, rover=True)
    assert result.status == "finished", result.error
    alone, together, arm_alone = printed_numbers(result)[-3:]
    assert together == pytest.approx(max(alone, arm_alone), rel=0.1)
    assert together < alone + arm_alone - 200


def test_same_program_and_seed_give_identical_results(tmp_path):
    program = """
eyes = UltrasonicSensor(Port.D)
robot.drive(150, 20)
wait(1500)
robot.turn(45)
print(robot.distance(), eyes.distance(), hub.imu.heading())
"""
    first = run_source(tmp_path, program, rover=True, mission="moon-sweeper", seed=7).to_json()
    second = run_source(tmp_path, program, rover=True, mission="moon-sweeper", seed=7).to_json()
    first.pop("wall_time_s")
    second.pop("wall_time_s")
    assert first == second
