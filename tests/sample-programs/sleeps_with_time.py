# Waits the way a computer program does.
from pybricks.parameters import Port
from pybricks.pupdevices import Motor
import time

motor = Motor(Port.A)
motor.run(500)
time.sleep(2)
motor.stop()
