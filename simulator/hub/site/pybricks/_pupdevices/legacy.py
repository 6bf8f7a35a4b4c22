"""Devices no simulated robot carries: the older Powered Up sensors and lights, the Power Functions
motor through a colour and distance sensor, and the 3x3 colour light matrix.

Making one meets an empty port (OSError ENODEV), as on a hub without it.
"""

from hubos import aio
from hubos.args import (
    expect_type,
    get_int,
    get_pct,
    get_strict_int,
)
from pybricks._device import SensorDevice
from pybricks._pupdevices.sensors import ColorDistanceSensor
from pybricks.parameters import Color, Direction


def _done_now():
    """What a quick command returns: None, or an awaitable inside run_task."""
    if aio.loop_active():
        return aio.Operation(lambda: True)
    return None


def _first_value(readings):
    return readings["values"][0]


class _AbsentDevice(SensorDevice):
    """Devices a simulated robot never carries: creating one fails as an empty port does."""

    def __init__(self, port):
        self._attach(port)


class TiltSensor(_AbsentDevice):
    _kind = "TiltSensor"

    def tilt(self):
        return self._value(0, lambda r: tuple(r["values"][:2]))


class InfraredSensor(_AbsentDevice):
    _kind = "InfraredSensor"

    def reflection(self):
        return self._value(0, _first_value)

    def distance(self):
        return self._value(0, _first_value)

    def count(self):
        return self._value(0, _first_value)


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
