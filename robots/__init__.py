"""Robot models as data, and the connection to real hubs.

``robots/*.toml`` describe robots (chassis, wheels, which device sits on
which port); ``brickclass.robots.models`` loads them. ``brickclass.robots.hub_link`` talks to real
LEGO hubs running Pybricks.
"""
