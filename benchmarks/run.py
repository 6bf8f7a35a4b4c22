"""Speed of the simulator, run by hand: `python benchmarks/run.py` (README: Speed).

Reports, as medians of ``--repeats`` runs measured side by side in one session:

- whole headless runs on moon-sweeper:3, both processes, as simulated seconds
  per wall second (x real time), for a program of blocking calls and for the
  line follower ``examples/sweeper_good.py``; also per second of CPU time of
  both processes (what a loaded machine cannot blur), and round trips between
  the two processes per simulated second;
- the world alone: each run's requests replayed into a fresh world without
  its hub process, in microseconds per tick;
- bare pymunk: the same scene (table, pebbles, the rover's shapes) with the
  rover moved kinematically along the path it drove in that run, stepped
  with nothing else, in microseconds per step; the world's overhead is the
  ratio of the two;
- control loops of other kinds (a gyro-steered drive, a loop on a motor's angle,
  color() compared with a named colour, an hsv() follower, a loop with wait(10)),
  whole runs in x real time;
- a class's hand-ins: 30 mixed programs graded with ``brickclass grade FOLDER``
  on moon-sweeper:3 (wall seconds, every core);
- one round trip over the channel between the world and a hub process that
  answers at once, both on one core as in a run, and on cores of their choice.

Targets (issue 17): blocking >= 200x, sweeper_good >= 75x, world tick <= 10x
bare pymunk, 30 hand-ins < 12 s.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pymunk

ROOT = Path(__file__).resolve().parents[1]

from brickclass.robots.models import load_robot  # noqa: E402
from brickclass.simulator import cores  # noqa: E402
from brickclass.simulator.compiled import STATUS  # noqa: E402
from brickclass.simulator.hub.hubos.link import CALL_COST_US  # noqa: E402
from brickclass.simulator.hub.hubos.protocol import Channel  # noqa: E402
from brickclass.simulator.missions import load_mission  # noqa: E402
from brickclass.simulator.run import Run, RunOptions  # noqa: E402
from brickclass.simulator.session import HubSession  # noqa: E402
from brickclass.simulator.world import DT, World  # noqa: E402
from brickclass.simulator.world.table import build_table  # noqa: E402

MISSION = "moon-sweeper:3"

# Blocking calls: each maneuver is one request; the world runs it to its end.
BLOCKING = textwrap.dedent("""
    from pybricks.parameters import Direction, Port, Stop
    from pybricks.pupdevices import Motor
    from pybricks.robotics import DriveBase
    from pybricks.tools import wait
    arm = Motor(Port.C)
    robot = DriveBase(Motor(Port.A, Direction.COUNTERCLOCKWISE), Motor(Port.B), 56, 112)
    for lap in range(6):
        arm.run_target(300, 60)
        for side in range(4):
            robot.straight(300)
            robot.turn(90)
        arm.run_until_stalled(-250, then=Stop.HOLD, duty_limit=40)
        wait(500)
""")
LINE_FOLLOWER = (ROOT / "examples" / "sweeper_good.py").read_text(encoding="utf-8")

# Control loops of other kinds a class writes (each polls every turn, as pupils' loops do).
_ROVER = textwrap.dedent("""
    from pybricks.hubs import PrimeHub
    from pybricks.parameters import Color, Direction, Port
    from pybricks.pupdevices import ColorSensor, Motor
    from pybricks.robotics import DriveBase
    from pybricks.tools import StopWatch, wait
    hub = PrimeHub()
    eye = ColorSensor(Port.E)
    left = Motor(Port.A, Direction.COUNTERCLOCKWISE)
    robot = DriveBase(left, Motor(Port.B), 56, 112)
    watch = StopWatch()
""")
OTHER_LOOPS = {
    "gyro, straight": """
        for lap in range(4):
            robot.reset()
            hub.imu.reset_heading(0)
            while robot.distance() < 600:
                robot.drive(150, -hub.imu.heading() * 3)
            robot.stop()
            robot.turn(180)
    """,
    "motor angle": """
        for lap in range(6):
            left.reset_angle(0)
            while left.angle() < 2000:
                robot.drive(150, 0)
            robot.stop()
            robot.turn(120)
    """,
    "color() == Color.BLACK": """
        while watch.time() < 20000:
            if eye.color() == Color.BLACK:
                robot.drive(120, 40)
            else:
                robot.drive(120, -40)
    """,
    "hsv() follower": """
        while watch.time() < 20000:
            robot.drive(120, (eye.hsv().v - 50) * 2)
    """,
    "reflection, wait(10)": """
        while watch.time() < 20000:
            robot.drive(100, (eye.reflection() - 30) * 2)
            wait(10)
    """,
}

# A class's hand-ins: the examples and short programs of the kind pupils write, 30 in all.
SHORT_PROGRAMS = [
    "from pybricks.pupdevices import Motor\nfrom pybricks.parameters import Port\n"
    "from pybricks.robotics import DriveBase\nfrom pybricks.parameters import Direction\n"
    "r = DriveBase(Motor(Port.A, Direction.COUNTERCLOCKWISE), Motor(Port.B), 56, 112)\n"
    "for i in range(4):\n    r.straight(200)\n    r.turn(90)\n",
    "from pybricks.pupdevices import Motor, ColorSensor\nfrom pybricks.parameters import Port, Direction\n"
    "from pybricks.robotics import DriveBase\n"
    "r = DriveBase(Motor(Port.A, Direction.COUNTERCLOCKWISE), Motor(Port.B), 56, 112)\n"
    "eye = ColorSensor(Port.E)\nr.drive(150, 0)\nwhile eye.reflection() > 20:\n    pass\nr.stop()\n",
    "from pybricks.tools import wait\nprint('hello')\nwait(2000)\n",
    "print(undefined_name)\n",
]


def _hand_ins() -> list[tuple[str, str]]:
    examples = sorted((ROOT / "examples").glob("*.py"))
    sources = [p.read_text(encoding="utf-8") for p in examples] + SHORT_PROGRAMS
    return [(f"pupil_{n:02d}.py", sources[n % len(sources)] + f"\n# pupil {n}\n") for n in range(30)]


@dataclass
class WholeRun:
    sim_s: float
    wall_s: float
    cpu_s: float
    round_trips: int
    requests: list[dict[str, Any]]

    @property
    def x_real(self) -> float:
        return self.sim_s / self.wall_s

    @property
    def x_cpu(self) -> float:
        return self.sim_s / self.cpu_s


def whole_run(source: str, folder: Path) -> WholeRun:
    path = folder / "program.py"
    path.write_text(source, encoding="utf-8")
    run = Run(RunOptions(program=path, mission=MISSION))
    run.session = HubSession(run.world, keep_requests=True)
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = run.execute()
    wall = time.perf_counter() - started
    own2, children2 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.status != "finished":
        raise SystemExit(f"benchmark program failed: {result.status} {result.error}")
    cpu = sum(getattr(b, f) - getattr(a, f) for a, b in ((own, own2), (children, children2))
              for f in ("ru_utime", "ru_stime"))
    assert run.session.kept is not None
    return WholeRun(result.sim_time_s, wall, cpu, run.session.state.requests, run.session.kept)


Path_ = list[tuple[float, float, float, bool]]  # the rover's (x, y, angle, brush down) per tick


def replay(requests: list[dict[str, Any]], path: Path_ | None = None) -> tuple[float, int]:
    """The world alone: (seconds, ticks) to answer the run's requests again; ``path`` collects the rover's poses."""
    world = World(load_mission(MISSION), load_robot("spike-rover"))
    if path is not None:
        def follow(w: World) -> None:
            body = w.robot.body
            path.append((body.position.x, body.position.y, body.angle, w.robot.brush_down))
        world.tick_hook = follow
    session = HubSession(world)
    started = time.perf_counter()
    for request in requests:
        session.handle(request)
    return time.perf_counter() - started, world.clock.now_us // 5000


def bare_pymunk(path: Path_) -> float:
    """Seconds to step the same scene with the rover moved kinematically along ``path``, pymunk alone."""
    table = build_table(load_mission(MISSION), load_robot("spike-rover"), 0, False)
    assert table.robot is not None
    body = table.robot.body
    body.body_type = pymunk.Body.KINEMATIC
    brush = table.robot.brush_shape
    space = table.scene.space
    filters = {down: pymunk.ShapeFilter(categories=brush.filter.categories, mask=16 if down else 0)
               for down in (False, True)} if brush is not None else {}
    started = time.perf_counter()
    x0, y0, a0, _ = path[0]
    for x, y, angle, down in path[1:]:
        body.velocity = ((x - x0) / DT, (y - y0) / DT)
        body.angular_velocity = (angle - a0) / DT
        if brush is not None:
            brush.filter = filters[down]
        space.step(DT)
        x0, y0, a0 = x, y, angle
    return time.perf_counter() - started


def grade_hand_ins() -> float:
    with tempfile.TemporaryDirectory() as folder:
        for name, source in _hand_ins():
            (Path(folder) / name).write_text(source, encoding="utf-8")
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "brickclass", "grade", folder, "--mission", MISSION, "--json",
                               "--db", str(Path(folder) / "book.sqlite3")], capture_output=True, text=True)
        wall = time.perf_counter() - started
        if done.returncode != 0:
            raise SystemExit(f"grading failed: {done.stderr[-2000:]}")
        return wall


# The hub's side of the round trip: asks again as soon as the world answered.
ECHO_HUB = textwrap.dedent("""
    import os
    from brickclass.simulator.hub.hubos.protocol import Channel, ChannelClosed
    channel = Channel.hub_end(0, os.dup(1))
    os.dup2(2, 1)
    try:
        for i in range(10 ** 9):
            channel.send({"t": i * 40, "q": [[i * 40, "db5", "drive", [180, i % 50]]]})
            channel.receive()
    except ChannelClosed:
        pass
""")


def round_trip_us(pinned: bool, batches: int = 5, per_batch: int = 5000) -> float:
    """Microseconds for one request and its reply over a hub process's pipes (best batch)."""
    reply = {"t": 0, "dev": {"co4": {"mode": 5, "current": 5, "ready": True, "ready_at": 0, "broken": False,
                                     "values": [31, 30, 28, 410], "reflection": 30, "hsv": [20, 10, 30], "color": 7,
                                     "ambient": None, "hsv_light": None, "color_light": None}},
             "valid": {"co4": 10_000}}
    best = float("inf")
    with cores.one_core() if pinned else contextlib.nullcontext():
        to_hub_read, to_hub_write = os.pipe()
        from_hub_read, from_hub_write = os.pipe()
        hub = subprocess.Popen([sys.executable, "-c", ECHO_HUB], stdin=to_hub_read, stdout=from_hub_write)
        os.close(to_hub_read)
        os.close(from_hub_write)
        channel = Channel.world_end(from_hub_read, to_hub_write)
        for _ in range(batches):
            started = time.perf_counter()
            for _ in range(per_batch):
                channel.receive()
                channel.send(reply)
            best = min(best, (time.perf_counter() - started) / per_batch)
        channel.close()
        hub.wait()
    return best * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-grading", action="store_true", help="leave out the 30 hand-ins")
    args = parser.parse_args()
    median = statistics.median
    how = f"compiled ({STATUS.modules} modules)" if STATUS.compiled else f"pure Python ({STATUS.why_pure})"
    print(f"simulator {how}; {os.cpu_count()} cores; a call costs {CALL_COST_US} us of hub time; {MISSION}")
    print(f"{'program':<22}{'x real':>8}{'x cpu':>8}{'trips/sim-s':>13}{'world us/tick':>15}"
          f"{'pymunk us/step':>16}{'overhead':>10}")
    with tempfile.TemporaryDirectory() as folder:
        for name, source in (("blocking", BLOCKING), ("sweeper_good", LINE_FOLLOWER)):
            runs = [whole_run(source, Path(folder)) for _ in range(args.repeats)]
            path: Path_ = []
            _, ticks = replay(runs[0].requests, path)
            world = median(replay(runs[0].requests)[0] for _ in range(args.repeats)) / ticks * 1e6
            bare = median(bare_pymunk(path) for _ in range(args.repeats)) / (len(path) - 1) * 1e6
            sim = runs[0].sim_s
            print(f"{name:<22}{median(r.x_real for r in runs):>7.0f}x{median(r.x_cpu for r in runs):>7.0f}x"
                  f"{runs[0].round_trips / sim:>13.1f}{world:>15.1f}{bare:>16.1f}{world / bare:>9.1f}x")
    print("other control loops (whole runs):")
    with tempfile.TemporaryDirectory() as folder:
        for name, body in OTHER_LOOPS.items():
            runs = [whole_run(_ROVER + textwrap.dedent(body), Path(folder)) for _ in range(args.repeats)]
            print(f"  {name:<24}{median(r.x_real for r in runs):>5.0f}x{median(r.x_cpu for r in runs):>7.0f}x"
                  f"{runs[0].round_trips / runs[0].sim_s:>13.1f} trips/sim-s")
    print(f"channel round trip: {round_trip_us(pinned=True):.1f} us on one core, "
          f"{round_trip_us(pinned=False):.1f} us where the system puts them")
    if not args.no_grading:
        walls = [grade_hand_ins() for _ in range(args.repeats)]
        print(f"30 mixed {MISSION} hand-ins, `brickclass grade FOLDER`: {median(walls):.1f} s "
              f"(runs: {', '.join(f'{w:.1f}' for w in walls)})")


if __name__ == "__main__":
    main()
