# Moon sweeper, level 1: follow the guide line along the panel with the arm down,
# then come home with the arm raised.
from pybricks.hubs import PrimeHub
from pybricks.parameters import Color, Direction, Port
from pybricks.pupdevices import ColorSensor, Motor
from pybricks.robotics import DriveBase
from pybricks.tools import wait

hub = PrimeHub()
arm = Motor(Port.C)
line_sensor = ColorSensor(Port.E)
robot = DriveBase(Motor(Port.A, Direction.COUNTERCLOCKWISE), Motor(Port.B), 56, 112)
robot.use_gyro(True)

# Out of the base: east to the guide line's foot, then north up to the panel row.
robot.straight(250)
robot.turn(-90)
robot.straight(775)
robot.turn(90)

# Along the panel row with the brush down.
arm.run_until_stalled(-200, duty_limit=30)
hub.light.on(Color.GREEN)
robot.straight(550)
arm.run_target(300, 90)

# Home again: back along the row, down the line and into the base.
robot.straight(-550)
robot.turn(90)
robot.straight(775)
robot.turn(90)
robot.straight(250)
hub.light.on(Color.BLUE)
wait(100)
print("Home!")
