"""What kind of hub this process pretends to be (set by the runtime at start)."""

# Class name the firmware registers in pybricks.hubs, and its alias (the
# Prime hub firmware also answers to InventorHub).
HUB_CLASS = "PrimeHub"
HUB_ALIAS: str | None = "InventorHub"
# The name a hub reports (set when the firmware was installed).
HUB_NAME = "Pybricks Hub"

_ALIASES = {"PrimeHub": "InventorHub", "InventorHub": "PrimeHub", "VirtualHub": None}


def configure(hub_class: str, hub_name: str) -> None:
    global HUB_CLASS, HUB_ALIAS, HUB_NAME
    HUB_CLASS = hub_class
    HUB_ALIAS = _ALIASES.get(hub_class)
    HUB_NAME = hub_name
