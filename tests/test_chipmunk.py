"""The world's direct reads and writes of a body's motion agree with pymunk's own properties."""

from __future__ import annotations

import random

import pymunk

from brickclass.simulator.physics import chipmunk


def test_reads_and_writes_are_pymunks_own():
    rng = random.Random(7)
    space = pymunk.Space()
    body = pymunk.Body(0.8, 2500.0)
    body.center_of_gravity = (-12.5, 0.0)
    pebble = pymunk.Body(0.01, 1.0)
    space.add(body, pymunk.Circle(body, 20), pebble, pymunk.Circle(pebble, 5))
    cp_body = chipmunk.handle(body)
    for _ in range(500):
        body.angle = rng.uniform(-20, 20)
        body.position = (rng.uniform(0, 2000), rng.uniform(0, 1000))
        chipmunk.set_velocity(cp_body, rng.uniform(-500, 500), rng.uniform(-500, 500))
        chipmunk.set_angular_velocity(cp_body, rng.uniform(-9, 9))
        space.step(0.005)
        assert chipmunk.position(cp_body) == tuple(body.position)
        assert chipmunk.angle(cp_body) == body.angle
        assert chipmunk.velocity(cp_body) == tuple(body.velocity)
        assert chipmunk.angular_velocity(cp_body) == body.angular_velocity
    vx, vy, spin = 12.25, -3.5, 0.75
    chipmunk.set_velocity(cp_body, vx, vy)
    chipmunk.set_angular_velocity(cp_body, spin)
    assert tuple(body.velocity) == (vx, vy) and body.angular_velocity == spin


def test_a_pebble_left_alone_falls_asleep_and_says_so():
    space = pymunk.Space()
    space.sleep_time_threshold = 0.3
    pebble = pymunk.Body(0.01, 1.0)
    space.add(pebble, pymunk.Circle(pebble, 5))
    assert not chipmunk.is_sleeping(chipmunk.handle(pebble))
    for _ in range(100):
        space.step(0.005)
    assert chipmunk.is_sleeping(chipmunk.handle(pebble)) and pebble.is_sleeping

