"""One run on a real hub, start to end: listen, pick the hub, connect, run, disconnect.

Callers give the program, how to find the hub (a name, or nothing) and where
the output goes. When several hubs answer and no name was given, ``choose``
(if any) picks one, e.g. by asking the pupil; without it the run stops with
the reason "several" so the pupil can give a name.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from brickclass.robots.hub_link.base import HubBackend, HubInfo, HubSeen, OutputSink, RunOutcome
from brickclass.robots.hub_link.problems import HubProblem

Chooser = Callable[[list[HubSeen]], HubSeen | None]


def default_backend() -> HubBackend:
    from brickclass.robots.hub_link.pybricksdev_ble import PybricksdevBLE

    return PybricksdevBLE()


def pick_hub(heard: list[HubSeen], name: str | None, choose: Chooser | None = None) -> HubSeen:
    """The hub to use among those heard, or the reason there is none."""
    asked_for = [hub for hub in heard if name is None or hub.answers_to(name)]
    with_pybricks = [hub for hub in asked_for if hub.runs_pybricks]
    if not with_pybricks:
        if asked_for:
            raise HubProblem("not_pybricks", name=asked_for[0].name)
        if name:
            raise HubProblem("not_found_named", name=name)
        raise HubProblem("not_found")
    if len(with_pybricks) == 1:
        return with_pybricks[0]
    chosen = choose(with_pybricks) if choose is not None else None
    if chosen is None:
        raise HubProblem("several", names=", ".join(hub.name for hub in with_pybricks))
    return chosen


async def find_hubs(timeout: float, name: str | None = None, backend: HubBackend | None = None) -> list[HubSeen]:
    """The LEGO hubs heard within ``timeout`` seconds (Pybricks or not), loudest first."""
    return await (backend or default_backend()).scan(timeout, name)


async def run_program_on_hub(program: Path, *, name: str | None, timeout: float, on_output: OutputSink,
                             choose: Chooser | None = None, on_connected: Callable[[HubInfo], None] | None = None,
                             backend: HubBackend | None = None) -> RunOutcome:
    """Find the hub, download ``program`` with its local modules, run it to its end, disconnect."""
    backend = backend or default_backend()
    hub = pick_hub(await backend.scan(timeout, name), name, choose)
    connection = await backend.connect(hub)
    try:
        if on_connected is not None:
            on_connected(connection.info)
        return await connection.run(program, on_output)
    finally:
        await connection.disconnect()


def run_on_hub(program: Path, *, name: str | None, timeout: float, on_output: OutputSink,
               choose: Chooser | None = None, on_connected: Callable[[HubInfo], None] | None = None,
               backend: HubBackend | None = None) -> RunOutcome:
    """``run_program_on_hub`` for callers without an event loop (the command line, a worker thread).

    Ctrl-C during the run stops the program on the hub and returns an outcome
    stopped by the computer; Ctrl-C while searching raises KeyboardInterrupt.
    """
    return asyncio.run(run_program_on_hub(program, name=name, timeout=timeout, on_output=on_output, choose=choose,
                                          on_connected=on_connected, backend=backend))


def list_hubs(timeout: float, backend: HubBackend | None = None) -> list[HubSeen]:
    """``find_hubs`` for callers without an event loop."""
    return asyncio.run(find_hubs(timeout, None, backend))
