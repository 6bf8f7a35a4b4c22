"""A body's motion read and set straight through chipmunk, the C library under pymunk.

A tick reads and sets the chassis' motion, and looks at every pebble; pymunk's
properties wrap each of those calls in Python (a new Vec2d for every read, a
type-checking ``__setattr__`` for every write), which cost more than the
physics step itself. These call the very chipmunk functions pymunk's
properties call, through pymunk's own binding, without the wrapping; the
tests hold them to pymunk's properties (pymunk is pinned to its major version).
They take chipmunk's body under the pymunk Body (``handle(body)``, the same for
the body's whole life), so a tick does not look it up on every call.
"""

from __future__ import annotations

from typing import Any, Final

import pymunk
from pymunk._chipmunk import lib as _cp

# Looked up once: a look-up in cffi's library object costs more than the call.
# Final, so the compiled module keeps them in C variables, not its module dict.
_GET_POSITION: Final = _cp.cpBodyGetPosition
_GET_ANGLE: Final = _cp.cpBodyGetAngle
_GET_VELOCITY: Final = _cp.cpBodyGetVelocity
_GET_ANGULAR_VELOCITY: Final = _cp.cpBodyGetAngularVelocity
_SET_VELOCITY: Final = _cp.cpBodySetVelocity
_SET_ANGULAR_VELOCITY: Final = _cp.cpBodySetAngularVelocity
_IS_SLEEPING: Final = _cp.cpBodyIsSleeping

# chipmunk's cpBody* under a pymunk Body (a cffi pointer).
Handle = Any


def handle(body: pymunk.Body) -> Handle:
    return body._body


def position(cp_body: Handle) -> tuple[float, float]:
    p = _GET_POSITION(cp_body)
    return (p.x, p.y)


def angle(cp_body: Handle) -> float:
    value: float = _GET_ANGLE(cp_body)
    return value


def velocity(cp_body: Handle) -> tuple[float, float]:
    v = _GET_VELOCITY(cp_body)
    return (v.x, v.y)


def angular_velocity(cp_body: Handle) -> float:
    value: float = _GET_ANGULAR_VELOCITY(cp_body)
    return value


def set_velocity(cp_body: Handle, vx: float, vy: float) -> None:
    _SET_VELOCITY(cp_body, (vx, vy))


def set_angular_velocity(cp_body: Handle, spin: float) -> None:
    _SET_ANGULAR_VELOCITY(cp_body, spin)


def is_sleeping(cp_body: Handle) -> bool:
    return bool(_IS_SLEEPING(cp_body))
