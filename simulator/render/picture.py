"""A PNG of a finished run: the field as it was left, and the path the robot drove."""

from __future__ import annotations

import os
from pathlib import Path

from simulator.trace import Trace

PICTURE_SCALE = 0.5


def save_png(trace: Trace, path: Path | str, scale: float = PICTURE_SCALE) -> None:
    """Draw the last frame of ``trace`` with the whole path onto ``path``."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    import pygame

    from robots.models import load_robot
    from simulator.missions import load_mission
    from simulator.render.draw import FieldPainter, Scene2D

    if not trace.frames:
        raise ValueError("the trace has no frames to draw")
    pygame.font.init()
    painter = FieldPainter(load_mission(trace.mission), load_robot(trace.robot), scale)
    surface = pygame.Surface(painter.size)
    last = trace.frames[-1]
    scene = Scene2D(pose=last.pose, arm_deg=last.arm_deg, brush_down=last.brush_down,
                    pebbles=last.pebbles, dust=last.dust, path=trace.path())
    painter.draw(surface, scene)
    pygame.image.save(surface, str(path))
