"""The world's direct reads and writes of a body's motion agree with pymunk's own properties."""

from __future__ import annotations

import random

import pymunk

from brickclass.simulator.physics import chipmunk
from brickclass.simulator.physics.scene import Collision, Scene


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


def _pushing_scene() -> tuple[Scene, pymunk.Body]:
    """A bumper driven through a row of pebbles (asleep by the time it comes) and into a wall."""
    scene = Scene((1000.0, 400.0))
    for i in range(8):
        scene.add_pebble((300.0 + 40.0 * i, 200.0 + 3.0 * (i % 3)), 8.0, 0.01)
    bumper = pymunk.Body(0.8, 2500.0)
    bumper.position = (100.0, 200.0)
    shape = pymunk.Circle(bumper, 30.0)
    shape.collision_type = Collision.BUMPER
    scene.space.add(bumper, shape)
    return scene, bumper


def test_a_scenes_step_is_pymunks_own_step():
    """Scene.step calls chipmunk's step itself once the scene is built: the same bodies, contacts and sleep."""
    ours, our_bumper = _pushing_scene()
    theirs, their_bumper = _pushing_scene()
    touched = woken = 0
    for tick in range(1200):
        # Still while the pebbles fall asleep, then pushing, then back a little.
        velocity = (0.0, 0.0) if tick < 150 else (600.0, 5.0) if tick < 1000 else (-200.0, 0.0)
        for bumper in (our_bumper, their_bumper):
            chipmunk.set_velocity(chipmunk.handle(bumper), *velocity)
        ours.step(0.005)
        theirs.contacts.bumper_impulse = 0.0
        theirs.space.step(0.005)
        assert ours.contacts.bumper_impulse == theirs.contacts.bumper_impulse
        touched += ours.contacts.bumper_impulse > 0
        for mine, other in zip([our_bumper, *ours.pebbles], [their_bumper, *theirs.pebbles], strict=True):
            assert (mine.position, mine.angle, mine.velocity, mine.angular_velocity, mine.is_sleeping) == \
                (other.position, other.angle, other.velocity, other.angular_velocity, other.is_sleeping)
        if tick == 149:
            assert all(p.is_sleeping for p in ours.pebbles)
        woken += tick > 150 and not ours.pebbles[-1].is_sleeping
    assert touched > 50 and woken > 50
    assert ours._handle is not None  # the direct step was taken
