"""What a pupil who knows too much Python can try: the fault suite's escapes, and what they are tried against.

Shared by ``tests/test_faults.py`` (which asserts what must hold) and
``.ci/fences.py`` (which reports what holds on this computer).
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Reach the real modules behind the hub's back.
ESCAPE = """
def _find(name):
    for cls in ().__class__.__base__.__subclasses__():
        found = getattr(getattr(cls, "__init__", None), "__globals__", None)
        if found and name in found:
            return found[name]
    raise RuntimeError("no " + name)

# The file system's own open (builtins.open is the hub's, which always fails).
real_open = _find("sys").modules["_io"].open
"""

# The world in a process of its own, so that a program that manages to end it ends only that.
WORLD = """
import json, sys
from pathlib import Path
from brickclass.simulator.run import RunOptions, run_program
print(json.dumps(run_program(RunOptions(program=Path(sys.argv[1]), mission="practice")).to_json()))
"""


def send_over_tcp(port: int) -> str:
    """An escape that connects to this computer's ``port`` and sends a forged score."""
    return ESCAPE + f"""
socket = _find("sys").modules["_frozen_importlib"]._gcd_import("socket")
try:
    s = socket.socket()
    s.settimeout(2)
    s.connect(("127.0.0.1", {port}))
    s.sendall(b"score=9999")
    print("connected")
except OSError as error:
    print("refused", type(error).__name__)
"""


@contextmanager
def tcp_listener() -> Iterator[tuple[int, list[bytes]]]:
    """A server on 127.0.0.1 that takes one connection: (its port, what arrived)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(20)
    received: list[bytes] = []

    def accept() -> None:
        try:
            connection, _ = server.accept()
            received.append(connection.recv(100))
            connection.close()
        except OSError:
            pass

    listener = threading.Thread(target=accept, daemon=True)
    listener.start()
    try:
        yield server.getsockname()[1], received
    finally:
        server.close()
        listener.join(timeout=5)
