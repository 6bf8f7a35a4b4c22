from pybricks.hubs import PrimeHub
from pybricks.parameters import Direction, Port
from pybricks.pupdevices import ForceSensor, Motor
from pybricks.robotics import DriveBase
from pybricks.tools import wait

hub = PrimeHub()
left_motor = Motor(Port.A, Direction.COUNTERCLOCKWISE)
right_motor = Motor(Port.B)
robot = DriveBase(left_motor, right_motor, wheel_diameter=56, axle_track=112)
bumper = ForceSensor(Port.F)

# en: Drive until the bumper touches the wall, then back away 10 cm.
# sv: Kör tills stötfångaren nuddar väggen, backa sedan 10 cm.
robot.straight(300)
