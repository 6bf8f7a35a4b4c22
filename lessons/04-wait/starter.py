from pybricks.hubs import PrimeHub
from pybricks.parameters import Direction, Port
from pybricks.pupdevices import Motor
from pybricks.robotics import DriveBase
from pybricks.tools import wait

hub = PrimeHub()
left_motor = Motor(Port.A, Direction.COUNTERCLOCKWISE)
right_motor = Motor(Port.B)
robot = DriveBase(left_motor, right_motor, wheel_diameter=56, axle_track=112)

# en: Drive at 150 mm/s for 2 seconds, then stop.
# sv: Kör i 150 mm/s i 2 sekunder, stanna sedan.
robot.drive(150, 0)
robot.stop()
