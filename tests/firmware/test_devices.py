"""The world-side motor devices answer the hub's proxies as a hub's firmware would."""

from __future__ import annotations

import pytest

from brickclass.simulator.devices.motors import CarDevice, DriveBaseDevice, MotorDevice
from brickclass.simulator.firmware.errors import ErrorCode, PbioError

HOLD, COAST = 2, 0
MOTOR = {"positive_direction": 0, "gears": None, "reset_angle": True, "profile": None}


def motor(world, **options) -> MotorDevice:
    return MotorDevice(world, world.shaft(options.pop("kind", "spike-medium"), **options.pop("shaft", {})),
                       "Motor", {**MOTOR, **options})


class TestMotor:
    def test_readings_follow_a_maneuver(self, world):
        arm = motor(world)
        assert arm.readings() == {"angle": 0, "speed": 0, "load": 0, "stalled": False, "done": True, "running": True}
        arm.api_run_angle(500, 180, HOLD)
        assert not arm.condition("done")
        took = world.run_until(lambda: arm.condition("done"))
        assert 500 < took < 800
        assert arm.readings()["angle"] == pytest.approx(180, abs=11)
        assert arm.readings()["done"]

    def test_readings_stay_true_until_the_next_control_tick(self, world):
        arm = motor(world)
        world.clock.now_us = 12_300
        assert arm.valid_until() == 15_000

    def test_limits_read_and_set_in_the_programs_units(self, world):
        arm = motor(world, gears=[[12, 36]])
        assert arm.control.scale() == 3000
        assert arm.control.limits(None) == [333, 666, 199]
        arm.control.limits({"speed": -200, "acceleration": [400, 800]})
        assert arm.control.limits(None) == [200, [400, 800], 199]
        with pytest.raises(PbioError) as error:
            arm.control.limits({"acceleration": 1})
        assert error.value.code is ErrorCode.INVALID_ARG

    def test_pid_and_tolerances(self, world):
        arm = motor(world)
        assert arm.control.pid(None) == [15117, 7558, 1889, 8, 15]
        arm.control.pid({"kp": -20000})
        assert arm.control.pid(None)[0] == 20000
        assert arm.control.target_tolerances(None) == [50, 11]
        arm.control.target_tolerances({"position": 3})
        assert arm.control.target_tolerances(None) == [50, 3]
        assert arm.control.stall_tolerances(None) == [20, 200]
        arm.control.stall_tolerances({"time": 500})
        assert arm.control.stall_tolerances(None) == [20, 500]

    def test_max_voltage_setting(self, world):
        arm = motor(world)
        assert arm.api_settings(None) == [9000]
        arm.api_settings(6000)
        assert arm.api_settings(None) == [6000]
        with pytest.raises(PbioError):
            arm.api_settings(9001)

    def test_dc_uses_the_battery_as_the_hub_measured_it(self, world):
        shaft = world.shaft()
        arm = MotorDevice(world, shaft, "Motor", MOTOR)
        arm.api_dc(-25)
        assert shaft.voltage_mv == -2000
        arm.api_stop()
        assert shaft.voltage_mv == 0
        assert arm.readings()["load"] == 0

    def test_run_until_stalled_at_an_end_stop(self, world):
        arm = motor(world, kind="spike-large", shaft={"endstops": (-142, 142)})
        arm.api_run_until_stalled(300, COAST, 50)
        world.run_until(lambda: arm.condition("done"))
        assert arm.readings()["angle"] == pytest.approx(142, abs=1)

    def test_speed_windows(self, world):
        arm = motor(world)
        arm.api_run(400)
        world.run(1000)
        assert arm.api_speed(200) == pytest.approx(400, abs=10)
        with pytest.raises(PbioError):
            arm.api_speed(0)

    def test_reset_angle_to_a_value_and_to_the_marked_zero(self, world):
        arm = motor(world, shaft={"start_deg": -33.5})
        assert arm.readings()["angle"] == -34
        arm.api_reset_angle(1000)
        assert arm.readings()["angle"] == 1000
        arm.api_reset_angle(None)
        assert arm.readings()["angle"] == -34

    def test_the_model(self, world):
        arm = motor(world)
        settings = arm.api_model_settings(None)
        assert len(settings) == 8
        arm.api_model_settings([*settings[:3], 90, *settings[4:]])
        assert arm.api_model_settings(None)[3] == 90
        with pytest.raises(PbioError):
            arm.api_model_settings([1, 2, 3])
        angle, speed, current, stalled = arm.api_model_state()
        assert (angle, speed, stalled) == (0.0, 0.0, False)

    def test_a_second_motor_object_on_one_port_is_busy(self, world):
        shaft = world.shaft()
        MotorDevice(world, shaft, "Motor", MOTOR)
        for kind in ("Motor", "DCMotor"):
            with pytest.raises(PbioError) as error:
                MotorDevice(world, shaft, kind, MOTOR)
            assert error.value.code is ErrorCode.BUSY

    def test_gears_must_be_positive(self, world):
        with pytest.raises(ZeroDivisionError):
            motor(world, gears=[[0, 36]])

    def test_a_dc_motor_only_drives(self, world):
        shaft = world.shaft()
        fan = MotorDevice(world, shaft, "DCMotor", {"positive_direction": 1})
        fan.api_dc(50)
        assert shaft.voltage_mv == -4000
        assert fan.readings() == {}
        with pytest.raises(PbioError):
            fan.api_run(100)


def rover(world) -> tuple[DriveBaseDevice, MotorDevice, MotorDevice]:
    load = {"load_inertia": 0.3 * 0.028 ** 2}
    left = motor(world, positive_direction=1, shaft=load)
    right = motor(world, shaft=load)
    base = DriveBaseDevice(world, {"left": left, "right": right, "wheel_diameter_um": 56_000,
                                   "axle_track_um": 112_000})
    return base, left, right


class TestDriveBase:
    def test_settings_as_the_proxy_reads_and_writes_them(self, world):
        base, _, _ = rover(world)
        assert base.api_settings(None) == [195, [733, 733], 166, [750, 750]]
        base.api_settings({"straight_speed": -300, "straight_acceleration": None, "turn_rate": None,
                           "turn_acceleration": [500, 1000]})
        assert base.api_settings(None) == [300, [733, 733], 166, [500, 1000]]
        with pytest.raises(PbioError):
            base.api_settings({"straight_acceleration": [-100, 100]})

    def test_straight_and_its_readings(self, world):
        base, _, _ = rover(world)
        base.api_straight(300, HOLD)
        assert not base.condition("done")
        world.run_until(lambda: base.condition("done"))
        readings = base.readings()
        assert readings["distance"] == pytest.approx(300, abs=13)
        assert readings["state"][0] == readings["distance"]
        assert readings["done"] and not readings["stalled"]

    def test_move_by_turns_towards_the_point_first(self, world):
        base, _, _ = rover(world)
        # 100 mm ahead and 100 mm to the left: turn 45 degrees counterclockwise.
        assert base.api_move_by_turn(100, 100) == 141
        world.run_until(lambda: base.condition("done"))
        assert base.readings()["angle"] == pytest.approx(-45, abs=3)

    def test_arc_needs_exactly_one_of_angle_and_distance(self, world):
        base, _, _ = rover(world)
        with pytest.raises(ValueError):
            base.api_arc(100, 90, 100, HOLD)
        with pytest.raises(PbioError):
            base.api_arc(5, 90, None, HOLD)

    def test_the_gyro(self, world):
        base, _, _ = rover(world)
        world.heading = 12.5
        base.api_use_gyro(True)
        assert "gyro" in world.events
        assert base.readings()["angle"] == 12.5
        assert not base.uses_gyro
        base.api_hold()
        assert base.uses_gyro

    def test_heading_and_distance_controls(self, world):
        base, _, _ = rover(world)
        assert base.heading_control.scale() == 2000
        assert base.distance_control.scale() == 2046
        assert base.distance_control.limits(None) == [488, 733, 199]
        assert base.heading_control.limits(None) == [500, 750, 399]

    def test_a_motor_of_a_drive_base_can_still_be_used_alone(self, world):
        base, left, _ = rover(world)
        base.api_drive(100, 0)
        world.run(200)
        left.api_run_angle(300, 90, HOLD)
        assert base.condition("done")
        world.run_until(lambda: left.condition("done"))


class TestCar:
    def test_the_car_finds_its_steering_range_and_steers(self, world):
        steer = motor(world, kind="spike-large", shaft={"endstops": (-142, 142)})
        front = motor(world)
        car = CarDevice(world, {"steer": steer, "drive": [front], "torque_limit": 100})
        ends = []
        for direction in (-1, 1):
            car.api_seek(direction)
            world.run_until(lambda: steer.condition("done"))
            ends.append(steer.readings()["angle"])
        assert ends == [pytest.approx(-142, abs=1), pytest.approx(142, abs=1)]
        car.api_center(*ends)
        car.api_steer(100)
        world.run(2000)
        # Ten degrees short of the end stop, as the firmware keeps it.
        assert steer.readings()["angle"] == pytest.approx(132, abs=5)
        car.api_steer(-100)
        world.run(2000)
        assert steer.readings()["angle"] == pytest.approx(-132, abs=5)
        car.api_drive_power(50)
        world.run(500)
        assert front.readings()["speed"] > 0
        car.api_drive_power(5)
        assert front.dcmotor.actuation_now == 0  # coasting

    def test_drive_and_steer_motors_must_differ(self, world):
        steer = motor(world)
        with pytest.raises(ValueError):
            CarDevice(world, {"steer": steer, "drive": [steer], "torque_limit": None})


class TestSessionReachesControllers:
    """A program's motor.control and drive_base.heading_control calls reach the controller, and nothing else does."""

    def test_control_operations_are_dispatched_to_the_controller(self, world):
        from brickclass.simulator.session import _part_operation

        arm = MotorDevice(world, world.shaft(), "Motor", {"gears": [[12, 36]]})
        assert _part_operation(arm, "control_scale")() == 3000
        assert _part_operation(arm, "control_target_tolerances")(None) == [16, 3]

    def test_only_the_listed_operations_are_reachable(self, world):
        from brickclass.simulator.session import _part_operation

        arm = MotorDevice(world, world.shaft(), "Motor", {})
        for method in ("control__control", "control_OPERATIONS", "control___init__", "model_state", "nothing_here"):
            assert _part_operation(arm, method) is None
