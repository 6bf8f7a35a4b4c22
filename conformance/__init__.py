"""Run the Pybricks project's own test programs and official examples in the simulator.

The firmware's virtual-hub tests (pybricks-micropython, tests/virtualhub) and
the official examples (pybricks-api, examples/pup and examples/micropython)
are our conformance suite. They are read from a checkout of those
repositories at run time and never copied into brickclass:

    python -m brickclass.conformance --firmware PATH/pybricks-micropython --api PATH/pybricks-api

See ``python -m brickclass.conformance --help``.
"""
