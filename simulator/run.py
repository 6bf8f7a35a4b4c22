"""One run: a pupil's program, a robot, a mission and a seed → a result.

The world process (this one) owns the clock, the physics and the referee;
the program runs in a separate hub process. They talk in lock-step, so the
same program, robot, mission and seed always give the same result.
"""

from __future__ import annotations

import queue
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brickclass.robots.models import DEFAULT_ROBOT, RobotFileError, RobotSpec, load_robot
from brickclass.simulator import cores, sandbox
from brickclass.simulator.devices.hub import HUB_SHUTDOWN_NOTE
from brickclass.simulator.hub.hubos.protocol import Channel, ChannelClosed, ProtocolError
from brickclass.simulator.hub_process import HubProcess
from brickclass.simulator.missions import MissionFileError, default_mission_for, load_mission
from brickclass.simulator.missions.model import Mission
from brickclass.simulator.session import HubSession, ProgramFault
from brickclass.simulator.setup_error import SetupError
from brickclass.simulator.watchdog import Watchdog

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


def _stage_program(program: Path, workdir: Path) -> Path:
    """Copy the program and its sibling modules into the throw-away folder."""
    if not program.is_file():
        raise SetupError("no_program", program=str(program))
    size = program.stat().st_size
    if size > MAX_PROGRAM_BYTES:
        raise SetupError("program_too_big", program=str(program), size=size, most=MAX_PROGRAM_BYTES)
    target = workdir / program.name
    shutil.copyfile(program, target)
    siblings = sorted(p for p in program.parent.glob("*.py") if p.name != program.name)
    for sibling in siblings[:MAX_LOCAL_MODULES]:
        if sibling.stat().st_size <= MAX_PROGRAM_BYTES:
            shutil.copyfile(sibling, workdir / sibling.name)
    return target


class _Receiver(threading.Thread):
    """Reads requests into a queue, so a window's main thread can wait and redraw at once."""

    def __init__(self, channel: Channel) -> None:
        super().__init__(daemon=True, name="hub-requests")
        self.channel = channel
        self.requests: queue.SimpleQueue[dict[str, Any] | Exception] = queue.SimpleQueue()

    def run(self) -> None:
        while True:
            try:
                self.requests.put(self.channel.receive())
            except (ChannelClosed, ProtocolError) as exc:
                self.requests.put(exc)
                return


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
        except (RobotFileError, MissionFileError) as exc:
            raise SetupError.of_file(exc) from exc
        limit = options.time_limit_s if options.time_limit_s is not None else self.mission.time_limit_s
        self.world = World(self.mission, self.robot, seed=options.seed, time_limit_s=limit,
                           noise=options.noise, record_trace=options.trace)
        self.world.tick_hook = tick_hook
        self.world.print_hook = print_hook
        self.idle_hook = idle_hook
        self.session = HubSession(self.world)
        self.hub: HubProcess | None = None

    def execute(self) -> RunResult:
        options = self.options
        started = time.monotonic()
        workdir = Path(tempfile.mkdtemp(prefix="brickclass-run-"))
        status = "error"
        fault: dict[str, Any] | None = None
        try:
            program = _stage_program(Path(options.program), workdir)
            # Headless, both processes take turns on one core; a window's run keeps the system's choice.
            with cores.one_core() if self.idle_hook is None else nullcontext():
                fault = self._converse(program, workdir)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        report = self.session.state.end_report
        error: dict[str, Any] | None
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
        text = self.hub.crash_text() if self.hub is not None else ""
        return text or "The program stopped without saying how."

    def _converse(self, program: Path, workdir: Path) -> dict[str, Any] | None:
        """Start the hub process and answer its requests until the program ends (or must)."""
        options = self.options
        self.hub = hub = HubProcess(workdir, sandbox.containment_for(options.limits, workdir))
        watchdog = Watchdog(stuck_s=options.watchdog_s, wall_s=options.wall_limit_s, end_hub=hub.kill,
                            overrun=hub.overrun if hub.containment.overrun_needs_asking else None)
        receiver: _Receiver | None = None
        try:
            try:
                channel = hub.start({"program": program.name, "seed": options.seed, "hub": self.robot.hub,
                                     "name": "Pybricks Hub"})
            except OSError as exc:  # no interpreter to start, or the system refused the fence
                return {"type": "HubCrash", "message": f"The hub process could not start: {exc}", "line": None}
            watchdog.start()
            if self.idle_hook is not None:
                receiver = _Receiver(channel)
                receiver.start()
            return self._answer(channel, watchdog, receiver)
        finally:
            watchdog.stop()
            hub.end()
            if receiver is not None:
                receiver.join(timeout=2.0)
            hub.close()

    def _answer(self, channel: Channel, watchdog: Watchdog, receiver: _Receiver | None) -> dict[str, Any] | None:
        """The lock-step loop: a request in, the world advanced, a reply out."""
        after_stop = 0
        watchdog.waiting()
        while True:
            try:
                request = channel.receive() if receiver is None else self._receive_in_window(receiver)
            except (ChannelClosed, ProtocolError) as exc:
                return self._watchdog_fault(watchdog) or (
                    {"type": "ProtocolError", "message": str(exc), "line": None}
                    if isinstance(exc, ProtocolError) else None)
            watchdog.working()
            if watchdog.reason is not None:
                return self._watchdog_fault(watchdog)
            try:
                reply = self.session.handle(request)
            except ProgramFault as exc:
                return {"type": "ProtocolError", "message": str(exc), "line": None}
            if self.world.stop_reason:
                after_stop += 1
                if after_stop > STOP_GRACE_REQUESTS:
                    return None
            watchdog.waiting()
            try:
                channel.send(reply)
            except ChannelClosed:
                return self._watchdog_fault(watchdog)
            if "end" in request:
                return None

    def _receive_in_window(self, receiver: _Receiver) -> dict[str, Any]:
        """The next request; the window redraws and answers its keys meanwhile."""
        assert self.idle_hook is not None
        while True:
            try:
                item = receiver.requests.get(timeout=0.01)
            except queue.Empty:
                self.idle_hook(self.world)
                continue
            if isinstance(item, Exception):
                raise item
            return item

    def _watchdog_fault(self, watchdog: Watchdog) -> dict[str, Any] | None:
        """Why the watchdog ended the hub process, as an error report (None: it did not)."""
        options = self.options
        if watchdog.reason == "stuck":
            return {"type": "Stuck", "message": "The program kept running without calling the hub.",
                    "line": None, "watchdog_s": options.watchdog_s}
        if watchdog.reason == "wall":
            return {"type": "WallClock", "message": f"The run took more than {options.wall_limit_s:g} s of real time.",
                    "line": None}
        if watchdog.reason == "memory":
            megabytes = options.limits.memory_bytes // (1024 * 1024)
            return {"type": "MemoryError", "message": f"The program used more than {megabytes} MB of memory.",
                    "line": None}
        return None

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
