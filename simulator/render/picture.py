"""A PNG of a finished run: the field as it was left, the path the robot drove, the motors' dials."""

from __future__ import annotations

import os
from pathlib import Path

from brickclass.simulator.trace import Trace

PICTURE_SCALE = 0.5


def save_png(trace: Trace, path: Path | str, scale: float = PICTURE_SCALE) -> None:
    """Draw the last frame of ``trace`` with the whole path onto ``path``."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    import pygame

    from brickclass.robots.models import load_robot
    from brickclass.simulator.missions import load_mission
    from brickclass.simulator.render.draw import FieldPainter, scene_from_frame

    if not trace.frames:
        raise ValueError("the trace has no frames to draw")
    pygame.font.init()
    painter = FieldPainter(load_mission(trace.mission), load_robot(trace.robot), scale)
    surface = pygame.Surface(painter.size)
    painter.draw(surface, scene_from_frame(trace.frames[-1], trace.path()))
    pygame.image.save(surface, str(path))
