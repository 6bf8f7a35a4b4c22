# The moves live in their own file next to this one.
from pybricks.parameters import Direction, Port
from pybricks.pupdevices import Motor
from pybricks.robotics import DriveBase

import moves

robot = DriveBase(Motor(Port.A, Direction.COUNTERCLOCKWISE), Motor(Port.B), wheel_diameter=56, axle_track=112)
moves.square(robot, 300)
