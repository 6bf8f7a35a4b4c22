"""Where a distance sensor's sound comes back from: walls and standing objects, in closed form.

The table's walls and the mission's obstacles never move, so a ray is tested
against them directly (a box, circles, polygon edges) instead of through the
physics engine, which keeps the ultrasonic sensor cheap at 100 samples a second.
"""

from __future__ import annotations

import math

from brickclass.simulator.missions.model import Field


class EchoMap:
    def __init__(self, field: Field) -> None:
        self.width, self.height = field.size
        self.circles: list[tuple[float, float, float]] = []
        self.edges: list[tuple[float, float, float, float]] = []
        for obstacle in field.obstacles:
            shape = obstacle.shape
            if shape.kind == "circle":
                self.circles.append((shape.center[0], shape.center[1], shape.radius))
            else:
                points = list(shape.points)
                for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1]):
                    self.edges.append((x1, y1, x2, y2))

    def distance(self, x: float, y: float, angle: float, reach: float) -> float | None:
        """Distance along the ray from (x, y) at ``angle`` (radians, counterclockwise from east)."""
        dx, dy = math.cos(angle), math.sin(angle)
        best = reach
        # The inside of the walls: the ray leaves the box through one side.
        if dx > 1e-12:
            best = min(best, (self.width - x) / dx)
        elif dx < -1e-12:
            best = min(best, -x / dx)
        if dy > 1e-12:
            best = min(best, (self.height - y) / dy)
        elif dy < -1e-12:
            best = min(best, -y / dy)
        for cx, cy, r in self.circles:
            # Solve |p + t d - c| = r for the nearest t >= 0.
            fx, fy = x - cx, y - cy
            b = fx * dx + fy * dy
            c = fx * fx + fy * fy - r * r
            disc = b * b - c
            if disc >= 0:
                t = -b - math.sqrt(disc)
                if t < 0 <= c:
                    continue
                if 0 <= t < best:
                    best = t
        for x1, y1, x2, y2 in self.edges:
            ex, ey = x2 - x1, y2 - y1
            denom = dx * ey - dy * ex
            if abs(denom) < 1e-12:
                continue
            t = ((x1 - x) * ey - (y1 - y) * ex) / denom
            u = ((x1 - x) * dy - (y1 - y) * dx) / denom
            if 0 <= u <= 1 and 0 <= t < best:
                best = t
        return best if best < reach else None
