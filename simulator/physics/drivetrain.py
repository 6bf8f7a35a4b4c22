"""Two driven wheels coupling their motors to the chassis through the tyres' grip.

Each step, before pymunk moves anything, the drivetrain solves the chassis'
forward speed and turn rate together with both motors' torque lines
(``MotorShaft.torque_line``), implicitly, so a stiff PID and a light robot
stay stable at the hub's 5 ms. A tyre that would need more force than its
grip allows slips: its force is capped and its motor spins on its own. The
tyres also stop the axle from sliding sideways. After pymunk has resolved
collisions (a wall, the lander, a pebble pushed by the bumper), the wheels
turn with the chassis as it really moved, so the encoders see a robot that
was slowed down and the firmware corrects, as on the table.

Units inside: SI. pymunk's scene is in millimetres.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Protocol

import pymunk

from brickclass.simulator.physics.motor import MotorShaft, settle_speed

G = 9.81
MM = 1000.0


class Ground(Protocol):
    """What the drivetrain asks about the ground under a wheel (the field map)."""

    def crater_at(self, x: float, y: float) -> Any: ...


@dataclass
class Wheel:
    motor: MotorShaft
    lateral_mm: float  # distance to the left of the axle centre (right wheel negative)
    radius_mm: float
    forward_sign: float  # +1 when the motor turning clockwise drives the wheel forward
    load_n: float
    slipping: bool = False


class DriveTrain:
    __slots__ = ("body", "com_x", "wheels", "grip", "rolling_resistance", "caster_load_n", "_radius", "_mass",
                 "_inertia", "_caster_drag")

    def __init__(self, body: pymunk.Body, *, com_x: float, wheels: tuple[Wheel, Wheel], grip: float,
                 rolling_resistance: float, caster_load_n: float) -> None:
        self.body = body
        self.com_x = com_x  # mm ahead of the axle (negative: behind it)
        self.wheels = wheels
        self.grip = grip
        self.rolling_resistance = rolling_resistance
        self.caster_load_n = caster_load_n
        self._radius = [w.radius_mm / MM for w in wheels]
        # Constant for the whole run: mass, moment about the axle centre, caster drag.
        com = com_x / MM
        self._mass = body.mass
        self._inertia = body.moment / (MM * MM) + body.mass * com * com
        self._caster_drag = rolling_resistance * caster_load_n

    # --- the two halves of a step ---------------------------------------------------

    def step(self, dt: float, ground: Ground | None) -> None:
        """Set the chassis' velocity from the motors' drive, before pymunk steps."""
        body = self.body
        angle = body.angle
        cos_a, sin_a = math.cos(angle), math.sin(angle)
        spin = body.angular_velocity
        # Velocity of the axle centre (body origin), in the robot's frame.
        vx, vy = body.velocity
        com_x = self.com_x
        cx, cy = com_x * cos_a, com_x * sin_a  # world offset of the centre of mass
        ax, ay = vx + spin * cy, vy - spin * cx
        forward = (ax * cos_a + ay * sin_a) / MM
        sideways = (-ax * sin_a + ay * cos_a) / MM

        mass = self._mass
        inertia = self._inertia
        wheels = self.wheels
        grips, resist = self._ground(ground, body, cos_a, sin_a)
        lines = [wheels[0].motor.torque_line(), wheels[1].motor.torque_line()]
        # Rolling resistance of tyres and caster, opposing the motion.
        if abs(forward) > 1e-4:
            drag = self._caster_drag + resist[0] * wheels[0].load_n + resist[1] * wheels[1].load_n
            drag_force = -drag if forward > 0 else drag
        else:
            drag_force = 0.0

        # Solve for (forward', spin') with each wheel either gripping (its motor's
        # torque line acts through the tyre) or slipping (a capped force).
        slipping = [False, False]
        for _ in range(3):
            new_forward, new_spin, forces = self._solve(dt, forward, spin, mass, inertia, drag_force, slipping, grips,
                                                        lines)
            changed = False
            for i in (0, 1):
                if not slipping[i] and abs(forces[i]) > grips[i] * wheels[i].load_n:
                    slipping[i] = True
                    changed = True
            if not changed:
                break
        wheels[0].slipping, wheels[1].slipping = slipping

        # Tyres hold the axle against sliding sideways, up to their grip.
        lateral_limit = (grips[0] * wheels[0].load_n + grips[1] * wheels[1].load_n + self.caster_load_n * 0.5) \
            * dt / mass
        new_sideways = sideways - max(-lateral_limit, min(lateral_limit, sideways))

        # Back to pymunk: velocity of the centre of mass, in mm/s.
        fwd_mm, side_mm = new_forward * MM, new_sideways * MM
        axle_vx = fwd_mm * cos_a - side_mm * sin_a
        axle_vy = fwd_mm * sin_a + side_mm * cos_a
        body.velocity = (axle_vx - new_spin * cy, axle_vy + new_spin * cx)
        body.angular_velocity = new_spin

    def _solve(self, dt: float, forward: float, spin: float, mass: float, inertia: float, drag: float,
               slipping: list[bool], grips: list[float],
               lines: list[tuple[float, float]]) -> tuple[float, float, list[float]]:
        # Linear system  A [u, w] = rhs  from implicit Euler with each gripping
        # wheel's force  F = fs*a/r - b*(u - w*y)/r^2 - friction  and each
        # slipping wheel's force fixed at its grip limit.
        a11, a12, a21, a22 = mass / dt, 0.0, 0.0, inertia / dt
        rhs1 = mass * forward / dt + drag
        rhs2 = inertia * spin / dt
        fixed: list[float | None] = [None, None]
        for i, wheel in enumerate(self.wheels):
            r = self._radius[i]
            y = wheel.lateral_mm / MM
            motor = wheel.motor
            a, b = lines[i]
            if slipping[i]:
                # Force direction: the way the motor pushes relative to the ground.
                ground_speed = forward - spin * y
                push = wheel.forward_sign * a / r - b * ground_speed / (r * r)
                force = math.copysign(grips[i] * wheel.load_n, push if push else ground_speed)
                fixed[i] = force
                rhs1 += force
                rhs2 += -y * force
                continue
            # Gearbox friction opposes the wheel's motion (or holds it still).
            ground_speed = forward - spin * y
            friction = 0.0
            if abs(ground_speed) > 1e-4:
                friction = math.copysign(motor.specs.friction_nm / r, ground_speed)
            drive = wheel.forward_sign * a / r - friction
            damping = b / (r * r)
            inertia_wheel = motor.specs.inertia / (r * r)
            # Motor inertia adds to the robot's, seen through the wheel.
            a11 += damping + inertia_wheel / dt
            a12 += -damping * y - inertia_wheel * y / dt
            a21 += -y * damping - inertia_wheel * y / dt
            a22 += damping * y * y + inertia_wheel * y * y / dt
            rhs1 += drive + inertia_wheel * ground_speed / dt
            rhs2 += -y * drive - y * inertia_wheel * ground_speed / dt
        det = a11 * a22 - a12 * a21
        new_forward = (rhs1 * a22 - a12 * rhs2) / det
        new_spin = (a11 * rhs2 - a21 * rhs1) / det
        forces: list[float] = []
        for i, wheel in enumerate(self.wheels):
            f = fixed[i]
            if f is None:
                r = self._radius[i]
                y = wheel.lateral_mm / MM
                a, b = lines[i]
                speed = new_forward - new_spin * y
                old = forward - spin * y
                f = (wheel.forward_sign * a / r - b * speed / (r * r)
                     - wheel.motor.specs.inertia / (r * r) * (speed - old) / dt)
            forces.append(f)
        return new_forward, new_spin, forces

    def settle(self, dt: float) -> None:
        """After pymunk: gripping wheels turn with the chassis; slipping ones spin freely."""
        body = self.body
        angle = body.angle
        cos_a, sin_a = math.cos(angle), math.sin(angle)
        spin = body.angular_velocity
        vx, vy = body.velocity
        cx, cy = self.com_x * cos_a, self.com_x * sin_a
        ax, ay = vx + spin * cy, vy - spin * cx
        forward = (ax * cos_a + ay * sin_a) / MM
        for i, wheel in enumerate(self.wheels):
            r = self._radius[i]
            ground_speed = forward - spin * wheel.lateral_mm / MM
            motor = wheel.motor
            if wheel.slipping:
                a, b = motor.torque_line()
                # The ground drags the spinning tyre with its grip force.
                tyre_speed = wheel.forward_sign * motor.speed * r
                drag = -math.copysign(self.grip * wheel.load_n * r, tyre_speed - ground_speed) \
                    if abs(tyre_speed - ground_speed) > 1e-4 else 0.0
                new_speed = settle_speed(motor.specs.inertia, motor.speed, a + wheel.forward_sign * drag, b,
                                         motor.specs.friction_nm, dt)
                # Once the tyre matches the ground again it grips.
                if (wheel.forward_sign * new_speed * r - ground_speed) * (tyre_speed - ground_speed) <= 0:
                    new_speed = wheel.forward_sign * ground_speed / r
                motor.follow(new_speed, dt)
            else:
                motor.follow(wheel.forward_sign * ground_speed / r, dt)

    def _ground(self, ground: Ground | None, body: pymunk.Body, cos_a: float,
                sin_a: float) -> tuple[list[float], list[float]]:
        grips = [self.grip, self.grip]
        resist = [0.0, 0.0]
        if ground is None:
            return grips, resist
        x, y = body.position
        for i, wheel in enumerate(self.wheels):
            lateral = wheel.lateral_mm
            crater = ground.crater_at(x - lateral * sin_a, y + lateral * cos_a)
            if crater is not None:
                grips[i] = min(self.grip, crater.grip)
                resist[i] = crater.rolling_resistance
        return grips, resist
