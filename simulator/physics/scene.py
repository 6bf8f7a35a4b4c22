"""The pymunk scene: a top-down view of the table.

Units are millimetres, kilograms and seconds, with y pointing north, so
forces are in kg·mm/s² (millinewtons). Everything lies on the ground, so
ground friction is modelled the way pymunk's top-down examples do it: a
pivot and a gear joint to the static body whose strength is the friction
force, solved inside pymunk's own solver.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import IntEnum, IntFlag
from typing import Any, Final

import pymunk
from pymunk._chipmunk import lib as _cp

GRAVITY_MM_S2: Final = 9810.0
# chipmunk's step, looked up once (see Scene.step).
_SPACE_STEP: Final = _cp.cpSpaceStep


class Collision(IntEnum):
    """Collision types, named once (pymunk needs integers)."""

    WALL = 1
    OBSTACLE = 2
    CHASSIS = 3
    BUMPER = 4
    BRUSH = 5
    PEBBLE = 6


class Layer(IntFlag):
    """Shape filter categories: who may touch whom."""

    WALL = 1
    OBSTACLE = 2
    ROBOT = 4
    BRUSH = 8
    PEBBLE = 16


ALL_LAYERS = int(Layer.WALL | Layer.OBSTACLE | Layer.ROBOT | Layer.BRUSH | Layer.PEBBLE)


@dataclass
class Contacts:
    """What touched what during the last step (filled by collision handlers)."""

    bumper_impulse: float = 0.0  # kg·mm/s summed over the step
    obstacles_touched: set[str] = field(default_factory=set)
    walls_touched: bool = False


class Scene:
    """One pymunk space with the table's walls, obstacles and loose objects."""

    def __init__(self, size: tuple[float, float]) -> None:
        self.size = size
        self.space = pymunk.Space()
        self.space.gravity = (0.0, 0.0)
        self.space.iterations = 12
        # Pebbles resting on a panel fall asleep and cost nothing.
        self.space.sleep_time_threshold = 0.3
        self.space.idle_speed_threshold = 2.0
        self.contacts = Contacts()
        self.pebbles: list[pymunk.Body] = []
        self.obstacle_shapes: dict[pymunk.Shape, str] = {}
        # chipmunk's space, once pymunk's own first step has done its bookkeeping.
        self._handle: Any = None
        self._add_walls()
        self._register_handlers()

    # --- building ---------------------------------------------------------------

    def _add_walls(self) -> None:
        width, height = self.size
        thickness = 40.0
        static = self.space.static_body
        # Thick segments just outside the inner edge, so the inner face is at 0 and size.
        r = thickness / 2
        corners = [(-r, -r), (width + r, -r), (width + r, height + r), (-r, height + r)]
        for a, b in zip(corners, corners[1:] + corners[:1]):
            wall = pymunk.Segment(static, a, b, r)
            wall.friction = 0.4
            wall.elasticity = 0.1
            wall.collision_type = Collision.WALL
            wall.filter = pymunk.ShapeFilter(categories=Layer.WALL, mask=ALL_LAYERS)
            self.space.add(wall)

    def add_obstacle(self, obstacle_id: str, shape_kind: str, points: Iterable[tuple[float, float]],
                     center: tuple[float, float] = (0, 0), radius: float = 0.0) -> None:
        static = self.space.static_body
        if shape_kind == "circle":
            shape: pymunk.Shape = pymunk.Circle(static, radius, center)
        else:
            shape = pymunk.Poly(static, list(points))
        shape.friction = 0.5
        shape.elasticity = 0.1
        shape.collision_type = Collision.OBSTACLE
        shape.filter = pymunk.ShapeFilter(categories=Layer.OBSTACLE, mask=ALL_LAYERS)
        self.space.add(shape)
        self.obstacle_shapes[shape] = obstacle_id

    def add_pebble(self, position: tuple[float, float], radius: float, mass_kg: float,
                   grip: float = 0.5) -> pymunk.Body:
        moment = pymunk.moment_for_circle(mass_kg, 0, radius)
        body = pymunk.Body(mass_kg, moment)
        body.position = position
        shape = pymunk.Circle(body, radius)
        shape.friction = 0.6
        shape.elasticity = 0.05
        shape.collision_type = Collision.PEBBLE
        shape.filter = pymunk.ShapeFilter(categories=Layer.PEBBLE, mask=ALL_LAYERS)
        self.space.add(body, shape)
        self.add_ground_friction(body, grip * mass_kg * GRAVITY_MM_S2, radius / 2)
        self.pebbles.append(body)
        return body

    def add_ground_friction(self, body: pymunk.Body, force: float, lever: float) -> None:
        """Sliding friction with the ground, solved by pymunk (as in its tank example)."""
        static = self.space.static_body
        slide = pymunk.PivotJoint(static, body, (0, 0), (0, 0))
        slide.max_bias = 0
        slide.max_force = force
        spin = pymunk.GearJoint(static, body, 0.0, 1.0)
        spin.max_bias = 0
        spin.max_force = force * lever
        self.space.add(slide, spin)

    # --- contacts -----------------------------------------------------------------

    def _register_handlers(self) -> None:
        space = self.space

        def bumper_post(arbiter: pymunk.Arbiter, _space: pymunk.Space, _data: object) -> None:
            impulse = arbiter.total_impulse
            self.contacts.bumper_impulse += math.hypot(impulse.x, impulse.y)

        def robot_touches_obstacle(arbiter: pymunk.Arbiter, _space: pymunk.Space, _data: object) -> None:
            for shape in arbiter.shapes:
                name = self.obstacle_shapes.get(shape)
                if name:
                    self.contacts.obstacles_touched.add(name)

        def robot_touches_wall(arbiter: pymunk.Arbiter, _space: pymunk.Space, _data: object) -> None:
            self.contacts.walls_touched = True

        for other in (Collision.WALL, Collision.OBSTACLE, Collision.PEBBLE):
            space.on_collision(Collision.BUMPER, other, post_solve=bumper_post)
        for robot_part in (Collision.CHASSIS, Collision.BUMPER, Collision.BRUSH):
            space.on_collision(robot_part, Collision.OBSTACLE, pre_solve=robot_touches_obstacle)
        for robot_part in (Collision.CHASSIS, Collision.BUMPER):
            space.on_collision(robot_part, Collision.WALL, pre_solve=robot_touches_wall)

    # --- stepping -----------------------------------------------------------------

    def step(self, dt: float) -> None:
        """pymunk's Space.step, without its bookkeeping once the scene is built.

        Around chipmunk's step pymunk checks newly added bodies, then adds and
        removes what was asked for during the step and runs post-step
        callbacks; a scene gets all its bodies before the first step and its
        handlers change nothing in the space, so from the second step on only
        the lock and chipmunk's step are left (a test holds it to pymunk's step).
        """
        self.contacts.bumper_impulse = 0.0
        space = self.space
        handle = self._handle
        if handle is None or space._bodies_to_check or space._add_later or space._remove_later \
                or space._post_step_callbacks:
            space.step(dt)
            self._handle = space._space
            return
        space._locked = True
        try:
            _SPACE_STEP(handle, dt)
        finally:
            space._locked = False
