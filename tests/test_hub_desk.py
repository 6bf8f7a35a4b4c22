"""A hub alone on a desk: display, light, buttons, system, battery, IMU settings and beeps.

Nothing in the world acts on these parts, so what a pupil meets is the
firmware's own behaviour: how long a call takes, what it returns, which
arguments it refuses and with which words. Each test runs a short program
and checks the exact outcome.
"""

from __future__ import annotations

from tests.runner import printed_numbers, run_source

SETUP = """\
from pybricks.hubs import PrimeHub
from pybricks.parameters import Axis, Button, Color, Icon, Port, Side
from pybricks.tools import Matrix, StopWatch, multitask, run_task, vector, wait
hub = PrimeHub()
watch = StopWatch()


def show(call):
    try:
        print("ok", call())
    except Exception as error:
        print(type(error).__name__, "|", *error.args)
"""


def _run(tmp_path, body: str, **options):
    result = run_source(tmp_path, SETUP + body, **options)
    assert result.status == "finished", (result.stdout, result.error)
    return result


def _lines(result):
    return result.stdout.splitlines()


# --- the light matrix --------------------------------------------------------------


def test_text_shows_each_character_for_on_then_dark_for_off(tmp_path):
    result = _run(tmp_path, """
hub.display.text("GO", 300, 100)
print(watch.time())
watch.reset()
hub.display.text("GO", on=300, off=0)   # no gap, but the display still goes dark at the end
print(watch.time())
watch.reset()
hub.display.text(b"OK", 100, 20)        # bytes are text too
print(watch.time())
watch.reset()
hub.display.text("")
print(watch.time())
""")
    assert printed_numbers(result) == [800, 600, 240, 0]


def test_text_refuses_a_character_only_when_it_comes_to_it(tmp_path):
    result = _run(tmp_path, """
for text in ("AB\\n", "é", "tab\\there"):
    watch.reset()
    try:
        hub.display.text(text, 100, 50)
    except ValueError as error:
        print("ValueError", error, watch.time())
show(lambda: hub.display.text(42))
show(lambda: hub.display.text(42, on="long"))   # on and off are read before the text
""")
    assert _lines(result) == [
        "ValueError Invalid argument 300",
        "ValueError Invalid argument 0",
        "ValueError Invalid argument 450",
        "TypeError | can't convert 'int' object to str implicitly",
        "TypeError | can't convert str to int",
    ]


def test_text_inside_run_task_waits_only_when_awaited_and_a_new_text_ends_the_old_await(tmp_path):
    result = _run(tmp_path, """
async def scroll(text, delay):
    await wait(delay)
    await hub.display.text(text, 100, 0)
    print(text, watch.time())

async def main():
    hub.display.text("forgotten")       # not awaited: nothing is shown, no time passes
    print("no await", watch.time())
    await hub.display.text("AB", 100, 0)
    print("AB", watch.time())
    watch.reset()
    await multitask(scroll("LONG", 0), scroll("X", 150))

run_task(main())
""")
    assert _lines(result) == ["no await 0", "AB 200", "LONG 150", "X 250"]


def test_char_icon_number_and_pixel_check_their_arguments_as_the_hub_does(tmp_path):
    result = _run(tmp_path, """
show(lambda: hub.display.char("AB"))
show(lambda: hub.display.char("\\n"))
show(lambda: hub.display.char("é"))
show(lambda: hub.display.char(7))
show(lambda: hub.display.char("?"))
show(lambda: hub.display.icon([[100] * 5] * 4))
show(lambda: hub.display.icon([[100] * 5] * 4 + [[100] * 6]))
show(lambda: hub.display.icon(5))
show(lambda: hub.display.icon(Matrix([[100] * 6] * 6)))    # bigger: its top-left corner
show(lambda: hub.display.icon(Matrix([[100] * 4] * 4)))
show(lambda: hub.display.icon(Icon.HEART * 3))             # brighter than 100 is 100
show(lambda: hub.display.number(3.9))
show(lambda: hub.display.number("3"))
show(lambda: hub.display.pixel(7, -1))                     # off the matrix: nothing happens
show(lambda: hub.display.pixel(2, 2, 250))
show(lambda: hub.display.on(30))
show(lambda: hub.display.orientation(Side.LEFT))
show(lambda: hub.display.orientation(Axis.X))
""")
    assert _lines(result) == [
        "ValueError | Invalid argument",
        "ValueError | Invalid argument",
        "ValueError | Invalid argument",
        "TypeError | can't convert int to str",
        "ok None",
        "ValueError | Invalid argument",
        "ValueError | Invalid argument",
        "TypeError | object 'int' isn't a tuple or list",
        "ok None",
        "ValueError | Invalid argument",
        "ok None",
        "ok None",
        "TypeError | can't convert str to int",
        "ok None",
        "ok None",
        "ok None",
        "ok None",
        "TypeError | can't convert Matrix to Side",
    ]


def test_display_animate_takes_icons_and_needs_two_of_them(tmp_path):
    result = _run(tmp_path, """
show(lambda: hub.display.animate([Icon.HEART], 100))
show(lambda: hub.display.animate(Icon.HEART, 100))
show(lambda: hub.display.animate(5, "fast"))          # the interval is read first
show(lambda: hub.display.animate(icons=[Icon.HEART, Icon.EMPTY], interval=100))
show(lambda: hub.display.animate(matrices=[Icon.HEART, Icon.EMPTY], interval=100))
print(watch.time())                                   # it runs in the background
""")
    lines = _lines(result)
    assert lines[:4] == [
        "ValueError | Invalid argument",
        "TypeError | object 'Matrix' isn't a tuple or list",
        "TypeError | can't convert str to int",
        "ok None",
    ]
    assert lines[4].startswith("TypeError |") and "matrices" in lines[4]
    assert lines[5] == "0"


# --- the status light ------------------------------------------------------------------


def test_light_blink_and_animate_check_their_arguments_in_the_hubs_order(tmp_path):
    result = _run(tmp_path, """
show(lambda: hub.light.blink(Color.RED, 500))
show(lambda: hub.light.blink("red", 500))          # the durations are read before the colour
show(lambda: hub.light.blink("red", [500]))
show(lambda: hub.light.blink(Color.RED, [100, 0]))
show(lambda: hub.light.blink(Color.RED, [100, -5]))
show(lambda: hub.light.blink(Color.RED, [100, 65536]))   # 16 bits: this is 0 on the hub
show(lambda: hub.light.blink(Color.RED, (100, 200.7)))
show(lambda: hub.light.animate([Color.RED, "blue"], 100))
show(lambda: hub.light.animate(Color.RED, 100))
show(lambda: hub.light.animate([Color.RED, Color.BLUE], "slow"))
show(lambda: hub.light.on(120))
""")
    assert _lines(result) == [
        "TypeError | object of type 'int' has no len()",
        "TypeError | object of type 'int' has no len()",
        "TypeError | can't convert str to Color",
        "ValueError | Invalid argument",
        "ValueError | Invalid argument",
        "ValueError | Invalid argument",
        "ok None",
        "TypeError | can't convert str to Color",
        "TypeError | object of type 'Color' has no len()",
        "TypeError | can't convert str to int",
        "TypeError | can't convert int to Color",
    ]


def test_the_light_blinks_and_animates_in_the_background_with_the_given_timing(tmp_path):
    result = _run(tmp_path, """
wait(100)
hub.light.blink(Color.RED, [200, 100, 50, 150])
wait(1000)
hub.light.animate([Color.BLUE, Color.GREEN, Color.NONE], 150)
wait(600)
print(watch.time())
""", trace=True)
    assert printed_numbers(result) == [1700]
    shown = {frame.t_ms: frame.light for frame in result.trace.frames}
    red, dark, blue, green = (0, 100, 100), (0, 0, 0), (240, 100, 100), (120, 100, 100)
    # Blink from 100 ms: red 200, dark 100, red 50, dark 150, and again.
    assert [shown[t] for t in range(150, 1101, 50)] == [
        red, red, red, red, dark, dark, red, dark, dark, dark,
        red, red, red, red, dark, dark, red, dark, dark, dark]
    # Animate from 1100 ms: each colour for 150 ms, over and over.
    assert [shown[t] for t in range(1150, 1701, 150)] == [blue, green, dark, blue]


def test_blinking_again_starts_the_pattern_over(tmp_path):
    # Blinking from a fast loop keeps the light in its first, "on" step.
    result = _run(tmp_path, """
for _ in range(20):
    hub.light.blink(Color.ORANGE, [100, 100])
    wait(50)
""", trace=True)
    lights = {frame.light for frame in result.trace.frames if 100 <= frame.t_ms <= 950}
    assert lights == {(30, 100, 100)}


# --- buttons, system, battery, charger ---------------------------------------------------


def test_buttons_system_battery_and_charger_on_a_desk(tmp_path):
    result = _run(tmp_path, """
print(hub.buttons.pressed(), type(hub.buttons.pressed()).__name__)
print(hasattr(hub, "button"))
print(sorted(hub.system.info().items()))
print(hub.system.reset_reason(), hub.system.name())
print(hub.battery.type(), type(hub.battery.temperature()).__name__, type(hub.battery.voltage()).__name__)
print(hub.charger.connected(), hub.charger.status(), hub.charger.current())
""")
    assert _lines(result) == [
        "set() set",
        "False",
        "[('host_connected_ble', True), ('host_connected_usb', False), ('name', 'Pybricks Hub'), "
        "('program_id', 0), ('program_start_type', 3), ('reset_reason', 0)]",
        "0 Pybricks Hub",
        "Li-ion int int",
        "0 0 0",
    ]


def test_storage_reads_and_writes_bytes_and_refuses_what_the_hub_refuses(tmp_path):
    result = _run(tmp_path, """
show(lambda: hub.system.storage(10, write=b"\\x01\\x02"))
show(lambda: hub.system.storage(12, write="ab"))     # a str gives its bytes
show(lambda: hub.system.storage(12, "ab"))           # the second argument is read=
show(lambda: hub.system.storage(9, read=6))
show(lambda: hub.system.storage(9, 6))
show(lambda: hub.system.storage(0))
show(lambda: hub.system.storage(0, read=1, write=b"x"))
show(lambda: hub.system.storage(510, write=b"abc"))
show(lambda: hub.system.storage(511, read=2))
show(lambda: hub.system.storage(-1, read=1))
show(lambda: hub.system.storage(1.0, read=1))
show(lambda: hub.system.storage(0, read=1.0))
show(lambda: hub.system.storage(0, write=[1, 2]))
show(lambda: hub.system.storage(0, write=5))
hub.system.reset_storage()
show(lambda: hub.system.storage(9, read=6))
""")
    assert _lines(result) == [
        "ok None",
        "ok None",
        "TypeError | can't convert str to int",
        "ok b'\\x00\\x01\\x02ab\\x00'",
        "ok b'\\x00\\x01\\x02ab\\x00'",
        "TypeError | Must set either read (int) or write (bytes).",
        "TypeError | Must set either read (int) or write (bytes).",
        "ValueError | Invalid argument",
        "ValueError | Invalid argument",
        "ValueError | Invalid argument",
        "TypeError | can't convert float to int",
        "TypeError | can't convert float to int",
        "TypeError | object with buffer protocol required",
        "TypeError | object with buffer protocol required",
        "ok b'\\x00\\x00\\x00\\x00\\x00\\x00'",
    ]


def test_set_stop_button_takes_one_button_several_or_none_by_position(tmp_path):
    result = _run(tmp_path, """
show(lambda: hub.system.set_stop_button(Button.LEFT))
show(lambda: hub.system.set_stop_button((Button.LEFT, Button.RIGHT)))
show(lambda: hub.system.set_stop_button(None))
show(lambda: hub.system.set_stop_button(()))
show(lambda: hub.system.set_stop_button([Button.LEFT, 5]))
show(lambda: hub.system.set_stop_button("CENTER"))
show(lambda: hub.system.set_stop_button(button=Button.CENTER))
""")
    lines = _lines(result)
    assert lines[:6] == [
        "ok None",
        "ok None",
        "ok None",
        "ok None",
        "TypeError | can't convert list to Button",
        "TypeError | can't convert str to Button",
    ]
    assert lines[6].startswith("TypeError |")


def test_a_hub_object_may_be_made_inside_run_task(tmp_path):
    result = _run(tmp_path, """
async def main():
    again = PrimeHub()
    again.light.on(Color.BLUE)
    print("made")

run_task(main())
""")
    assert _lines(result) == ["made"]


def test_the_virtual_hub_has_no_light_no_reset_reason_and_no_current_reading(tmp_path):
    result = run_source(tmp_path, """
from pybricks.hubs import VirtualHub
from pybricks.parameters import Button
hub = VirtualHub()
print(hasattr(hub, "light"), hasattr(hub.system, "reset_reason"))
print(sorted(hub.system.info()))
hub.system.set_stop_button("anything true")   # one stop button: any true value means it
try:
    hub.battery.current()
except OSError as error:
    print("OSError", error.errno)
print(hub.battery.voltage(), hub.battery.type(), hub.buttons.pressed())
print(len(hub.system.storage(0, read=512)))
""", robot="virtualhub")
    assert result.status == "finished", (result.stdout, result.error)
    assert _lines(result) == [
        "False False",
        "['host_connected_ble', 'host_connected_usb', 'name', 'program_id', 'program_start_type']",
        "OSError 95",
        "7200 Li-ion set()",
        "512",
    ]


# --- the IMU --------------------------------------------------------------------------------


def test_imu_settings_come_back_in_the_hubs_order_and_are_checked_like_the_hub(tmp_path):
    result = _run(tmp_path, """
print(hub.imu.settings())
hub.imu.settings(heading_correction=357.3, acceleration_threshold=3000)
print(hub.imu.settings())
show(lambda: hub.imu.settings(angular_velocity_bias=(1, 2, 3), angular_velocity_scale=(360, 300, 360)))
print(hub.imu.settings()[2:4])              # what came before the bad scale was kept
show(lambda: hub.imu.settings(heading_correction=380))
show(lambda: hub.imu.settings(acceleration_correction=(9806, -9806)))
show(lambda: hub.imu.settings(angular_velocity_bias=[0, 0]))
show(lambda: hub.imu.settings(angular_velocity_scale=360))
show(lambda: hub.imu.settings(acceleration_correction=(11000, -9806, 9806, -9806, 9806, -9806)))
show(lambda: hub.imu.settings(angular_velocity_threshold="2"))
hub.system.reset_storage()                  # the saved settings go back to their defaults
print(hub.imu.settings())
""")
    defaults = "(2.0, 2500.0, (0.0, 0.0, 0.0), (360.0, 360.0, 360.0), " \
               "(9806.65, -9806.65, 9806.65, -9806.65, 9806.65, -9806.65), 360.0)"
    assert _lines(result) == [
        defaults,
        "(2.0, 3000.0, (0.0, 0.0, 0.0), (360.0, 360.0, 360.0), "
        "(9806.65, -9806.65, 9806.65, -9806.65, 9806.65, -9806.65), 357.3)",
        "ValueError | Invalid argument",
        "((1.0, 2.0, 0.0), (360.0, 360.0, 360.0))",
        "ValueError | Invalid argument",
        "ValueError | Acceleration correction must be a 6-element tuple.",
        "ValueError | Angular velocity bias must be a 3-element tuple.",
        "TypeError | object 'int' isn't a tuple or list",
        "ValueError | Invalid argument",
        "TypeError | can't convert str to float",
        defaults,
    ]


def test_imu_axes_must_be_three_entry_matrices_of_any_length(tmp_path):
    result = _run(tmp_path, """
print(hub.imu.acceleration(Axis.Z), hub.imu.acceleration(-2 * Axis.Z))
print(hub.imu.rotation(Axis.Z), type(hub.imu.heading()).__name__)
show(lambda: hub.imu.acceleration(3))
show(lambda: hub.imu.acceleration(vector(1, 0)))
show(lambda: hub.imu.acceleration(0 * Axis.X))
show(lambda: hub.imu.angular_velocity(Matrix([[1, 0, 0], [0, 1, 0]])))
show(lambda: hub.imu.rotation())
show(lambda: hub.imu.reset_heading("north"))
show(lambda: hub.imu.reset_heading(True))
show(lambda: PrimeHub(top_side=Axis.X, front_side=2 * Axis.X))
show(lambda: PrimeHub(top_side=3))
""")
    assert _lines(result) == [
        "9806.65 -9806.65",
        "0.0 float",
        "TypeError | Axis must be Matrix.",
        "ValueError | Axis must be 1x3 or 3x1 matrix.",
        "ValueError | Invalid argument",
        "ValueError | Axis must be 1x3 or 3x1 matrix.",
        "TypeError | Axis must be Matrix.",
        "TypeError | can't convert str to float",
        "ok None",
        "ValueError | Invalid argument",
        "TypeError | Axis must be Matrix.",
    ]


def test_up_is_the_hubs_own_side_and_tilt_is_in_the_robots_frame(tmp_path):
    result = _run(tmp_path, """
pitch, roll = hub.imu.tilt()
print(type(pitch).__name__, abs(pitch), roll)
# The hub has one IMU: the newest hub object's frame is every hub object's frame.
upside_down = PrimeHub(top_side=-Axis.Z, front_side=Axis.X)
print(hub.imu.up(), upside_down.imu.up(), upside_down.imu.up(calibrated=False))
pitch, roll = upside_down.imu.tilt()
print(abs(pitch), round(roll, 3))
print(upside_down.imu.acceleration(Axis.Z))
""")
    # The firmware turns radians into degrees with 57.296, so half a turn is 180.0007.
    assert _lines(result) == ["float 0.0 0.0", "Side.TOP Side.TOP Side.TOP", "0.0 180.001", "-9806.65"]


def test_reset_heading_is_refused_with_the_hubs_words_while_the_gyro_steers(tmp_path):
    result = run_source(tmp_path, """
print(hub.imu.stationary())
robot.use_gyro(True)
robot.drive(100, 0)
wait(100)
print(hub.imu.stationary())        # a motor that does not coast: not stationary
try:
    hub.imu.reset_heading(0)
except OSError as error:
    print(type(error).__name__, error.args)
robot.stop()
wait(100)
hub.imu.reset_heading(45)
print(hub.imu.stationary(), hub.imu.heading())
wait(1500)                         # still for over a second: stationary again
print(hub.imu.stationary())
""", rover=True)
    assert result.status == "finished", (result.stdout, result.error)
    assert _lines(result) == [
        "True",
        "False",
        "OSError (\"Can't reset heading while gyro in use. Stop driving first.\",)",
        "False 45.0",
        "True",
    ]


# --- the speaker ----------------------------------------------------------------------------


def test_volume_and_beep_arguments(tmp_path):
    result = _run(tmp_path, """
print(hub.speaker.volume())
hub.speaker.volume(150)
print(hub.speaker.volume())
hub.speaker.volume(-5)
print(hub.speaker.volume())
hub.speaker.volume(55.9)
print(hub.speaker.volume())
show(lambda: hub.speaker.beep("high"))
show(lambda: hub.speaker.beep(440, "long"))
watch.reset()
hub.speaker.beep(-440, 30)          # the hub plays this at 24000 Hz
hub.speaker.beep(0, 20)             # 0 Hz is silence, for 20 ms
hub.speaker.beep(10.9, 10.9)
print(watch.time())
""")
    assert _lines(result) == [
        "100", "100", "0", "55",
        "TypeError | can't convert str to int",
        "TypeError | can't convert str to int",
        "60",
    ]


def test_a_forever_beep_returns_none_even_in_run_task_and_a_new_sound_ends_the_last_await(tmp_path):
    result = _run(tmp_path, """
async def long_beep():
    await hub.speaker.beep(500, 1000)
    print("long beep ends", watch.time())

async def interrupt(sound):
    await wait(100)
    if sound == "beep":
        await hub.speaker.beep(800, 50)
    else:
        await hub.speaker.play_notes(["C4/16"])
    print(sound, "ends", watch.time())

async def main():
    print(hub.speaker.beep(440, -1))
    await multitask(long_beep(), interrupt("beep"))
    watch.reset()
    await multitask(long_beep(), interrupt("notes"))

run_task(main())
""")
    assert _lines(result) == [
        "None",
        "long beep ends 100",
        "beep ends 150",
        "long beep ends 100",
        "notes ends 225",
    ]
