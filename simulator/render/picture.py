"""A PNG of a run: the field as it was left with the path driven, and beside it the
mission's name, how the run ended, the score with its breakdown and a small legend,
in the reader's language."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

from brickclass.simulator.trace import Trace

PICTURE_SCALE = 0.5
PANEL_WIDTH = 400


def save_png(trace: Trace, path: Path | str, scale: float = PICTURE_SCALE, *, mission: str | None = None,
             lang: str | None = None) -> None:
    """Draw the last frame of ``trace`` onto ``path``; ``mission`` names the mission
    (a file path for a pupil's own field) when the trace's id alone cannot find it."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    import pygame

    if not trace.frames:
        raise ValueError("the trace has no frames to draw")
    pygame.font.init()
    # Drawn into memory, then written as any file is: a folder that is not there is an OSError with its reason.
    buffer = io.BytesIO()
    pygame.image.save(picture(trace, scale, mission=mission, lang=lang), buffer, "picture.png")
    Path(path).write_bytes(buffer.getvalue())


def picture(trace: Trace, scale: float = PICTURE_SCALE, *, mission: str | None = None,
            lang: str | None = None) -> Any:
    import pygame

    from brickclass.language import current_language
    from brickclass.robots.models import load_robot
    from brickclass.simulator.missions import load_mission
    from brickclass.simulator.render.draw import FieldPainter, scene_from_frame
    from brickclass.simulator.render.text import BACKGROUND

    lang = lang or current_language()
    spec = load_mission(mission or trace.mission)
    painter = FieldPainter(spec, load_robot(trace.robot), scale, lang)
    side = pygame.Surface((PANEL_WIDTH, 2000))
    side.fill(BACKGROUND)
    used = _side_panel(side, trace, spec, lang)
    height = max(painter.size[1], used)
    surface = pygame.Surface((painter.size[0] + PANEL_WIDTH, height))
    surface.fill(BACKGROUND)
    painter.draw(surface, scene_from_frame(trace.frames[-1], trace.path()))
    surface.blit(side, (painter.size[0], 0), pygame.Rect(0, 0, PANEL_WIDTH, height))
    return surface


def _side_panel(surface: Any, trace: Trace, mission: Any, lang: str) -> int:
    """Title, ending, score, breakdown, legend; returns the height used."""
    import pygame

    from brickclass.language import number, t
    from brickclass.language.score import line_text
    from brickclass.simulator.render.legend import draw_legend
    from brickclass.simulator.render.text import DIM, TEXT, WARN, Column, draw_stars
    from brickclass.simulator.run import ending

    big = pygame.font.Font(None, 34)
    medium = pygame.font.Font(None, 26)
    small = pygame.font.Font(None, 21)
    column = Column(surface, 16, 14, PANEL_WIDTH - 28)
    column.line(mission.title.get(lang), big)
    column.gap(4)
    result = trace.result or {}
    last = trace.frames[-1]
    seconds = float(result.get("sim_time_s", last.t_ms / 1000))
    column.line(t("sim.picture.time", lang, seconds=number(seconds, lang, 2)), medium)
    if "status" in result:
        status = ending(str(result["status"]), list(result.get("notes") or []))
        column.line(t(f"sim.status.{status}", lang, seconds=number(seconds, lang, 2)), small, WARN)
    if mission.scoring.items:
        column.gap(8)
        score = int(result.get("score", last.score))
        max_score = result.get("max_score")
        if max_score is not None:
            after = column.line(t("sim.picture.score", lang, score=score, max_score=max_score), big)
            if "stars" in result:
                draw_stars(surface, int(result["stars"]), 16, after + 2)
                column.gap(28)
        else:
            column.line(t("sim.replay.score", lang, score=score), big)
        for line in result.get("breakdown") or []:
            column.line(line_text(line, lang), small, DIM)
    column.gap(14)
    column.line(t("sim.legend.title", lang), medium, TEXT)
    column.gap(4)
    return draw_legend(surface, mission, 16, column.y, small, DIM, lang) + 12
