"""pybricks.pupdevices: motors and sensors plugged into the hub's ports.

Arguments are checked here the way the firmware's Python layer checks them
(pybricks/common/pb_type_motor.c, pb_type_control.c, pybricks/pupdevices/*.c
of the firmware we follow): in the same order, with the same conversions
(a float is truncated where the firmware uses pb_obj_get_int, refused where
it uses mp_obj_get_int) and the same words. Everything about the device
itself happens in the world, which answers with the hub's own errors
(``OSError`` ENODEV when the port holds something else or nothing).

A sensor method sets the mode it reads in and waits until the data in that
mode is fresh (see SensorDevice in _device.py); which methods share a mode,
and so how often a program makes the sensor switch, is as in the firmware.
"""

from hubos import aio
from hubos.args import (
    expect_type,
    float_to_c_int,
    get_array,
    get_float,
    get_int,
    get_pct,
    get_positive_int,
    get_strict_int,
    is_array,
    to_float32,
)
from hubos.errors import hub_oserror

from pybricks._device import Device, SensorDevice
from pybricks.parameters import Color, Direction, Port, Stop


def _is_whole(value):
    """mp_obj_is_int: an int (a bool is not one)."""
    return isinstance(value, int) and not isinstance(value, bool)


def _gear_list(gears):
    """The first and last gear of each train, as get_gear_ratio in pb_type_motor.c reads them.

    ``[12, 36]`` is one train; ``[[12, 20, 36], [20, 40]]`` several. Only the
    first and last gear of a train count, and they must be whole numbers.
    """
    if gears is None:
        return None
    trains = get_array(gears)
    if not len(trains):
        raise TypeError("object '{}' isn't a tuple or list".format(type(gears).__name__))
    if _is_whole(trains[0]) and _is_whole(trains[-1]):
        return [[get_strict_int(trains[0]), get_strict_int(trains[-1])]]
    result = []
    for train in trains:
        train = get_array(train)
        if not len(train):
            raise TypeError("object '{}' isn't a tuple or list".format(type(train).__name__))
        result.append([get_strict_int(train[0]), get_strict_int(train[-1])])
    return result


# Ports whose motor was let go with close(): its Motor objects no longer
# control it (OSError ENODEV) until a new Motor object takes it again.
_released_ports = set()


class DCMotor(Device):
    """A motor without rotation sensors (or used as one)."""

    _kind = "DCMotor"

    def __init__(self, port, positive_direction=Direction.CLOCKWISE):
        aio.assert_blocking()
        # The port is checked before the direction, as on the hub.
        expect_type(port, Port)
        expect_type(positive_direction, Direction)
        self._attach(port, {"positive_direction": positive_direction.value})
        self._direction = positive_direction

    def __repr__(self):
        return "{}(Port.{}, Direction.{})".format(
            type(self).__name__, self._port.name, self._direction.name
        )

    def dc(self, duty):
        self._post("dc", get_int(duty))

    def stop(self):
        self._post("stop")

    def brake(self):
        self._post("brake")

    def settings(self, max_voltage=None):
        if max_voltage is None:
            return tuple(self._call("settings", None))
        self._call("settings", get_int(max_voltage))
        return None

    def close(self):
        self._call("close")
        _released_ports.add(self._port.name)


class Control:
    """A motor's or drive base's controller settings (pb_type_control.c)."""

    def __init__(self, owner_id, path):
        from hubos import link

        self._link = link.get()
        self._owner = owner_id
        self._path = path

    def _call(self, method, values):
        return self._link.call(self._owner, self._path + method, [values])

    def _get_or_set(self, method, names, values):
        given = {name: value for name, value in zip(names, values) if value is not None}
        if not given:
            return tuple(self._call(method, None))
        self._call(method, {k: get_int(v) for k, v in given.items()})
        return None

    @property
    def scale(self):
        return self._link.call(self._owner, self._path + "scale", [])

    def limits(self, speed=None, acceleration=None, torque=None):
        if speed is None and acceleration is None and torque is None:
            result = tuple(self._call("limits", None))
            if is_array(result[1]):
                # (acceleration, deceleration) when they differ, as a tuple like the hub's.
                result = (result[0], tuple(result[1]), result[2])
            return result
        given = {}
        # Converted in the firmware's order: speed, torque, then acceleration.
        if speed is not None:
            given["speed"] = get_int(speed)
        if torque is not None:
            given["torque"] = get_int(torque)
        if acceleration is not None:
            given["acceleration"] = _acceleration_value(acceleration)
        self._call("limits", given)
        return None

    def pid(self, kp=None, ki=None, kd=None, integral_deadzone=None, integral_rate=None):
        return self._get_or_set(
            "pid",
            ("kp", "ki", "kd", "integral_deadzone", "integral_rate"),
            (kp, ki, kd, integral_deadzone, integral_rate),
        )

    def target_tolerances(self, speed=None, position=None):
        return self._get_or_set("target_tolerances", ("speed", "position"), (speed, position))

    def stall_tolerances(self, speed=None, time=None):
        return self._get_or_set("stall_tolerances", ("speed", "time"), (speed, time))

    # Kept by the firmware for programs written for version 3.1 and older.
    def trajectory(self):
        result = self._link.call(self._owner, self._path + "trajectory", [])
        return None if result is None else tuple(result)

    def done(self):
        return self._link.call(self._owner, self._path + "done", [])

    def load(self):
        return self._link.call(self._owner, self._path + "load", [])

    def stalled(self):
        return self._link.call(self._owner, self._path + "stalled", [])


def _acceleration_value(value):
    """unpack_acceleration_value: one number for both, or (acceleration, deceleration)."""
    if not is_array(value):
        return get_int(value)
    if len(value) != 2:
        raise ValueError("Invalid argument")
    return [get_int(value[0]), get_int(value[1])]


class Model:
    """The motor's state estimate (pb_type_motor_model.c)."""

    def __init__(self, owner_id):
        from hubos import link

        self._link = link.get()
        self._owner = owner_id

    def state(self):
        return tuple(self._link.call(self._owner, "model_state", []))

    def settings(self, values=None):
        if values is None:
            return tuple(self._link.call(self._owner, "model_settings", [None]))
        values = get_array(values)
        if len(values) != 8:
            raise ValueError("Invalid argument")
        self._link.call(self._owner, "model_settings", [[get_strict_int(v) for v in values]])
        return None


class Motor(DCMotor):
    """A motor with rotation sensors: angle, speed and accurate maneuvers (pb_type_motor.c)."""

    _kind = "Motor"

    def __init__(
        self,
        port,
        positive_direction=Direction.CLOCKWISE,
        gears=None,
        reset_angle=True,
        profile=None,
    ):
        aio.assert_blocking()
        expect_type(port, Port)
        expect_type(positive_direction, Direction)
        options = {
            "positive_direction": positive_direction.value,
            "gears": _gear_list(gears),
            "reset_angle": bool(reset_angle),
            "profile": None if profile is None else abs(get_int(profile)),
        }
        self._attach(port, options)
        _released_ports.discard(port.name)
        self._direction = positive_direction
        self.control = Control(self._id, "control_")
        self.model = Model(self._id)

    def _servo_read(self, key):
        """A reading that needs the motor's control loop (ENODEV once the motor was let go)."""
        value = self._read(key)
        if not self._peek("running"):
            raise hub_oserror("ENODEV")
        return value

    def _assert_servo(self):
        if self._port.name in _released_ports:
            self._link.spend()
            raise hub_oserror("ENODEV")

    # Measurements come from the cached readings of the current tick.
    def angle(self):
        return self._servo_read("angle")

    def speed(self, window=100):
        window = get_positive_int(window)
        if window == 100:
            return self._read("speed")
        return self._call("speed", window)

    def load(self):
        return self._servo_read("load")

    def stalled(self):
        return self._servo_read("stalled")

    def done(self):
        return self._read("done")

    def reset_angle(self, angle=None):
        self._call("reset_angle", None if angle is None else get_int(angle))
        self._resource.cancel()

    def run(self, speed):
        speed = get_int(speed)
        self._assert_servo()
        self._post("run", speed)
        self._resource.cancel()

    def hold(self):
        self._assert_servo()
        self._post("hold")
        self._resource.cancel()

    def track_target(self, target_angle):
        target_angle = get_int(target_angle)
        self._assert_servo()
        self._post("track_target", target_angle)
        self._resource.cancel()

    # Arguments are converted in the order the firmware converts them.
    def run_time(self, speed, time, then=Stop.HOLD, wait=True):
        args = [get_int(speed), max(0, get_int(time)), expect_type(then, Stop).value]
        return self._until_done("run_time", args, on_close=self.stop, wait=wait)

    def run_angle(self, speed, rotation_angle, then=Stop.HOLD, wait=True):
        args = [get_int(speed), get_int(rotation_angle), expect_type(then, Stop).value]
        return self._until_done("run_angle", args, on_close=self.stop, wait=wait)

    def run_target(self, speed, target_angle, then=Stop.HOLD, wait=True):
        args = [get_int(speed), get_int(target_angle), expect_type(then, Stop).value]
        return self._until_done("run_target", args, on_close=self.stop, wait=wait)

    def run_until_stalled(self, speed, then=Stop.COAST, duty_limit=None):
        speed = get_int(speed)
        then = expect_type(then, Stop)
        limit = None if duty_limit is None else get_pct(duty_limit)
        return self._until_done(
            "run_until_stalled", [speed, then.value, limit], result=lambda: self._peek("angle"), on_close=self.stop
        )



def _c_div(a, b):
    """C integer division: truncates towards zero."""
    q = abs(a) // abs(b)
    return q if (a < 0) == (b < 0) else -q


class _LightArray:
    """The lights around a sensor's eyes (pb_type_lightarray.c): a writable mode of the sensor."""

    def __init__(self, owner, mode, count):
        self._owner = owner
        self._mode = mode
        self._count = count

    def on(self, brightness=100):
        # pb_obj_get_pct_or_array: one number for all, or one per light.
        if is_array(brightness):
            if len(brightness) != self._count:
                raise ValueError("expected 1 number or tuple of {} values".format(self._count))
            values = [get_pct(b) for b in brightness]
        else:
            values = [get_pct(brightness)] * self._count
        return self._owner._set_data(self._mode, values)

    def off(self):
        return self._owner._set_data(self._mode, [0] * self._count)


def _done_now():
    """What a quick command returns: None, or an awaitable inside run_task."""
    if aio.loop_active():
        return aio.Operation(lambda: True)
    return None


# pb_color_map_default: what color() chooses from until detectable_colors() says otherwise.
_DEFAULT_COLOR_MAP = (Color.RED, Color.YELLOW, Color.GREEN, Color.BLUE, Color.WHITE, Color.NONE)


def _color(hsv):
    return Color(hsv[0], hsv[1], hsv[2])


class _ColorMap:
    """detectable_colors() and color() as pb_color_map.c has them.

    The object keeps the very tuple or list it was given (and gives it back),
    so changing that list later changes what color() can answer.
    """

    def _setup_colors(self):
        self._color_map = _DEFAULT_COLOR_MAP
        self._sent_map = [[c.h, c.s, c.v] for c in _DEFAULT_COLOR_MAP]

    def detectable_colors(self, colors=None):
        if colors is None:
            return self._color_map
        for color in get_array(colors):
            expect_type(color, Color)
        self._color_map = colors
        return None

    def _colors_now(self):
        """The colours to choose from now; the world learns of any change first."""
        colors = tuple(self._color_map)
        hsv = [[expect_type(c, Color).h, c.s, c.v] for c in colors]
        if hsv != self._sent_map:
            self._call("detectable_colors", hsv)
            self._sent_map = hsv
        return colors

    def _color_value(self, mode, key):
        colors = self._colors_now()

        def matched():
            index = self._peek(key)
            # None when there is nothing to choose from.
            return None if index is None else colors[index]

        return self._value(mode, matched)


class ColorSensor(_ColorMap, SensorDevice):
    """The SPIKE colour sensor (pb_type_pupdevices_colorsensor.c)."""

    _kind = "ColorSensor"
    # Its modes: LIGHT (the three lights), RGB_I (lamps on), SHSV (lamps off).
    _LIGHT, _RGB_I, _SHSV = 3, 5, 7

    def __init__(self, port):
        self._attach(port)
        self.lights = _LightArray(self, self._LIGHT, 3)
        # One reading to set the mode every method with the lamps on uses.
        self._blocking_value(self._RGB_I, lambda: None)
        self._setup_colors()

    def color(self, surface=True):
        if surface:
            return self._color_value(self._RGB_I, "color")
        return self._color_value(self._SHSV, "color_light")

    def hsv(self, surface=True):
        if surface:
            return self._value(self._RGB_I, lambda: _color(self._peek("hsv")))
        return self._value(self._SHSV, lambda: _color(self._peek("hsv_light")))

    def reflection(self):
        return self._value(self._RGB_I, lambda: self._peek("reflection"))

    def ambient(self):
        return self._value(self._SHSV, lambda: self._peek("ambient"))


class ColorDistanceSensor(_ColorMap, SensorDevice):
    """The BOOST colour and distance sensor (pb_type_pupdevices_colordistancesensor.c)."""

    _kind = "ColorDistanceSensor"
    _PROX, _AMBI, _COL_O, _RGB_I, _IR_TX = 1, 4, 5, 6, 7

    def __init__(self, port):
        self._attach(port)
        self.light = _ExternalLight(self)
        self._setup_colors()

    def color(self):
        return self._color_value(self._RGB_I, "color")

    def reflection(self):
        return self._value(self._RGB_I, lambda: self._peek("reflection"))

    def ambient(self):
        return self._value(self._AMBI, lambda: self._data()[0])

    def distance(self):
        return self._value(self._PROX, lambda: self._data()[0] * 10)

    def hsv(self):
        return self._value(self._RGB_I, lambda: _color(self._peek("hsv")))


class _ExternalLight:
    """The ColorDistanceSensor's light: red, green, blue or off (the nearest to the colour asked for)."""

    def __init__(self, owner):
        self._owner = owner

    def on(self, color):
        expect_type(color, Color)
        if color.s < 50 or color.v < 50:
            code = 0  # off
        elif 60 <= color.h < 180:
            code = 5  # green
        elif 180 <= color.h < 300:
            code = 3  # blue
        else:
            code = 9  # red
        return self._owner._set_data(ColorDistanceSensor._COL_O, [code])

    def off(self):
        return self._owner._set_data(ColorDistanceSensor._COL_O, [0])


class UltrasonicSensor(SensorDevice):
    """The SPIKE distance sensor (pb_type_pupdevices_ultrasonicsensor.c)."""

    _kind = "UltrasonicSensor"
    _DISTL, _LISTN, _LIGHT = 0, 3, 5

    def __init__(self, port):
        self._attach(port)
        self.lights = _LightArray(self, self._LIGHT, 4)

    def distance(self):
        def millimetres():
            value = self._data()[0]
            # No echo (-1) or farther than it can tell: 2000.
            return 2000 if value < 0 or value >= 2000 else value

        return self._value(self._DISTL, millimetres)

    def presence(self):
        return self._value(self._LISTN, lambda: bool(self._data()[0]))


class ForceSensor(SensorDevice):
    """The SPIKE force sensor (pb_type_pupdevices_forcesensor.c): everything from its raw reading."""

    _kind = "ForceSensor"
    _FRAW, _CALIB = 4, 6

    def __init__(self, port):
        self._attach(port)
        calib = self._blocking_value(self._CALIB, self._data)
        self._raw_offset = calib[1]
        self._raw_released = calib[2]
        self._raw_end = calib[6]
        self._pressed_threshold = 0
        if self._raw_released >= self._raw_end:
            raise RuntimeError("Unknown error")
        # One reading to set the mode every method uses.
        self._blocking_value(self._FRAW, lambda: None)

    def _raw(self):
        return self._data()[0]

    def _force_mn(self):
        span = self._raw_end - self._raw_released
        force = _c_div(10000 * (self._raw() - self._raw_released - self._raw_offset), span)
        # The first part of the travel reads negative: no force yet.
        return 0 if force < 0 else force

    def force(self):
        return self._value(self._FRAW, lambda: self._force_mn() / 1000)

    def distance(self):
        def millimetres():
            span = self._raw_end - self._raw_released
            return _c_div(6670 * (self._raw() - self._raw_released), span) / 1000

        return self._value(self._FRAW, millimetres)

    def pressed(self, force=3):
        # The threshold in whole millinewtons, from a single-precision float.
        self._pressed_threshold = float_to_c_int(to_float32(to_float32(get_float(force)) * 1000))
        threshold = self._pressed_threshold
        return self._value(self._FRAW, lambda: self._force_mn() >= threshold)

    def touched(self):
        # Just past the first detectable change, with a small margin.
        return self._value(self._FRAW, lambda: self._raw() > self._raw_released + 4)


class _AbsentDevice(SensorDevice):
    """Devices a simulated robot never carries: creating one fails as an empty port does."""

    def __init__(self, port):
        self._attach(port)


class TiltSensor(_AbsentDevice):
    _kind = "TiltSensor"

    def tilt(self):
        return self._value(0, lambda: tuple(self._data()[:2]))


class InfraredSensor(_AbsentDevice):
    _kind = "InfraredSensor"

    def reflection(self):
        return self._value(0, lambda: self._data()[0])

    def distance(self):
        return self._value(0, lambda: self._data()[0])

    def count(self):
        return self._value(0, lambda: self._data()[0])


class ColorLightMatrix(_AbsentDevice):
    _kind = "ColorLightMatrix"

    # The firmware names the argument 'colors', the stubs 'color'; no simulated
    # robot has this device, so no program gets this far.
    def on(self, color):
        return _done_now()

    def off(self):
        return _done_now()


class Light(_AbsentDevice):
    _kind = "Light"
    # Light drives its port like a DC motor and is not a sensor: it may be made in run_task.
    _blocking_only = False

    def on(self, brightness=100):
        get_pct(brightness)

    def off(self):
        pass


class PFMotor:
    """A Power Functions motor, driven through a ColorDistanceSensor's infrared light (pb_type_pupdevices_pfmotor.c)."""

    def __init__(self, sensor, channel, color, positive_direction=Direction.CLOCKWISE):
        channel = get_strict_int(channel)
        if channel < 1 or channel > 4:
            raise ValueError("Invalid argument")
        hue = expect_type(color, Color).h
        if hue != 240 and hue != 0:
            raise ValueError("Invalid argument")
        expect_type(positive_direction, Direction)
        expect_type(sensor, ColorDistanceSensor)
        self._sensor = sensor
        self._channel = channel
        self._blue = hue == 240
        self._forward_is_positive = positive_direction is Direction.CLOCKWISE

    def _send(self, message):
        # Blue or red output, single output mode, channel 1-4.
        message |= int(self._blue) << 4
        message |= 1 << 6
        message |= (self._channel - 1) << 8
        # The sensor needs about 250 ms to send it: the call waits (or is awaited).
        return self._sensor._set_data(ColorDistanceSensor._IR_TX, [message])

    def dc(self, duty):
        duty = get_int(duty)
        forward = (duty > 0) == self._forward_is_positive
        duty = abs(duty)
        if duty > 99:
            duty = 105
        # 100 % in 7 steps; backwards is 15 down to 9.
        pwm = duty // 15
        return self._send(pwm if forward or pwm == 0 else 16 - pwm)

    def stop(self):
        return self._send(0)

    def brake(self):
        return self._send(8)



from pybricks._remote import DuploTrain, MarioHub, Remote, TechnicMoveHub  # noqa: E402,F401
