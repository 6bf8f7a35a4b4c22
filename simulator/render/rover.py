"""The robot seen from above, to scale: chassis, tyres with tread, caster, the hub
(its light and light matrix), the sweeper arm with its brush, and each sensor
where the robot file puts it. Everything is in the robot's own millimetres
(x forward, y to the left), turned to its pose on the field.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pygame

from brickclass.robots.models import PortSpec, RobotSpec
from brickclass.simulator.devices.light_matrix import has_matrix
from brickclass.simulator.render.matrix import draw_matrix_turned

Px = Callable[[float, float], tuple[int, int]]
Local = Callable[[tuple[float, float]], tuple[int, int]]

BODY = (238, 238, 242)
BODY_EDGE = (40, 40, 46)
TYRE = (28, 28, 30)
TREAD = (70, 70, 74)
RIM = (220, 222, 228)
HUB_CASE = (214, 214, 222)
ARM_BEAM = (60, 62, 70)
BRISTLES_DOWN = (250, 196, 40)
BRISTLES_UP = (160, 150, 120)
SENSOR = (34, 34, 38)
EYE = (230, 240, 255)
BUMPER = (220, 180, 40)
FORWARD = (210, 40, 40)
# A hub with a light matrix as it lies on a robot (robot frame, mm): its back
# and front edge and half its width; the matrix's centre and side; the button.
HUB_ON_ROBOT = (-74.0, 2.0, 30.0)
MATRIX_ON_ROBOT = ((-24.0, 0.0), 44.0)
BUTTON_ON_ROBOT = (-60.0, 0.0)


class RoverPainter:
    def __init__(self, robot: RobotSpec, scale: float) -> None:
        self.robot = robot
        self.scale = scale

    def mm(self, length: float) -> int:
        return max(1, int(round(length * self.scale)))

    def draw(self, surface: pygame.Surface, scene: Any, px: Px) -> None:
        spec = self.robot
        if spec.chassis is None:
            return
        x, y, heading = scene.pose
        angle = math.radians(90.0 - heading)
        cos_a, sin_a = math.cos(angle), math.sin(angle)

        def local(p: tuple[float, float]) -> tuple[int, int]:
            lx, ly = p
            return px(x + lx * cos_a - ly * sin_a, y + lx * sin_a + ly * cos_a)

        outline = [local(p) for p in spec.chassis.outline]
        shadow = [(a + 2, b + 2) for a, b in outline]
        pygame.draw.polygon(surface, (50, 50, 54), shadow)
        pygame.draw.polygon(surface, BODY, outline)
        pygame.draw.polygon(surface, BODY_EDGE, outline, 2)
        self._caster(surface, local)
        self._wheels(surface, scene, local)
        # Which way is forward: a red arrow head in front of the hub.
        pygame.draw.polygon(surface, FORWARD, [local((34, 0)), local((12, 11)), local((12, -11))])
        if has_matrix(spec.hub):
            self._hub_with_matrix(surface, scene, local)
        elif scene.light is not None:
            pygame.draw.circle(surface, scene.light, local((-20, 0)), self.mm(10))
        for port in spec.ports.values():
            self._device(surface, port, scene, local)

    def _caster(self, surface: pygame.Surface, local: Local) -> None:
        caster = self.robot.chassis.caster  # type: ignore[union-attr]
        pygame.draw.circle(surface, (150, 150, 158), local(caster), self.mm(9))
        pygame.draw.circle(surface, BODY_EDGE, local(caster), self.mm(9), 1)

    def _wheels(self, surface: pygame.Surface, scene: Any, local: Local) -> None:
        wheels = self.robot.wheels
        if wheels is None:
            return
        half = wheels.axle_track_mm / 2
        radius = wheels.diameter_mm / 2
        w = wheels.width_mm / 2
        # Tread lines move with the distance driven, so a turning wheel looks like it turns.
        for side in (half, -half):
            pygame.draw.polygon(surface, TYRE, [local(p) for p in ((-radius, side - w), (radius, side - w),
                                                                     (radius, side + w), (-radius, side + w))])
            for k in range(-3, 4):
                u = k * radius / 3.5
                pygame.draw.line(surface, TREAD, local((u, side - w + 2)), local((u, side + w - 2)), 1)
            inner = side - w if side > 0 else side + w
            pygame.draw.line(surface, RIM, local((-radius * 0.45, inner)), local((radius * 0.45, inner)),
                             max(1, self.mm(4)))

    def _hub_with_matrix(self, surface: pygame.Surface, scene: Any, local: Local) -> None:
        """The hub lying on the robot, its light matrix's top row to the front, the button behind."""
        back, front, half = HUB_ON_ROBOT
        outline = [local(p) for p in ((back, -half), (front, -half), (front, half), (back, half))]
        pygame.draw.polygon(surface, HUB_CASE, outline)
        pygame.draw.polygon(surface, (150, 150, 160), outline, 1)
        if scene.display is not None:
            center, side = MATRIX_ON_ROBOT
            draw_matrix_turned(surface, scene.display, local(center), side * self.scale, scene.pose[2])
        if scene.light is not None:
            pygame.draw.circle(surface, scene.light, local(BUTTON_ON_ROBOT), self.mm(9))

    def _device(self, surface: pygame.Surface, port: PortSpec, scene: Any, local: Local) -> None:
        if port.role == "arm" and scene.arm_deg is not None:
            self._arm(surface, port, scene, local)
        elif port.outline:
            pygame.draw.polygon(surface, BUMPER, [local(p) for p in port.outline])
            pygame.draw.polygon(surface, BODY_EDGE, [local(p) for p in port.outline], 1)
        elif port.device in ("color", "colordistance"):
            # A colour sensor looks down: a dark square with its white light in the middle.
            px_, py_ = port.position
            corners = [(px_ - 8, py_ - 8), (px_ + 8, py_ - 8), (px_ + 8, py_ + 8), (px_ - 8, py_ + 8)]
            pygame.draw.polygon(surface, SENSOR, [local(p) for p in corners])
            pygame.draw.circle(surface, EYE, local(port.position), self.mm(4))
        elif port.device == "ultrasonic":
            # The distance sensor's two round "eyes", side by side, facing out.
            facing = math.radians(port.facing)
            ox, oy = port.position
            across = (-math.sin(facing), math.cos(facing))
            body = [(ox - 6 * math.cos(facing) + s * 24 * across[0], oy - 6 * math.sin(facing) + s * 24 * across[1])
                    for s in (-1, 1)]
            pygame.draw.line(surface, SENSOR, local(body[0]), local(body[1]), self.mm(16))
            for s in (-1, 1):
                eye = (ox + s * 11 * across[0], oy + s * 11 * across[1])
                pygame.draw.circle(surface, SENSOR, local(eye), self.mm(10))
                pygame.draw.circle(surface, EYE, local(eye), self.mm(6))

    def _arm(self, surface: pygame.Surface, port: PortSpec, scene: Any, local: Local) -> None:
        """The sweeper arm out to the side; its brush lies on the ground when lowered.

        Seen from above, a raised arm looks shorter (it points up at the viewer)."""
        pivot = port.extra.get("pivot", [0, 0])
        reach = float(port.extra.get("reach_mm", 150))
        brush = float(port.extra.get("brush_mm", 30))
        side = -1.0 if pivot[1] < 0 else 1.0
        shown = reach * max(0.1, math.cos(math.radians(max(0.0, scene.arm_deg or 0.0))))
        px_, py_ = float(pivot[0]), float(pivot[1])
        end = (px_, py_ + side * shown)
        pygame.draw.line(surface, ARM_BEAM, local((px_, py_)), local(end), self.mm(12))
        # The brush runs the arm's whole reach (where the physics sweeps): a strip of bristles.
        start = 0.0
        color = BRISTLES_DOWN if scene.brush_down else BRISTLES_UP
        strip = [(px_ - brush / 2, py_ + side * start), (px_ + brush / 2, py_ + side * start),
                 (px_ + brush / 2, py_ + side * shown), (px_ - brush / 2, py_ + side * shown)]
        pygame.draw.polygon(surface, color, [local(p) for p in strip])
        step = max(6.0, 3 / self.scale)
        along = start
        while along < shown:
            across = py_ + side * along
            pygame.draw.line(surface, (120, 90, 20) if scene.brush_down else (110, 104, 90),
                             local((px_ - brush / 2, across)), local((px_ + brush / 2, across)), 1)
            along += step
        pygame.draw.polygon(surface, BODY_EDGE, [local(p) for p in strip], 1)
        pygame.draw.circle(surface, ARM_BEAM, local((px_, py_)), self.mm(9))
