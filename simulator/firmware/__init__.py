"""The simulated hub firmware: what pbio does on a real hub, in Python.

Layered as pbio is: integer trajectories, PID control with anti-windup and
stall detection, servos (one motor each), drive bases (two servos), the
battery, and the 5 ms motor process that updates them all.
"""
