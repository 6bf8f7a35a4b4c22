# Moon sweeper with timed moves: out along the south row, sweep, then home.
from pybricks.parameters import Direction, Port
from pybricks.pupdevices import Motor
from pybricks.robotics import DriveBase
from pybricks.tools import wait

arm = Motor(Port.C)
robot = DriveBase(Motor(Port.A, Direction.COUNTERCLOCKWISE), Motor(Port.B), 56, 112)

# Out of the base and up to the south row of panels.
robot.straight(250)
robot.turn(-90)
robot.straight(325)
robot.turn(90)

# Sweep for 4 seconds with the arm down.
arm.run_target(300, 0)
robot.drive(200, 0)
wait(4000)
robot.stop()
arm.run_target(300, 90)

# Back the same way.
robot.drive(-200, 0)
wait(4000)
robot.stop()
robot.turn(-90)
robot.straight(-325)
robot.turn(90)
robot.straight(-250)
