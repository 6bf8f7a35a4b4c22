from pybricks.hubs import PrimeHub
from pybricks.parameters import Direction, Port
from pybricks.pupdevices import ColorSensor, Motor
from pybricks.robotics import DriveBase
from pybricks.tools import wait

hub = PrimeHub()
left_motor = Motor(Port.A, Direction.COUNTERCLOCKWISE)
right_motor = Motor(Port.B)
robot = DriveBase(left_motor, right_motor, wheel_diameter=56, axle_track=112)
arm = Motor(Port.C)
eye = ColorSensor(Port.E)
robot.use_gyro(True)

# en: Out of the base: plan your route on the map (brickclass missions show moon-sweeper:1).
# sv: Ut ur basen: planera din väg på kartan (brickclass missions show moon-sweeper:1).
robot.straight(250)
