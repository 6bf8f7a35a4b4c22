"""The world of a simulated run: physics, field, missions, the simulated hub firmware,
the hub process and its sandbox, the referee and the window."""
