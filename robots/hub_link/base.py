"""What every hub backend offers: the hubs it hears, a connection to one, and how a run ended.

The command line and the teacher app depend on these shapes only. The
pybricksdev backend implements them today; the newer Pybricks client and
service can be added as a second backend with the same two protocols.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

OutputSink = Callable[[str], None]


@dataclass(frozen=True)
class HubSeen:
    """A LEGO hub heard over the radio while searching."""

    name: str
    address: str
    runs_pybricks: bool
    signal_dbm: int | None = None  # RSSI: closer hubs are louder (less negative)
    device: Any = field(default=None, compare=False, repr=False)  # the backend's handle for connecting

    def answers_to(self, name: str) -> bool:
        """True when a pupil asking for ``name`` means this hub (its name, any case, or its address)."""
        wanted = name.strip().casefold()
        return wanted in (self.name.casefold(), self.address.casefold())


@dataclass(frozen=True)
class HubInfo:
    """What a connected hub says about itself."""

    name: str
    kind: str  # prime | essential | technic | city | move | other
    firmware: str


@dataclass(frozen=True)
class RunOutcome:
    """How a program on a hub ended."""

    status: str  # finished | error | stopped (the words the gradebook uses for runs)
    stopped_on: str | None = None  # hub (its button) | computer (Ctrl-C or stop()) when status is stopped
    output: str = ""  # the last part of what the program printed, enough for its error report


class HubConnection(Protocol):
    """One connected hub."""

    info: HubInfo

    async def run(self, program: Path, on_output: OutputSink) -> RunOutcome:
        """Compile and download ``program`` with its local modules, start it, stream output until it ends.

        Cancelling the task that awaits this stops the program on the hub and
        returns an outcome with ``stopped_on == "computer"``.
        """
        ...

    async def stop(self) -> None:
        """Stop the running program (the same as pressing the hub's button)."""
        ...

    async def disconnect(self) -> None:
        ...


class HubBackend(Protocol):
    """A way of reaching hubs (today: pybricksdev over Bluetooth Low Energy)."""

    async def scan(self, timeout: float, name: str | None) -> list[HubSeen]:
        """The LEGO hubs heard within ``timeout`` seconds, Pybricks or not, loudest first."""
        ...

    async def connect(self, hub: HubSeen) -> HubConnection:
        ...
