"""The World: one run's clock, table, robot, firmware and referee, stepped tick by tick.

One tick is the hub's 5 ms control period, in the order a hub lives it:

1. the firmware's motor process reads every encoder and sets every motor's drive;
2. the drivetrain turns motor drive into the chassis' motion, the arm motor turns;
3. pymunk moves and collides everything;
4. wheels follow the chassis, the brush wipes dust, the clock moves on;
5. sensors take their samples (every 10 ms), the IMU follows the body,
   the referee watches.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from brickclass.robots.models import PortSpec, RobotSpec
from brickclass.simulator.clock import TICK_US, VirtualClock
from brickclass.simulator.devices import DeviceBoard
from brickclass.simulator.devices.sensors import SAMPLE_US
from brickclass.simulator.firmware.motor_process import MotorProcess
from brickclass.simulator.missions.model import RGB, Mission
from brickclass.simulator.physics import angles
from brickclass.simulator.physics.battery import Battery
from brickclass.simulator.referee import Referee
from brickclass.simulator.trace import FRAME_US, Frame, Trace
from brickclass.simulator.world.arm import Arm
from brickclass.simulator.world.faults import PhysicsFaults
from brickclass.simulator.world.senses import Senses
from brickclass.simulator.world.table import build_table

DT: Final = TICK_US / 1_000_000
# The robot counts as moving (for "read while it drove") above these speeds.
MOVING_MM_S: Final = 10.0
MOVING_RAD_S: Final = angles.radians(5.0)


class World:
    def __init__(self, mission: Mission, robot: RobotSpec, *, seed: int = 0, time_limit_s: float | None = None,
                 noise: bool = False, record_trace: bool = False) -> None:
        self.mission = mission
        self.robot_spec = robot
        self.noise = noise
        self.record_trace = record_trace
        self.time_limit_us = int(round((time_limit_s if time_limit_s is not None else mission.time_limit_s) * 1e6))
        # Whoever watches (a window) is told after every tick, and of every print.
        self.tick_hook: Callable[[World], None] | None = None
        self.print_hook: Callable[[str], None] | None = None
        self.reset(seed)

    def reset(self, seed: int | None = None) -> None:
        """Set the run up from the start: a fresh table (pebbles where ``seed`` puts them), clock at 0."""
        if seed is not None:
            self.seed = seed
        mission, robot = self.mission, self.robot_spec
        self.clock = VirtualClock()
        self.stop_reason: str | None = None
        self.program_time_s = 0.0
        self._ended = False

        table = build_table(mission, robot, self.seed, self.noise)
        self.scene = table.scene
        self.field = table.field
        self.shafts = table.shafts
        self.arm_port = table.arm_port
        self.robot = table.robot
        self.imu = table.imu
        self._wheel_ports = table.wheel_ports
        self._free_shafts = table.free_shafts
        self._arm = None if table.arm_port is None else Arm(table.shafts[table.arm_port.port], table.arm_port,
                                                             table.robot, table.field)
        self.senses = Senses(table.robot, table.field, table.echoes, table.scene, DT)
        self._printed: list[str] = []
        self.notes: list[str] = []
        # What happened that a lesson may ask about: devices used, the gyro, the bumper.
        self.events: set[str] = set()
        # How often the program read each sensor ("ColorSensor:E"), while the robot
        # stood still and while it moved: [still, moving].
        self.sensor_reads: dict[str, list[int]] = {}
        self.faults = PhysicsFaults(None if table.robot is None else table.robot.body, table.scene.pebbles,
                                    (mission.start[0], mission.start[1]), self.notes)
        self.battery = Battery(robot.battery_mv, self.shafts.values())
        self.motor_process = MotorProcess()
        self.devices = DeviceBoard(self)
        self.referee = Referee(mission, self)
        self.trace: Trace | None = Trace(mission.full_id, robot.id, self.seed) if self.record_trace else None
        self._start_pose = self.pose()
        self._record_frame()

    # --- time -------------------------------------------------------------------------

    @property
    def next_tick_us(self) -> int:
        return (self.clock.now_us // TICK_US + 1) * TICK_US

    def advance_to(self, time_us: int) -> None:
        """Run whole ticks up to ``time_us`` (never past the time limit)."""
        target = min(time_us, self.time_limit_us)
        clock = self.clock
        while not self.stop_reason and (clock.now_us // TICK_US + 1) * TICK_US <= target:
            self.step()
        if not self.stop_reason and target > clock.now_us:
            clock.now_us = target
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
            self.step()

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
        self.devices.note_last_readings()
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

    def step(self) -> None:
        """One tick of the hub's control loop (5 ms)."""
        clock = self.clock
        now = (clock.now_us // TICK_US + 1) * TICK_US
        # The control loop runs every 5 ms on the dot, whenever a request last came in.
        self.motor_process.tick(now - TICK_US)
        robot = self.robot
        if robot is not None:
            robot.before_physics(DT, self.field)
        arm = self._arm
        if arm is not None:
            arm.move(DT)
        scene = self.scene
        scene.step(DT)
        if scene.contacts.bumper_impulse > 0:
            self.events.add("bumper")
        if robot is not None:
            state = robot.read_state()
            if self.faults.check(clock.now_us, state.velocity, state.angular_velocity):
                state = robot.read_state()
            robot.drivetrain.settle(DT, state)
            self.imu.follow(state, now, DT)
            if arm is not None:
                arm.sweep()
        else:
            self.faults.check(clock.now_us, (0.0, 0.0), 0.0)
            self.imu.rest(now)
        for shaft in self._free_shafts:
            shaft.step(DT)
        clock.now_us = now
        if now % SAMPLE_US == 0:
            self.devices.sample_sensors()
        self.referee.observe(now)
        if self.trace is not None and now % FRAME_US == 0:
            self._record_frame()
        if self.tick_hook is not None:
            self.tick_hook(self)

    # --- what sensors and devices ask ----------------------------------------------------

    def gyro_heading_deg(self) -> float:
        return self.imu.heading()

    def gyro_in_use(self) -> bool:
        return self.devices.gyro_in_use()

    def sensor_point(self, port: PortSpec) -> tuple[float, float]:
        return self.senses.sensor_point(port)

    def look_down(self, port: Any) -> tuple[RGB, float]:
        """The colour of the mat under a downward sensor, and the ambient light."""
        return self.senses.look_down(port.spec)

    def look_ahead(self, port: Any, max_mm: float) -> float | None:
        """Distance from a forward sensor to the nearest wall or object it can see."""
        return self.senses.look_ahead(port.spec, max_mm)

    def bumper_force_n(self, port: Any) -> float:
        return self.senses.bumper_force_n()

    def arm_angle_deg(self) -> float | None:
        if self.arm_port is None:
            return None
        return angles.degrees(self.shafts[self.arm_port.port].angle)

    def moving(self) -> bool:
        """Whether the robot is driving or turning right now (as the last physics step left it)."""
        robot = self.robot
        if robot is None:
            return False
        state = robot.state
        vx, vy = state.velocity
        return vx * vx + vy * vy > MOVING_MM_S * MOVING_MM_S or abs(state.angular_velocity) > MOVING_RAD_S

    def note_sensor_reads(self, reads: dict[str, int]) -> None:
        """The program read these sensors so many times since its last request (the robot moves as it did then)."""
        column = 1 if self.moving() else 0
        for sensor, count in reads.items():
            self.sensor_reads.setdefault(sensor, [0, 0])[column] += count

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
        return {name: (angles.degrees(shaft.angle), self.motor_process.angle_read(shaft))
                for name, shaft in self.shafts.items() if name not in self._wheel_ports}

    def on_print(self, text: str) -> None:
        if self.print_hook is not None:
            self.print_hook(text)
        if self.trace is not None:
            self._printed.append(text)

    # --- poses, snapshots and the trace ----------------------------------------------------

    def pose(self) -> tuple[float, float, float]:
        if self.robot is None:
            x, y, heading = self.mission.start
            return (x, y, heading)
        return self.robot.pose()

    def start_pose_dict(self) -> dict[str, float]:
        return _pose_dict(self._start_pose)

    def pose_dict(self) -> dict[str, float]:
        return _pose_dict(self.pose())

    def snapshot(self, printed: str = "") -> Frame:
        """What the table looks like now, for a window, a picture or the trace (a copy: reading it changes nothing)."""
        robot = self.robot
        return Frame(
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
        )

    def _record_frame(self, final: bool = False) -> None:
        if self.trace is None:
            return
        printed = "".join(self._printed)
        self._printed = []
        frames = self.trace.frames
        if final and frames and frames[-1].t_ms == self.clock.ms():
            frames.pop()
        frames.append(self.snapshot(printed))


def _pose_dict(pose: tuple[float, float, float]) -> dict[str, float]:
    x, y, heading = pose
    return {"x_mm": round(x, 1), "y_mm": round(y, 1), "heading_deg": round(heading % 360.0, 1)}

