"""Drawing the field and the robot with pygame, for the window and for pictures.

``FieldPainter`` paints what never changes (mat, printed regions, walls, lander,
craters) once, then each frame adds what moves: dust on the panels, pebbles,
the robot with its arm and its hub (status light, light matrix), and the path
it drove; a robot that does not drive is the hub with a dial per motor
(``desk.py``). The same painter serves the live window, replays and the PNG
of a finished run, so all show the same thing: a ``Scene2D`` comes from a
live world or from a trace frame.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pygame

from brickclass.robots.models import RobotSpec
from brickclass.simulator.devices.light_matrix import has_matrix
from brickclass.simulator.field import DUST_COLOR, FieldMap
from brickclass.simulator.missions.model import Mission, Shape
from brickclass.simulator.render.desk import DeskPainter
from brickclass.simulator.render.matrix import draw_matrix_turned
from brickclass.simulator.trace import Frame

WALL_PX = 10
# A hub with a light matrix as it lies on a robot (robot frame, mm): its back
# and front edge and half its width; the matrix's centre and side; the button.
HUB_ON_ROBOT = (-74.0, 2.0, 30.0)
MATRIX_ON_ROBOT = ((-24.0, 0.0), 44.0)
BUTTON_ON_ROBOT = (-60.0, 0.0)


def rgb(color: tuple[float, float, float]) -> tuple[int, int, int]:
    return tuple(max(0, min(255, int(round(c * 255)))) for c in color)  # type: ignore[return-value]


@dataclass
class Scene2D:
    """Everything that moves, at one moment (from a live world or a trace frame)."""

    pose: tuple[float, float, float]
    arm_deg: float | None
    brush_down: bool
    pebbles: list[tuple[float, float]]
    dust: list[list[list[float]]]
    path: list[tuple[float, float]] = field(default_factory=list)
    light: tuple[int, int, int] | None = None
    # What the sensors look at: ("spot", point) under the colour sensor,
    # ("ray", start, end) for the distance sensor's echo.
    marks: list[tuple] = field(default_factory=list)
    # Per motor port: (where the shaft points, what Motor.angle() reads), degrees.
    motors: dict[str, tuple[float, int]] = field(default_factory=dict)
    # The hub's light matrix (brightness 0..100, top row first); None without one.
    display: tuple[tuple[int, ...], ...] | None = None


def scene_from_world(world: Any, path: list[tuple[float, float]]) -> Scene2D:
    robot = world.robot
    light = None
    shown = world.devices.hub.light_now()
    if shown:
        light = _hsv_to_rgb(*shown)
    return Scene2D(
        pose=world.pose(),
        arm_deg=world.arm_angle_deg(),
        brush_down=bool(robot is not None and robot.brush_down),
        pebbles=[(b.position.x, b.position.y) for b in world.scene.pebbles],
        dust=[d.amounts for d in world.field.dust],
        path=path,
        light=light,
        marks=sensor_marks(world),
        motors=world.motor_dials(),
        display=world.devices.hub.display_now(),
    )


def scene_from_frame(frame: Frame, path: list[tuple[float, float]]) -> Scene2D:
    """The scene a trace frame saved (frames of old traces have no motors, light or light matrix)."""
    return Scene2D(pose=frame.pose, arm_deg=frame.arm_deg, brush_down=frame.brush_down,
                   pebbles=frame.pebbles, dust=frame.dust, path=path,
                   light=None if frame.light is None else _hsv_to_rgb(*frame.light),
                   motors=dict(frame.motors), display=frame.display)


def sensor_marks(world: Any) -> list[tuple]:
    """Where the program's sensors look, for drawing."""
    marks: list[tuple] = []
    robot = world.robot
    if robot is None:
        return marks
    for sensor in world.devices.sensors:
        spec = sensor.port.spec
        start = robot.to_world(spec.position)
        if spec.device in ("color", "colordistance"):
            marks.append(("spot", start))
        elif spec.device == "ultrasonic":
            reach = sensor.values.get("distance", 2000)
            facing = robot.body.angle + math.radians(spec.facing)
            end = (start[0] + reach * math.cos(facing), start[1] + reach * math.sin(facing))
            marks.append(("ray", start, end, reach < 2000))
    return marks


class FieldPainter:
    def __init__(self, mission: Mission, robot: RobotSpec, scale: float) -> None:
        self.mission = mission
        self.robot = robot
        self.scale = scale
        width, height = mission.field.size
        self.size = (int(width * scale) + 2 * WALL_PX, int(height * scale) + 2 * WALL_PX)
        self.background = pygame.Surface(self.size)
        self._paint_static()
        self.desk = DeskPainter(robot, mission.field.size, scale) if robot.chassis is None else None

    # --- coordinates ---------------------------------------------------------------

    def to_px(self, x: float, y: float) -> tuple[int, int]:
        height = self.mission.field.size[1]
        return (int(WALL_PX + x * self.scale), int(WALL_PX + (height - y) * self.scale))

    # --- the parts that never move ----------------------------------------------------

    def _paint_static(self) -> None:
        surface = self.background
        spec = self.mission.field
        surface.fill((60, 60, 66))
        width, height = spec.size
        mat = pygame.Rect(WALL_PX, WALL_PX, int(width * self.scale), int(height * self.scale))
        surface.fill(rgb(spec.mat), mat)
        for crater in spec.craters:
            center = self.to_px(*crater.center)
            radius = max(2, int(crater.radius * self.scale))
            darker = tuple(int(c * 0.75) for c in rgb(spec.mat))
            pygame.draw.circle(surface, darker, center, radius)
            pygame.draw.circle(surface, tuple(int(c * 0.6) for c in rgb(spec.mat)), center, radius, 2)
        for region in spec.regions:
            self._shape(surface, region.shape, rgb(region.color))
        for obstacle in spec.obstacles:
            self._shape(surface, obstacle.shape, rgb(obstacle.color))
            self._shape(surface, obstacle.shape, (90, 90, 90), outline=2)

    def _shape(self, surface: pygame.Surface, shape: Shape, color: tuple[int, int, int], outline: int = 0) -> None:
        if shape.kind == "circle":
            pygame.draw.circle(surface, color, self.to_px(*shape.center), max(1, int(shape.radius * self.scale)), outline)
        elif shape.kind == "line":
            points = [self.to_px(*p) for p in shape.points]
            pygame.draw.lines(surface, color, False, points, max(1, int(shape.width * self.scale)))
        else:
            pygame.draw.polygon(surface, color, [self.to_px(*p) for p in shape.points], outline)

    # --- each frame ---------------------------------------------------------------------

    def draw(self, surface: pygame.Surface, scene: Scene2D, at: tuple[int, int] = (0, 0)) -> None:
        surface.blit(self.background, at)
        ox, oy = at

        def px(x: float, y: float) -> tuple[int, int]:
            a, b = self.to_px(x, y)
            return (a + ox, b + oy)

        for panel, amounts in zip(self.mission.field.panels, scene.dust):
            columns, rows = panel.cells
            cell_w = panel.size[0] / columns
            cell_h = panel.size[1] / rows
            base = panel.color
            for row in range(rows):
                for column in range(columns):
                    amount = amounts[row][column]
                    color = tuple(b * (1 - amount) + d * amount for b, d in zip(base, DUST_COLOR))
                    x0 = panel.corner[0] + column * cell_w
                    y0 = panel.corner[1] + row * cell_h
                    a = px(x0, y0 + cell_h)
                    b = px(x0 + cell_w, y0)
                    rect = pygame.Rect(a[0], a[1], b[0] - a[0], b[1] - a[1])
                    surface.fill(rgb(color), rect)  # type: ignore[arg-type]
                    pygame.draw.rect(surface, (40, 60, 110), rect, 1)
        if len(scene.path) > 1:
            pygame.draw.lines(surface, (230, 120, 30), False, [px(x, y) for x, y in scene.path], 2)
        pebble_color = rgb(self.mission.field.pebbles.color) if self.mission.field.pebbles else (140, 130, 120)
        pebble_r = max(2, int(8 * self.scale))
        for x, y in scene.pebbles:
            pygame.draw.circle(surface, pebble_color, px(x, y), pebble_r)
            pygame.draw.circle(surface, (70, 65, 60), px(x, y), pebble_r, 1)
        self._robot(surface, scene, px)
        for mark in scene.marks:
            if mark[0] == "spot":
                pygame.draw.circle(surface, (255, 80, 200), px(*mark[1]), max(3, int(9 * self.scale)), 2)
            elif mark[0] == "ray":
                color = (255, 210, 60) if mark[3] else (150, 150, 90)
                pygame.draw.line(surface, color, px(*mark[1]), px(*mark[2]), 1)

    def _robot(self, surface: pygame.Surface, scene: Scene2D, px: Any) -> None:
        spec = self.robot
        if self.desk is not None:
            self.desk.draw(surface, scene, px)
            return
        if spec.chassis is None:
            return
        x, y, heading = scene.pose
        angle = math.radians(90.0 - heading)
        cos_a, sin_a = math.cos(angle), math.sin(angle)

        def world(p: tuple[float, float]) -> tuple[int, int]:
            lx, ly = p
            return px(x + lx * cos_a - ly * sin_a, y + lx * sin_a + ly * cos_a)

        pygame.draw.polygon(surface, (235, 235, 240), [world(p) for p in spec.chassis.outline])
        pygame.draw.polygon(surface, (30, 30, 30), [world(p) for p in spec.chassis.outline], 2)
        if spec.wheels is not None:
            half = spec.wheels.axle_track_mm / 2
            radius = spec.wheels.diameter_mm / 2
            for side in (half, -half):
                tyre = [(-radius, side - 8), (radius, side - 8), (radius, side + 8), (-radius, side + 8)]
                pygame.draw.polygon(surface, (25, 25, 25), [world(p) for p in tyre])
        if has_matrix(spec.hub):
            self._hub_with_matrix(surface, scene, world)
        elif scene.light is not None:
            # The hub's status light in the middle of the robot.
            pygame.draw.circle(surface, scene.light, world((-20, 0)), max(3, int(10 * self.scale)))
        # An arrow shows which way is forward.
        pygame.draw.line(surface, (200, 40, 40), world((0, 0)), world((60, 0)), 3)
        for port in spec.ports.values():
            if port.outline:
                pygame.draw.polygon(surface, (200, 170, 40), [world(p) for p in port.outline])
            elif port.device in ("color", "ultrasonic"):
                pygame.draw.circle(surface, (60, 120, 220), world(port.position), max(2, int(7 * self.scale)))
            if port.role == "arm" and scene.arm_deg is not None:
                self._arm(surface, port, scene, world)

    def _hub_with_matrix(self, surface: pygame.Surface, scene: Scene2D, world: Any) -> None:
        """The hub lying on the robot, its light matrix's top row to the front, the button behind."""
        back, front, half = HUB_ON_ROBOT
        outline = [world(p) for p in ((back, -half), (front, -half), (front, half), (back, half))]
        pygame.draw.polygon(surface, (214, 214, 222), outline)
        pygame.draw.polygon(surface, (150, 150, 160), outline, 1)
        if scene.display is not None:
            center, side = MATRIX_ON_ROBOT
            draw_matrix_turned(surface, scene.display, world(center), side * self.scale, scene.pose[2])
        if scene.light is not None:
            pygame.draw.circle(surface, scene.light, world(BUTTON_ON_ROBOT), max(3, int(9 * self.scale)))

    def _arm(self, surface: pygame.Surface, port: Any, scene: Scene2D, world: Any) -> None:
        pivot = port.extra.get("pivot", [0, 0])
        reach = float(port.extra.get("reach_mm", 150))
        side = -1.0 if pivot[1] < 0 else 1.0
        # Seen from above, a raised arm looks shorter.
        shown = reach * max(0.1, math.cos(math.radians(max(0.0, scene.arm_deg or 0.0))))
        start = (float(pivot[0]), float(pivot[1]))
        end = (float(pivot[0]), float(pivot[1]) + side * shown)
        color = (40, 170, 80) if scene.brush_down else (120, 120, 130)
        pygame.draw.line(surface, color, world(start), world(end), max(3, int(30 * self.scale)))


def _hsv_to_rgb(h: int, s: int, v: int) -> tuple[int, int, int]:
    import colorsys

    r, g, b = colorsys.hsv_to_rgb((h % 360) / 360.0, s / 100.0, v / 100.0)
    return (int(r * 255), int(g * 255), int(b * 255))


__all__ = ["FieldPainter", "Scene2D", "scene_from_world", "scene_from_frame", "FieldMap"]
