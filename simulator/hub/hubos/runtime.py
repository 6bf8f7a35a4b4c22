"""The hub process: runs one pupil program against the simulated hub.

Started fresh for every run by ``simulator/hub/boot.py``. It sees only the
hub's modules: ``pybricks`` (thin proxies that talk to the world over the
link), the MicroPython modules a hub has (``umath``, ``urandom``…), and the
pupil's own files next to the program. Everything the program prints goes to
the world with the next request, stamped with the virtual time it happened.

How the program ended is reported to the world as data (status, error type,
message, line, source line); the world turns that into words for the pupil.
"""

from __future__ import annotations

import _thread
import builtins
import importlib
import os
import signal
import sys
import threading
import time
import warnings
from types import ModuleType

from . import config
from . import link as link_module
from .errors import ERRNO_NAMES
from .link import Link
from .protocol import Channel, ChannelClosed, ProtocolError
from hubfacts import HUB_BUILTIN_MODULES, NotUtf8, program_text

# For the type checker only: the hub process starts without importing typing.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, NoReturn

# Names under which the hub's built-in modules are imported, mapped to our
# modules that provide them: the hub's own table, with the garbage collector's
# module renamed so it does not hide Python's.
_HUB_MODULES = {name: "_hub_gc" if module == "gc" else module for name, module in HUB_BUILTIN_MODULES.items()}

class _Output:
    """sys.stdout/sys.stderr of the hub: text goes to the world."""

    encoding = "utf-8"
    errors = "strict"

    def __init__(self, link: Link) -> None:
        self._link = link

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"can't convert {type(text).__name__} to str")
        self._link.write(text)
        return len(text)

    def flush(self) -> None:
        return None

    def isatty(self) -> bool:
        return False


class _Guard:
    """builtins.__import__ for the hub: only the hub's modules and the pupil's files."""

    def __init__(self, program_dir: str, original: Any) -> None:
        self.program_dir = program_dir
        self.original = original
        self.pupil_modules: set[str] = {"__main__"}

    def is_own(self, importer: str | None, globals_: Any = None) -> bool:
        """An import made by the simulator's own code (or the standard library under it).

        The importer's globals must really be that module's, so a pupil cannot
        pass forged globals to ``__import__`` to look like one of ours.
        """
        if importer is None or importer in self.pupil_modules:
            return False
        module = sys.modules.get(importer)
        return module is not None and getattr(module, "__dict__", None) is globals_

    def __call__(self, name, globals=None, locals=None, fromlist=(), level=0):
        importer = globals.get("__name__") if isinstance(globals, dict) else None
        if self.is_own(importer, globals):
            return self.original(name, globals, locals, fromlist, level)
        if level:
            raise NotImplementedError("relative import")
        module = self.import_for_pupil(name)
        if fromlist:
            for attribute in fromlist:
                if attribute == "*" or hasattr(module, attribute):
                    continue
                # "from pybricks import tools" also imports the submodule.
                if module.__name__ == "pybricks" or module.__name__.startswith("pybricks."):
                    try:
                        self.original(module.__name__ + "." + attribute, None, None, (), 0)
                    except ImportError:
                        pass
                    if hasattr(module, attribute):
                        continue
                raise ImportError(f"can't import name {attribute}")
            return module
        # "import a.b" binds "a".
        return sys.modules[name.split(".")[0]] if name.startswith("pybricks.") else module

    def import_for_pupil(self, name: str) -> ModuleType:
        top = name.split(".")[0]
        if top == "pybricks":
            try:
                self.original(name, None, None, (), 0)
            except ImportError:
                raise ImportError(f"no module named '{name}'") from None
            return sys.modules[name]
        if name in _HUB_MODULES:
            return importlib.import_module(_HUB_MODULES[name])
        local = self.import_local(name)
        if local is not None:
            return local
        raise ImportError(f"no module named '{name}'")

    def import_local(self, name: str) -> ModuleType | None:
        """A module of the pupil's own, in the program's folder (a multi-file program)."""
        if "." in name or not name.isidentifier():
            return None
        if name in sys.modules and name in self.pupil_modules:
            return sys.modules[name]
        path = os.path.join(self.program_dir, name + ".py")
        if not os.path.isfile(path):
            return None
        source = program_text(path, name + ".py")
        module = ModuleType(name)
        module.__dict__["__builtins__"] = builtins
        self.pupil_modules.add(name)
        sys.modules[name] = module
        try:
            exec(compile(source, name + ".py", "exec"), module.__dict__)
        except BaseException:
            del sys.modules[name]
            raise
        return module


def _no_files(*args: Any, **kwargs: Any) -> Any:
    """A hub has no file system: open() always fails (micropython.c)."""
    raise OSError(2, "ENOENT")


def _pupil_frames(tb: Any, names: set[str]) -> list[tuple[str, int, str]]:
    """Traceback entries inside the pupil's own files, outermost first."""
    frames = []
    # Names and line numbers only: reading the source lines back would open the
    # pupil's files again, and decoding them may need modules the guard refuses.
    # (A walk of our own: the traceback module costs the hub process's start ~4 ms.)
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename in names:
            frames.append((code.co_filename, tb.tb_lineno or 0, code.co_name))
        tb = tb.tb_next
    return frames


def _clear_frames(tb: Any) -> None:
    """Let go of the locals of every frame of a traceback that has finished (traceback.clear_frames)."""
    while tb is not None:
        try:
            tb.tb_frame.clear()
        except RuntimeError:  # a frame still running
            pass
        tb = tb.tb_next


def _hub_type_name(exc: BaseException) -> str:
    # MicroPython has no FileNotFoundError & co.: every one of them is an OSError.
    return "OSError" if isinstance(exc, OSError) else type(exc).__name__


def _format_value(exc: BaseException) -> str:
    """The exception line as a MicroPython hub prints it."""
    name = _hub_type_name(exc)
    if isinstance(exc, OSError) and exc.args and isinstance(exc.args[0], int):
        code = exc.args[0]
        text = "[Errno {}] {}".format(code, ERRNO_NAMES.get(code, ""))
        if len(exc.args) > 1 and exc.args[1]:
            text += ": " + str(exc.args[1])
        return f"{name}: {text}"
    message = str(exc)
    return f"{name}: {message}" if message else name


_running: Runtime | None = None

# A program that runs this long (real time) without once letting the world move on
# is stuck in a loop that never waits; the world's own watchdog is longer (5 s).
STUCK_AFTER_S = 2.5
STUCK_POLL_S = 0.25


class Stuck(BaseException):
    """Raised in the program where it is stuck, so the report can say which line."""


class _StuckWatch:
    """Notices a program that keeps running without ever calling the hub.

    On a hub such a loop runs on (the motors keep doing what they were last
    told), but in the simulator no time can pass without the program asking
    for it. A thread watches the link: when no exchange happened for
    ``STUCK_AFTER_S`` while the program was busy (not waiting for the world),
    it interrupts the program where it is (``_thread.interrupt_main`` works on
    every system), and ``Stuck`` is raised there, so its line is known.
    """

    def __init__(self, link: Link) -> None:
        self.link = link
        self.wanted = False

    def start(self) -> None:
        signal.signal(signal.SIGINT, self._interrupted)
        threading.Thread(target=self._watch, name="stuck-watch", daemon=True).start()

    def _watch(self) -> None:
        main = threading.main_thread().ident
        seen, since = -1, time.monotonic()
        while True:
            time.sleep(STUCK_POLL_S)
            frame = sys._current_frames().get(main)
            count = self.link.exchanges
            if count != seen or frame is None or _in_exchange(frame):
                seen, since = count, time.monotonic()
            elif time.monotonic() - since >= STUCK_AFTER_S:
                self.wanted = True
                _thread.interrupt_main(signal.SIGINT)
                since = time.monotonic()  # once more later, if the program caught it

    def _interrupted(self, signum: int, frame: Any) -> None:
        if not self.wanted:
            raise KeyboardInterrupt()
        self.wanted = False
        if frame is not None and not _in_exchange(frame):
            raise Stuck()


def _in_exchange(frame: Any) -> bool:
    """Whether the program is waiting for the world (then it is not stuck, the world is busy)."""
    exchange = Link.exchange.__code__
    while frame is not None:
        if frame.f_code is exchange:
            return True
        frame = frame.f_back
    return False


def power_off() -> NoReturn:
    """End the program this instant, as a hub does when it turns itself off.

    ``hub.system.shutdown()`` makes the firmware abort the program
    (``mp_sched_vm_abort`` in ``bricks/_common/micropython.c``): no
    SystemExit is raised, so no ``except`` or ``finally`` of the program runs
    and nothing more is printed. The program has finished, as far as the run
    is concerned; the world knows the hub was turned off.
    """
    runtime = _running
    if runtime is None:  # not a real run (a test's stand-in link)
        raise SystemExit()
    runtime.link.finish(runtime._report("finished", None))
    os._exit(0)


class Runtime:
    def __init__(self, channel: Channel, program_path: str, program_name: str, seed: int) -> None:
        global _running
        self.link = Link(channel)
        link_module.install(self.link)
        _running = self
        self.program_path = program_path
        self.program_name = program_name
        self.program_dir = os.path.dirname(os.path.abspath(program_path))
        self.seed = seed
        self.never_awaited: list[str] = []

    def prepare(self) -> _Guard:
        output = _Output(self.link)
        sys.stdout = output  # type: ignore[assignment]
        sys.stderr = output  # type: ignore[assignment]
        # CPython warns about coroutines that were never awaited; a hub says
        # nothing, but the world can turn it into a hint for the pupil.
        warnings.showwarning = self._note_warning  # type: ignore[assignment]
        warnings.simplefilter("always", RuntimeWarning)
        # Load everything the hub offers before the guard goes up.
        import urandom

        import pybricks  # noqa: F401

        urandom.seed(self.seed)
        guard = _Guard(self.program_dir, builtins.__import__)
        builtins.__import__ = guard
        builtins.open = _no_files  # type: ignore[assignment]
        builtins.input = _hub_input  # type: ignore[assignment]
        for name in ("exit", "quit", "copyright", "credits", "license", "help", "breakpoint"):
            if hasattr(builtins, name):
                delattr(builtins, name)
        return guard

    def _note_warning(self, message: Any, category: Any, filename: str, lineno: int, *rest: Any) -> None:
        text = str(message)
        if "was never awaited" in text:
            self.never_awaited.append(text)

    def run(self) -> dict[str, Any]:
        try:
            source = program_text(self.program_path, self.program_name)
        except NotUtf8 as exc:
            return self._not_utf8_report(exc)
        except OSError as exc:
            return {"status": "error", "error": {"type": "OSError", "message": str(exc), "line": None}}
        try:
            code = compile(source, self.program_name, "exec")
        except SyntaxError as exc:
            return self._syntax_report(exc)
        guard = self.prepare()
        namespace: dict[str, Any] = {"__name__": "__main__", "__builtins__": builtins}
        names = {self.program_name} | {name + ".py" for name in guard.pupil_modules}
        _StuckWatch(self.link).start()
        try:
            exec(code, namespace)
        except Stuck as exc:
            return self._stuck_report(self._error_info(exc, names | {n + ".py" for n in guard.pupil_modules}))
        except SystemExit:
            print("The program was stopped (SystemExit).")
            return self._report("stopped", None)
        except KeyboardInterrupt as exc:
            names |= {name + ".py" for name in guard.pupil_modules}
            self._print_traceback(exc, names)
            return self._report("stopped", self._error_info(exc, names))
        except SyntaxError as exc:  # in a local module
            return self._syntax_report(exc)
        except NotUtf8 as exc:  # a local module
            return self._not_utf8_report(exc)
        except BaseException as exc:
            if isinstance(exc, MemoryError):
                # What the program hoarded is still held by its globals: let go of it first,
                # or telling the pupil about it can run out of memory too and crash the hub.
                namespace.clear()
                _clear_frames(exc.__traceback__)  # and of a function's locals (line numbers stay)
            names |= {name + ".py" for name in guard.pupil_modules}
            self._print_traceback(exc, names)
            return self._report("error", self._error_info(exc, names))
        return self._report("finished", None)

    def _report(self, status: str, error: dict[str, Any] | None) -> dict[str, Any]:
        report: dict[str, Any] = {"status": status, "error": error}
        if self.never_awaited:
            report["never_awaited"] = self.never_awaited[:5]
        return report

    def _stuck_report(self, error: dict[str, Any]) -> dict[str, Any]:
        """The program was stuck: the robot did what it was told meanwhile, as on a hub, then it ends."""
        error.update(type="Stuck", message="", after_s=STUCK_AFTER_S)
        try:
            self.link.wait_until(self.link.now + int(STUCK_AFTER_S * 1_000_000))
        except SystemExit:  # the world stopped first (time is up)
            pass
        return self._report("error", error)

    def _not_utf8_report(self, exc: NotUtf8) -> dict[str, Any]:
        """A file a hub could not read: the world explains it (explain: not-utf8)."""
        self.link.write(f"{exc}\n")
        return {"status": "error",
                "error": {"type": "NotUtf8", "message": str(exc), "line": exc.line, "file": exc.file}}

    def _syntax_report(self, exc: SyntaxError) -> dict[str, Any]:
        line = exc.lineno or 0
        text = (exc.text or "").rstrip("\n")
        filename = exc.filename or self.program_name
        # IndentationError (and TabError) as such: a hub names them too, and they need other advice.
        kind = "IndentationError" if isinstance(exc, IndentationError) else "SyntaxError"
        print("Traceback (most recent call last):")
        print(f'  File "{filename}", line {line}')
        print(f"{kind}: {exc.msg}")
        return {
            "status": "error",
            "error": {
                "type": kind,
                "message": exc.msg,
                "line": line,
                "column": exc.offset,
                "source_line": text,
                "file": filename,
            },
        }

    def _print_traceback(self, exc: BaseException, names: set[str]) -> None:
        print("Traceback (most recent call last):")
        for filename, line, function in _pupil_frames(exc.__traceback__, names):
            print(f'  File "{filename}", line {line}, in {function}')
        print(_format_value(exc))

    def _error_info(self, exc: BaseException, names: set[str]) -> dict[str, Any]:
        frames = _pupil_frames(exc.__traceback__, names)
        filename, line = (frames[-1][0], frames[-1][1]) if frames else (self.program_name, None)
        info: dict[str, Any] = {
            "type": _hub_type_name(exc),
            "message": str(exc),
            "line": line,
            "file": filename,
            "frames": [[f, n, fn] for f, n, fn in frames],
        }
        if isinstance(exc, OSError) and exc.args and isinstance(exc.args[0], int):
            info["errno"] = exc.args[0]
            info["message"] = _format_value(exc).split(": ", 1)[1]
        if isinstance(exc, NameError):
            info["name"] = getattr(exc, "name", None)
        if isinstance(exc, AttributeError):
            info["name"] = getattr(exc, "name", None)
        return info


def _hub_input(prompt: str = "") -> str:
    """input() reads a line typed into the hub's terminal."""
    link = link_module.get()
    if prompt:
        link.write(str(prompt))
    chars: list[str] = []
    while True:
        byte = link.call("stdin", "read_blocking", [])
        if byte is None:
            raise EOFError()
        if byte in (10, 13):
            return "".join(chars)
        chars.append(chr(byte))


def _start_message(channel: Channel) -> dict[str, Any] | None:
    """What to run: the world sends it once the process is fenced in."""
    try:
        start = channel.receive().get("start")
    except (ChannelClosed, ProtocolError):
        return None
    wanted = {"program": str, "seed": int, "hub": str, "name": str}
    if not isinstance(start, dict) or any(not isinstance(start.get(k), kind) for k, kind in wanted.items()):
        return None
    return start


def main(channel: Channel) -> int:
    start = _start_message(channel)
    if start is None:
        return 3
    config.configure(start["hub"], start["name"])
    runtime = Runtime(channel, start["program"], start["program"], start["seed"])
    try:
        report = runtime.run()
    except ChannelClosed:
        return 3
    except BaseException:
        # A fault of the simulated hub itself: its traceback goes to the real
        # stderr, which the world shows as the crash's reason.
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
        raise
    try:
        sys.stdout.flush()
    except Exception:
        pass
    runtime.link.finish(report)
    return 0
