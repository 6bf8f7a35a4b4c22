# Moon sweeper, level 2: follow the guide line along the north row with the arm down,
# sweep the dust and push the gravel off, and come home with the arm up.
from pybricks.hubs import PrimeHub
from pybricks.parameters import Color, Direction, Port, Stop
from pybricks.pupdevices import ColorSensor, Motor
from pybricks.robotics import DriveBase

hub = PrimeHub()
arm = Motor(Port.C)
eye = ColorSensor(Port.E)
robot = DriveBase(Motor(Port.A, Direction.COUNTERCLOCKWISE), Motor(Port.B), 56, 112)
robot.use_gyro(True)

BLACK = 7      # reflection on the guide line
MAT = 55       # reflection on the grey regolith
EDGE = (BLACK + MAT) // 2
ROW_LENGTH = 1560
# Headings from the start, with the gyro: east (where the robot starts facing) is 0.
EAST, SOUTH, WEST, NORTH = 0, 90, 180, -90


def arm_down():
    arm.run_until_stalled(-250, then=Stop.HOLD, duty_limit=40)


def arm_up():
    arm.run_target(400, 90)


def follow_line(distance):
    """Follow the left edge of the guide line for a distance (mm)."""
    start = robot.distance()
    while robot.distance() - start < distance:
        error = eye.reflection() - EDGE
        robot.drive(180, error * 2)
    robot.stop()


def sweep_row():
    arm_down()
    hub.light.on(Color.GREEN)
    follow_line(ROW_LENGTH)
    arm_up()
    hub.light.on(Color.BLUE)
    # Straighten up, then back along the row with the arm up, without turning round.
    robot.turn(EAST, absolute=True)
    robot.straight(-ROW_LENGTH)


# Out of the base to the foot of the guide line, then north past the south row.
robot.straight(250)
robot.turn(NORTH, absolute=True)
robot.straight(325)
robot.turn(EAST, absolute=True)
robot.turn(NORTH, absolute=True)
robot.straight(450)
robot.turn(EAST, absolute=True)
sweep_row()

# Home: south along the line and west into the base.
robot.turn(SOUTH, absolute=True)
robot.straight(775)
robot.turn(WEST, absolute=True)
robot.straight(250)
print("Home after", robot.distance(), "mm")
