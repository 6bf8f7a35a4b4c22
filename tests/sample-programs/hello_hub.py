# Say hello from the hub, then drive forward a little.
from pybricks.hubs import PrimeHub
from pybricks.parameters import Port
from pybricks.pupdevices import Motor
from pybricks.tools import wait

hub = PrimeHub()
print("Hej på dig!")
motor = Motor(Port.A)
motor.run_angle(500, 360)
wait(500)
print("Klar")
