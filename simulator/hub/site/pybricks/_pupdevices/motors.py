"""Motors on the hub's ports: DCMotor, Motor, and its control and model (pb_type_motor.c, pb_type_control.c)."""

from hubos import aio
from hubos.args import (
    expect_type,
    get_array,
    get_int,
    get_pct,
    get_positive_int,
    get_strict_int,
    is_array,
)
from hubos.errors import hub_oserror
from hubos.link import CALL_COST_US, DRIVE_CHANGES
from pybricks._device import Device
from pybricks.parameters import Direction, Port, Stop


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
        raise TypeError(f"object '{type(gears).__name__}' isn't a tuple or list")
    if _is_whole(trains[0]) and _is_whole(trains[-1]):
        return [[get_strict_int(trains[0]), get_strict_int(trains[-1])]]
    result = []
    for train in trains:
        train = get_array(train)
        if not len(train):
            raise TypeError(f"object '{type(train).__name__}' isn't a tuple or list")
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
        return f"{type(self).__name__}(Port.{self._port.name}, Direction.{self._direction.name})"

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
        link_ = self._link
        now = link_.now + CALL_COST_US
        if now < self._seen_until and link_.epoch == self._seen_epoch and key not in DRIVE_CHANGES:
            # Nothing changed since the last read (Link.epoch), and the reading still holds.
            link_.now = now
            return self._seen[key]
        link_.spend()
        readings = link_.fresh(self._id)
        if not readings["running"]:
            raise hub_oserror("ENODEV")
        self._see(link_)
        return readings[key]

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
