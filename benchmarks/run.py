"""Speed of the simulator, run by hand: `python benchmarks/run.py`.

Prints, for driving programs on the practice table and the full moon mission:
- simulated seconds per wall second for a whole headless run (both processes),
- the same for stepping the world alone (firmware + physics, no program),
- bare pymunk stepping of the same scene, and the simulator's overhead ratio;
- the cost of one round trip between the world and a hub process (the channel
  alone: a request and a reply of a polling program's size, best of five batches).
Target (issue 2): at least 200× real time on one core for a driving program.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from brickclass.robots.models import load_robot  # noqa: E402
from brickclass.simulator.clock import TICK_US  # noqa: E402
from brickclass.simulator.hub.hubos.protocol import Channel  # noqa: E402
from brickclass.simulator.missions import load_mission  # noqa: E402
from brickclass.simulator.run import RunOptions, run_program  # noqa: E402
from brickclass.simulator.world import DT, World  # noqa: E402

DRIVING = textwrap.dedent("""
    from pybricks.parameters import Direction, Port
    from pybricks.pupdevices import Motor, UltrasonicSensor
    from pybricks.robotics import DriveBase
    robot = DriveBase(Motor(Port.A, Direction.COUNTERCLOCKWISE), Motor(Port.B), 56, 112)
    eyes = UltrasonicSensor(Port.D)
    for lap in range(6):
        for side in range(4):
            robot.straight(300)
            robot.turn(90)
    robot.drive(150, 0)
    while eyes.distance() > 300:
        pass
    robot.stop()
""")

POLLING = textwrap.dedent("""
    from pybricks.parameters import Direction, Port
    from pybricks.pupdevices import Motor, ColorSensor
    from pybricks.robotics import DriveBase
    from pybricks.tools import StopWatch
    robot = DriveBase(Motor(Port.A, Direction.COUNTERCLOCKWISE), Motor(Port.B), 56, 112)
    eye = ColorSensor(Port.E)
    watch = StopWatch()
    robot.drive(100, 0)
    while watch.time() < 20000:
        robot.drive(100, (eye.reflection() - 50) * 2)
    robot.stop()
""")


def whole_run(source: str, mission: str, repeats: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "program.py"
        path.write_text(source, encoding="utf-8")
        sim = wall = 0.0
        for _ in range(repeats):
            result = run_program(RunOptions(program=path, mission=mission))
            if result.status != "finished":
                raise SystemExit(f"benchmark program failed: {result.status} {result.error}")
            sim += result.sim_time_s
            wall += result.wall_time_s
    return sim, wall


def world_alone(mission: str, seconds: float) -> float:
    world = World(load_mission(mission), load_robot("spike-rover"))
    started = time.perf_counter()
    world.advance_to(int(seconds * 1e6))
    return time.perf_counter() - started


def bare_pymunk(mission: str, seconds: float) -> float:
    world = World(load_mission(mission), load_robot("spike-rover"))
    space = world.scene.space
    steps = int(seconds * 1e6) // TICK_US
    started = time.perf_counter()
    for _ in range(steps):
        space.step(DT)
    return time.perf_counter() - started


# The hub's side of the round trip: answers every request at once, as the world would.
ECHO_HUB = textwrap.dedent("""
    import os
    from brickclass.simulator.hub.hubos.protocol import Channel, ChannelClosed
    channel = Channel(0, os.dup(1))
    os.dup2(2, 1)
    try:
        while True:
            request = channel.receive()
            channel.send({"t": request["t"], "dev": {"co1": {"r": 42, "c": "WHITE"}}, "valid": {"co1": 5000}})
    except ChannelClosed:
        pass
""")


def round_trip_us(batches: int = 5, per_batch: int = 5000) -> float:
    """Microseconds for one request and its reply over the hub process's pipes (best batch)."""
    import os

    to_hub_read, to_hub_write = os.pipe()
    from_hub_read, from_hub_write = os.pipe()
    hub = subprocess.Popen([sys.executable, "-c", ECHO_HUB], stdin=to_hub_read, stdout=from_hub_write)
    os.close(to_hub_read)
    os.close(from_hub_write)
    channel = Channel(from_hub_read, to_hub_write)
    best = float("inf")
    for _ in range(batches):
        started = time.perf_counter()
        for i in range(per_batch):
            channel.send({"t": i * 40, "q": [[i * 40, "mo1", "dc", [50]]]})
            channel.receive()
        best = min(best, (time.perf_counter() - started) / per_batch)
    channel.close()
    hub.wait()
    return best * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    for name, source, mission in (("driving, practice", DRIVING, "practice"),
                                  ("driving, moon-sweeper", DRIVING, "moon-sweeper"),
                                  ("line following (polls every call)", POLLING, "practice")):
        sim, wall = whole_run(source, mission, args.repeats)
        print(f"{name:<36} whole run: {sim / wall:7.0f}× real time ({sim:.1f} sim-s in {wall:.2f} wall-s)")
    for mission in ("practice", "moon-sweeper"):
        seconds = 60.0
        world = world_alone(mission, seconds)
        bare = bare_pymunk(mission, seconds)
        print(f"{mission:<14} world alone: {seconds / world:7.0f}× real time; bare pymunk: {seconds / bare:7.0f}×;"
              f" overhead ratio {world / bare:.2f}")
    print(f"channel round trip (world ⇄ hub process): {round_trip_us():.1f} µs")


if __name__ == "__main__":
    main()
