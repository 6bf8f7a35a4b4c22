"""Pybricks, as the brickclass simulator provides it to a pupil's program."""

from hubos import config as _config

# The firmware the simulator follows: pybricks-micropython 2ced53d2f (Aug 2026),
# after the v4.1.0b2 release.
version = ("virtualhub" if _config.HUB_CLASS == "VirtualHub" else "primehub", "4.1.0b2",
           "v4.1.0b2-2ced53d2f on 2026-08-19 (brickclass simulator)")
