"""A body's motion read and set straight through chipmunk, the C library under pymunk.

A tick reads and sets the chassis' motion, and looks at every pebble; pymunk's
properties wrap each of those calls in Python (a new Vec2d for every read, a
type-checking ``__setattr__`` for every write), which cost more than the
physics step itself. These call the very chipmunk functions pymunk's
properties call, through pymunk's own binding, without the wrapping; the
tests hold them to pymunk's properties (pymunk is pinned to its major version).
"""

from __future__ import annotations

import pymunk
from pymunk._chipmunk import lib as _cp


def position(body: pymunk.Body) -> tuple[float, float]:
    p = _cp.cpBodyGetPosition(body._body)
    return (p.x, p.y)


def angle(body: pymunk.Body) -> float:
    value: float = _cp.cpBodyGetAngle(body._body)
    return value


def velocity(body: pymunk.Body) -> tuple[float, float]:
    v = _cp.cpBodyGetVelocity(body._body)
    return (v.x, v.y)


def angular_velocity(body: pymunk.Body) -> float:
    value: float = _cp.cpBodyGetAngularVelocity(body._body)
    return value


def set_velocity(body: pymunk.Body, vx: float, vy: float) -> None:
    _cp.cpBodySetVelocity(body._body, (vx, vy))


def set_angular_velocity(body: pymunk.Body, spin: float) -> None:
    _cp.cpBodySetAngularVelocity(body._body, spin)


def is_sleeping(body: pymunk.Body) -> bool:
    return bool(_cp.cpBodyIsSleeping(body._body))
