"""pybricks.pupdevices: motors and sensors plugged into the hub's ports.

Arguments are checked here the way the firmware's Python layer checks them
(types, defaults, clamping); everything about the device itself happens in
the world, which answers with the hub's own errors (``OSError`` ENODEV when
the port holds something else or nothing).
"""

from hubos import aio
from hubos.args import (
    expect_type,
    get_int,
    get_pct,
    get_positive_int,
    is_array,
)

from pybricks._device import Device, SensorDevice
from pybricks.parameters import Color, Direction, Port, Stop


def _gear_list(gears):
    """Gears as nested lists of ints, as pb_type_motor.c accepts them."""
    if gears is None:
        return None
    if not is_array(gears) or not len(gears):
        raise TypeError("object '{}' isn't a tuple or list".format(type(gears).__name__))
    if all(isinstance(g, int) for g in (gears[0], gears[-1])):
        return [[get_int(g) for g in gears]]
    trains = []
    for train in gears:
        if not is_array(train):
            raise TypeError("object '{}' isn't a tuple or list".format(type(train).__name__))
        trains.append([get_int(g) for g in train])
    return trains


class DCMotor(Device):
    """A motor without rotation sensors (or used as one)."""

    _kind = "DCMotor"

    def __init__(self, port, positive_direction=Direction.CLOCKWISE):
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


class Control:
    """A motor's controller settings (``motor.control``)."""

    def __init__(self, owner_id, path):
        from hubos import link

        self._link = link.get()
        self._owner = owner_id
        self._path = path

    def _get_or_set(self, method, names, values):
        given = {name: value for name, value in zip(names, values) if value is not None}
        if not given:
            return tuple(self._link.call(self._owner, self._path + method, [None]))
        self._link.call(self._owner, self._path + method, [{k: get_int(v) for k, v in given.items()}])
        return None

    @property
    def scale(self):
        return self._link.call(self._owner, self._path + "scale", [])

    def limits(self, speed=None, acceleration=None, torque=None):
        if is_array(acceleration):
            acceleration = (get_int(acceleration[0]), get_int(acceleration[1]))
            given = {"speed": speed, "acceleration": list(acceleration), "torque": torque}
            self._link.call(
                self._owner,
                self._path + "limits",
                [{k: (v if k == "acceleration" else get_int(v)) for k, v in given.items() if v is not None}],
            )
            return None
        result = self._get_or_set("limits", ("speed", "acceleration", "torque"), (speed, acceleration, torque))
        if result is not None and is_array(result[1]):
            # (acceleration, deceleration) when they differ, as a tuple like the hub's.
            result = (result[0], tuple(result[1]), result[2])
        return result

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


class Model:
    """The motor's state estimate (``motor.model``)."""

    def __init__(self, owner_id):
        from hubos import link

        self._link = link.get()
        self._owner = owner_id

    def state(self):
        return tuple(self._link.call(self._owner, "model_state", []))

    def settings(self, values=None):
        if values is None:
            return tuple(self._link.call(self._owner, "model_settings", [None]))
        self._link.call(self._owner, "model_settings", [list(values)])
        return None


class Motor(DCMotor):
    """A motor with rotation sensors: angle, speed and accurate maneuvers."""

    _kind = "Motor"

    def __init__(
        self,
        port,
        positive_direction=Direction.CLOCKWISE,
        gears=None,
        reset_angle=True,
        profile=None,
    ):
        expect_type(positive_direction, Direction)
        options = {
            "positive_direction": positive_direction.value,
            "gears": _gear_list(gears),
            "reset_angle": bool(reset_angle),
            "profile": None if profile is None else abs(get_int(profile)),
        }
        self._attach(port, options)
        self._direction = positive_direction
        self.control = Control(self._id, "control_")
        self.model = Model(self._id)

    # Measurements come from the cached readings of the current tick.
    def angle(self):
        return self._read("angle")

    def speed(self, window=100):
        if window == 100:
            return self._read("speed")
        return self._call("speed", get_positive_int(window))

    def load(self):
        return self._read("load")

    def stalled(self):
        return self._read("stalled")

    def done(self):
        return self._read("done")

    def reset_angle(self, angle=None):
        self._call("reset_angle", None if angle is None else get_int(angle))
        self._resource.cancel()

    def run(self, speed):
        self._post("run", get_int(speed))
        self._resource.cancel()

    def hold(self):
        self._post("hold")
        self._resource.cancel()

    def track_target(self, target_angle):
        self._post("track_target", get_int(target_angle))
        self._resource.cancel()

    def run_time(self, speed, time, then=Stop.HOLD, wait=True):
        expect_type(then, Stop)
        args = [get_int(speed), max(0, get_int(time)), then.value]
        return self._until_done("run_time", args, on_close=self.stop, wait=wait)

    def run_angle(self, speed, rotation_angle, then=Stop.HOLD, wait=True):
        expect_type(then, Stop)
        args = [get_int(speed), get_int(rotation_angle), then.value]
        return self._until_done("run_angle", args, on_close=self.stop, wait=wait)

    def run_target(self, speed, target_angle, then=Stop.HOLD, wait=True):
        expect_type(then, Stop)
        args = [get_int(speed), get_int(target_angle), then.value]
        return self._until_done("run_target", args, on_close=self.stop, wait=wait)

    def run_until_stalled(self, speed, then=Stop.COAST, duty_limit=None):
        expect_type(then, Stop)
        limit = None if duty_limit is None else get_pct(duty_limit)
        args = [get_int(speed), then.value, limit]
        return self._until_done(
            "run_until_stalled", args, result=lambda: self._peek("angle"), on_close=self.stop
        )


class _LightArray:
    """The lights around a sensor's eyes (3 on the colour sensor, 4 on the ultrasonic)."""

    def __init__(self, owner, count):
        self._owner = owner
        self._count = count

    def on(self, brightness=100):
        if is_array(brightness):
            if len(brightness) != self._count:
                raise ValueError("Expected {} values".format(self._count))
            values = [get_pct(b) for b in brightness]
        else:
            values = [get_pct(brightness)] * self._count
        self._owner._post("lights", values)
        return _done_now()

    def off(self):
        self._owner._post("lights", [0] * self._count)
        return _done_now()


def _done_now():
    """What a quick command returns: None, or an awaitable inside run_task."""
    if aio.loop_active():
        return aio.Operation(lambda: True)
    return None


def _color_from_hsv(values):
    return Color(values[0], values[1], values[2])


class _ColorCommon(SensorDevice):
    """Colour reading shared by the SPIKE colour sensor and the BOOST colour/distance sensor."""

    def _setup_colors(self):
        self._detectable = [Color.RED, Color.YELLOW, Color.GREEN, Color.BLUE, Color.WHITE, Color.NONE]

    def detectable_colors(self, colors=None):
        if colors is None:
            return tuple(self._detectable)
        chosen = []
        for color in colors:
            expect_type(color, Color)
            chosen.append(color)
        self._call("detectable_colors", [[c.h, c.s, c.v] for c in chosen])
        self._detectable = chosen
        return None

    def _matched(self, index):
        if index is None or not 0 <= index < len(self._detectable):
            return Color.NONE
        return self._detectable[index]

    def reflection(self):
        return self._value("reflect", "reflection")

    def ambient(self):
        return self._value("ambient", "ambient")


class ColorSensor(_ColorCommon):
    """The SPIKE colour sensor, looking down at the mat."""

    _kind = "ColorSensor"

    def __init__(self, port):
        self._attach(port)
        self._setup_colors()
        self.lights = _LightArray(self, 3)

    def color(self, surface=True):
        if surface:
            return self._value("surface", "color", self._matched)
        return self._value("light", "color_light", self._matched)

    def hsv(self, surface=True):
        if surface:
            return self._value("surface", "hsv", _color_from_hsv)
        return self._value("light", "hsv_light", _color_from_hsv)


class ColorDistanceSensor(_ColorCommon):
    """The BOOST colour and distance sensor."""

    _kind = "ColorDistanceSensor"

    def __init__(self, port):
        self._attach(port)
        self._setup_colors()
        self.light = _ExternalLight(self)

    def color(self):
        return self._value("surface", "color", self._matched)

    def hsv(self):
        return self._value("surface", "hsv", _color_from_hsv)

    def distance(self):
        return self._value("distance", "distance")


class _ExternalLight:
    def __init__(self, owner):
        self._owner = owner

    def on(self, color):
        expect_type(color, Color)
        self._owner._post("light", [color.h, color.s, color.v])
        return _done_now()

    def off(self):
        self._owner._post("light", [0, 0, 0])
        return _done_now()


class UltrasonicSensor(SensorDevice):
    """The SPIKE distance sensor: millimetres to the nearest thing ahead."""

    _kind = "UltrasonicSensor"

    def __init__(self, port):
        self._attach(port)
        self.lights = _LightArray(self, 4)

    def distance(self):
        return self._value("distance", "distance")

    def presence(self):
        return self._value("listen", "presence")


class ForceSensor(SensorDevice):
    """The SPIKE force sensor: a button that also measures how hard it is pushed."""

    _kind = "ForceSensor"

    def __init__(self, port):
        self._attach(port)

    def force(self):
        return self._value("force", "force")

    def distance(self):
        return self._value("force", "distance")

    def pressed(self, force=3):
        threshold = float(force)
        return self._value("force", "force", lambda newton: newton >= threshold)

    def touched(self):
        return self._value("force", "touched")


class _AbsentDevice(SensorDevice):
    """Devices a simulated robot never carries: creating one fails as an empty port does."""

    def __init__(self, port):
        self._attach(port)


class TiltSensor(_AbsentDevice):
    _kind = "TiltSensor"

    def tilt(self):
        return self._value("tilt", "tilt", tuple)


class InfraredSensor(_AbsentDevice):
    _kind = "InfraredSensor"

    def reflection(self):
        return self._value("reflect", "reflection")

    def distance(self):
        return self._value("distance", "distance")

    def count(self):
        return self._value("count", "count")


class ColorLightMatrix(_AbsentDevice):
    _kind = "ColorLightMatrix"

    def on(self, color):
        self._post("on", [color])
        return _done_now()

    def off(self):
        self._post("off")
        return _done_now()


class Light(_AbsentDevice):
    _kind = "Light"

    def on(self, brightness=100):
        self._post("on", get_pct(brightness))

    def off(self):
        self._post("off")


class PFMotor:
    """A Power Functions motor driven through a ColorDistanceSensor's infrared light."""

    def __init__(self, sensor, channel, color, positive_direction=Direction.CLOCKWISE):
        expect_type(sensor, ColorDistanceSensor)
        expect_type(color, Color)
        expect_type(positive_direction, Direction)
        channel = get_int(channel)
        if channel < 1 or channel > 4:
            raise ValueError("Channel must be 1, 2, 3, or 4.")
        if color != Color.BLUE and color != Color.RED:
            raise ValueError("Color must be Color.BLUE or Color.RED.")
        self._sensor = sensor

    def dc(self, duty):
        get_int(duty)
        return _done_now()

    def stop(self):
        return _done_now()

    def brake(self):
        return _done_now()


from pybricks._remote import DuploTrain, MarioHub, Remote, TechnicMoveHub  # noqa: E402,F401
