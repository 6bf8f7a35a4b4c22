"""The firmware's virtual hub as a robot: what the Pybricks tests pin down, in our words.

Pybricks tests its firmware on a "virtual hub" with motors turning freely on a
desk (robots/data/virtualhub.toml). These tests check the behaviours those
programs rely on — exact timing, cooperative tasks, coasting, hashing,
colours, drive-base settling and the Car's steering limits — with our own
programs and numbers.
"""

from __future__ import annotations

import pytest

from tests.runner import printed_numbers, run_source


def desk(tmp_path, source: str, **options):
    result = run_source(tmp_path, source, robot="virtualhub", **options)
    assert result.status == "finished", (result.stdout, result.error)
    return result


# --- the platform ----------------------------------------------------------------


def test_ports_hold_the_motors_of_the_firmware_virtual_hub(tmp_path):
    result = desk(tmp_path, """
        from pybricks.pupdevices import Motor
        from pybricks.parameters import Port
        a, f = Motor(Port.A), Motor(Port.F)
        print(a.angle(), f.angle())
        for port in (Port.B, Port.C, Port.E):
            Motor(port)
        try:
            Motor(Port.D)
        except OSError as error:
            print(error.errno)
    """)
    # A starts at 123.456°, F at 45°; D is empty (ENODEV = 19).
    assert printed_numbers(result) == [123, 45, 19]


def test_the_lever_on_port_c_stalls_exactly_at_its_end_stop(tmp_path):
    result = desk(tmp_path, """
        from pybricks.pupdevices import Motor
        from pybricks.parameters import Port
        lever = Motor(Port.C)
        print(lever.run_until_stalled(400), lever.angle())
        print(lever.run_until_stalled(-400), lever.angle())
    """)
    assert printed_numbers(result) == [142, 142, -142, -142]


# --- timing ----------------------------------------------------------------------


def test_a_stopwatch_reads_exactly_the_time_waited(tmp_path):
    result = desk(tmp_path, """
        from pybricks.tools import StopWatch, wait
        watch = StopWatch()
        wait(250)
        print(watch.time())
        watch.reset()
        wait(37)
        print(watch.time())
        watch.pause()
        wait(500)
        print(watch.time())
        watch.resume()
        wait(13)
        print(watch.time())
    """)
    assert printed_numbers(result) == [250, 37, 37, 50]


def test_wait_without_await_inside_a_coroutine_does_not_wait(tmp_path):
    result = desk(tmp_path, """
        from pybricks.tools import StopWatch, run_task, wait
        watch = StopWatch()

        async def main():
            watch.reset()
            wait(300)          # forgot await: nothing happens
            print(watch.time())
            await wait(300)
            print(watch.time())
            pending = wait(120)
            print(watch.time())
            await pending
            print(watch.time())

        run_task(main())
    """)
    assert printed_numbers(result) == [0, 300, 300, 420]


# --- tasks -----------------------------------------------------------------------


def test_all_tasks_together_take_as_long_as_the_longest(tmp_path):
    result = desk(tmp_path, """
        from pybricks.tools import StopWatch, multitask, run_task, wait
        watch = StopWatch()

        async def pause(ms):
            await wait(ms)
            return ms

        async def main():
            print(*(await multitask(pause(80), pause(230), pause(150))))

        print(run_task(main()))  # run_task gives None, not the task's result
        print(watch.time())
    """)
    assert result.stdout.splitlines() == ["80 230 150", "None", "230"]


def test_a_race_cancels_the_slower_task_and_coasts_its_motor(tmp_path):
    result = desk(tmp_path, """
        from pybricks.pupdevices import Motor
        from pybricks.parameters import Port
        from pybricks.tools import StopWatch, multitask, run_task, wait
        wheel = Motor(Port.B)
        watch = StopWatch()

        async def spin():
            try:
                for turn in range(5):
                    await wheel.run_angle(600, 360)
                print("spin finished")
            except GeneratorExit:
                print("spin cancelled")
                raise

        async def short():
            await wait(180)
            return "short"

        async def main():
            print(await multitask(spin(), short(), race=True))

        run_task(main())
        print("time", watch.time(), "load", wheel.load())
        print("moved", wheel.angle() < 1800)
    """)
    lines = result.stdout.splitlines()
    assert lines[0] == "spin cancelled"
    assert lines[1] == "(None, 'short')"
    assert lines[2] == "time 180 load 0"
    assert lines[3] == "moved True"
    assert "spin finished" not in result.stdout


def test_a_motor_taken_over_by_another_task_ends_the_first_tasks_await(tmp_path):
    result = desk(tmp_path, """
        from pybricks.pupdevices import Motor
        from pybricks.parameters import Port
        from pybricks.tools import StopWatch, multitask, run_task, wait
        arm = Motor(Port.E)
        arm.reset_angle(0)
        watch = StopWatch()

        async def far():
            await arm.run_target(400, 50000)
            print("far gave way at", watch.time())

        async def back():
            await wait(400)
            print("taking over at", watch.time())
            await arm.run_target(400, -30)
            print("back done at", watch.time())

        run_task(multitask(far(), back()))
        print("angle", arm.angle())
    """)
    lines = result.stdout.splitlines()
    assert lines[0] == "taking over at 400"
    # The first await ends at the take-over, not when the new command is done.
    assert lines[1] in ("far gave way at 400", "far gave way at 401")
    assert lines[2].startswith("back done at")
    numbers = printed_numbers(result)
    assert abs(numbers[-1] - -30) <= 5


def test_load_is_zero_while_coasting_and_not_while_holding(tmp_path):
    result = desk(tmp_path, """
        from pybricks.pupdevices import Motor
        from pybricks.parameters import Port
        from pybricks.tools import wait
        wheel = Motor(Port.A)
        wheel.run_angle(500, 270)
        print(wheel.load() != 0)
        wheel.stop()
        print(wheel.load())
        wheel.run(300)
        wait(300)
        wheel.stop()
        wait(50)
        print(wheel.load())
    """)
    assert result.stdout.splitlines() == ["True", "0", "0"]


# --- objects ---------------------------------------------------------------------


def test_every_device_object_is_hashable(tmp_path):
    result = desk(tmp_path, """
        from pybricks.hubs import VirtualHub
        from pybricks.pupdevices import Motor
        from pybricks.parameters import Direction, Port
        from pybricks.robotics import Car, DriveBase
        from pybricks.tools import StopWatch
        hub = VirtualHub()
        left, right = Motor(Port.A, Direction.COUNTERCLOCKWISE), Motor(Port.B)
        rear, steering = Motor(Port.F), Motor(Port.C)
        things = [hub, hub.battery, hub.buttons, hub.system, left, right, rear, steering,
                  DriveBase(left, right, 56, 112), StopWatch(), left.control, left.model]
        names = {thing: index for index, thing in enumerate(things)}
        print(len(set(things)), [names[thing] for thing in things] == list(range(len(things))))
    """)
    assert result.stdout.split() == ["12", "True"]


def test_colors_hash_iterate_shift_and_scale(tmp_path):
    result = desk(tmp_path, """
        from pybricks.parameters import Color
        names = {Color.YELLOW: "yellow", Color.CYAN: "cyan"}
        print(names[Color.CYAN], Color(60, 100, 100) == Color.YELLOW)
        try:
            names[Color(60, 100, 100)]  # equal, but a hub hashes a colour by identity
        except KeyError:
            print("KeyError")
        hue, saturation, value = Color.ORANGE
        print(hue, saturation, value, Color.ORANGE[2], *Color.MAGENTA)
        print(Color.GREEN >> 120 == Color.BLUE, Color.BLUE >> 480 == Color.RED)
        print(Color.CYAN * 0.4 == Color(180, 100, 40))
    """)
    lines = result.stdout.splitlines()
    assert lines == ["cyan True", "KeyError", "30 100 100 100 300 100 100", "True True", "True"]


# --- drive base and car ----------------------------------------------------------

STATE = """
from pybricks.pupdevices import Motor
from pybricks.parameters import Direction, Port
from pybricks.robotics import DriveBase
from pybricks.tools import wait
base = DriveBase(Motor(Port.A, Direction.COUNTERCLOCKWISE), Motor(Port.B), 56, 112)
def show():
    print(*[round(value) for value in base.state()])
"""


def _settled(result, expected):
    """Each printed state within the firmware test's tolerances: 10 mm, 30 mm/s, 10°, 30°/s."""
    numbers = printed_numbers(result)
    states = [numbers[i:i + 4] for i in range(0, len(numbers), 4)]
    assert len(states) == len(expected), result.stdout
    for state, want in zip(states, expected):
        limits = (10, 30, 10, 30)
        assert all(abs(s - w) <= limit for s, w, limit in zip(state, want, limits)), (state, want)


def test_drive_base_state_settles_on_straights_curves_and_resets(tmp_path):
    result = desk(tmp_path, STATE + """
show()
base.straight(350)
show()
base.curve(200, -90)
show()
base.reset(800, 45)
show()
base.turn(-45)
base.straight(-800)
show()
""")
    quarter = 3.14159 / 2 * 200
    _settled(result, [(0, 0, 0, 0), (350, 0, 0, 0), (350 + quarter, 0, -90, 0), (800, 0, 45, 0), (0, 0, 0, 0)])


def test_drive_base_reaches_its_speeds_and_a_reset_stops_it(tmp_path):
    result = desk(tmp_path, STATE + """
print(*base.settings())
base.drive(150, -40)
wait(600)
show()
base.reset()
show()
wait(600)
show()
""")
    numbers = printed_numbers(result)
    straight_acceleration, turn_acceleration = numbers[1], numbers[3]
    # Ramped up at the drive base's accelerations, then steady for the rest of the 600 ms.
    distance = 150 * 0.6 - 150 ** 2 / (2 * straight_acceleration)
    angle = -(40 * 0.6 - 40 ** 2 / (2 * turn_acceleration))
    assert abs(numbers[4] - distance) <= 3 and abs(numbers[6] - angle) <= 2, numbers
    assert abs(numbers[5] - 150) <= 6 and abs(numbers[7] + 40) <= 3, numbers
    # reset() zeroes distance and angle at once, then the robot stops within a few millimetres.
    assert numbers[8] == 0 and numbers[10] == 0
    assert abs(numbers[12]) <= 10 and numbers[13] == 0 and abs(numbers[14]) <= 5 and numbers[15] == 0, numbers


@pytest.mark.parametrize(("percent", "angle"), [(100, 132), (-100, -132), (50, 66), (0, 0)])
def test_car_steering_stops_ten_degrees_short_of_the_end_stop(tmp_path, percent, angle):
    result = desk(tmp_path, f"""
        from pybricks.pupdevices import Motor
        from pybricks.parameters import Port
        from pybricks.robotics import Car
        from pybricks.tools import wait
        steering = Motor(Port.C)
        car = Car(steering, [Motor(Port.A), Motor(Port.B)])
        car.steer({percent})
        wait(1500)
        print(steering.angle())
    """)
    # The lever's end stops are at ±142°; Car keeps 10° away from them.
    assert abs(printed_numbers(result)[-1] - angle) <= 4
