# Drive towards the wall and stop 20 cm before it, using the distance sensor.
from pybricks.parameters import Direction, Port
from pybricks.pupdevices import Motor, UltrasonicSensor
from pybricks.robotics import DriveBase

eyes = UltrasonicSensor(Port.D)
robot = DriveBase(Motor(Port.A, Direction.COUNTERCLOCKWISE), Motor(Port.B), 56, 112)

robot.drive(200, 0)
while eyes.distance() > 200:
    pass
robot.stop()
print("Stopped", eyes.distance(), "mm from the wall")
