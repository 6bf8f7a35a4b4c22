"""Robot models as data, and the connection to real hubs.

``robots/*.toml`` describe robots (chassis, wheels, which device sits on
which port); ``robots.models`` loads them. ``robots.hub_link`` talks to real
LEGO hubs running Pybricks.
"""
