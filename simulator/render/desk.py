"""A robot that does not drive, drawn as it sits on a desk: the hub and a dial per motor.

The hub is in the middle of the field with its ports down its sides (A, C, E
on the left, B, D, F on the right, as on a SPIKE Prime hub), its status
light in the centre and, on a hub that has one, its light matrix above. Each
motor is a dial beside its port, joined by a cable: the pointer shows where
the shaft points (clockwise from the motor's zero mark at the top), the
number under it is what ``Motor.angle()`` reads, and a motor with end stops
(a lever) shows them as marks with the blocked part shaded. Sizes are in field
millimetres, so the window and PNGs look alike.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pygame

from brickclass.robots.models import RobotSpec
from brickclass.simulator.render.matrix import draw_matrix

# The hub, and where its ports are: (column, row); column -1 left, +1 right; row +1 top.
HUB_SIZE_MM = (240.0, 340.0)
PORT_PLACES = {"A": (-1, 1), "C": (-1, 0), "E": (-1, -1), "B": (1, 1), "D": (1, 0), "F": (1, -1)}
PORT_ROW_MM = 105.0  # ports on the hub, from its middle
MATRIX_MM = (72.0, 96.0)  # the light matrix: its centre above the hub's middle, its side
DIAL_COLUMN_MM = 430.0  # dials, from the hub's middle
DIAL_ROW_MM = 290.0
# Bigger motors get bigger dials.
DIAL_RADIUS_MM = {"spike-large": 112.0, "technic-l": 112.0, "technic-xl": 120.0,
                  "spike-medium": 100.0, "boost": 100.0, "spike-small": 86.0}

BODY = (240, 240, 244)
INK = (30, 30, 30)
TICKS = (110, 110, 118)
POINTER = (200, 40, 40)
BLOCKED = (172, 172, 180)
CABLE = (45, 45, 50)
SOCKET = (60, 60, 66)
BADGE_TEXT = (245, 245, 245)

Px = Callable[[float, float], tuple[int, int]]


@dataclass(frozen=True)
class Dial:
    port: str
    center: tuple[float, float]  # field mm
    radius: float  # mm
    endstops: tuple[float, float] | None


def hub_center(field_size: tuple[float, float]) -> tuple[float, float]:
    return (field_size[0] / 2, field_size[1] / 2)


def port_socket(field_size: tuple[float, float], port: str) -> tuple[float, float]:
    """Where a port sits on the hub's edge (field mm)."""
    cx, cy = hub_center(field_size)
    column, row = PORT_PLACES[port]
    return (cx + column * HUB_SIZE_MM[0] / 2, cy + row * PORT_ROW_MM)


def dials(robot: RobotSpec, field_size: tuple[float, float]) -> list[Dial]:
    """One dial per motor port of ``robot``, beside its port."""
    cx, cy = hub_center(field_size)
    found = []
    for name, port in sorted(robot.ports.items()):
        if port.device != "motor" or name not in PORT_PLACES:
            continue
        column, row = PORT_PLACES[name]
        radius = DIAL_RADIUS_MM.get(port.motor or "", 100.0)
        found.append(Dial(name, (cx + column * DIAL_COLUMN_MM, cy + row * DIAL_ROW_MM), radius, port.endstops))
    return found


def on_dial(dial: Dial, angle_deg: float, reach: float) -> tuple[float, float]:
    """The point ``reach`` (share of the radius) out along ``angle_deg``, clockwise from the top."""
    a = math.radians(angle_deg)
    return (dial.center[0] + reach * dial.radius * math.sin(a), dial.center[1] + reach * dial.radius * math.cos(a))


class DeskPainter:
    """Draws the hub and the motor dials of a robot without a chassis."""

    def __init__(self, robot: RobotSpec, field_size: tuple[float, float], scale: float) -> None:
        self.robot = robot
        self.field_size = field_size
        self.scale = scale
        self.dials = dials(robot, field_size)
        if not pygame.font.get_init():
            pygame.font.init()
        self.letter_font = pygame.font.Font(None, max(14, int(52 * scale)))
        self.angle_font = pygame.font.Font(None, max(14, int(50 * scale)))
        self.small_font = pygame.font.Font(None, max(12, int(34 * scale)))

    def width(self, mm: float) -> int:
        return max(1, int(round(mm * self.scale)))

    def draw(self, surface: pygame.Surface, scene: Any, px: Px) -> None:
        for dial in self.dials:
            towards_hub = 90 if PORT_PLACES[dial.port][0] < 0 else -90
            pygame.draw.line(surface, CABLE, px(*port_socket(self.field_size, dial.port)),
                             px(*on_dial(dial, towards_hub, 1.0)), self.width(10))
        self._hub(surface, scene, px)
        for dial in self.dials:
            shaft, reads = scene.motors.get(dial.port, (0.0, 0))
            self._dial(surface, dial, shaft, reads, px)

    # --- the hub ---------------------------------------------------------------------

    def _hub(self, surface: pygame.Surface, scene: Any, px: Px) -> None:
        cx, cy = hub_center(self.field_size)
        w, h = HUB_SIZE_MM
        left, top = px(cx - w / 2, cy + h / 2)
        right, bottom = px(cx + w / 2, cy - h / 2)
        body = pygame.Rect(left, top, right - left, bottom - top)
        corner = self.width(34)
        pygame.draw.rect(surface, BODY, body, border_radius=corner)
        pygame.draw.rect(surface, INK, body, 2, border_radius=corner)
        # The hub's name along the top.
        name = self.small_font.render(self.robot.hub, True, TICKS)
        surface.blit(name, name.get_rect(midtop=(body.centerx, body.top + self.width(18))))
        # The ports down its sides: a socket on the edge and the letter inside.
        for port, (column, _row) in PORT_PLACES.items():
            sx, sy = px(*port_socket(self.field_size, port))
            socket = pygame.Rect(0, 0, self.width(34), self.width(52))
            socket.center = (sx, sy)
            pygame.draw.rect(surface, SOCKET, socket, border_radius=self.width(6))
            letter = self.letter_font.render(port, True, INK)
            inward = -column * self.width(50)
            surface.blit(letter, letter.get_rect(center=(sx + inward, sy)))
        # The light matrix above the button, on a hub that has one.
        if scene.display is not None:
            above, side = MATRIX_MM
            left, top = px(cx - side / 2, cy + above + side / 2)
            right, bottom = px(cx + side / 2, cy + above - side / 2)
            draw_matrix(surface, scene.display, pygame.Rect(left, top, right - left, bottom - top))
        # The centre button, lit in the status light's colour.
        centre = px(cx, cy - 30)
        radius = self.width(44)
        light = scene.light if scene.light is not None else (200, 200, 205)
        pygame.draw.aacircle(surface, light, centre, radius)
        pygame.draw.aacircle(surface, INK, centre, radius, 2)

    # --- a motor -----------------------------------------------------------------------

    def _dial(self, surface: pygame.Surface, dial: Dial, shaft: float, reads: int, px: Px) -> None:
        center = px(*dial.center)
        radius = self.width(dial.radius)
        pygame.draw.aacircle(surface, BODY, center, radius)
        if dial.endstops is not None:
            self._blocked(surface, dial, px)
        # Ticks every 30°, longer at the quarters.
        for step in range(12):
            inner = 0.78 if step % 3 == 0 else 0.86
            pygame.draw.line(surface, TICKS, px(*on_dial(dial, step * 30, inner)), px(*on_dial(dial, step * 30, 0.95)),
                             2 if step % 3 == 0 else 1)
        # The zero mark at the top, on the motor's housing.
        pygame.draw.polygon(surface, INK, [px(*on_dial(dial, 0, 0.97)), px(*on_dial(dial, -7, 1.16)),
                                           px(*on_dial(dial, 7, 1.16))])
        if dial.endstops is not None:
            for stop in dial.endstops:
                pygame.draw.line(surface, INK, px(*on_dial(dial, stop, 0.62)), px(*on_dial(dial, stop, 1.0)),
                                 self.width(12))
        pygame.draw.aacircle(surface, INK, center, radius, 2)
        self._pointer(surface, dial, shaft, px)
        # The port letter on a dark badge at the top left; the reading below.
        badge_at = px(*on_dial(dial, -45, 1.0))
        letter = self.letter_font.render(dial.port, True, BADGE_TEXT)
        badge = letter.get_rect(center=badge_at).inflate(self.width(22), self.width(10))
        pygame.draw.rect(surface, SOCKET, badge, border_radius=self.width(10))
        surface.blit(letter, letter.get_rect(center=badge.center))
        text = self.angle_font.render(f"{reads}°", True, INK)
        surface.blit(text, text.get_rect(midtop=(center[0], center[1] + radius + self.width(8))))

    def _pointer(self, surface: pygame.Surface, dial: Dial, shaft: float, px: Px) -> None:
        half = 0.07
        tip = on_dial(dial, shaft, 0.9)
        tail = on_dial(dial, shaft + 180, 0.18)
        a = math.radians(shaft)
        nx, ny = math.cos(a) * half * dial.radius, -math.sin(a) * half * dial.radius
        outline = [px(tail[0] + nx, tail[1] + ny), px(tip[0] + nx * 0.35, tip[1] + ny * 0.35),
                   px(tip[0] - nx * 0.35, tip[1] - ny * 0.35), px(tail[0] - nx, tail[1] - ny)]
        pygame.draw.polygon(surface, POINTER, outline)
        hub = px(*dial.center)
        pygame.draw.circle(surface, SOCKET, hub, max(3, self.width(dial.radius * 0.14)))

    def _blocked(self, surface: pygame.Surface, dial: Dial, px: Px) -> None:
        """Shade the part of the dial the end stops keep the shaft out of."""
        low, high = dial.endstops  # type: ignore[misc]
        span = (low + 360.0) - high
        if span <= 0:
            return
        steps = max(2, int(span / 6))
        points = [px(*dial.center)] + [px(*on_dial(dial, high + span * i / steps, 1.0)) for i in range(steps + 1)]
        pygame.draw.polygon(surface, BLOCKED, points)
