"""What the robot's sensors see of the world: the mat under a sensor, echoes ahead, a push on the bumper.

Each answer is taken from the chassis as the last physics step left it
(``RobotBody.state``), which is when the sensors sample.
"""

from __future__ import annotations

from typing import Final

from brickclass.robots.models import PortSpec
from brickclass.simulator.field import FieldMap
from brickclass.simulator.missions.model import RGB
from brickclass.simulator.physics import angles
from brickclass.simulator.physics.echoes import EchoMap
from brickclass.simulator.physics.robot import RobotBody
from brickclass.simulator.physics.scene import Scene

# Moonlight on the table, as the colour sensor's ambient mode sees it (0..1).
AMBIENT_LIGHT: Final = 0.15
# The distance sensor hears walls and standing objects (pebbles are too low),
# within a narrow cone: a few rays either side of the sensor's axis.
CONE = tuple(angles.radians(d) for d in (-8.0, 0.0, 8.0))


class Senses:
    """The sensors' view of one run's table."""

    __slots__ = ("robot", "field", "echoes", "scene", "dt")

    def __init__(self, robot: RobotBody | None, field: FieldMap, echoes: EchoMap, scene: Scene, dt: float) -> None:
        self.robot = robot
        self.field = field
        self.echoes = echoes
        self.scene = scene
        self.dt = dt

    def sensor_point(self, spec: PortSpec) -> tuple[float, float]:
        robot = self.robot
        if robot is None:
            return (-1.0, -1.0)
        x, y = spec.position
        return robot.state.to_world(x, y)

    def look_down(self, spec: PortSpec) -> tuple[RGB, float]:
        """The colour of the mat under a downward sensor, and the ambient light."""
        x, y = self.sensor_point(spec)
        return self.field.ground_color(x, y), AMBIENT_LIGHT

    def look_ahead(self, spec: PortSpec, max_mm: float) -> float | None:
        """Distance from a forward sensor to the nearest wall or object it can see."""
        robot = self.robot
        if robot is None:
            return None
        state = robot.state
        px, py = spec.position
        cos_a, sin_a = state.cos_a, state.sin_a
        x = state.x + px * cos_a - py * sin_a
        y = state.y + px * sin_a + py * cos_a
        facing = state.angle + angles.radians(spec.facing)
        best: float | None = None
        for spread in CONE:
            hit = self.echoes.distance(x, y, facing + spread, max_mm)
            if hit is not None and (best is None or hit < best):
                best = hit
        return best

    def bumper_force_n(self) -> float:
        # Impulse summed over the last step (kg·mm/s) → force in newtons.
        return self.scene.contacts.bumper_impulse / self.dt / 1000.0
