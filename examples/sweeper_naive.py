# Moon sweeper, first try: lower the arm and drive forward. Will it work?
from pybricks.parameters import Direction, Port
from pybricks.pupdevices import Motor
from pybricks.robotics import DriveBase

arm = Motor(Port.C)
robot = DriveBase(Motor(Port.A, Direction.COUNTERCLOCKWISE), Motor(Port.B), 56, 112)

arm.run_angle(300, -90)
robot.straight(1500)
