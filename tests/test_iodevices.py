"""pybricks.iodevices as the firmware we follow has it on a SPIKE Prime hub.

PUPDevice reads the motor or sensor on a port through its raw modes; the
Bluetooth classes search for a device that is not there and give up after
their timeout; UARTDevice is a serial port with nothing at the other end.
Expected numbers are worked out by hand from the firmware's rules
(pb_type_iodevices_*.c, port_lump.c) and the world's geometry.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from brickclass.robots.models import DATA_DIR
from tests.runner import printed_numbers, run_source

ENODEV, EAGAIN, ETIMEDOUT = 19, 11, 110

COLOR_SENSOR_MODES = (("COLOR", 1, 0), ("REFLT", 1, 0), ("AMBI", 1, 0), ("LIGHT", 3, 0), ("RREFL", 2, 1),
                      ("RGB I", 4, 1), ("HSV", 3, 1), ("SHSV", 4, 1), ("DEBUG", 4, 1), ("CALIB", 7, 1))
ULTRASONIC_MODES = (("DISTL", 1, 1), ("DISTS", 1, 1), ("SINGL", 1, 1), ("LISTN", 1, 0), ("TRAW", 1, 2),
                    ("LIGHT", 4, 0), ("PING", 1, 0), ("ADRAW", 1, 1), ("CALIB", 7, 0))
FORCE_MODES = (("FORCE", 1, 0), ("TOUCH", 1, 0), ("TAP", 1, 0), ("FPEAK", 1, 1), ("FRAW", 1, 1), ("FPRAW", 1, 1),
               ("CALIB", 8, 1))
ANGULAR_MOTOR_MODES = (("POWER", 1, 0), ("SPEED", 1, 0), ("POS", 1, 2), ("APOS", 1, 1), ("CALIB", 2, 1),
                       ("STATS", 14, 1))


def printed_lines(result) -> list[str]:
    return result.stdout.splitlines()


def rover_variant(tmp_path: Path, *, drop_port: str | None = None, hub: str | None = None,
                  free_arm: bool = False) -> str:
    """The classroom rover's robot file, with one port left empty, another hub, or an arm motor turning freely."""
    text = (DATA_DIR / "spike-rover.toml").read_text("utf-8")
    if free_arm:
        text = text.replace('role = "arm"\n', "")
    if drop_port is not None:
        head, _, rest = text.partition(f"[ports.{drop_port}]")
        following = rest.find("\n[")
        text = head + (rest[following + 1:] if following >= 0 else "")
    if hub is not None:
        text = text.replace('hub = "PrimeHub"', f'hub = "{hub}"')
    path = tmp_path / "rover-variant.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


# --- PUPDevice -----------------------------------------------------------------------------


def test_an_empty_port_raises_enodev_with_the_hubs_hint(tmp_path):
    result = run_source(tmp_path, """
        from pybricks.iodevices import PUPDevice
        from pybricks.parameters import Port
        print(PUPDevice(Port.E).info()["id"])
        try:
            PUPDevice(Port.F)
        except OSError as error:
            print(error.args[0])
        PUPDevice(Port.F)
    """, robot=rover_variant(tmp_path, drop_port="F"))
    assert printed_numbers(result)[:2] == [61, ENODEV]
    assert result.status == "error"
    assert result.error["type"] == "OSError" and result.error["errno"] == ENODEV
    assert "not connected to the specified port" in result.error["message"]
    assert result.error["line"] == 9  # the source starts with an empty line


def test_info_gives_each_devices_type_id_and_modes(tmp_path):
    result = run_source(tmp_path, """
        from pybricks.iodevices import PUPDevice
        from pybricks.parameters import Port
        for port in (Port.A, Port.B, Port.C, Port.D, Port.E, Port.F):
            print(repr(PUPDevice(port).info()))
    """)
    assert result.status == "finished", result.error
    infos = [ast.literal_eval(line) for line in printed_lines(result)]
    assert [info["id"] for info in infos] == [48, 48, 48, 62, 61, 63]
    assert all(set(info) == {"id", "modes"} for info in infos)
    assert infos[0]["modes"] == ANGULAR_MOTOR_MODES
    assert infos[3]["modes"] == ULTRASONIC_MODES
    assert infos[4]["modes"] == COLOR_SENSOR_MODES
    assert infos[5]["modes"] == FORCE_MODES


def test_the_official_port_info_example_names_every_device_of_the_rover(tmp_path):
    example = Path("/work/ref/pybricks+pybricks-api/examples/pup/iodevices_pupdevice/port_info.py")
    if not example.exists():
        pytest.skip("no pybricks-api checkout here")
    result = run_source(tmp_path, example.read_text("utf-8"))
    assert result.status == "finished", result.error
    assert printed_lines(result) == [
        "Port.A : SPIKE Medium Angular Motor", "Port.B : SPIKE Medium Angular Motor",
        "Port.C : SPIKE Medium Angular Motor", "Port.D : SPIKE Ultrasonic Sensor",
        "Port.E : SPIKE Color Sensor", "Port.F : SPIKE Force Sensor"]


def test_colour_sensor_modes_follow_the_mat_under_it(tmp_path):
    # Lesson field: a light mat (#e6e6e0) with a black (#141414) stop line at x = 1200;
    # the robot starts at x = 300 facing it, the sensor 60 mm ahead of the axle.
    result = run_source(tmp_path, """
        from pybricks.iodevices import PUPDevice
        eye = PUPDevice(Port.E)
        sensor = ColorSensor(Port.E)
        print(eye.read(1)[0], sensor.reflection())
        print(*eye.read(5))
        robot.straight(840)
        print(eye.read(1)[0], sensor.reflection())
        print(*eye.read(5))
    """, rover=True, mission="lesson-line")
    assert result.status == "finished", result.error
    # Raw counts are 1024 x the paint's share of each colour: 230/255, 230/255, 224/255 on
    # the mat and 20/255 on the line; reflection is their mean in whole percent.
    assert printed_numbers(result) == [89, 89, 923, 923, 899, 915, 7, 7, 80, 80, 80, 80]


def test_motor_position_modes_follow_the_shaft(tmp_path):
    result = run_source(tmp_path, """
        from pybricks.iodevices import PUPDevice
        spinner = Motor(Port.C)
        spinner.run_target(300, 30, then=Stop.COAST)
        robot.straight(200)
        robot.stop()
        print(spinner.angle(), PUPDevice(Port.C).read(2)[0], PUPDevice(Port.C).read(3)[0])
        wheel = PUPDevice(Port.A)
        print(left.angle(), wheel.read(2)[0], wheel.read(4)[1])
    """, rover=True, robot=rover_variant(tmp_path, free_arm=True))
    assert result.status == "finished", result.error
    arm_angle, arm_pos, arm_apos, left_angle, left_pos, left_calib = printed_numbers(result)
    # Port C turns clockwise as the motor counts; the left wheel is mounted
    # mirrored, so its raw count runs against Motor(Port.A, COUNTERCLOCKWISE).
    assert arm_pos == pytest.approx(arm_angle, abs=1) and arm_apos == arm_pos
    assert arm_angle == pytest.approx(30, abs=3)
    assert left_angle == pytest.approx(200 / (56 * 3.14159) * 360, abs=5)
    assert left_pos == pytest.approx(-left_angle, abs=1)
    # CALIB carries the absolute position in tenths of a degree, 0..3599.
    assert left_calib // 10 == pytest.approx(left_pos % 360, abs=1)


def test_distance_and_force_modes_read_what_the_sensor_classes_read(tmp_path):
    # Practice table: from the centre, facing east, the wall is 2362 - 1181 - 76 mm away.
    result = run_source(tmp_path, """
        from pybricks.iodevices import PUPDevice
        eyes = PUPDevice(Port.D)
        bumper = PUPDevice(Port.F)
        print(eyes.read(0)[0], UltrasonicSensor(Port.D).distance(), eyes.read(1)[0], eyes.read(4)[0])
        print(bumper.read(0)[0], bumper.read(1)[0], bumper.read(4)[0], ForceSensor(Port.F).force())
        robot.drive(150, 0)
        wait(8000)
        print(bumper.read(1)[0], bumper.read(0)[0], int(bumper.read(3)[0] >= 1), int(ForceSensor(Port.F).touched()))
    """, rover=True)
    assert result.status == "finished", result.error
    numbers = printed_numbers(result)
    # DISTS reaches 320 mm only (-1: no echo); TRAW is the echo's round trip at 343 m/s.
    assert numbers[:4] == [1105, 1105, -1, int(2 * 1105 / 0.343)]
    # FRAW is the raw reading when released, as the calibration words say.
    assert numbers[4:8] == [0, 0, 384, 0]
    # Pressed against the wall: touched, a force in tenths of a newton, a peak.
    assert numbers[8] == 1 and numbers[9] >= 1 and numbers[10] == 1 and numbers[11] == 1


def test_reads_cost_hub_time_like_the_sensor_classes_and_a_mode_switch_waits_for_fresh_data(tmp_path):
    result = run_source(tmp_path, """
        from pybricks.iodevices import PUPDevice
        from pybricks.pupdevices import ColorSensor
        from pybricks.parameters import Port
        from pybricks.tools import StopWatch
        eye = PUPDevice(Port.E)
        watch = StopWatch()
        eye.read(1)  # from mode 0: the colour sensor's stale data takes 30 ms to go
        print(watch.time())
        watch.reset()
        for i in range(500):
            eye.read(1)
        print(watch.time())
        sensor = ColorSensor(Port.E)
        sensor.reflection()
        watch.reset()
        for i in range(500):
            sensor.reflection()
        print(watch.time())
    """)
    assert result.status == "finished", result.error
    switch_ms, pup_ms, class_ms = printed_numbers(result)
    # The first data in mode 1 comes with the device's second report (10-20 ms);
    # the firmware counts the 30 ms of stale data (+1 ms) from there.
    assert 41 <= switch_ms <= 51
    # 500 calls at 40 µs of hub time each; no waiting while the mode stays.
    assert pup_ms == class_ms == 20


def test_write_checks_its_arguments_in_the_firmwares_order_and_waits_until_sent(tmp_path):
    result = run_source(tmp_path, """
        from pybricks.iodevices import PUPDevice
        from pybricks.parameters import Port
        from pybricks.tools import StopWatch
        eye = PUPDevice(Port.E)
        for mode, data in ((12, (1,)), (1, (1,)), (3, 5), (3, ()), (3, (1, 2)), (3, (1, 2, 128)),
                           (3, (1.5, 2, 3)), (3, (1, "2", 3))):
            try:
                eye.write(mode, data)
            except Exception as error:
                print(type(error).__name__, error)
        print(eye.write(3, (0, 0, 0)))
        watch = StopWatch()
        eye.write(3, (100, 0, 50))  # the sensor needs 10 ms to act on written data
        print(watch.time())
        print(eye.read(3), eye.read(259))
        eyes = PUPDevice(Port.D)
        eyes.write(5, (10, 20, 30, 40))
        print(eyes.read(5))
        try:
            eye.read(10)
        except ValueError as error:
            print("read", error)
        try:
            eye.read(1.0)
        except TypeError as error:
            print("read", error)
    """)
    assert result.status == "finished", result.error
    lines = printed_lines(result)
    assert 11 <= int(lines.pop(9)) <= 15  # sent within a millisecond, then 10 ms (+ the world's 5 ms steps)
    assert lines == [
        "ValueError Invalid mode",
        "ValueError Mode not writable",
        "TypeError object 'int' isn't a tuple or list",
        "ValueError Expected 3 values",
        "ValueError Expected 3 values",
        "ValueError Value out of range for int8",
        "TypeError can't convert float to int",
        "TypeError can't convert str to int",
        "None",
        "(100, 0, 50) (100, 0, 50)",  # the mode number is a byte: 259 is 3
        "(10, 20, 30, 40)",  # the ultrasonic sensor's eye lights
        "read Invalid argument",
        "read can't convert float to int",
    ]


def test_reads_are_awaitable_inside_run_task(tmp_path):
    result = run_source(tmp_path, """
        from pybricks.iodevices import PUPDevice
        from pybricks.parameters import Port
        from pybricks.tools import StopWatch, multitask, run_task, wait
        eye = PUPDevice(Port.E)
        eyes = PUPDevice(Port.D)
        watch = StopWatch()

        async def main():
            colour, distance = await multitask(eye.read(1), eyes.read(0))
            print(colour[0], distance[0], int(watch.time() < 60))

        run_task(main())
    """)
    assert result.status == "finished", result.error
    assert printed_numbers(result) == [62, 1105, 1]  # practice mat #a0a0a0: 642 raw each


def test_reset_drops_the_device_until_it_has_synchronised_again(tmp_path):
    result = run_source(tmp_path, """
        from pybricks.iodevices import PUPDevice
        from pybricks.parameters import Port
        from pybricks.tools import wait
        eye = PUPDevice(Port.E)
        eye.read(5)
        eye.reset()
        for attempt in (lambda: eye.read(5), lambda: (wait(5), eye.info())):
            try:
                attempt()
            except OSError as error:
                print(error.args[0])
        wait(2000)
        print(eye.info()["id"], len(eye.read(5)))
    """)
    assert result.status == "finished", result.error
    assert printed_numbers(result) == [ENODEV, EAGAIN, 61, 4]


# --- Bluetooth devices and the serial port ----------------------------------------------------


def test_bluetooth_devices_search_for_their_timeout_then_raise_etimedout(tmp_path):
    result = run_source(tmp_path, """
        from pybricks.iodevices import LWP3Device, XboxController
        from pybricks.tools import StopWatch
        watch = StopWatch()
        for make in (lambda: XboxController(), lambda: XboxController(timeout=1000),
                     lambda: LWP3Device(0x40), lambda: LWP3Device(0x40, timeout=2500)):
            watch.reset()
            try:
                make()
            except OSError as error:
                print(error.args[0], watch.time())
    """, time_limit_s=60)
    assert result.status == "finished", result.error
    # The search lasts one millisecond longer than asked; the Xbox controller
    # tries a second time after a 2 s pause.
    assert printed_numbers(result) == [ETIMEDOUT, 22002, ETIMEDOUT, 4002, ETIMEDOUT, 10001, ETIMEDOUT, 2501]


def test_a_controller_that_never_connected_answers_enodev(tmp_path):
    result = run_source(tmp_path, """
        from pybricks.iodevices import LWP3Device, XboxController
        pad = XboxController(connect=False)
        hub = LWP3Device(0x40, connect=False)
        calls = (pad.name, pad.state, pad.joystick_left, pad.triggers, pad.dpad, pad.profile,
                 pad.buttons.pressed, lambda: pad.rumble(50), hub.read, lambda: hub.write(bytes([3, 0, 1])),
                 hub.name)
        for call in calls:
            try:
                call()
            except OSError as error:
                print(error.args[0])
        print(pad.rumble(0), pad.disconnect(), hub.disconnect())
        for bad in (lambda: hub.write(b"ab"), lambda: hub.write(bytes([4, 0, 1])), lambda: hub.name(""),
                    lambda: pad.rumble((1, 2)), lambda: XboxController(name="x" * 29)):
            try:
                bad()
            except ValueError as error:
                print(error)
    """)
    assert result.status == "finished", result.error
    assert printed_lines(result) == ["19"] * 11 + [
        "None None None", "bad length", "length in header wrong", "bad name length",
        "expected 1 number or tuple of 4 values", "Name too long"]


def test_searching_forever_ends_at_the_time_limit_and_awaiting_a_search_times_out(tmp_path):
    forever = run_source(tmp_path, """
        from pybricks.iodevices import XboxController
        XboxController(timeout=None)
    """, time_limit_s=3)
    assert forever.status == "timeout" and forever.error is None
    waiting = run_source(tmp_path, """
        from pybricks.iodevices import LWP3Device
        from pybricks.tools import StopWatch, run_task
        hub = LWP3Device(0x40, timeout=700, connect=False)
        watch = StopWatch()

        async def main():
            try:
                await hub.connect()
            except OSError as error:
                print(error.args[0], watch.time())

        run_task(main())
    """)
    assert printed_numbers(waiting) == [ETIMEDOUT, 701]


def test_this_firmware_has_no_playstation_controller(tmp_path):
    result = run_source(tmp_path, "from pybricks.iodevices import PlayStationController\n")
    assert result.status == "error"
    assert result.error["type"] == "ImportError"
    assert "PlayStationController" in result.error["message"]


def test_a_serial_port_with_nothing_attached(tmp_path):
    result = run_source(tmp_path, """
        from pybricks.iodevices import UARTDevice
        from pybricks.parameters import Port
        from pybricks.tools import StopWatch
        serial = UARTDevice(Port.A, 9600, timeout=500)
        watch = StopWatch()
        serial.write(b"0123456789" * 10)  # 100 bytes of 10 bits at 9600 baud
        print(watch.time())
        watch.reset()
        try:
            serial.read(4)
        except OSError as error:
            print(error.args[0], watch.time())
        print(serial.read_all(), serial.waiting(), serial.read(0))
        slow = UARTDevice(Port.B, 300, timeout=100)
        watch.reset()
        try:
            slow.write("far too long for 100 ms")
        except OSError as error:
            print(error.args[0], watch.time())
        for bad in (lambda: UARTDevice(Port.A, timeout=0), lambda: UARTDevice(Port.A, baudrate=0),
                    lambda: serial.write(5), lambda: serial.wait_until(b""), lambda: UARTDevice(Port.A, power_pin=3)):
            try:
                bad()
            except ValueError as error:
                print(error)
    """)
    assert result.status == "finished", result.error
    assert printed_lines(result) == [
        "104", f"{ETIMEDOUT} 500", "b'' 0 b''", f"{ETIMEDOUT} 100",
        "Invalid argument", "Invalid argument", "Invalid argument", "Invalid argument", "Invalid argument"]


def test_which_classes_a_hub_has(tmp_path):
    city = run_source(tmp_path, """
        import pybricks.iodevices as io
        print(sorted(name for name in dir(io) if not name.startswith("_") and name[0].isupper()
                     and name not in ("Device", "Port")))
    """, robot=rover_variant(tmp_path, hub="CityHub"))
    assert city.status == "finished", city.error
    assert printed_lines(city) == ["['LWP3Device', 'PUPDevice', 'UARTDevice']"]
    virtual = run_source(tmp_path, """
        from pybricks.iodevices import PUPDevice
    """, robot="virtualhub")
    assert virtual.status == "error" and virtual.error["type"] == "ImportError"
