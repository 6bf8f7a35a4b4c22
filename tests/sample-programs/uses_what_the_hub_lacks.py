# Habits from Python on a computer that the hub's MicroPython does not have.
import sys

from pybricks.tools import wait


class Rover:
    @property
    def speed(self):
        return 200


print("Ready", flush=True)
even = list(filter(lambda n: n % 2 == 0, range(10)))
wait(100)
sys.exit()
