"""pybricks.hubs: the hub this program runs on.

A hub's firmware contains only its own class (and an alias for the Prime hub,
which is also sold as the Robot Inventor hub), so importing another hub's
class fails here just as it does on the table.
"""

from hubos import config as _config

from pybricks import _hubs

globals()[_config.HUB_CLASS] = _hubs.ALL_HUBS[_config.HUB_CLASS]
if _config.HUB_ALIAS:
    globals()[_config.HUB_ALIAS] = _hubs.ALL_HUBS[_config.HUB_CLASS]
