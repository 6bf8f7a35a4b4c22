"""The classes of ``pybricks.pupdevices``, by kind: motors, sensors, and devices no robot here carries."""
