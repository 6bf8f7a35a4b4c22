"""The world's side of the conversation with the hub process.

A ``HubSession`` answers each request of the hub process (see
``simulator/hub/hubos/protocol.py``): it applies queued commands at their
times, advances the world, runs the one synchronous call, waits for the
requested conditions and replies with fresh readings.

Everything that arrives is untrusted: only methods named ``api_*`` on the
world's device objects, and the listed operations of their parts (a motor's
``control``), can be reached, every argument is checked by the
device, and a malformed request ends the run with a clear error instead of
disturbing the world.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from brickclass.simulator.firmware.errors import PbioError

_json_encode = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode
_json_decode = json.JSONDecoder().decode


class ProgramFault(Exception):
    """The hub process broke the protocol (possibly on purpose)."""


@dataclass
class Printed:
    """Text the program printed, and when."""

    time_us: int
    text: str


@dataclass
class SessionState:
    printed: list[Printed] = field(default_factory=list)
    printed_chars: int = 0
    output_cut: bool = False
    end_report: dict[str, Any] | None = None
    requests: int = 0


def error_report(exc: BaseException) -> dict[str, Any]:
    """How an error in a world-side call travels back to the hub process."""
    if isinstance(exc, PbioError):
        return {"pbio": exc.code.name}
    return {"type": type(exc).__name__, "msg": str(exc)}


def as_json_would(value: Any) -> Any:
    """A returned value as it reads after a trip through JSON (lists, string keys), as replies must be."""
    if value is None or type(value) in (bool, int, float, str):
        return value
    return _json_decode(_json_encode(value))


def _part_operation(target: Any, method: str) -> Any:
    """An operation of one of a device's parts, such as ``motor.control``: "control_limits"."""
    part_name, _, operation = method.partition("_")
    part = getattr(target, "parts", {}).get(part_name)
    if part is None or operation not in part.OPERATIONS:
        return None
    return getattr(part, operation)


class HubSession:
    """Dispatches one program's requests into the world."""

    def __init__(self, world: Any, *, output_limit_chars: int = 64_000, keep_requests: bool = False) -> None:
        self.world = world
        # Every request as it came, to replay the run without its hub process (benchmarks/run.py).
        self.kept: list[dict[str, Any]] | None = [] if keep_requests else None
        self.objects: dict[str, Any] = {}
        # What each device the program made is called in the run's record ("ColorSensor:E").
        self.names: dict[str, str] = {}
        self.output_limit = output_limit_chars
        self.state = SessionState()
        self.stop_reason: str | None = None
        self._next_id = 1
        for name, obj in world.devices.fixed_objects().items():
            self.objects[name] = obj
        # The objects whose readings the program has read, in the order it first did;
        # what was last sent of each, and each one's readings while they hold.
        self.wanted: list[str] = []
        self._sent: dict[str, dict[str, Any]] = {}
        self._sent_valid: dict[str, int] = {}
        # Per object: its readings, until when they hold, and the commands and stop they saw.
        self._built: dict[str, tuple[int, int, str | None, dict[str, Any]]] = {}
        # Commands run so far: a command may change any object's readings.
        self.commands = 0

    # --- objects -------------------------------------------------------------

    def new_object(self, kind: Any, port: Any, options: Any) -> str:
        if not isinstance(kind, str) or not (port is None or isinstance(port, str)):
            raise TypeError("bad device request")
        if not isinstance(options, dict):
            raise TypeError("bad device options")
        resolved = {}
        for key, value in options.items():
            # Devices built from other devices (a drive base from motors) get the objects.
            if key in ("left", "right", "steer") and isinstance(value, str):
                resolved[key] = self._object(value)
            elif key == "drive" and isinstance(value, list):
                resolved[key] = [self._object(v) for v in value]
            else:
                resolved[key] = value
        device = self.world.devices.create(kind, port, resolved)
        object_id = f"{kind[:2].lower()}{self._next_id}"
        self._next_id += 1
        self.objects[object_id] = device
        self.names[object_id] = f"{kind}:{port}" if port else kind
        return object_id

    def _object(self, object_id: Any) -> Any:
        if not isinstance(object_id, str) or object_id not in self.objects:
            raise ProgramFault(f"unknown object {object_id!r}")
        return self.objects[object_id]

    def _invoke(self, object_id: Any, method: Any, args: Any) -> Any:
        if not isinstance(method, str) or not method.isidentifier() or not isinstance(args, list):
            raise ProgramFault("malformed call")
        self.commands += 1
        if object_id == "hub" and method == "new":
            if len(args) != 3:
                raise ProgramFault("malformed device request")
            return self.new_object(*args)
        target = self._object(object_id)
        handler = getattr(target, "api_" + method, None) or _part_operation(target, method)
        if handler is None:
            raise ProgramFault(f"{object_id} has no method {method}")
        return handler(*args)

    # --- the exchange ----------------------------------------------------------

    def handle(self, request: dict[str, Any]) -> dict[str, Any]:
        """Answer one request. Raises ProgramFault for a broken request."""
        world = self.world
        self.state.requests += 1
        if self.kept is not None:
            self.kept.append(request)
        time_us = self._time(request.get("t"))
        text = request.get("out")
        if text is not None:
            if not isinstance(text, str):
                raise ProgramFault("printed text must be a string")
            self._printed(text)

        wants = request.get("w")
        if wants is not None:
            if not isinstance(wants, list) or not all(isinstance(w, str) and w in self.objects for w in wants):
                raise ProgramFault("malformed wants")
            for name in wants:
                if name not in self.wanted:
                    self.wanted.append(name)

        reads = request.get("r")
        if reads is not None:
            if not isinstance(reads, dict) or not all(
                    r in self.names and type(n) is int and n > 0 for r, n in reads.items()):
                raise ProgramFault("malformed reads")
            world.note_sensor_reads({self.names[r]: n for r, n in reads.items()})

        queued = request.get("q")
        if queued is not None:
            if not isinstance(queued, list):
                raise ProgramFault("malformed queue")
            for entry in queued:
                if not isinstance(entry, list) or len(entry) != 4:
                    raise ProgramFault("malformed queued command")
                at, object_id, method, args = entry
                world.advance_to(self._time(at))
                try:
                    self._invoke(object_id, method, args)
                except ProgramFault:
                    raise
                except (PbioError, ValueError, TypeError, OSError):
                    # Queued commands are the ones that cannot fail on a hub;
                    # a failure here means a forged request, so it does nothing.
                    pass

        world.advance_to(time_us)
        reply: dict[str, Any] = {}

        call = request.get("call")
        failed = False
        if call is not None:
            if not isinstance(call, list) or len(call) != 3:
                raise ProgramFault("malformed call")
            try:
                reply["ret"] = as_json_would(self._invoke(*call))
            except ProgramFault:
                raise
            except (PbioError, ValueError, TypeError, OSError, RuntimeError,
                    ZeroDivisionError, OverflowError, IndexError, KeyError) as exc:
                reply["err"] = error_report(exc)
                failed = True

        until = request.get("until")
        deadline = request.get("deadline")
        if not failed and (until is not None or deadline is not None):
            conditions = self._conditions(until)
            limit = None if deadline is None else self._time(deadline)
            hit = world.run_until(conditions, limit)
            if hit is not None:
                reply["hit"] = hit

        if "end" in request:
            report = request["end"]
            if not isinstance(report, dict):
                raise ProgramFault("malformed end report")
            self.state.end_report = report

        reply["t"] = world.clock.now_us
        self._add_readings(reply)
        stop = world.stop_reason
        if stop:
            reply["stop"] = stop
        return reply

    def _add_readings(self, reply: dict[str, Any]) -> None:
        """The wanted objects' readings that changed since the last reply, and until when they hold."""
        world = self.world
        # Readings hold until their object says, unless a command ran or the world stopped.
        now, commands, stop = world.clock.now_us, self.commands, world.stop_reason
        changed: dict[str, Any] = {}
        valid: dict[str, int] = {}
        built, sent, sent_valid = self._built, self._sent, self._sent_valid
        for name in self.wanted:
            cached = built.get(name)
            if cached is not None and now < cached[0] and cached[1] == commands and cached[2] == stop:
                until, readings = cached[0], cached[3]
            else:
                obj = self.objects[name]
                readings = obj.readings()
                until = obj.valid_until()
                built[name] = (until, commands, stop, readings)
            if sent.get(name) is not readings and sent.get(name) != readings:
                changed[name] = readings
                sent[name] = readings
            if sent_valid.get(name) != until:
                valid[name] = until
                sent_valid[name] = until
        if changed:
            reply["dev"] = changed
        if valid:
            reply["valid"] = valid

    def _time(self, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ProgramFault("time must be a whole number of microseconds")
        # The hub's clock never runs behind the world's; a smaller time is
        # simply "now" (the world never goes back).
        return max(value, self.world.clock.now_us)

    def _conditions(self, until: Any) -> list[tuple[Any, str]]:
        if until is None:
            return []
        if not isinstance(until, list):
            raise ProgramFault("malformed conditions")
        conditions = []
        for item in until:
            if not isinstance(item, list) or len(item) != 2 or not isinstance(item[0], str):
                raise ProgramFault("malformed condition")
            kind, object_id = item
            if kind not in ("done", "ready"):
                raise ProgramFault(f"unknown condition {kind!r}")
            conditions.append((self._object(object_id), kind))
        return conditions

    def _printed(self, text: str) -> None:
        if self.state.output_cut:
            return
        room = self.output_limit - self.state.printed_chars
        if len(text) > room:
            text = text[: max(room, 0)]
            self.state.output_cut = True
        if text:
            self.state.printed.append(Printed(self.world.clock.now_us, text))
            self.state.printed_chars += len(text)
            self.world.on_print(text)

    @property
    def output(self) -> str:
        return "".join(p.text for p in self.state.printed)
