# Tries to list files, as on a computer.
import os

from pybricks.hubs import PrimeHub

hub = PrimeHub()
print(os.listdir())
