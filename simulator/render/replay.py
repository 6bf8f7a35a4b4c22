"""Play a saved run back in the window: the same field, frame by frame, at any speed."""

from __future__ import annotations

import time
from typing import Any

import pygame

from brickclass.language import current_language, number, t
from brickclass.language.score import line_text
from brickclass.robots.models import load_robot
from brickclass.simulator.missions import load_mission
from brickclass.simulator.render.draw import FieldPainter, Scene2D, scene_from_frame
from brickclass.simulator.render.matrix import draw_hub_face
from brickclass.simulator.trace import Frame, Trace

SCALE = 0.5
PANEL_WIDTH = 380
SPEEDS = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 64.0)


def scene_of(trace: Trace, index: int) -> Scene2D:
    path = [(f.pose[0], f.pose[1]) for f in trace.frames[: index + 1]]
    return scene_from_frame(trace.frames[index], path)


class Replay:
    def __init__(self, trace: Trace, speed: float = 1.0, mission: str | None = None) -> None:
        if not trace.frames:
            raise ValueError("the trace has no frames")
        pygame.init()
        self.trace = trace
        # A pupil's own field is found by its file (the trace knows only its id).
        self.mission = load_mission(mission or trace.mission)
        self.painter = FieldPainter(self.mission, load_robot(trace.robot), SCALE)
        width, height = self.painter.size
        self.canvas = pygame.Surface((width + PANEL_WIDTH, max(height, 600)))
        self.display = pygame.display.set_mode(self.canvas.get_size(), pygame.RESIZABLE)
        title = self.mission.title.get(current_language())
        pygame.display.set_caption(f"brickclass — {t('sim.replay.title')} — {title}")
        self.font = pygame.font.Font(None, 22)
        self.big = pygame.font.Font(None, 30)
        self.speed = min(SPEEDS, key=lambda s: abs(s - speed))
        self.paused = False
        self.closed = False
        self.index = 0

    def play(self, *, linger: bool = True) -> Frame:
        """Show every frame at its time; returns the frame shown last."""
        frames = self.trace.frames
        start_wall = time.monotonic()
        start_ms = frames[0].t_ms
        while not self.closed:
            self._events()
            if not self.paused and self.index < len(frames) - 1:
                due_ms = start_ms + (time.monotonic() - start_wall) * 1000 * self.speed
                while self.index < len(frames) - 1 and frames[self.index + 1].t_ms <= due_ms:
                    self.index += 1
            elif self.paused:
                start_wall = time.monotonic() - (frames[self.index].t_ms - start_ms) / 1000 / self.speed
            self.draw()
            if self.index >= len(frames) - 1 and not linger:
                break
            time.sleep(1 / 60)
        return frames[self.index]

    def _events(self) -> None:
        for event in pygame.event.get():
            if event.type == pygame.QUIT:
                self.closed = True
            elif event.type == pygame.VIDEORESIZE:
                self.display = pygame.display.set_mode(event.size, pygame.RESIZABLE)
            elif event.type == pygame.KEYDOWN:
                if event.key in (pygame.K_ESCAPE, pygame.K_q):
                    self.closed = True
                elif event.key == pygame.K_SPACE:
                    self.paused = not self.paused
                elif event.key == pygame.K_r:
                    self.index = 0
                elif event.key in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS, pygame.K_MINUS, pygame.K_KP_MINUS):
                    step = 1 if event.key in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS) else -1
                    position = SPEEDS.index(self.speed) + step
                    self.speed = SPEEDS[max(0, min(len(SPEEDS) - 1, position))]

    def draw(self) -> None:
        canvas = self.canvas
        canvas.fill((28, 30, 36))
        scene = scene_of(self.trace, self.index)
        self.painter.draw(canvas, scene)
        frame = self.trace.frames[self.index]
        x, y = self.painter.size[0] + 16, 14
        # As in the live window: the hub's face with its light matrix at the top right.
        face_bottom = y
        if scene.display is not None:
            face_bottom = draw_hub_face(canvas, scene.display, scene.light, (canvas.get_width() - 12, y)).bottom + 4
        lines = [
            (t("sim.replay.title"), self.big, (225, 228, 235)),
            (self.mission.title.get(current_language()), self.font, (225, 228, 235)),
            (t("sim.window.time", seconds=number(frame.t_ms / 1000, decimals=2).rjust(6)), self.big, (225, 228, 235)),
            (t("sim.window.speed", speed=f"{self.speed:g}"), self.font, (150, 155, 165)),
        ]
        if self.mission.scoring.items:  # as in the live window: no score where there is nothing to score
            lines.append((t("sim.replay.score", score=frame.score), self.big, (225, 228, 235)))
            at_end = self.index == len(self.trace.frames) - 1
            if at_end and self.trace.result and self.trace.result.get("breakdown"):
                # At the end, the breakdown the run was scored with.
                lines += [(line_text(line), self.font, (150, 155, 165)) for line in self.trace.result["breakdown"]]
        for text, font, color in lines:
            canvas.blit(font.render(text, True, color), (x, y))
            y += font.get_linesize()
        printed = "".join(f.printed for f in self.trace.frames[: self.index + 1]).splitlines()
        y = max(y, face_bottom) + 8
        canvas.blit(self.font.render(t("sim.window.output"), True, (225, 228, 235)), (x, y))
        y += self.font.get_linesize()
        room = max(0, (canvas.get_height() - y - 40) // self.font.get_linesize())
        for line in printed[-room:] if room else []:
            canvas.blit(self.font.render(line[:48], True, (150, 155, 165)), (x, y))
            y += self.font.get_linesize()
        canvas.blit(self.font.render(t("sim.window.keys"), True, (150, 155, 165)), (x, canvas.get_height() - 28))
        size = self.display.get_size()
        surface = canvas if size == canvas.get_size() else pygame.transform.smoothscale(canvas, size)
        self.display.blit(surface, (0, 0))
        pygame.display.flip()

    def close(self) -> None:
        pygame.display.quit()


def replay(trace: Trace, speed: float = 1.0, *, linger: bool = True, screenshot: str | None = None,
           mission: str | None = None) -> Frame:
    window = Replay(trace, speed, mission)
    try:
        last = window.play(linger=linger)
        if screenshot is not None:
            pygame.image.save(window.canvas, screenshot)
        return last
    finally:
        window.close()


__all__ = ["replay", "scene_of", "Any"]
