"""The motors' and sensors' small print: what a pupil meets beyond the official examples.

Argument checks in the hub's order and words, what each method returns, how
long a sensor takes to switch what it measures, and what the firmware does
in corner cases (pybricks/pupdevices/*.c, pybricks/common/pb_type_motor.c,
pb_type_control.c, pybricks/robotics/*.c of the firmware we follow).

The rover (tests/runner.py ROVER_SETUP) stands on the grey practice table:
its colour sensor (E) sees grey (#a0a0a0), its distance sensor (D) a wall
1105 mm ahead, and its bumper (F) is free until the rover drives into it.
"""

from __future__ import annotations

from pathlib import Path

from brickclass.robots.models import DATA_DIR
from tests.runner import printed_numbers, run_source

EPERM, ENODEV = 1, 19


def _run(tmp_path, body: str, **options):
    result = run_source(tmp_path, body, rover=True, **options)
    assert result.status == "finished", (result.stdout, result.error)
    return result


def _lines(result) -> list[str]:
    return result.stdout.splitlines()


def _boost_rover(tmp_path: Path) -> str:
    """The rover with a BOOST colour and distance sensor on E instead of the SPIKE colour sensor."""
    text = (DATA_DIR / "spike-rover.toml").read_text("utf-8")
    text = text.replace('[ports.E]\ndevice = "color"', '[ports.E]\ndevice = "colordistance"')
    path = tmp_path / "boost-rover.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


# --- ColorSensor ------------------------------------------------------------------------------


def test_reflection_color_and_hsv_share_one_mode_and_ambient_needs_another(tmp_path):
    # The constructor reads once in RGB_I, the mode of reflection(), color() and
    # hsv(); ambient(), hsv(False) and color(False) read SHSV. A switch waits for
    # the first report in the new mode (10-20 ms), then 30 ms of stale data + 1 ms.
    result = _run(tmp_path, """
watch = StopWatch()
eye = ColorSensor(Port.E)
print(watch.time())
watch.reset()
print(eye.reflection(), eye.color(), eye.hsv(), watch.time())
print(eye.ambient(), watch.time())
watch.reset()
print(eye.hsv(False), eye.color(False), watch.time())
print(type(eye.reflection()).__name__, type(eye.ambient()).__name__)
""")
    lines = _lines(result)
    assert 41 <= int(lines[0]) <= 51
    assert lines[1] == "62 Color.WHITE Color(h=10, s=0, v=74) 0"
    ambient, switch_ms = lines[2].split()
    assert ambient == "15.0" and 41 <= int(switch_ms) <= 51
    assert lines[3] == "Color(h=0, s=0, v=100) Color.WHITE 0"
    assert lines[4] == "int float"


def test_the_lights_are_a_mode_of_their_own_and_do_not_change_a_measurement(tmp_path):
    # Setting the lights switches the sensor to its LIGHT mode and waits until
    # the sensor took the values (10 ms + 1 ms after sending); measuring turns
    # the lamps on again as the measurement needs them.
    result = _run(tmp_path, """
eye = ColorSensor(Port.E)
watch = StopWatch()
print(eye.lights.off(), watch.time())
watch.reset()
print(eye.reflection(), watch.time())
eye.lights.on((100, 0, 30.7))
print(eye.reflection())
for bad in ((1, 2), [1, 2, 3, 4], "50"):
    try:
        eye.lights.on(bad)
    except (TypeError, ValueError) as error:
        print(type(error).__name__, error)
""")
    lines = _lines(result)
    off, off_ms = lines[0].split()
    assert off == "None" and 21 <= int(off_ms) <= 31
    reflection, back_ms = lines[1].split()
    assert reflection == "62" and 41 <= int(back_ms) <= 51
    assert lines[2:] == [
        "62",
        "ValueError expected 1 number or tuple of 3 values",
        "ValueError expected 1 number or tuple of 3 values",
        "TypeError can't convert str to int",
    ]


def test_detectable_colors_keeps_the_very_list_it_was_given(tmp_path):
    result = _run(tmp_path, """
from pybricks.parameters import Color
eye = ColorSensor(Port.E)
default = eye.detectable_colors()
print(type(default).__name__, len(default), default[0], default[-1])
mine = [Color.RED]
print(eye.detectable_colors(mine), eye.detectable_colors() is mine)
print(eye.color())
mine.append(Color.WHITE)   # the sensor uses the list itself
print(eye.color(), eye.color() is Color.WHITE)
eye.detectable_colors(())
print(eye.color(), eye.color(surface=False))
for bad in (Color.RED, {Color.RED}, [Color.RED, 3]):
    try:
        eye.detectable_colors(bad)
    except TypeError as error:
        print(error)
""")
    assert _lines(result) == [
        "tuple 6 Color.RED Color.NONE",
        "None True",
        "Color.RED",
        "Color.WHITE True",
        "None None",  # nothing to choose from
        "object 'Color' isn't a tuple or list",
        "object 'set' isn't a tuple or list",
        "can't convert int to Color",
    ]


def test_reading_two_modes_of_one_sensor_at_once_fails_as_on_a_hub(tmp_path):
    # Inside run_task, ambient() switches the sensor away from the mode the
    # reflection() started just before is waiting in: the hub raises EPERM.
    result = _run(tmp_path, """
eye = ColorSensor(Port.E)

async def main():
    print(await eye.reflection())
    try:
        await multitask(eye.reflection(), eye.ambient())
    except OSError as error:
        print("OSError", error.args[0])
    print(await eye.ambient())

run_task(main())
""")
    assert printed_numbers(result) == [62, EPERM, 15.0]


# --- UltrasonicSensor and ForceSensor ------------------------------------------------------------


def test_ultrasonic_presence_and_lights_take_the_sensors_time(tmp_path):
    # distance() is the sensor's first mode: no wait. presence() listens in
    # another mode, whose stale data takes 50 ms (+1) to go.
    result = _run(tmp_path, """
watch = StopWatch()
eyes = UltrasonicSensor(Port.D)
print(eyes.distance(), watch.time())
print(eyes.presence(), watch.time())
watch.reset()
eyes.lights.on([10, 20, 30, 40])
eyes.lights.on(50.9)
print(watch.time())
try:
    eyes.lights.on((1, 2, 3))
except ValueError as error:
    print(error)
""")
    lines = _lines(result)
    assert lines[0] == "1105 0"
    presence, presence_ms = lines[1].split()
    assert presence == "False" and 61 <= int(presence_ms) <= 71
    # The first write waits for the LIGHT mode's first report, the second only 11 ms.
    assert 32 <= int(lines[2]) <= 42
    assert lines[3] == "expected 1 number or tuple of 4 values"


def test_force_sensor_values_come_from_its_raw_reading(tmp_path):
    # force() and distance() are floats, pressed(force) compares whole
    # millinewtons (so pressed(0) is always true), touched() needs no force.
    result = _run(tmp_path, """
bumper = ForceSensor(Port.F)
print(bumper.force(), bumper.distance(), bumper.touched(), bumper.pressed(), bumper.pressed(0))
for bad in ("3", None):
    try:
        bumper.pressed(bad)
    except TypeError as error:
        print(error)
robot.drive(150, 0)
wait(8000)
robot.stop()
force = bumper.force()
print(bumper.touched(), force > 1, type(force).__name__, bumper.distance() > 0.4,
      bumper.pressed(force - 0.01), bumper.pressed(force + 0.01))
""")
    assert _lines(result) == [
        "0.0 0.0 False False True",
        "can't convert str to float",
        "can't convert NoneType to float",
        "True True float True True False",
    ]


# --- Motor ------------------------------------------------------------------------------------


def test_every_stop_choice_ends_a_maneuver(tmp_path):
    result = _run(tmp_path, """
arm = Motor(Port.C)
arm.run_target(300, 45)
for then in (Stop.COAST, Stop.COAST_SMART, Stop.BRAKE, Stop.BRAKE_SMART, Stop.HOLD, Stop.NONE):
    arm.run_angle(300, 20 if arm.angle() < 45 else -20, then)
print("done", arm.done())
""")
    assert _lines(result) == ["done True"]


def test_speed_without_a_window_is_the_100_ms_window(tmp_path):
    result = _run(tmp_path, """
# The rotation sensor's speed, measured over the last 100 ms (not the model's estimate).
right.run(300)
wait(1000)
print(right.speed() == right.speed(100), right.speed(100.9) == right.speed(), abs(right.speed() - 300) < 5)
try:
    right.speed("fast")
except TypeError as error:
    print(error)
""")
    assert _lines(result) == ["True True True", "can't convert str to int"]


def test_a_closed_motor_refuses_its_control_until_a_new_object_takes_it(tmp_path):
    result = _run(tmp_path, """
arm = Motor(Port.C)
arm.close()
for use in (arm.angle, lambda: arm.run(100), arm.hold, arm.stalled, arm.load, lambda: arm.run_angle(100, 10)):
    try:
        use()
    except OSError as error:
        print("OSError", error.args[0])
print(arm.done())
again = Motor(Port.C)
print(arm.angle() == again.angle())
""")
    assert _lines(result) == ["OSError 19"] * 6 + ["True", "True"]


def test_motor_arguments_are_checked_in_the_firmwares_order(tmp_path):
    result = _run(tmp_path, """
from pybricks.pupdevices import DCMotor
for make in (lambda: Motor("A", 5), lambda: Motor(Port.C, "up"), lambda: DCMotor("A", 5),
             lambda: Motor(Port.C, gears=[12.0, 36]), lambda: Motor(Port.C, gears=[[12.0, 36]]),
             lambda: Motor(Port.C, gears=5), lambda: Motor(Port.C, gears=[[12, 36], 7])):
    try:
        make()
    except TypeError as error:
        print(error)
arm = Motor(Port.C, gears=[12, "middle gears do not count", 36])
print(arm.control.scale)
for use in (lambda: arm.run_time("x", 100, then=5), lambda: arm.run_angle(100, "x", then=5),
            lambda: arm.run_target(100, 90, then=5), lambda: arm.run_until_stalled("x", then=5)):
    try:
        use()
    except TypeError as error:
        print(error)
""")
    assert _lines(result) == [
        "can't convert str to Port",
        "can't convert str to Direction",
        "can't convert str to Port",
        "object 'float' isn't a tuple or list",
        "can't convert float to int",
        "object 'int' isn't a tuple or list",
        "object 'int' isn't a tuple or list",
        "3000",
        "can't convert str to int",
        "can't convert str to int",
        "can't convert int to Stop",
        "can't convert str to int",
    ]


def test_numbers_become_whole_numbers_as_the_hubs_single_precision_floats_do(tmp_path):
    # pb_obj_get_int casts the hub's 32-bit float: 5000.9999999 is 5001.0 there;
    # NaN becomes 0 and a huge number the largest int, without an exception.
    result = _run(tmp_path, """
arm = Motor(Port.C)
arm.settings(5000.9999999)
print(arm.settings())
arm.settings(float("nan"))
print(arm.settings())
try:
    arm.settings(1e12)
except ValueError as error:
    print("ValueError", error)
""")
    assert _lines(result) == ["(5001,)", "(0,)", "ValueError Invalid argument"]


def test_control_and_model_settings_are_checked_as_on_a_hub(tmp_path):
    result = _run(tmp_path, """
arm = Motor(Port.C)
arm.control.limits(acceleration=[500, 1000])
print(arm.control.limits())
for bad in ((1, 2, 3), [7]):
    try:
        arm.control.limits(acceleration=bad)
    except ValueError as error:
        print("ValueError", error)
settings = arm.model.settings()
print(len(settings), arm.model.settings(list(settings)))
for bad in (settings[:7], [1.5] * 8, 8):
    try:
        arm.model.settings(bad)
    except (TypeError, ValueError) as error:
        print(type(error).__name__, error)
""")
    lines = _lines(result)
    assert lines[0].endswith(", (500, 1000), 199)")
    assert lines[1:] == [
        "ValueError Invalid argument",
        "ValueError Invalid argument",
        "8 None",
        "ValueError Invalid argument",
        "TypeError can't convert float to int",
        "TypeError object 'int' isn't a tuple or list",
    ]


def test_the_old_control_methods_still_answer(tmp_path):
    # Programs written for version 3.1 ask the controller itself; the firmware
    # still has trajectory(), done(), load() and stalled().
    result = _run(tmp_path, """
arm = Motor(Port.C)
print(arm.control.trajectory(), arm.control.done(), arm.control.load(), arm.control.stalled())
arm.run_angle(300, -45, wait=False)
wait(20)
plan = arm.control.trajectory()
print(type(plan).__name__, len(plan), plan[9], arm.control.done())
""")
    assert _lines(result) == ["None True 0 False", "tuple 13 -300 False"]


# --- DriveBase and Car ------------------------------------------------------------------------


def test_move_by_starts_turning_before_it_reads_then(tmp_path):
    # The firmware starts the turn towards the target and only then converts
    # ``then``: a wrong one raises while the robot keeps turning.
    result = _run(tmp_path, """
try:
    robot.move_by(0, 300, then="hold")
except TypeError as error:
    print(error)
wait(2000)
print(abs(robot.angle() + 90) < 2, robot.distance() == 0)
try:
    robot.straight("far", then=5)
except TypeError as error:
    print(error)
""")
    assert _lines(result) == ["can't convert str to Stop", "True True", "can't convert str to int"]


def test_a_car_checks_its_motors_before_it_needs_blocking_code(tmp_path):
    result = _run(tmp_path, """
from pybricks.robotics import Car

async def main():
    for make in (lambda: Car(left, left), lambda: Car(left, [right] * 6), lambda: Car(left, [])):
        try:
            make()
        except ValueError as error:
            print(error)
    try:
        Car(right, left)
    except RuntimeError as error:
        print(error)

run_task(main())
""")
    assert _lines(result) == [
        "drive_motors and steer_motor must be different",
        "drive_motors must be a list of 1 to 5 motors",
        "drive_motors must be a list of 1 to 5 motors",
        "This can only be called before multitasking starts.",
    ]


# --- The BOOST colour and distance sensor and Power Functions motors ------------------------------


def test_the_boost_sensor_reads_with_its_own_formulas(tmp_path):
    result = run_source(tmp_path, """
from pybricks.parameters import Color
from pybricks.pupdevices import ColorDistanceSensor
watch = StopWatch()
eye = ColorDistanceSensor(Port.E)
print(eye.reflection(), eye.hsv(), eye.color(), watch.time())
print(eye.ambient(), type(eye.ambient()).__name__, eye.distance())
watch.reset()
print(eye.light.on(Color.ORANGE), watch.time())
try:
    eye.light.on(20)
except TypeError as error:
    print(error)
""", rover=True, robot=_boost_rover(tmp_path))
    assert result.status == "finished", result.error
    lines = _lines(result)
    # Already in RGB I when the program starts; reflection is the raw sum / 12.
    assert lines[0] == "62 Color(h=10, s=0, v=80) Color.WHITE 0"
    # AMBI gives whole percent; PROX steps of 10 %, 100 with nothing near.
    assert lines[1] == "15 int 100"
    light, light_ms = lines[2].split()
    assert light == "None" and 41 <= int(light_ms) <= 51
    assert lines[3] == "can't convert int to Color"


def test_power_functions_motors_check_their_channel_and_colour_and_wait_for_the_infrared(tmp_path):
    result = run_source(tmp_path, """
from pybricks.parameters import Color
from pybricks.pupdevices import ColorDistanceSensor, PFMotor
eye = ColorDistanceSensor(Port.E)
for args in ((1.0, Color.RED), (5, Color.RED), (1, Color.GREEN)):
    try:
        PFMotor(eye, *args)
    except (TypeError, ValueError) as error:
        print(type(error).__name__, error)
try:
    PFMotor(left, 1, Color.BLUE)
except TypeError as error:
    print(error)
train = PFMotor(eye, 2, Color.BLACK)  # only the hue counts: black is red's hue
watch = StopWatch()
train.dc(60)
print(watch.time())
watch.reset()
train.brake()
print(watch.time())
""", rover=True, robot=_boost_rover(tmp_path))
    assert result.status == "finished", result.error
    lines = _lines(result)
    # Each message takes the sensor 250 ms (+1) to send; the first also waits
    # for the switch to its infrared mode.
    assert 261 <= int(lines.pop(4)) <= 271
    assert lines.pop(4) == "251"
    assert lines == [
        "TypeError can't convert float to int",
        "ValueError Invalid argument",
        "ValueError Invalid argument",
        "can't convert Motor to ColorDistanceSensor",
    ]


# --- The end of a program, and Bluetooth devices ------------------------------------------------


def test_cleanup_code_can_still_use_a_sensor_after_the_time_is_up(tmp_path):
    # When the run is stopped, a ``finally`` still runs; setting the lights
    # must not wait for a world whose time no longer runs.
    result = run_source(tmp_path, """
eye = ColorSensor(Port.E)
try:
    while True:
        eye.reflection()
        wait(10)
finally:
    eye.lights.off()
    print("cleaned up")
""", rover=True, time_limit_s=1)
    assert result.status == "timeout", result.error
    assert result.stdout.splitlines()[0] == "cleaned up"


def test_a_remote_checks_its_name_as_the_hub_does(tmp_path):
    result = _run(tmp_path, """
from pybricks.pupdevices import Remote
for name in (5, "fifteen letters"):
    try:
        Remote(name)
    except (TypeError, ValueError) as error:
        print(type(error).__name__, error)
remote = Remote("fourteen chars", connect=False)
for name in ("", "fifteen letters", "ok"):
    try:
        remote.name(name)
    except (ValueError, OSError) as error:
        print(type(error).__name__, error.args[0])
""")
    assert _lines(result) == [
        "TypeError can't convert 'int' object to str implicitly",
        "ValueError Name too long",
        "ValueError bad name length",
        "ValueError bad name length",
        f"OSError {ENODEV}",
    ]
