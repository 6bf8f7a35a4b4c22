# A pupil's count of grains of moon dust: more than the hub's whole numbers hold.
from pybricks.tools import wait

grains = 2**40
print("Grains:", grains)
wait(10)
