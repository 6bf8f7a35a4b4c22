"""Our motor physics against the firmware's own simulated motor, under the same firmware.

The sweeper arm is the hardest load a pupil's motor meets: 60 g at up to
200 mm, about a third of a SPIKE medium motor's stall torque. Both plants get
gravity as a load and the same servo commands; where they differ is only the
arm's own inertia, which the firmware's model (a bare motor) does not have.
"""

from __future__ import annotations

import math

import pytest

from brickclass.simulator.firmware.control import HOLD
from brickclass.simulator.firmware.motor_process import MotorProcess
from brickclass.simulator.firmware.servo import Servo
from brickclass.simulator.physics.motor import MotorShaft
from tests.firmware.hub_motor_model import HubMotorModel

ARM_KG = 0.06
ARM_REACH_M = 0.2
ARM_INERTIA = ARM_KG * ARM_REACH_M ** 2 / 3  # a rod turning about one end


def gravity_nm(angle_deg: float) -> float:
    """How hard gravity holds the arm back from turning up (angle 0: level, 90: up)."""
    return ARM_KG * 9.81 * ARM_REACH_M / 2 * math.cos(math.radians(angle_deg))


class OurArm:
    def __init__(self, load_inertia: float) -> None:
        self.shaft = MotorShaft("spike-medium", battery_mv=8000, start_deg=90, load_inertia=load_inertia)

    def step(self) -> None:
        self.shaft.step(0.005, -gravity_nm(math.degrees(self.shaft.angle)))

    def angle_deg(self) -> float:
        return math.degrees(self.shaft.angle)

    def speed_deg_s(self) -> float:
        return math.degrees(self.shaft.speed)


class FirmwareArm:
    def __init__(self) -> None:
        self.shaft = HubMotorModel(start_deg=90, load_torque_unm=lambda deg: gravity_nm(deg) * 1e6)

    def step(self) -> None:
        for _ in range(5):
            self.shaft.step_ms()

    def angle_deg(self) -> float:
        return self.shaft.angle_mdeg / 1000

    def speed_deg_s(self) -> float:
        return self.shaft.speed_deg_s


def lowest_and_fastest(arm: OurArm | FirmwareArm, command: str) -> tuple[float, float]:
    """Lower the arm from straight up; the lowest angle and the fastest downward speed in 1.5 s."""
    process = MotorProcess()
    servo: Servo = process.servo(arm.shaft)
    servo.setup(0, 1000, False, 0)
    servo.reset_angle(90, False)
    process.tick(0)
    if command == "run_target":
        servo.run_target(500, 0, HOLD)
    else:
        servo.run_forever(-100)
    lowest = fastest = 0.0
    for tick in range(1, 301):
        process.tick((tick - 1) * 5000)
        arm.step()
        process.clock.now_us = tick * 5000
        lowest = min(lowest, arm.angle_deg())
        fastest = min(fastest, arm.speed_deg_s())
    return lowest, fastest


def test_a_bare_motor_lowering_a_weight_overshoots_as_the_firmwares_model_does():
    ours = lowest_and_fastest(OurArm(0.0), "run_target")
    firmwares = lowest_and_fastest(FirmwareArm(), "run_target")
    # About 6 degrees past the target (0) before the hold brings it back.
    assert firmwares[0] == pytest.approx(-5.7, abs=0.3)
    assert ours[0] == pytest.approx(firmwares[0], abs=0.5)
    assert ours[1] == pytest.approx(firmwares[1], rel=0.05)


def test_gravity_pulls_a_slow_run_ahead_of_its_speed_in_both_models():
    ours = lowest_and_fastest(OurArm(0.0), "run")
    firmwares = lowest_and_fastest(FirmwareArm(), "run")
    # run(-100) with the weight helping reaches about 177 deg/s downwards.
    assert firmwares[1] == pytest.approx(-177, abs=3)
    assert ours[1] == pytest.approx(firmwares[1], abs=3)


def test_the_arms_own_inertia_carries_it_further():
    bare = lowest_and_fastest(OurArm(0.0), "run_target")
    with_arm = lowest_and_fastest(OurArm(ARM_INERTIA), "run_target")
    # With 2.7 times the motor's inertia on it the arm swings on well past
    # the target (on the rover its lower end stop, at -4 degrees, catches it).
    assert with_arm[0] < bare[0] - 20
