"""One run: a pupil's program, a robot, a mission and a seed → a result.

The world process (this one) owns the clock, the physics and the referee;
the program runs in a separate hub process. They talk in lock-step, so the
same program, robot, mission and seed always give the same result.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from brickclass.robots.models import DEFAULT_ROBOT, RobotSpec, load_robot
from brickclass.simulator import sandbox
from brickclass.simulator.devices.hub import HUB_SHUTDOWN_NOTE
from brickclass.simulator.hub.hubos.protocol import Channel, ChannelClosed, ChannelTimeout, ProtocolError
from brickclass.simulator.missions import default_mission_for, load_mission
from brickclass.simulator.missions.model import Mission
from brickclass.simulator.session import HubSession, ProgramFault

# Local modules a program may import, copied along with it (as pybricksdev bundles them).
MAX_LOCAL_MODULES = 32
MAX_PROGRAM_BYTES = 256 * 1024
# After the world has asked the program to stop, how many more requests it may make.
STOP_GRACE_REQUESTS = 2000


@dataclass
class RunOptions:
    program: Path
    robot: str = DEFAULT_ROBOT
    # None: the robot's usual mission (see brickclass.simulator.missions.default_mission_for).
    mission: str | None = None
    seed: int = 0
    time_limit_s: float | None = None
    watchdog_s: float = 5.0
    wall_limit_s: float = 300.0
    noise: bool = False
    limits: sandbox.Limits = field(default_factory=sandbox.Limits)
    trace: bool = False


@dataclass
class RunResult:
    status: str  # finished | error | timeout | stopped (see ending() for the sentence)
    sim_time_s: float
    wall_time_s: float
    stdout: str
    error: dict[str, Any] | None
    score: int
    max_score: int
    breakdown: list[dict[str, Any]]
    stars: int
    start_pose: dict[str, float]
    final_pose: dict[str, float]
    mission: str
    robot: str
    seed: int
    output_cut: bool = False
    notes: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    # Whether the robot drives (a chassis on wheels) or its motors turn on a desk.
    drives: bool = True
    # What Motor.angle() reads on each motor port at the end (degrees).
    motors: dict[str, int] = field(default_factory=dict)
    # How often the program read each sensor ("ColorSensor:E") while the robot
    # stood still and while it moved: {"still": n, "moving": n}.
    sensor_reads: dict[str, dict[str, int]] = field(default_factory=dict)
    # What the program's drive base reads at the end (distance() and angle()), if it made one.
    odometry: dict[str, float] | None = None
    trace: Any = None

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "sim_time_s": self.sim_time_s,
            "wall_time_s": self.wall_time_s,
            "stdout": self.stdout,
            "error": self.error,
            "score": self.score,
            "max_score": self.max_score,
            "breakdown": self.breakdown,
            "stars": self.stars,
            "start_pose": self.start_pose,
            "final_pose": self.final_pose,
            "mission": self.mission,
            "robot": self.robot,
            "seed": self.seed,
            "output_cut": self.output_cut,
            "notes": self.notes,
            "events": self.events,
            "drives": self.drives,
            "motors": self.motors,
            "sensor_reads": self.sensor_reads,
            "odometry": self.odometry,
        }


def ending(status: str, notes: list[str]) -> str:
    """How a run ended, in words a pupil reads (the key under ``sim.status``).

    A program that turned the hub off (``hub.system.shutdown()``) has finished
    cleanly; the sentence says the hub was turned off.
    """
    return "shutdown" if status == "finished" and HUB_SHUTDOWN_NOTE in notes else status


class SetupError(ValueError):
    """The run could not start: a missing program, an unknown robot or mission."""


def _stage_program(program: Path, workdir: Path) -> Path:
    """Copy the program and its sibling modules into the throw-away folder."""
    if not program.is_file():
        raise SetupError(f"{program}: no such file")
    size = program.stat().st_size
    if size > MAX_PROGRAM_BYTES:
        raise SetupError(f"{program}: the program is {size} bytes; a hub program must be under {MAX_PROGRAM_BYTES}")
    target = workdir / program.name
    shutil.copyfile(program, target)
    siblings = sorted(p for p in program.parent.glob("*.py") if p.name != program.name)
    for sibling in siblings[:MAX_LOCAL_MODULES]:
        if sibling.stat().st_size <= MAX_PROGRAM_BYTES:
            shutil.copyfile(sibling, workdir / sibling.name)
    return target


class _Drain(threading.Thread):
    """Reads what the hub process writes to its real stdout/stderr (capped)."""

    def __init__(self, stream: Any, cap: int = 16384) -> None:
        super().__init__(daemon=True)
        self.stream = stream
        self.cap = cap
        self.data = bytearray()

    def run(self) -> None:
        while True:
            chunk = self.stream.read(4096)
            if not chunk:
                return
            if len(self.data) < self.cap:
                self.data.extend(chunk[: self.cap - len(self.data)])


class Run:
    """Drives one run. ``tick_hook`` lets a window follow along (and pace it)."""

    def __init__(self, options: RunOptions, *, tick_hook: Callable[[Any], None] | None = None,
                 idle_hook: Callable[[Any], None] | None = None,
                 print_hook: Callable[[str], None] | None = None) -> None:
        from brickclass.simulator.world import World

        self.options = options
        try:
            self.robot: RobotSpec = load_robot(options.robot)
            self.mission: Mission = load_mission(options.mission or default_mission_for(self.robot))
        except ValueError as exc:
            raise SetupError(str(exc)) from exc
        limit = options.time_limit_s if options.time_limit_s is not None else self.mission.time_limit_s
        self.world = World(self.mission, self.robot, seed=options.seed, time_limit_s=limit,
                           noise=options.noise, record_trace=options.trace)
        self.world.tick_hook = tick_hook
        self.world.print_hook = print_hook
        self.idle_hook = idle_hook
        self.session = HubSession(self.world)
        self.process: subprocess.Popen[bytes] | None = None

    def execute(self) -> RunResult:
        options = self.options
        started = time.monotonic()
        workdir = Path(tempfile.mkdtemp(prefix="brickclass-run-"))
        status = "error"
        fault: dict[str, Any] | None = None
        try:
            program = _stage_program(Path(options.program), workdir)
            fault = self._converse(program, workdir, started)
        finally:
            self._stop_process()
            shutil.rmtree(workdir, ignore_errors=True)
        report = self.session.state.end_report
        if fault is not None:
            status, error = "error", fault
            if fault.get("type") == "Timeout":
                status = "timeout"
        elif report is None:
            status, error = "error", {"type": "HubCrash", "message": self._crash_text(), "line": None}
        else:
            status = str(report.get("status", "error"))
            error = report.get("error")
        if self.world.stop_reason == "timeout" and status in ("stopped", "finished"):
            status = "timeout"
        elif self.world.stop_reason == "button" and status in ("stopped", "finished"):
            status = "stopped"
        self.world.program_ended()
        if error is not None and report is not None and report.get("never_awaited"):
            error = dict(error, never_awaited=report["never_awaited"])
        return self._result(status, error, time.monotonic() - started)

    def _crash_text(self) -> str:
        drains = getattr(self, "_drains", ())
        text = b"".join(bytes(d.data) for d in drains).decode("utf-8", "replace").strip()
        return text[-2000:] if text else "The program stopped without saying how."

    def _converse(self, program: Path, workdir: Path, started: float) -> dict[str, Any] | None:
        options = self.options
        to_hub_r, to_hub_w = os.pipe()
        from_hub_r, from_hub_w = os.pipe()
        command = sandbox.hub_command(program, program.name, options.seed, self.robot.hub,
                                      "Pybricks Hub", to_hub_r, from_hub_w)
        limits = options.limits
        processes_now = sandbox.processes_of_this_user()
        self.process = subprocess.Popen(
            command,
            cwd=workdir,
            env=sandbox.hub_environment(workdir),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            pass_fds=(to_hub_r, from_hub_w),
            start_new_session=True,
            preexec_fn=lambda: sandbox.limit_process(limits, workdir, processes_now),
        )
        os.close(to_hub_r)
        os.close(from_hub_w)
        self._drains = [_Drain(self.process.stdout), _Drain(self.process.stderr)]
        for drain in self._drains:
            drain.start()
        channel = Channel(from_hub_r, to_hub_w)
        after_stop = 0
        try:
            while True:
                if time.monotonic() - started > options.wall_limit_s:
                    return {"type": "WallClock", "message": f"The run took more than {options.wall_limit_s:g} s of real time.", "line": None}
                try:
                    request = self._receive(channel)
                except ChannelTimeout:
                    return {"type": "Stuck", "message": "The program kept running without calling the hub.",
                            "line": None, "watchdog_s": options.watchdog_s}
                except ChannelClosed:
                    return None
                except ProtocolError as exc:
                    return {"type": "ProtocolError", "message": str(exc), "line": None}
                try:
                    reply = self.session.handle(request)
                except ProgramFault as exc:
                    return {"type": "ProtocolError", "message": str(exc), "line": None}
                if self.world.stop_reason:
                    after_stop += 1
                    if after_stop > STOP_GRACE_REQUESTS:
                        return None
                try:
                    channel.send(reply)
                except ChannelClosed:
                    return None
                if "end" in request:
                    return None
        finally:
            channel.close()

    def _receive(self, channel: Channel) -> dict[str, Any]:
        """Wait for the next request; keep a window alive meanwhile."""
        watchdog = self.options.watchdog_s
        if self.idle_hook is None:
            return channel.receive(timeout=watchdog)
        waited = 0.0
        while True:
            try:
                return channel.receive(timeout=0.01)
            except ChannelTimeout:
                waited += 0.01
                self.idle_hook(self.world)
                if waited >= watchdog:
                    raise

    def _stop_process(self) -> None:
        process = self.process
        if process is None:
            return
        if process.poll() is None:
            try:
                process.wait(timeout=0.5)
            except subprocess.TimeoutExpired:
                pass
        # Always clear the whole process group: children a program forked may
        # still be there after the hub process itself has ended.
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        if process.poll() is None:
            try:
                process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                pass
        for drain in getattr(self, "_drains", ()):
            drain.join(timeout=0.5)

    def _result(self, status: str, error: dict[str, Any] | None, wall: float) -> RunResult:
        world = self.world
        score = world.referee.result()
        return RunResult(
            status=status,
            sim_time_s=round(world.program_time_s, 3),
            wall_time_s=round(wall, 3),
            stdout=self.session.output,
            error=error,
            score=score.points,
            max_score=score.max_points,
            breakdown=score.breakdown,
            stars=score.stars,
            start_pose=world.start_pose_dict(),
            final_pose=world.pose_dict(),
            mission=self.mission.full_id,
            robot=self.robot.id,
            seed=self.options.seed,
            output_cut=self.session.state.output_cut,
            notes=list(world.notes),
            events=sorted(world.events),
            drives=self.robot.drives,
            motors=world.motor_readings(),
            sensor_reads={name: {"still": still, "moving": moving}
                          for name, (still, moving) in sorted(world.sensor_reads.items())},
            odometry=world.drive_base_readings(),
            trace=world.trace,
        )


def run_program(options: RunOptions, **hooks: Any) -> RunResult:
    """Run one program headless (or with hooks for a window) and return the result."""
    return Run(options, **hooks).execute()
