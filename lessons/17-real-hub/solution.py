from pybricks.hubs import PrimeHub
from pybricks.parameters import Direction, Port
from pybricks.pupdevices import Motor
from pybricks.robotics import DriveBase
from pybricks.tools import wait

hub = PrimeHub()
left_motor = Motor(Port.A, Direction.COUNTERCLOCKWISE)
right_motor = Motor(Port.B)
robot = DriveBase(left_motor, right_motor, wheel_diameter=61.5, axle_track=112)

# Measured: straight(1000) went 1098 mm with 56 mm, so the wheels are 56 * 1098 / 1000 = 61.5 mm.
robot.straight(1000)
