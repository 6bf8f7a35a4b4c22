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
from typing import Any, Final, Protocol

import pymunk

from brickclass.simulator.physics import chipmunk
from brickclass.simulator.physics.bodystate import BodyState
from brickclass.simulator.physics.motor import MotorShaft, settle_speed

G: Final = 9.81
MM: Final = 1000.0


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
    __slots__ = ("body", "cp_body", "com_x", "wheels", "grip", "rolling_resistance", "caster_load_n", "_radius",
                 "_mass", "_inertia", "_caster_drag", "_scrub_arm")

    def __init__(self, body: pymunk.Body, *, com_x: float, wheels: tuple[Wheel, Wheel], grip: float,
                 rolling_resistance: float, caster_load_n: float, tyre_width_mm: float = 0.0) -> None:
        self.body = body
        self.cp_body = chipmunk.handle(body)
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
        # Turning scrubs each tyre's contact patch: its inner and outer halves
        # slide opposite ways, a quarter of the width out from its middle.
        self._scrub_arm = tyre_width_mm / MM / 4

    # --- the two halves of a step ---------------------------------------------------

    def step(self, dt: float, ground: Ground | None) -> None:
        """Set the chassis' velocity from the motors' drive, before pymunk steps."""
        body = self.cp_body
        angle = chipmunk.angle(body)
        cos_a, sin_a = math.cos(angle), math.sin(angle)
        spin = chipmunk.angular_velocity(body)
        # Velocity of the axle centre (body origin), in the robot's frame.
        vx, vy = chipmunk.velocity(body)
        com_x = self.com_x
        cx, cy = com_x * cos_a, com_x * sin_a  # world offset of the centre of mass
        ax, ay = vx + spin * cy, vy - spin * cx
        forward = (ax * cos_a + ay * sin_a) / MM
        sideways = (-ax * sin_a + ay * cos_a) / MM

        mass = self._mass
        wheels = self.wheels
        grips, resist = self._ground(ground, body, cos_a, sin_a)
        lines = (wheels[0].motor.torque_line(), wheels[1].motor.torque_line())

        # Solve for (forward', spin') with each wheel either gripping (its motor's
        # torque line acts through the tyre) or slipping (a capped force).
        slipping = [False, False]
        for _ in range(3):
            new_forward, new_spin, forces = self._solve(dt, forward, spin, slipping, grips, resist, lines)
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
        chipmunk.set_velocity(body, axle_vx - new_spin * cy, axle_vy + new_spin * cx)
        chipmunk.set_angular_velocity(body, new_spin)

    def _solve(self, dt: float, forward: float, spin: float, slipping: list[bool], grips: list[float],
               resist: list[float], lines: tuple[tuple[float, float], ...]) -> tuple[float, float, list[float]]:
        """(forward', spin', force through each tyre) after ``dt``, implicit in everything.

        Implicit Euler gives a linear system  A [u, w] = rhs  in the new forward
        speed u and turn rate w: each gripping wheel adds its motor's torque
        line  F = fs*a/r - b*(u - w*y)/r^2  and its motor's inertia; a slipping
        wheel adds a fixed force at its grip limit. Dry friction (the gearbox,
        the tyres' and the caster's rolling resistance) is solved together with
        it (``friction_solve``), so a wheel that friction holds stands exactly
        still instead of chattering around zero.
        """
        mass, inertia = self._mass, self._inertia
        a11, a12, a22 = mass / dt, 0.0, inertia / dt
        rhs1 = mass * forward / dt
        rhs2 = inertia * spin / dt
        # Dry friction: (direction in (u, w), largest force or torque): the
        # caster's drag, the tyres' scrub against turning, then each gripping wheel.
        scrub = self._scrub_arm * sum(grips[i] * wheel.load_n for i, wheel in enumerate(self.wheels)
                                      if not slipping[i])
        frictions: list[tuple[float, float, float]] = [(1.0, 0.0, self._caster_drag), (0.0, 1.0, scrub)]
        for i, wheel in enumerate(self.wheels):
            r = self._radius[i]
            y = wheel.lateral_mm / MM
            a, b = lines[i]
            ground_speed = forward - spin * y
            if slipping[i]:
                force = _slip_force(wheel, r, grips[i], lines[i], ground_speed)
                rhs1 += force
                rhs2 += -y * force
                continue
            # The motor's damping and inertia, seen at the tyre, add to the robot's.
            coupling = b / (r * r) + wheel.motor.specs.inertia / (r * r) / dt
            a11 += coupling
            a12 -= coupling * y
            a22 += coupling * y * y
            drive = wheel.forward_sign * a / r + (coupling - b / (r * r)) * ground_speed
            rhs1 += drive
            rhs2 -= y * drive
            frictions.append((1.0, -y, wheel.motor.specs.friction_nm / r + resist[i] * wheel.load_n))
        new_forward, new_spin, held = friction_solve(a11, a12, a22, rhs1, rhs2, frictions)
        forces: list[float] = []
        k = 2
        for i, wheel in enumerate(self.wheels):
            r = self._radius[i]
            y = wheel.lateral_mm / MM
            a, b = lines[i]
            speed = new_forward - new_spin * y
            if slipping[i]:
                forces.append(_slip_force(wheel, r, grips[i], lines[i], speed))
                continue
            old = forward - spin * y
            # What the tyre passes on: the motor's drive less its inertia and gearbox friction.
            forces.append(wheel.forward_sign * a / r - b * speed / (r * r)
                          - wheel.motor.specs.inertia / (r * r) * (speed - old) / dt - held[k])
            k += 1
        return new_forward, new_spin, forces

    def settle(self, dt: float, chassis: BodyState | None = None) -> None:
        """After pymunk: gripping wheels turn with the chassis; slipping ones spin freely.

        ``chassis`` is the body as the world read it after the step (read here when not given).
        """
        if chassis is None:
            chassis = BodyState(self.cp_body)
        cos_a, sin_a = chassis.cos_a, chassis.sin_a
        spin = chassis.angular_velocity
        vx, vy = chassis.velocity
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

    def _ground(self, ground: Ground | None, body: chipmunk.Handle, cos_a: float,
                sin_a: float) -> tuple[list[float], list[float]]:
        grips = [self.grip, self.grip]
        resist = [self.rolling_resistance, self.rolling_resistance]
        if ground is None:
            return grips, resist
        x, y = chipmunk.position(body)
        for i, wheel in enumerate(self.wheels):
            lateral = wheel.lateral_mm
            crater = ground.crater_at(x - lateral * sin_a, y + lateral * cos_a)
            if crater is not None:
                grips[i] = min(self.grip, crater.grip)
                resist[i] = crater.rolling_resistance
        return grips, resist


def _slip_force(wheel: Wheel, r: float, grip: float, line: tuple[float, float], ground_speed: float) -> float:
    """A slipping tyre's force: its grip limit, the way the motor pushes relative to the ground."""
    a, b = line
    push = wheel.forward_sign * a / r - b * ground_speed / (r * r)
    return math.copysign(grip * wheel.load_n, push if push else ground_speed)


# Friction solving ends when no friction force changes by more than this (N).
_FRICTION_TOLERANCE: Final = 1e-9
_FRICTION_SWEEPS: Final = 60


def friction_solve(a11: float, a12: float, a22: float, b1: float, b2: float,
                   frictions: list[tuple[float, float, float]]) -> tuple[float, float, list[float]]:
    """Solve  A x = b - sum(g_j * f_j)  for x = (u, w) with dry friction, implicitly.

    ``A`` (symmetric, positive definite) and ``b`` are the implicit step without
    friction; each friction j acts along ``g_j = (g1, g2)`` (a wheel's ground
    speed is ``g_j . x``) with a force of at most ``limit``. A friction that can
    hold its wheel still does, exactly; one that cannot opposes the motion with
    its full force (a complementarity problem, as in a physics engine's contact
    solver). Returns (u, w, the friction forces).
    """
    if b1 == 0.0 and b2 == 0.0:
        # Nothing pushes and nothing moves (a robot parked): no friction needed.
        return 0.0, 0.0, [0.0] * len(frictions)
    det = a11 * a22 - a12 * a12
    i11, i12, i22 = a22 / det, -a12 / det, a11 / det
    u0 = i11 * b1 + i12 * b2
    w0 = i12 * b1 + i22 * b2
    # How each friction force moves x (A^-1 g), and its own speed per newton.
    moves = [(i11 * g1 + i12 * g2, i12 * g1 + i22 * g2) for g1, g2, _ in frictions]
    weights = [g1 * h1 + g2 * h2 for (g1, g2, _), (h1, h2) in zip(frictions, moves)]

    # Usually everything slides the way it moves without friction: one step.
    forces = [math.copysign(limit, g1 * u0 + g2 * w0) if g1 * u0 + g2 * w0 else 0.0
              for g1, g2, limit in frictions]
    u, w = u0, w0
    for force, (h1, h2) in zip(forces, moves):
        u -= force * h1
        w -= force * h2
    if all(force == 0.0 and limit == 0.0 or (g1 * u + g2 * w) * force > 0.0
           for force, (g1, g2, limit) in zip(forces, frictions)):
        return u, w, forces

    # Otherwise projected Gauss-Seidel on the friction forces ...
    for _ in range(_FRICTION_SWEEPS):
        largest = 0.0
        for j, (g1, g2, limit) in enumerate(frictions):
            old = forces[j]
            new = old + (g1 * u + g2 * w) / weights[j]
            new = limit if new > limit else -limit if new < -limit else new
            if new != old:
                h1, h2 = moves[j]
                u -= (new - old) * h1
                w -= (new - old) * h2
                forces[j] = new
                change = abs(new - old)
                if change > largest:
                    largest = change
        if largest < _FRICTION_TOLERANCE:
            break
    # ... then exactly: frictions below their limit hold their wheel still.
    holding = [j for j, (_, _, limit) in enumerate(frictions) if abs(forces[j]) < limit * (1.0 - 1e-9)]
    r1, r2 = b1, b2
    for j, (g1, g2, _) in enumerate(frictions):
        if j not in holding:
            r1 -= forces[j] * g1
            r2 -= forces[j] * g2
    if not holding:
        return i11 * r1 + i12 * r2, i12 * r1 + i22 * r2, forces
    first = frictions[holding[0]]
    if any(abs(first[0] * frictions[j][1] - first[1] * frictions[j][0]) > 1e-12 for j in holding[1:]):
        # Two independent wheels held: the robot stands still.
        if len(holding) == 2:
            (p1, p2, _), (q1, q2, _) = frictions[holding[0]], frictions[holding[1]]
            cross = p1 * q2 - p2 * q1
            forces[holding[0]] = (r1 * q2 - r2 * q1) / cross
            forces[holding[1]] = (p1 * r2 - p2 * r1) / cross
        return 0.0, 0.0, forces
    # One wheel held: the robot may only move so that wheel stays put.
    g1, g2 = first[0], first[1]
    n1, n2 = -g2, g1
    t = (n1 * r1 + n2 * r2) / (n1 * (a11 * n1 + a12 * n2) + n2 * (a12 * n1 + a22 * n2))
    u, w = t * n1, t * n2
    # What that wheel's friction then carries.
    e1, e2 = r1 - (a11 * u + a12 * w), r2 - (a12 * u + a22 * w)
    forces[holding[0]] = (g1 * e1 + g2 * e2) / (g1 * g1 + g2 * g2)
    return u, w, forces
