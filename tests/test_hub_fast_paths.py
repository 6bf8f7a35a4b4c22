"""The hub process answers a control loop's calls from the last reply while they hold.

A line follower calls ``distance()``, ``reflection()`` and ``drive()`` tens of
thousands of times a simulated minute; those calls are answered in the hub
process until the world's next control tick or the sensor's next sample. These
tests hold the shortcuts to what a hub does: fresh data at every tick, a
repeated command that changes nothing, a new command that is never dropped,
and a stop that ends even the tightest loop.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from brickclass.simulator.run import Run, RunOptions
from tests.runner import ROVER_SETUP, printed_numbers

# A world control tick (µs); readings of a moving drive base change at every one.
TICK_US = 5000


def _run(tmp_path: Path, source: str, **options):
    path = tmp_path / "program.py"
    path.write_text(ROVER_SETUP + "eye = ColorSensor(Port.E)\n" + textwrap.dedent(source), encoding="utf-8")
    run = Run(RunOptions(program=path, mission=options.pop("mission", "practice"), **options))
    result = run.execute()
    assert result.status in ("finished", "timeout"), (result.status, result.error)
    return run, result


def test_a_line_follower_asks_the_world_about_once_per_control_tick(tmp_path):
    run, result = _run(tmp_path, """
        watch = StopWatch()
        turns = 0
        distance = 0
        while watch.time() < 2000:
            distance = robot.distance()
            error = eye.reflection() - 30
            robot.drive(100, error)
            turns += 1
        robot.stop()
        print(turns, distance)
    """)
    turns, distance = printed_numbers(result)
    ticks = 2000 * 1000 // TICK_US
    # Each turn makes four calls of 40 µs: thousands of turns, a few hundred requests.
    assert turns > 8 * ticks
    # The distance changes at every tick: fresh readings at every one (no fewer
    # requests than ticks), and no more than one request per tick and the set-up.
    assert ticks <= run.session.state.requests <= ticks + 40
    assert 150 < distance < 210


def test_the_same_drive_command_again_reaches_the_world_once(tmp_path):
    counts = []
    for repeats in (1, 2000):
        run, result = _run(tmp_path, f"""
            for _ in range({repeats}):
                robot.drive(100, 0)
            wait(500)
            robot.stop()
            print(robot.distance())
        """)
        counts.append(run.session.commands)
        assert 35 < printed_numbers(result)[0] < 55
    assert counts[0] == counts[1]


def test_a_drive_after_another_command_is_never_dropped(tmp_path):
    # drive, stop, the same drive again: a hub drives again after the stop.
    _, result = _run(tmp_path, """
        robot.drive(100, 0)
        wait(500)
        robot.stop()
        robot.drive(100, 0)
        wait(500)
        robot.stop()
        wait(300)
        print(robot.distance())

        def one_command_then_another(first, then):
            robot.reset()
            robot.drive(*first)
            robot.drive(*then)
            wait(500)
            robot.stop()

        one_command_then_another((100, 0), (100, 40))
        print(robot.angle())
        one_command_then_another((100, 0), (200, 0))
        print(robot.distance())
    """)
    distance, angle, faster = printed_numbers(result)
    assert distance > 85
    # Only the speed or only the turn rate differs: a new command each time.
    assert angle > 12
    assert faster > 75


def test_a_reading_after_a_command_to_its_sensor_is_not_answered_from_before(tmp_path):
    # Switching the lights off is a mode of its own; the next reflection waits for fresh data in its mode.
    _, result = _run(tmp_path, """
        watch = StopWatch()
        before = eye.reflection()
        eye.lights.off()
        ambient = eye.ambient()
        switched = watch.time()
        after = eye.reflection()
        print(before, after, ambient, watch.time() - switched)
    """)
    before, after, ambient, switch_ms = printed_numbers(result)
    assert before == after
    assert ambient != before
    # Back in the reflection mode: the sensor takes its time to switch, as on a hub.
    assert switch_ms >= 5


def test_the_time_limit_ends_a_loop_that_only_reads_a_sensor(tmp_path):
    run, result = _run(tmp_path, """
        while True:
            eye.reflection()
    """, time_limit_s=1.0)
    assert result.status == "timeout"
    assert 1.0 <= result.sim_time_s < 1.1


def test_the_time_limit_ends_a_loop_that_only_repeats_a_drive_command(tmp_path):
    run, result = _run(tmp_path, """
        while True:
            robot.drive(100, 0)
            robot.distance()
    """, time_limit_s=1.0)
    assert result.status == "timeout"
    assert 1.0 <= result.sim_time_s < 1.1
    # The robot drove the whole second: the world's time moved on with the hub's.
    assert run.world.drive_base_readings()["distance_mm"] > 80


def test_every_sensor_read_is_counted_whether_answered_here_or_by_the_world(tmp_path):
    # The run records how often each sensor was read, standing and moving (a lesson asks
    # "read while driving"): every call counts, also those answered from the last reply.
    _, result = _run(tmp_path, """
        for _ in range(500):
            eye.reflection()
        robot.drive(100, 0)
        wait(200)
        for _ in range(1234):
            eye.reflection()
            robot.distance()
        wait(10)
        eye.ambient()
        robot.stop()
    """)
    reads = result.sensor_reads["ColorSensor:E"]
    assert reads["still"] + reads["moving"] == 500 + 1234 + 1
    assert reads["moving"] >= 1234


def test_a_reset_drive_base_reads_zero_at_once(tmp_path):
    _, result = _run(tmp_path, """
        robot.drive(100, 0)
        wait(300)
        robot.stop()
        before = robot.distance()
        robot.reset()
        print(before, robot.distance(), robot.angle())
    """)
    before, after, angle = printed_numbers(result)
    assert before > 20
    assert after == 0 and angle == 0


def test_color_gives_the_same_colour_blocking_and_awaited(tmp_path):
    # Blocking, color() looks the colour up at once; in run_task it is looked up when
    # the awaited reading arrives (from the colours chosen when it was asked for).
    _, result = _run(tmp_path, """
        from pybricks.parameters import Color
        from pybricks.tools import run_task

        blocking = [eye.color(), eye.color(surface=False)]
        eye.detectable_colors((Color.RED, Color.GRAY, Color.NONE))
        blocking.append(eye.color())

        async def main():
            eye.detectable_colors((Color.RED, Color.YELLOW, Color.GREEN, Color.BLUE, Color.WHITE, Color.NONE))
            first = await eye.color()
            second = await eye.color(surface=False)
            eye.detectable_colors((Color.RED, Color.GRAY, Color.NONE))
            third = await eye.color()
            print(blocking == [first, second, third], blocking[2] is Color.GRAY or blocking[2])

        run_task(main())
    """)
    assert result.stdout.split() == ["True", "True"]
