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


from pybricks._pupdevices.legacy import ColorLightMatrix, InfraredSensor, Light, PFMotor, TiltSensor
from pybricks._pupdevices.motors import Control, DCMotor, Model, Motor
from pybricks._pupdevices.sensors import ColorDistanceSensor, ColorSensor, ForceSensor, UltrasonicSensor
from pybricks._remote import DuploTrain, MarioHub, Remote, TechnicMoveHub

__all__ = ["ColorDistanceSensor", "ColorLightMatrix", "ColorSensor", "Control", "DCMotor", "DuploTrain", "ForceSensor",
           "InfraredSensor", "Light", "MarioHub", "Model", "Motor", "PFMotor", "Remote", "TechnicMoveHub",
           "TiltSensor", "UltrasonicSensor"]
