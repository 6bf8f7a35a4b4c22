from pybricks.hubs import PrimeHub
from pybricks.parameters import Direction, Port
from pybricks.pupdevices import Motor
from pybricks.robotics import DriveBase
from pybricks.tools import wait

hub = PrimeHub()
left_motor = Motor(Port.A, Direction.COUNTERCLOCKWISE)
right_motor = Motor(Port.B)
robot = DriveBase(left_motor, right_motor, wheel_diameter=56, axle_track=112)
arm = Motor(Port.C)
robot.use_gyro(True)

# en: This program runs on the moon you made: my-moon.toml, in the same folder as this file.
# sv: Det här programmet körs på månen du gjort: my-moon.toml, i samma mapp som den här filen.
# en: Plan your route on the map first: brickclass missions show my-moon.toml
# sv: Planera din väg på kartan först: brickclass missions show my-moon.toml

# en: Out of the base, towards your first solar panel.
# sv: Ut ur basen, mot din första solpanel.
robot.straight(250)

# en: Lower the arm to sweep: arm.run_until_stalled(-200, duty_limit=30)
# sv: Sänk armen för att sopa: arm.run_until_stalled(-200, duty_limit=30)
# en: Raise it again before you drive home: arm.run_target(300, 90)
# sv: Fäll upp den igen innan du kör hem: arm.run_target(300, 90)
