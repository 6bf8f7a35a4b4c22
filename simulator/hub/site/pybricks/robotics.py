"""pybricks.robotics: a drive base with two wheels, and a car with steering.

Signs as on a hub: positive distance drives forward, positive angle turns
right (clockwise seen from above).
"""

from hubos import aio, config
from hubos.args import expect_type, get_default_abs_int, get_int, get_pct, get_scaled_int, is_array
from hubos.link import CALL_COST_US
from pybricks._device import Device
from pybricks.parameters import Stop
from pybricks.pupdevices import Control, Motor

# A car drives with all the hub's motors but the steering one (PBIO_CONFIG_SERVO_NUM_DEV - 1).
_MAX_DRIVE_MOTORS = {"CityHub": 1, "EssentialHub": 1, "TechnicHub": 3, "MoveHub": 3}.get(config.HUB_CLASS, 5)


def _motor_id(motor):
    if not isinstance(motor, Motor):
        raise TypeError(f"can't convert {type(motor).__name__} to Motor")
    return motor._id


def _acceleration(value):
    """One number for both, or (acceleration, deceleration)."""
    if value is None:
        return None
    if not is_array(value):
        number = get_int(value)
        return [number, number]
    if len(value) != 2:
        raise ValueError("Invalid argument")
    return [get_int(value[0]), get_int(value[1])]


def _acceleration_result(pair):
    return pair[0] if pair[0] == pair[1] else (pair[0], pair[1])


class DriveBase(Device):
    """A robot with two driven wheels and a free caster."""

    # The drive command this drive base posted last (Link.last_command), to drop repeats.
    _drive_posted = None
    _drive_speed = None
    _drive_turn = None

    _kind = "DriveBase"

    def __init__(self, left_motor, right_motor, wheel_diameter, axle_track):
        options = {
            "left": _motor_id(left_motor),
            "right": _motor_id(right_motor),
            "wheel_diameter_um": get_scaled_int(wheel_diameter, 1000),
            "axle_track_um": get_scaled_int(axle_track, 1000),
        }
        self._attach(None, options)
        self._motors = (left_motor._id, right_motor._id)
        self.heading_control = Control(self._id, "heading_")
        self.distance_control = Control(self._id, "distance_")

    # --- maneuvers ---------------------------------------------------------

    # Arguments are converted in the order the firmware converts them.
    def straight(self, distance, then=Stop.HOLD, wait=True):
        args = [get_int(distance), expect_type(then, Stop).value]
        return self._until_done("straight", args, on_close=self.stop, wait=wait)

    def turn(self, angle, then=Stop.HOLD, wait=True, absolute=False):
        args = [get_int(angle), expect_type(then, Stop).value, bool(absolute)]
        return self._until_done("turn", args, on_close=self.stop, wait=wait)

    def curve(self, radius, angle, then=Stop.HOLD, wait=True):
        args = [get_int(radius), get_int(angle), expect_type(then, Stop).value]
        return self._until_done("curve", args, on_close=self.stop, wait=wait)

    def arc(self, radius, angle=None, distance=None, then=Stop.HOLD, wait=True):
        radius = get_int(radius)
        if (distance is None) == (angle is None):
            raise ValueError("Please specify distance or angle but not both.")
        expect_type(then, Stop)
        if distance is not None:
            args = [radius, None, get_int(distance), then.value]
        else:
            args = [radius, get_int(angle), None, then.value]
        return self._until_done("arc", args, on_close=self.stop, wait=wait)

    def move_by(self, dx, dy, then=Stop.HOLD):
        dx, dy = get_int(dx), get_int(dy)
        # First an absolute turn towards the target (started now), then the
        # straight part once the turn is done. The firmware reads ``then``
        # only after starting the turn: a wrong one raises with the turn going.
        length = self._call("move_by_turn", dx, dy)
        expect_type(then, Stop)
        hub_link = self._link
        obj = self._id
        stage = {"straight_started": False}

        def advance_stage():
            if not hub_link.peek(obj, "done"):
                hub_link.wake_on(["done", obj])
                return False
            if not stage["straight_started"]:
                stage["straight_started"] = True
                hub_link.call(obj, "straight", [length, then.value])
                hub_link.wake_on(["done", obj])
                return False
            return True

        if not aio.loop_active():
            while not advance_stage():
                hub_link.advance(until=[["done", obj]])
            return None
        operation = aio.Operation(advance_stage, None, self.stop)
        self._resource.replace(operation)
        return operation

    # --- continuous driving and stopping -----------------------------------

    def drive(self, speed, turn_rate):
        # Often a control loop's every turn: whole numbers pass get_int as they are,
        # the cancel is a look at the last awaitable, and the command goes straight to the link.
        if type(speed) is not int:
            speed = get_int(speed)
        if type(turn_rate) is not int:
            turn_rate = get_int(turn_rate)
        last = self._resource.last
        if last is not None:
            last.schedule_stop()
        link_ = self._link
        now = link_.now + CALL_COST_US
        if (now < link_.calm_until and link_.last_command is self._drive_posted
                and speed == self._drive_speed and turn_rate == self._drive_turn):
            # The same drive command as the last one posted, nothing in between: the
            # hub would end up in the same state (Link.post would drop it too).
            link_.now = now
            return
        link_.post(self._id, "drive", [speed, turn_rate], self._motors, True)
        self._drive_posted = link_.last_command
        self._drive_speed = speed
        self._drive_turn = turn_rate

    def stop(self):
        self._resource.cancel()
        self._post("stop", touches=self._motors)

    def brake(self):
        self._resource.cancel()
        self._post("brake", touches=self._motors)

    def hold(self):
        self._resource.cancel()
        self._post("hold", touches=self._motors)

    # --- measurements --------------------------------------------------------

    # Read in a control loop's every turn: straight to the link.
    def distance(self):
        link_ = self._link
        now = link_.now + CALL_COST_US
        if now < self._seen_until and link_.epoch == self._seen_epoch:
            # Nothing changed since the last read, and the distance still holds.
            link_.now = now
            return self._seen["distance"]
        value = link_.read(self._id, "distance")
        self._see(link_)
        return value

    def angle(self):
        return self._link.read(self._id, "angle")

    def state(self):
        return tuple(self._read("state"))

    def done(self):
        return self._read("done")

    def stalled(self):
        return self._read("stalled")

    # --- configuration ---------------------------------------------------------

    def reset(self, distance=0, angle=0):
        self._call("reset", get_int(distance), get_int(angle))

    def settings(self, straight_speed=None, straight_acceleration=None, turn_rate=None, turn_acceleration=None):
        given = (straight_speed, straight_acceleration, turn_rate, turn_acceleration)
        if all(value is None for value in given):
            speed, accel, rate, turn_accel = self._call("settings", None)
            return (speed, _acceleration_result(accel), rate, _acceleration_result(turn_accel))
        # Converted in the firmware's order: both speeds, then both accelerations.
        new = {
            "straight_speed": None if straight_speed is None else get_default_abs_int(straight_speed, 0),
            "turn_rate": None if turn_rate is None else get_default_abs_int(turn_rate, 0),
        }
        new["straight_acceleration"] = _acceleration(straight_acceleration)
        new["turn_acceleration"] = _acceleration(turn_acceleration)
        self._call("settings", new)
        return None

    def use_gyro(self, use_gyro):
        self._call("use_gyro", bool(use_gyro))


class Car(Device):
    """A car: one motor steers (between two end stops), others drive."""

    _kind = "Car"

    def __init__(self, steer_motor, drive_motors, torque_limit=100):
        steer = _motor_id(steer_motor)
        if is_array(drive_motors):
            if not drive_motors or len(drive_motors) > _MAX_DRIVE_MOTORS:
                raise ValueError(f"drive_motors must be a list of 1 to {_MAX_DRIVE_MOTORS} motors")
            drive = [_motor_id(m) for m in drive_motors]
        else:
            drive = [_motor_id(drive_motors)]
        for index, motor in enumerate(drive):
            if motor == steer:
                raise ValueError("drive_motors and steer_motor must be different")
            if motor in drive[index + 1:]:
                raise ValueError("drive_motors must be unique")
        # Only finding the end stops needs blocking code, and it reads the limit.
        aio.assert_blocking()
        limit = None if torque_limit is None else get_pct(torque_limit)
        self._attach(None, {"steer": steer, "drive": drive, "torque_limit": limit})
        self._steer = steer
        # Find both ends of the steering range, as the firmware does on start.
        left = self._find_end(-1)
        right = self._find_end(1)
        self._call("center", left, right)

    def _find_end(self, direction):
        hub_link = self._link
        hub_link.call(self._id, "seek", [direction])
        start = hub_link.now_ms()
        while not hub_link.peek(self._steer, "done"):
            if hub_link.now_ms() - start > 10000:
                raise RuntimeError("The steering mechanism has no end stop. Did you build a car yet?")
            hub_link.wait_until((hub_link.now_ms() + 10) * 1000)
        return hub_link.peek(self._steer, "angle")

    def steer(self, percentage):
        self._post("steer", get_int(percentage), touches=(self._steer,))

    def drive_power(self, power):
        self._post("drive_power", get_int(power))

    def drive_speed(self, speed):
        self._post("drive_speed", get_int(speed))
