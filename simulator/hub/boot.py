"""Entry point of the hub process (run as a script, in isolated mode).

The process may import only the standard library, the simulated hub's own
software (``hubos``) and the hub's modules in ``site/`` (our ``pybricks``
package, ``umath``…); the rest of the simulator stays out of reach.

Usage: python -I -S -B boot.py [--world-pid PID]

The conversation with the world runs over standard input and output (see
``hubos/protocol.py``); whatever else the process writes goes to standard
error, which the world keeps (capped) to explain a crash. With ``--world-pid``
the process ends itself when the world process has gone: the world asks for
that where the operating system does not tie the two together (macOS), and on
Windows besides the job's kill-on-close; on Linux a parent-death signal does it.
"""

import os
import sys


def _channel_fds():
    """(read, write) descriptors of the conversation; fd 1 then points at stderr."""
    read_fd, write_fd = 0, os.dup(1)
    os.dup2(2, 1)
    if sys.platform == "win32":
        import msvcrt

        for fd in (read_fd, write_fd):
            msvcrt.setmode(fd, os.O_BINARY)  # no newline translation on the channel
    return read_fd, write_fd


def _end_with_the_world(world_pid):
    """A watcher thread: when the world process is gone, so is this one."""
    import threading

    if sys.platform == "win32":
        import _winapi

        synchronize = 0x00100000
        try:
            handle = _winapi.OpenProcess(synchronize, False, world_pid)
        except OSError:
            os._exit(70)

        def watch():
            _winapi.WaitForSingleObject(handle, _winapi.INFINITE)
            os._exit(70)
    else:
        import time

        def watch():
            # An orphan is adopted by another process, so the parent's id changes.
            while os.getppid() == world_pid:
                time.sleep(0.2)
            os._exit(70)

    threading.Thread(target=watch, name="world-watch", daemon=True).start()


_here = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [os.path.join(_here, "site"), _here]

from hubos.protocol import Channel
from hubos.runtime import main

if "--world-pid" in sys.argv:
    _end_with_the_world(int(sys.argv[sys.argv.index("--world-pid") + 1]))
sys.exit(main(Channel.hub_end(*_channel_fds())))
