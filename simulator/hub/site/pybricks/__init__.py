"""Pybricks, as the brickclass simulator provides it to a pupil's program."""

from hubos import config as _config

version = ("virtualhub" if _config.HUB_CLASS == "VirtualHub" else "primehub", "4.0.1", "v4.0.1 (brickclass simulator)")
