"""The simulated hub's own software: what runs in the hub process around a
pupil's program (the link to the world, the run loop, argument checks).

Only the standard library is used here: this package is imported by the hub
process, which can see nothing else of the simulator.
"""
