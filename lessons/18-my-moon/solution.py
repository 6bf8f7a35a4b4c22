# Design your own moon: the example program for the example moon (my-moon.toml beside it).
# The panel lies north-east of the base; the brush reaches out to the right of the rover,
# so the rover drives east along the panel's north side with the arm down.
from pybricks.hubs import PrimeHub
from pybricks.parameters import Color, Direction, Port
from pybricks.pupdevices import Motor
from pybricks.robotics import DriveBase
from pybricks.tools import wait

hub = PrimeHub()
arm = Motor(Port.C)
robot = DriveBase(Motor(Port.A, Direction.COUNTERCLOCKWISE), Motor(Port.B), 56, 112)
robot.use_gyro(True)

# Out of the base: north, past the panel's west end.
arm.run_target(300, 90)
robot.turn(-90)
robot.straight(770)
robot.turn(90)

# Along the panel with the brush down.
arm.run_until_stalled(-200, duty_limit=30)
hub.light.on(Color.GREEN)
robot.straight(900)
arm.run_target(300, 90)

# Home: back along the panel, then south into the base.
robot.straight(-900)
robot.turn(90)
robot.straight(770)
hub.light.on(Color.BLUE)
wait(100)
print("Home!")
