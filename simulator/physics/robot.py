"""The robot's body on the table: chassis, drive wheels, sweeper arm, sensor mounts.

The chassis is one pymunk body (so it collides with walls, the lander and
pebbles). The two drive wheels are not pymunk bodies: each wheel is its
motor's shaft, and ``DriveTrain`` couples the motors to the chassis through
the tyres' grip every step (see ``drivetrain``). The arm is a motor of its
own with end stops; while it is down its brush is a shape on the chassis that
sweeps dust and pushes pebbles.

Robot frame: origin at the axle centre, x forward, y to the left (mm).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pymunk

from brickclass.robots.models import PortSpec, RobotSpec
from brickclass.simulator.physics import angles
from brickclass.simulator.physics.bodystate import BodyState
from brickclass.simulator.physics.drivetrain import DriveTrain, Ground, Wheel
from brickclass.simulator.physics.motor import MotorShaft
from brickclass.simulator.physics.scene import ALL_LAYERS, Collision, Layer, Scene


def compass_to_body_angle(heading_deg: float) -> float:
    """Compass heading (clockwise from north) → pymunk angle (counterclockwise from east)."""
    return angles.radians(90.0 - heading_deg)


def body_angle_to_compass(angle_rad: float) -> float:
    return (90.0 - angles.degrees(angle_rad)) % 360.0


@dataclass(frozen=True)
class ArmGeometry:
    pivot: tuple[float, float]
    reach_mm: float
    brush_mm: float
    brush_down_below: float


class RobotBody:
    """The chassis in the scene, with the wheels and the arm's brush attached."""

    def __init__(self, spec: RobotSpec, scene: Scene, start: tuple[float, float, float],
                 left_motor: MotorShaft, right_motor: MotorShaft) -> None:
        assert spec.chassis is not None and spec.wheels is not None
        self.spec = spec
        self.scene = scene
        chassis = spec.chassis
        outline = list(chassis.outline)
        # Centre of mass between the axle and the caster, where the hub sits.
        com_x = chassis.caster[0] * (1.0 - 2 * chassis.wheel_load_share)
        if chassis.radius_of_gyration_mm is not None:
            moment = chassis.mass_kg * chassis.radius_of_gyration_mm ** 2
        else:
            moment = pymunk.moment_for_poly(chassis.mass_kg, [(x - com_x, y) for x, y in outline])
        body = pymunk.Body(chassis.mass_kg, moment)
        body.center_of_gravity = (com_x, 0.0)
        x, y, heading = start
        # Angle first: pymunk turns a body about its centre of gravity, which would
        # move the axle centre away from the start position if set afterwards.
        body.angle = compass_to_body_angle(heading)
        body.position = (x, y)
        self.body = body

        shape = pymunk.Poly(body, outline)
        shape.friction = 0.5
        shape.elasticity = 0.05
        shape.collision_type = Collision.CHASSIS
        shape.filter = pymunk.ShapeFilter(categories=Layer.ROBOT, mask=int(Layer.WALL | Layer.OBSTACLE | Layer.PEBBLE))
        scene.space.add(body, shape)
        self.chassis_shape = shape

        self.bumper_shape: pymunk.Shape | None = None
        for port in spec.ports.values():
            if port.device == "force" and port.outline:
                bumper = pymunk.Poly(body, list(port.outline))
                bumper.friction = 0.5
                bumper.collision_type = Collision.BUMPER
                bumper.filter = pymunk.ShapeFilter(categories=Layer.ROBOT,
                                                   mask=int(Layer.WALL | Layer.OBSTACLE | Layer.PEBBLE))
                scene.space.add(bumper)
                self.bumper_shape = bumper

        wheels = spec.wheels
        left_port = spec.port_with_role("left-wheel")
        right_port = spec.port_with_role("right-wheel")
        assert left_port is not None and right_port is not None
        half_track = wheels.axle_track_mm / 2
        load = chassis.mass_kg * chassis.wheel_load_share * 9.81  # newtons per drive wheel
        self.drivetrain = DriveTrain(
            body,
            com_x=com_x,
            wheels=(
                Wheel(left_motor, lateral_mm=half_track, radius_mm=wheels.diameter_mm / 2,
                      forward_sign=_forward_sign(left_port), load_n=load),
                Wheel(right_motor, lateral_mm=-half_track, radius_mm=wheels.diameter_mm / 2,
                      forward_sign=_forward_sign(right_port), load_n=load),
            ),
            grip=wheels.grip,
            rolling_resistance=wheels.rolling_resistance,
            tyre_width_mm=wheels.width_mm,
            caster_load_n=chassis.mass_kg * 9.81 - 2 * load,
        )

        self.arm: ArmGeometry | None = None
        self.brush_shape: pymunk.Shape | None = None
        self.brush_down = False
        arm_port = spec.port_with_role("arm")
        if arm_port is not None and "pivot" in arm_port.extra:
            pivot = tuple(float(v) for v in arm_port.extra["pivot"])
            self.arm = ArmGeometry(
                pivot=(pivot[0], pivot[1]),
                reach_mm=float(arm_port.extra.get("reach_mm", 150)),
                brush_mm=float(arm_port.extra.get("brush_mm", 30)),
                brush_down_below=float(arm_port.extra.get("brush_down_below", 10)),
            )
            px, py = self.arm.pivot
            reach = self.arm.reach_mm
            side = -1.0 if py < 0 else 1.0
            half = self.arm.brush_mm / 2
            # The brush: a bar out to the side, pushing whatever lies ahead of it.
            brush = pymunk.Poly(body, [(px - half, py), (px + half, py),
                                       (px + half, py + side * reach), (px - half, py + side * reach)])
            brush.friction = 0.3
            brush.collision_type = Collision.BRUSH
            brush.filter = pymunk.ShapeFilter(categories=Layer.BRUSH, mask=0)
            scene.space.add(brush)
            self.brush_shape = brush
        self.state = BodyState(self.drivetrain.cp_body)

    # --- stepping ----------------------------------------------------------------

    def set_brush_down(self, down: bool) -> None:
        """The brush touches the ground (and pebbles) only while the arm is low."""
        if down == self.brush_down or self.brush_shape is None:
            return
        self.brush_down = down
        self.brush_shape.filter = pymunk.ShapeFilter(categories=Layer.BRUSH, mask=int(Layer.PEBBLE) if down else 0)

    def before_physics(self, dt: float, ground: Ground | None) -> None:
        self.drivetrain.step(dt, ground)

    def read_state(self) -> BodyState:
        """Read the chassis after a physics step (and after anything moved it)."""
        self.state = BodyState(self.drivetrain.cp_body)
        return self.state

    # --- geometry ----------------------------------------------------------------

    def to_world(self, local: tuple[float, float]) -> tuple[float, float]:
        point = self.body.local_to_world(local)
        return (point.x, point.y)

    def pose(self) -> tuple[float, float, float]:
        """Axle centre in field coordinates and compass heading."""
        p = self.body.position
        return (p.x, p.y, body_angle_to_compass(self.body.angle))

    def forward(self) -> tuple[float, float]:
        return (math.cos(self.body.angle), math.sin(self.body.angle))

    def wheel_contacts(self) -> list[tuple[float, float]]:
        return [self.to_world((0.0, wheel.lateral_mm)) for wheel in self.drivetrain.wheels]

    def brush_points(self, samples: int = 9) -> list[tuple[float, float]]:
        """Points along the brush, where it touches the ground when down (as of the last physics step)."""
        if self.arm is None:
            return []
        px, py = self.arm.pivot
        side = -1.0 if py < 0 else 1.0
        reach = self.arm.reach_mm
        to_world = self.state.to_world
        return [to_world(px, py + side * reach * (i + 0.5) / samples) for i in range(samples)]

    def outline_world(self) -> list[tuple[float, float]]:
        return [self.to_world(p) for p in self.spec.chassis.outline]  # type: ignore[union-attr]


def _forward_sign(port: PortSpec) -> float:
    """+1 when the motor turning clockwise drives the wheel forward."""
    return -1.0 if port.forward == "counterclockwise" else 1.0


__all__ = ["RobotBody", "ALL_LAYERS", "compass_to_body_angle", "body_angle_to_compass"]
