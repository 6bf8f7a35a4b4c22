"""Drawing the field and the robot with pygame, for the window and for pictures.

``FieldPainter`` paints what never changes (mat, printed regions, walls, lander,
craters: ``ground.py``) once, then each frame adds what moves: the solar panels
with their dust and the pebbles (``panels.py``), the path driven, and the robot
(``rover.py``); a robot that does not drive is the hub with a dial per motor
(``desk.py``). The same painter serves the live window, replays and the PNG
of a finished run, so all show the same thing: a ``Scene2D`` comes from a
live world or from a trace frame.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pygame

from brickclass.language import current_language
from brickclass.robots.models import RobotSpec
from brickclass.simulator.missions.model import Mission
from brickclass.simulator.render.desk import DeskPainter
from brickclass.simulator.render.ground import paint_crater, paint_mat, paint_obstacle, paint_region, rgb
from brickclass.simulator.render.panels import PanelArt, Rocks
from brickclass.simulator.render.rover import RoverPainter
from brickclass.simulator.trace import Frame

WALL_PX = 10
WALL_COLOR = (60, 60, 66)
WALL_TOP = (90, 90, 98)
PATH = (230, 120, 30)


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
    """Draws a mission's field and a robot on it; the parts that never move are painted once."""

    def __init__(self, mission: Mission, robot: RobotSpec, scale: float, lang: str | None = None) -> None:
        self.mission = mission
        self.robot = robot
        self.scale = scale
        self.lang = lang or current_language()
        width, height = mission.field.size
        self.size = (int(width * scale) + 2 * WALL_PX, int(height * scale) + 2 * WALL_PX)
        if not pygame.font.get_init():
            pygame.font.init()
        self.background = pygame.Surface(self.size)
        self._paint_static()
        self.panels = [PanelArt(panel, scale) for panel in mission.field.panels]
        pebbles = mission.field.pebbles
        radius = (sum(pebbles.radius_mm) / 2 if pebbles else 8.0) * scale
        self.rocks = Rocks(max(3.0, radius), rgb(pebbles.color) if pebbles else (140, 130, 120))
        self.rover = RoverPainter(robot, scale)
        self.desk = DeskPainter(robot, mission.field.size, scale) if robot.chassis is None else None

    # --- coordinates ---------------------------------------------------------------

    def to_px(self, x: float, y: float) -> tuple[int, int]:
        height = self.mission.field.size[1]
        return (int(WALL_PX + x * self.scale), int(WALL_PX + (height - y) * self.scale))

    # --- the parts that never move ----------------------------------------------------

    def _paint_static(self) -> None:
        surface = self.background
        spec = self.mission.field
        surface.fill(WALL_COLOR)
        pygame.draw.rect(surface, WALL_TOP, surface.get_rect(), 2)
        width, height = spec.size
        mat = pygame.Rect(WALL_PX, WALL_PX, int(width * self.scale), int(height * self.scale))
        paint_mat(surface, mat, spec)
        label_font = pygame.font.Font(None, max(14, int(60 * self.scale)))
        for crater in spec.craters:
            paint_crater(surface, crater, rgb(spec.mat), self.scale, self.to_px)
        for region in spec.regions:
            paint_region(surface, region, self.scale, self.to_px, label_font, self.lang)
        for obstacle in spec.obstacles:
            paint_obstacle(surface, obstacle, self.scale, self.to_px)

    # --- each frame ---------------------------------------------------------------------

    def draw(self, surface: pygame.Surface, scene: Scene2D, at: tuple[int, int] = (0, 0)) -> None:
        surface.blit(self.background, at)
        ox, oy = at

        def px(x: float, y: float) -> tuple[int, int]:
            a, b = self.to_px(x, y)
            return (a + ox, b + oy)

        for art, amounts in zip(self.panels, scene.dust):
            art.draw(surface, amounts, px)
        if len(scene.path) > 1:
            pygame.draw.lines(surface, PATH, False, [px(x, y) for x, y in scene.path], 2)
        self.rocks.draw(surface, scene.pebbles, px)
        if self.desk is not None:
            self.desk.draw(surface, scene, px)
        else:
            self.rover.draw(surface, scene, px)
        for mark in scene.marks:
            if mark[0] == "spot":
                pygame.draw.circle(surface, (255, 80, 200), px(*mark[1]), max(3, int(9 * self.scale)), 2)
            elif mark[0] == "ray":
                color = (255, 210, 60) if mark[3] else (150, 150, 90)
                pygame.draw.line(surface, color, px(*mark[1]), px(*mark[2]), 1)


def _hsv_to_rgb(h: int, s: int, v: int) -> tuple[int, int, int]:
    import colorsys

    r, g, b = colorsys.hsv_to_rgb((h % 360) / 360.0, s / 100.0, v / 100.0)
    return (int(r * 255), int(g * 255), int(b * 255))


__all__ = ["FieldPainter", "Scene2D", "scene_from_world", "scene_from_frame", "rgb", "PATH"]
