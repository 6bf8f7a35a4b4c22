"""The physical layer: pymunk bodies, motors as motors, wheels on the ground, the IMU."""
