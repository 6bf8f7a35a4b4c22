"""The world of a simulated run: physics, field, missions, the simulated hub firmware,
the hub process and its sandbox, the referee and the window."""

# First of all: whether the hot modules run compiled or as their pure sources.
from brickclass.simulator import compiled as _compiled  # noqa: F401
