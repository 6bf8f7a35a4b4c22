"""The connection to real hubs: find one over Bluetooth, download and run a program, stream its output.

The command line (``brickclass hub``) and the teacher app use only the names
below. Behind them sits a ``HubBackend``; today that is pybricksdev (the
Pybricks Bluetooth protocol through bleak, ``pybricksdev_ble``), and the newer
Pybricks client and service can be added as a second backend without
touching callers. Every failure is a ``HubProblem`` with a reason to put into
words; bleak and pybricksdev exceptions never reach a caller.

Importing this package does not load bleak or pybricksdev; running does.
"""

from brickclass.robots.hub_link.base import HubBackend, HubConnection, HubInfo, HubSeen, RunOutcome
from brickclass.robots.hub_link.problems import REASONS, HubProblem
from brickclass.robots.hub_link.session import find_hubs, list_hubs, pick_hub, run_on_hub, run_program_on_hub

__all__ = [
    "REASONS",
    "HubBackend",
    "HubConnection",
    "HubInfo",
    "HubProblem",
    "HubSeen",
    "RunOutcome",
    "find_hubs",
    "list_hubs",
    "pick_hub",
    "run_on_hub",
    "run_program_on_hub",
]
