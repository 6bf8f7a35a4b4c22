"""pybricks.hubs: the hub this program runs on.

A hub's firmware contains only its own class (and an alias for the Prime hub,
which is also sold as the Robot Inventor hub), so importing another hub's
class fails here just as it does on the table. ``ThisHub`` is that same class
under a name every hub has (pb_module_hubs.c), so one program fits any hub.
"""

from hubos import config as _config
from pybricks import _hubs

ThisHub = _hubs.ALL_HUBS[_config.HUB_CLASS]
globals()[_config.HUB_CLASS] = ThisHub
if _config.HUB_ALIAS:
    globals()[_config.HUB_ALIAS] = ThisHub
