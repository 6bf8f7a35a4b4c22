"""The drive wheels and the ground: dry friction solved with the motion, never after it."""

from __future__ import annotations

import pytest

from brickclass.robots.models import load_robot
from brickclass.simulator.missions import load_mission
from brickclass.simulator.physics.drivetrain import friction_solve
from brickclass.simulator.world import DT, World


def rover_on_the_practice_table() -> World:
    return World(load_mission("practice"), load_robot("spike-rover"))


def physics_ticks(world: World, ticks: int):
    """The physics half of the world's ticks (the firmware is not running: the test sets the drive)."""
    robot = world.robot
    assert robot is not None
    for _ in range(ticks):
        robot.before_physics(DT, world.field)
        world.scene.step(DT)
        robot.drivetrain.settle(DT)
        yield robot


class TestFrictionSolve:
    def test_friction_that_can_hold_holds_exactly(self):
        # Two wheels on a unit system, each pushed by less than its friction.
        u, w, forces = friction_solve(10.0, 0.0, 10.0, 0.3, -0.2, [(1.0, 1.0, 1.0), (1.0, -1.0, 1.0)])
        assert (u, w) == (0.0, 0.0)
        # The frictions carry exactly the push.
        assert forces[0] + forces[1] == pytest.approx(0.3)
        assert forces[0] - forces[1] == pytest.approx(-0.2)

    def test_friction_that_cannot_hold_takes_its_full_force_off_the_push(self):
        u, w, forces = friction_solve(10.0, 0.0, 10.0, 5.0, 0.0, [(1.0, 0.0, 1.0)])
        assert forces == [1.0]
        assert (u, w) == (pytest.approx(0.4), 0.0)

    def test_one_held_wheel_makes_the_other_turn_about_it(self):
        # The right wheel's friction holds; the left one slides.
        u, w, forces = friction_solve(10.0, 0.0, 10.0, 3.0, 3.0, [(1.0, 1.0, 1.0), (1.0, -1.0, 5.0)])
        assert u - w == 0.0
        assert u + w > 0
        assert forces[0] == 1.0
        assert abs(forces[1]) < 5.0

    def test_no_friction_is_the_plain_step(self):
        u, w, _ = friction_solve(2.0, 0.5, 4.0, 1.0, 2.0, [(1.0, 0.0, 0.0)])
        assert (2.0 * u + 0.5 * w, 0.5 * u + 4.0 * w) == (pytest.approx(1.0), pytest.approx(2.0))


class TestRobotAtRest:
    def test_a_small_voltage_the_gearbox_holds_leaves_the_robot_exactly_still(self):
        world = rover_on_the_practice_table()
        robot = world.robot
        assert robot is not None
        left, right = (wheel.motor for wheel in robot.drivetrain.wheels)
        start = world.pose()
        # About a quarter of what it takes to overcome the gearbox friction.
        left.set_voltage(-250)
        right.set_voltage(300)
        for _ in physics_ticks(world, 200):
            assert (left.speed, right.speed) == (0.0, 0.0)
            assert tuple(robot.body.velocity) == (0.0, 0.0)
            assert robot.body.angular_velocity == 0.0
        assert world.pose() == start

    def test_enough_voltage_drives_off(self):
        world = rover_on_the_practice_table()
        robot = world.robot
        assert robot is not None
        left, right = (wheel.motor for wheel in robot.drivetrain.wheels)
        left.set_voltage(-2000)
        right.set_voltage(2000)
        for _ in physics_ticks(world, 100):
            pass
        assert right.speed > 0 > left.speed
