"""Building the table for one run: the scene, the pebbles of a seed, the motors and the robot.

Everything here is made once per ``World.reset(seed)``; the seed decides
where the pebbles lie, and nothing else on the table.
"""

from __future__ import annotations

from dataclasses import dataclass

from brickclass.robots.models import PortSpec, RobotSpec
from brickclass.simulator.field import FieldMap, scatter_pebbles
from brickclass.simulator.missions.model import Mission
from brickclass.simulator.physics.echoes import EchoMap
from brickclass.simulator.physics.imu import Imu
from brickclass.simulator.physics.motor import MotorShaft
from brickclass.simulator.physics.robot import RobotBody
from brickclass.simulator.physics.scene import Scene


@dataclass
class Table:
    """What lies on the table at the start of a run."""

    scene: Scene
    field: FieldMap
    echoes: EchoMap
    # One physical shaft per motor port of the robot model.
    shafts: dict[str, MotorShaft]
    arm_port: PortSpec | None
    robot: RobotBody | None
    wheel_ports: tuple[str, ...]
    # Motors that turn on their own (not wheels, not the arm).
    free_shafts: list[MotorShaft]
    imu: Imu


def build_table(mission: Mission, robot: RobotSpec, seed: int, noise: bool) -> Table:
    scene = Scene(mission.field.size)
    for obstacle in mission.field.obstacles:
        shape = obstacle.shape
        scene.add_obstacle(obstacle.id, "circle" if shape.kind == "circle" else "poly",
                           shape.points, shape.center, shape.radius)
    place_pebbles(scene, mission, seed)

    shafts = {name: shaft_for(port, robot.battery_mv) for name, port in robot.ports.items() if port.device == "motor"}
    arm_port = robot.port_with_role("arm")
    body: RobotBody | None = None
    wheel_ports: tuple[str, ...] = ()
    if robot.drives:
        left = robot.port_with_role("left-wheel")
        right = robot.port_with_role("right-wheel")
        assert left is not None and right is not None
        wheel_ports = (left.port, right.port)
        body = RobotBody(robot, scene, mission.start, shafts[left.port], shafts[right.port])
        imu = Imu(body.body.angle, noise=noise, seed=seed)
    else:
        imu = Imu(0.0, noise=noise, seed=seed)
    wheels = {id(w.motor) for w in body.drivetrain.wheels} if body is not None else set()
    free = [shaft for name, shaft in shafts.items()
            if id(shaft) not in wheels and (arm_port is None or name != arm_port.port)]
    return Table(scene=scene, field=FieldMap(mission.field), echoes=EchoMap(mission.field), shafts=shafts,
                 arm_port=arm_port, robot=body, wheel_ports=wheel_ports, free_shafts=free, imu=imu)


def place_pebbles(scene: Scene, mission: Mission, seed: int) -> None:
    """Put the mission's pebbles where the seed scatters them."""
    spec = mission.field.pebbles
    for x, y, radius in scatter_pebbles(mission.field, seed):
        scene.add_pebble((x, y), radius, spec.mass_g / 1000.0)  # type: ignore[union-attr]


def shaft_for(port: PortSpec, battery_mv: int) -> MotorShaft:
    load = 0.0
    if port.role == "arm":
        mass = float(port.extra.get("mass_kg", 0.05))
        reach = float(port.extra.get("reach_mm", 150)) / 1000.0
        load = mass * reach * reach / 3  # a rod turning about one end
    return MotorShaft(port.motor or "spike-medium", battery_mv=battery_mv, start_deg=port.start_angle,
                      endstops=port.endstops, load_inertia=load)
