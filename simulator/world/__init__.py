"""The world of one run: clock, table, robot, firmware and referee, stepped together.

Shaped like a Gymnasium environment: ``World(mission, robot, seed=...)`` builds
the run, ``reset(seed)`` sets it up anew, ``step()`` advances it by one tick,
and ``snapshot()`` is what a window, a picture or the trace reads. Its parts:

- ``world``: the World itself: one tick, and letting time pass (``advance_to``, ``run_until``);
- ``table``: building the table for a seed (scene, pebbles, motors, robot);
- ``arm``: the sweeper arm under its weight, and its brush wiping dust;
- ``senses``: what the sensors see (the mat, echoes, the bumper);
- ``faults``: containing a physics failure instead of crashing.

Nothing here reads the wall clock or an unseeded random source: the same
mission, robot, seed and program give the same run, bit for bit.
"""

from brickclass.simulator.physics.robot import body_angle_to_compass
from brickclass.simulator.world.world import DT, World

__all__ = ["DT", "World", "body_angle_to_compass"]
