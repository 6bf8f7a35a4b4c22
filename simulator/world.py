"""The world of one run: clock, table, robot, firmware and referee, stepped together.

One tick is the hub's 5 ms control period, in the order a hub lives it:

1. the firmware's motor process reads every encoder and sets every motor's drive;
2. the drivetrain turns motor drive into the chassis' motion, the arm motor turns;
3. pymunk moves and collides everything;
4. wheels follow the chassis, the brush wipes dust, the clock moves on;
5. sensors take their samples (every 10 ms), the IMU follows the body,
   the referee watches.

Nothing here reads the wall clock or an unseeded random source: the same
mission, robot, seed and program give the same run, bit for bit.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from typing import Any

from brickclass.robots.models import PortSpec, RobotSpec
from brickclass.simulator.clock import TICK_US, VirtualClock
from brickclass.simulator.devices import DeviceBoard
from brickclass.simulator.devices.sensors import SAMPLE_US
from brickclass.simulator.field import FieldMap, scatter_pebbles
from brickclass.simulator.firmware.motor_process import MotorProcess
from brickclass.simulator.missions.model import Mission
from brickclass.simulator.physics.battery import Battery
from brickclass.simulator.physics.echoes import EchoMap
from brickclass.simulator.physics.imu import Imu
from brickclass.simulator.physics.motor import Drive, MotorShaft
from brickclass.simulator.physics.robot import RobotBody, body_angle_to_compass
from brickclass.simulator.physics.scene import GRAVITY_MM_S2, Scene
from brickclass.simulator.referee import Referee
from brickclass.simulator.trace import FRAME_US, Frame, Trace

DT = TICK_US / 1_000_000
# Nothing on the table moves faster than this; beyond it the physics has failed.
MAX_SPEED_SQ = 5000.0 ** 2  # (mm/s)²
MAX_SPIN = 60.0  # rad/s
# Moonlight on the table, as the colour sensor's ambient mode sees it (0..1).
AMBIENT_LIGHT = 0.15
# Dust is gone from a cell once the brush has swept about this far across it.
SWEEP_CLEANS_MM = 25.0
# The distance sensor hears walls and standing objects (pebbles are too low),
# within a narrow cone.
_CONE = tuple(math.radians(d) for d in (-8.0, 0.0, 8.0))
# The robot counts as moving (for "read while it drove") above these speeds.
MOVING_MM_S = 10.0
MOVING_RAD_S = math.radians(5.0)


class World:
    def __init__(self, mission: Mission, robot: RobotSpec, *, seed: int = 0, time_limit_s: float | None = None,
                 noise: bool = False, record_trace: bool = False) -> None:
        self.mission = mission
        self.robot_spec = robot
        self.seed = seed
        self.noise = noise
        self.rng = random.Random(seed)
        self.clock = VirtualClock()
        self.time_limit_us = int(round((time_limit_s if time_limit_s is not None else mission.time_limit_s) * 1e6))
        self.stop_reason: str | None = None
        self.tick_hook: Callable[[World], None] | None = None
        self.print_hook: Callable[[str], None] | None = None
        self.program_time_s = 0.0
        self._ended = False

        self.scene = Scene(mission.field.size)
        self.field = FieldMap(mission.field)
        self.echoes = EchoMap(mission.field)
        for obstacle in mission.field.obstacles:
            shape = obstacle.shape
            self.scene.add_obstacle(obstacle.id, "circle" if shape.kind == "circle" else "poly",
                                    shape.points, shape.center, shape.radius)
        self._place_pebbles()

        # Motors: one physical shaft per motor port of the robot model.
        self.shafts: dict[str, MotorShaft] = {}
        for name, port in robot.ports.items():
            if port.device == "motor":
                self.shafts[name] = _shaft_for(port, robot.battery_mv)
        self.arm_port = robot.port_with_role("arm")
        self.robot: RobotBody | None = None
        self._wheel_ports: tuple[str, ...] = ()
        if robot.drives:
            left = robot.port_with_role("left-wheel")
            right = robot.port_with_role("right-wheel")
            assert left is not None and right is not None
            self._wheel_ports = (left.port, right.port)
            self.robot = RobotBody(robot, self.scene, mission.start, self.shafts[left.port], self.shafts[right.port])
            self.imu = Imu(self.robot.body.angle, noise=noise, seed=seed)
        else:
            self.imu = Imu(0.0, noise=noise, seed=seed)
        self._brush_last: list[tuple[float, float]] | None = None
        # Motors that turn on their own (not wheels, not the arm) step freely.
        wheels = {id(w.motor) for w in self.robot.drivetrain.wheels} if self.robot is not None else set()
        self._free_shafts = [shaft for name, shaft in self.shafts.items()
                             if id(shaft) not in wheels and (self.arm_port is None or name != self.arm_port.port)]
        self._printed: list[str] = []
        self.notes: list[str] = []
        # What happened that a lesson may ask about: devices used, the gyro, the bumper.
        self.events: set[str] = set()
        # How often the program read each sensor ("ColorSensor:E"), while the robot
        # stood still and while it moved: [still, moving].
        self.sensor_reads: dict[str, list[int]] = {}
        self._last_sane: dict[int, object] = {}
        self.battery = Battery(robot.battery_mv, self.shafts.values())
        self.battery_mv = robot.battery_mv
        self.motor_process = MotorProcess()
        self.devices = DeviceBoard(self)
        self.referee = Referee(mission, self)
        self.trace: Trace | None = Trace(mission.full_id, robot.id, seed) if record_trace else None
        self._start_pose = self.pose()
        self._record_frame()

    # --- building -------------------------------------------------------------------

    def _place_pebbles(self) -> None:
        spec = self.mission.field.pebbles
        for x, y, radius in scatter_pebbles(self.mission.field, self.seed):
            self.scene.add_pebble((x, y), radius, spec.mass_g / 1000.0)  # type: ignore[union-attr]

    # --- time -------------------------------------------------------------------------

    @property
    def next_tick_us(self) -> int:
        return (self.clock.now_us // TICK_US + 1) * TICK_US

    def advance_to(self, time_us: int) -> None:
        """Run whole ticks up to ``time_us`` (never past the time limit)."""
        target = min(time_us, self.time_limit_us)
        while not self.stop_reason and self.next_tick_us <= target:
            self.tick()
        if not self.stop_reason and target > self.clock.now_us:
            self.clock.now_us = target
        if time_us >= self.time_limit_us and not self.stop_reason:
            self._time_up()

    def run_until(self, conditions: list[tuple[Any, str]], limit_us: int | None) -> int | None:
        """Tick until a condition holds or ``limit_us``; the index of the condition that held."""
        while True:
            for index, (obj, kind) in enumerate(conditions):
                if obj.condition(kind):
                    return index
            if self.stop_reason:
                return None
            if limit_us is not None and self.next_tick_us > limit_us:
                self.advance_to(limit_us)
                for index, (obj, kind) in enumerate(conditions):
                    if obj.condition(kind):
                        return index
                return None
            if self.next_tick_us > self.time_limit_us:
                self._time_up()
                return None
            self.tick()

    def wait_a_little(self) -> bool:
        """Let 10 ms pass for a program waiting on something outside (input()); False at the end."""
        self.advance_to(self.clock.now_us + 10_000)
        return not self.stop_reason

    def _time_up(self) -> None:
        self.clock.now_us = max(self.clock.now_us, self.time_limit_us)
        self.request_stop("timeout")

    def request_stop(self, reason: str) -> None:
        if self.stop_reason is None:
            self.stop_reason = reason
            self.program_time_s = self.clock.seconds
            self._stop_motors()

    def _stop_motors(self) -> None:
        # Like the hub when a program ends: every motor coasts.
        for shaft in self.shafts.values():
            shaft.coast()
        self.motor_process.stop_all()

    def program_ended(self) -> None:
        """The hub process is gone (finished, crashed or stopped)."""
        if self._ended:
            return
        self._ended = True
        if self.stop_reason is None:
            self.program_time_s = self.clock.seconds
        self.referee.program_finished(self.program_time_s)
        self._stop_motors()
        self.devices.hub.program_ended()
        self._record_frame(final=True)

    # --- one tick -----------------------------------------------------------------------

    def tick(self) -> None:
        now = self.next_tick_us
        self.motor_process.tick(self.clock.now_us)
        robot = self.robot
        if robot is not None:
            robot.before_physics(DT, self.field)
        self._move_arm()
        self.scene.step(DT)
        if self.scene.contacts.bumper_impulse > 0:
            self.events.add("bumper")
        self._contain_physics_faults()
        if robot is not None:
            robot.drivetrain.settle(DT)
            self.imu.follow(robot.body, now, DT)
            self._sweep()
        else:
            self.imu.rest(now)
        for shaft in self._free_shafts:
            shaft.step(DT)
        self.clock.now_us = now
        if now % SAMPLE_US == 0:
            self.devices.sample_sensors()
        self.referee.observe(now)
        if self.trace is not None and now % FRAME_US == 0:
            self._record_frame()
        if self.tick_hook is not None:
            self.tick_hook(self)

    def _contain_physics_faults(self) -> None:
        """A body moving impossibly fast, or NaN: stop it where it last was sane, and note it.

        Pymunk can be squeezed into this (a pebble wedged between the brush and a
        wall at speed); the run must go on and say so rather than crash or hang.
        """
        bodies = self.scene.pebbles if self.robot is None else [self.robot.body, *self.scene.pebbles]
        for body in bodies:
            vx, vy = body.velocity
            spin = body.angular_velocity
            speed = vx * vx + vy * vy
            if speed < MAX_SPEED_SQ and abs(spin) < MAX_SPIN and speed == speed:
                continue
            last = self._last_sane.get(id(body))
            if last is not None:
                body.position = last
            elif not (math.isfinite(body.position.x) and math.isfinite(body.position.y)):
                body.position = self.mission.start[:2]
            body.velocity = (0.0, 0.0)
            body.angular_velocity = 0.0
            note = "physics_fault"
            if note not in self.notes:
                self.notes.append(note)
        if self.clock.now_us % 100_000 == 0:
            self._last_sane = {id(b): b.position for b in bodies}

    def _move_arm(self) -> None:
        port = self.arm_port
        if port is None:
            return
        shaft = self.shafts[port.port]
        reach = float(port.extra.get("reach_mm", 150)) / 1000.0
        mass = float(port.extra.get("mass_kg", 0.05))
        # Gravity pulls the arm down towards its lower end stop.
        gravity = -mass * GRAVITY_MM_S2 / 1000.0 * reach / 2 * math.cos(shaft.angle)
        if shaft.speed == 0.0 and shaft.drive is Drive.COAST and abs(gravity) <= shaft.specs.friction_nm:
            return  # resting: friction in the gears holds it, nothing changes
        shaft.step(DT, gravity)
        if self.robot is not None and self.robot.arm is not None:
            self.robot.set_brush_down(math.degrees(shaft.angle) < self.robot.arm.brush_down_below)

    def _sweep(self) -> None:
        robot = self.robot
        if robot is None or robot.arm is None:
            return
        if not robot.brush_down:
            self._brush_last = None
            return
        points = robot.brush_points()
        last = self._brush_last
        self._brush_last = points
        if last is None:
            return
        for (x, y), (lx, ly) in zip(points, last):
            moved = math.hypot(x - lx, y - ly)
            if moved <= 0.05:
                continue
            panel = self.field.panel_at(x, y)
            if panel is not None:
                panel.wipe(x, y, min(1.0, moved / SWEEP_CLEANS_MM))

    # --- what sensors and devices ask ----------------------------------------------------

    def gyro_heading_deg(self) -> float:
        return self.imu.heading()

    def gyro_in_use(self) -> bool:
        return self.devices.gyro_in_use()

    def sensor_point(self, port: PortSpec) -> tuple[float, float]:
        if self.robot is None:
            return (-1.0, -1.0)
        return self.robot.to_world(port.position)

    def look_down(self, port: Any) -> tuple[tuple[float, float, float], float]:
        """The colour of the mat under a downward sensor, and the ambient light."""
        x, y = self.sensor_point(port.spec)
        return self.field.ground_color(x, y), AMBIENT_LIGHT

    def look_ahead(self, port: Any, max_mm: float) -> float | None:
        """Distance from a forward sensor to the nearest wall or object it can see."""
        robot = self.robot
        if robot is None:
            return None
        spec: PortSpec = port.spec
        body = robot.body
        px, py = spec.position
        angle = body.angle
        cos_a, sin_a = math.cos(angle), math.sin(angle)
        origin = body.position
        x = origin.x + px * cos_a - py * sin_a
        y = origin.y + px * sin_a + py * cos_a
        best: float | None = None
        # The sound cone: a few rays either side of the sensor's axis.
        for spread in _CONE:
            hit = self.echoes.distance(x, y, angle + math.radians(spec.facing) + spread, max_mm)
            if hit is not None and (best is None or hit < best):
                best = hit
        return best

    def bumper_force_n(self, port: Any) -> float:
        # Impulse summed over the last step (kg·mm/s) → force in newtons.
        return self.scene.contacts.bumper_impulse / DT / 1000.0

    def arm_angle_deg(self) -> float | None:
        if self.arm_port is None:
            return None
        return math.degrees(self.shafts[self.arm_port.port].angle)

    def moving(self) -> bool:
        """Whether the robot is driving or turning right now."""
        robot = self.robot
        if robot is None:
            return False
        vx, vy = robot.body.velocity
        return vx * vx + vy * vy > MOVING_MM_S * MOVING_MM_S or abs(robot.body.angular_velocity) > MOVING_RAD_S

    def note_sensor_reads(self, sensors: list[str]) -> None:
        """The program read these sensors since its last request (the robot moves as it did then)."""
        column = 1 if self.moving() else 0
        for sensor in sensors:
            self.sensor_reads.setdefault(sensor, [0, 0])[column] += 1

    def drive_base_readings(self) -> dict[str, float] | None:
        """What the program's first drive base reads (``distance()``, ``angle()``), or None."""
        bases = self.devices.drive_bases
        if not bases:
            return None
        readings = bases[0].readings()
        return {"distance_mm": readings["distance"], "angle_deg": readings["angle"]}

    def motor_readings(self) -> dict[str, int]:
        """What ``Motor.angle()`` reads on each motor port, in degrees."""
        return {name: self.motor_process.angle_read(shaft) for name, shaft in self.shafts.items()}

    def motor_dials(self) -> dict[str, tuple[float, int]]:
        """Each motor but the wheels (where the robot is shows those): where its
        shaft points (degrees clockwise from the motor's zero mark) and what
        ``Motor.angle()`` reads, for drawing and for the trace."""
        return {name: (math.degrees(shaft.angle), self.motor_process.angle_read(shaft))
                for name, shaft in self.shafts.items() if name not in self._wheel_ports}

    def on_print(self, text: str) -> None:
        if self.print_hook is not None:
            self.print_hook(text)
        if self.trace is not None:
            self._printed.append(text)

    # --- poses and trace ---------------------------------------------------------------

    def pose(self) -> tuple[float, float, float]:
        if self.robot is None:
            x, y, heading = self.mission.start
            return (x, y, heading)
        return self.robot.pose()

    def start_pose_dict(self) -> dict[str, float]:
        return _pose_dict(self._start_pose)

    def pose_dict(self) -> dict[str, float]:
        return _pose_dict(self.pose())

    def _record_frame(self, final: bool = False) -> None:
        if self.trace is None:
            return
        printed = "".join(self._printed)
        self._printed = []
        frames = self.trace.frames
        if final and frames and frames[-1].t_ms == self.clock.ms():
            frames.pop()
        robot = self.robot
        frames.append(Frame(
            t_ms=self.clock.ms(),
            pose=self.pose(),
            arm_deg=self.arm_angle_deg(),
            brush_down=bool(robot is not None and robot.brush_down),
            pebbles=[(b.position.x, b.position.y) for b in self.scene.pebbles],
            dust=[[list(row) for row in d.amounts] for d in self.field.dust],
            printed=printed,
            score=self.referee.result().points,
            motors=self.motor_dials(),
            light=self.devices.hub.light_now(),
            display=self.devices.hub.display_now(),
        ))


def _pose_dict(pose: tuple[float, float, float]) -> dict[str, float]:
    x, y, heading = pose
    return {"x_mm": round(x, 1), "y_mm": round(y, 1), "heading_deg": round(heading % 360.0, 1)}


def _shaft_for(port: PortSpec, battery_mv: int) -> MotorShaft:
    load = 0.0
    if port.role == "arm":
        mass = float(port.extra.get("mass_kg", 0.05))
        reach = float(port.extra.get("reach_mm", 150)) / 1000.0
        load = mass * reach * reach / 3  # a rod turning about one end
    return MotorShaft(port.motor or "spike-medium", battery_mv=battery_mv, start_deg=port.start_angle,
                      endstops=port.endstops, load_inertia=load)


__all__ = ["World", "body_angle_to_compass"]
