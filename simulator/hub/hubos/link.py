"""The hub process's side of the conversation with the world.

The link keeps the hub's own clock. Every API call a program makes costs a
small, fixed slice of virtual time (as it does on a real hub, where each call
takes some microseconds), so a busy loop that polls a sensor advances time and
ends exactly as it would on the table.

Readings from the last reply are kept and answered locally while they are
still valid (until the world's next control tick or the sensor's next sample).
Commands that cannot fail and return nothing (``run``, ``drive``, ``stop``,
lights…) are queued and travel with the next request instead of costing a
round trip of their own.
"""

from __future__ import annotations

import sys

from .errors import exception_from_world
from .protocol import Channel

# For the type checker only: the hub process starts without importing typing.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# Virtual time one API call takes (µs): what a call costs on a SPIKE Prime hub,
# with its share of the plain Python around it (which costs nothing here). The
# hub's MicroPython runs about 800 pystones a second on its 96 MHz STM32F413
# (pybricks/support#718), 1.25 ms for a pystone pass of ~34,000 instructions
# as the same VM counts them on a PC (callgrind, MicroPython's unix port):
# ~27 instructions per µs. A method call into C on a global object takes
# ~430 of them, and a line follower's loop (three calls and its arithmetic)
# ~2,100, ~26 µs a call; a sensor read answers from the data the port's
# process keeps (pb_type_device_method_call: no wait when it is ready), and
# the firmware's own work behind a call (mode check, awaitable set-up, the
# drive base's state or trajectory) adds ~5-20 µs. README: Speed.
CALL_COST_US = 40

# Virtual time one turn of the run_task() loop takes when some task is busy
# (it runs every task once and lets the firmware's background processes run).
LOOP_TURN_COST_US = 40

# Flush printed text before it grows past this many characters.
OUTPUT_FLUSH_CHARS = 8192

# The hub's clock runs at most this far ahead of the world's between two exchanges
# (one sensor sample): a loop that only sends commands the world already has
# (``while True: robot.drive(100, 0)``) still lets the world, and its time limit, move on.
CATCH_UP_US = 10_000

# Bound the queue so a loop of queued commands cannot grow memory forever.
QUEUE_FLUSH_LENGTH = 512
# Commands whose repetition is not a no-op: hold() holds wherever the motor is *now*;
# blinking and animations start over from their first step each time.
REPEAT_MATTERS = frozenset({"hold", "reset_angle", "light_blink", "light_animate", "display_animate"})

NEVER = 1 << 62

# What a drive command (DriveBase.drive) changes of its drive base's readings at
# once: whether it is done, whether it stalls. Distance, angle and speeds come
# from the motors, which move only at the world's next control tick.
DRIVE_CHANGES = frozenset({"done", "stalled"})


class Link:
    """Local clock, cached readings and the request/reply exchange."""

    def __init__(self, channel: Channel) -> None:
        self.channel = channel
        self.now = 0
        self.readings: dict[str, dict[str, Any]] = {}
        # Until when each object's readings hold, as the world said.
        self.valid_until: dict[str, int] = {}
        self.queue: list[list[Any]] = []
        self.last_command: tuple[str, str, list[Any]] | None = None
        self.output: list[str] = []
        self.output_chars = 0
        self.stop_requested: str | None = None
        self.stop_raised = False
        # Wake-up information gathered during one turn of the run loop.
        self.turn_deadline = NEVER
        self.turn_conditions: list[list[str]] = []
        self.turn_busy = False
        self.leaf_count = 0
        self.exchanges = 0
        self.catch_up_at = CATCH_UP_US
        # The hot paths' one look: below this moment the clock needs no catch-up and no
        # stop was asked for (catch_up_at, or -1 once the world asked the program to stop).
        self.calm_until = CATCH_UP_US
        # Until when each object's readings may be answered here: every reading
        # (``fresh_until``: no command touched the object since the last reply) and
        # those a drive command leaves as they were (``motion_until``). A posted
        # command sets them to -1; the next reply sets them again.
        self.fresh_until: dict[str, int] = {}
        self.motion_until: dict[str, int] = {}
        # Changes whenever an answer given here may no longer hold (a reply came, a
        # command was posted): proxies keep what they looked up for one epoch.
        self.epoch = 0
        # Sensors read since the last request; each counts its own reads (``_reads``).
        self.counting: list[Any] = []
        # Objects whose readings the program has read: the world sends those only,
        # and only when they changed. ``wants``: asked for since the last request.
        self.wanted: set[str] = set()
        self.wants: list[str] = []

    # --- time -----------------------------------------------------------------

    def spend(self) -> int:
        """Account for one API call; returns the time the call happens at."""
        now = self.now = self.now + CALL_COST_US
        if now >= self.calm_until:
            return self.spent_late()
        return now

    def spent_late(self) -> int:
        """The rest of ``spend`` when the clock ran ahead or the run was stopped (the hot paths inline the rest)."""
        if self.now >= self.catch_up_at:
            self.sync()
        if self.stop_requested and not self.stop_raised:
            self.check_stop()
        return self.now

    def now_ms(self) -> int:
        return self.now // 1000

    # --- readings -------------------------------------------------------------

    def fresh(self, obj: str) -> dict[str, Any]:
        """Every reading of ``obj``, fresh as of now (a round trip only when needed), without spending time."""
        if self.now >= self.fresh_until.get(obj, -1):
            if obj not in self.wanted:
                self.wanted.add(obj)
                self.wants.append(obj)
            self.sync()
        return self.readings[obj]

    def read(self, obj: str, key: str) -> Any:
        """A reading of ``obj``, fresh as of now, for one API call (a control loop's every turn)."""
        # spend(), inlined: a control loop's every turn comes through here.
        now = self.now = self.now + CALL_COST_US
        if now >= self.calm_until:
            now = self.spent_late()
        if now < self.fresh_until.get(obj, -1) or (
                now < self.motion_until.get(obj, -1) and key not in DRIVE_CHANGES):
            # Fresh; a drive command since the last reply leaves this reading as it
            # was (a line follower's distance() right after drive(): no round trip).
            return self.readings[obj][key]
        return self.fresh(obj)[key]

    def peek(self, obj: str, key: str) -> Any:
        """A reading without spending time (used inside a call already paid for)."""
        return self.fresh(obj)[key]

    # --- commands -------------------------------------------------------------

    def post(self, obj: str, method: str, args: list[Any], touches: tuple[str, ...] = (),
             drive: bool = False) -> None:
        """Queue a command that returns nothing and cannot fail.

        ``drive``: of ``obj``'s readings, only DRIVE_CHANGES change at once.
        """
        # spend(), inlined: a control loop's every turn comes through here.
        at = self.now = self.now + CALL_COST_US
        if at >= self.calm_until:
            at = self.spent_late()
        command = (obj, method, args)
        if command == self.last_command and method not in REPEAT_MATTERS:
            # The same command again, with nothing else in between (a control loop
            # re-sending drive(150, 0)): the hub would end up in the same state.
            return
        self.last_command = command
        self.queue.append([at, obj, method, args])
        self.epoch += 1
        # A drive command leaves the drive base's readings but DRIVE_CHANGES as they were.
        self.fresh_until[obj] = -1
        if not drive:
            self.motion_until[obj] = -1
        for touched in touches:
            self.fresh_until[touched] = self.motion_until[touched] = -1
        if len(self.queue) >= QUEUE_FLUSH_LENGTH:
            self.sync()

    def call(
        self,
        obj: str,
        method: str,
        args: list[Any],
        *,
        until: list[list[str]] | None = None,
        deadline: int | None = None,
    ) -> Any:
        """Run a command in the world now and return its result (raises its error)."""
        self.spend()
        self.last_command = None
        message: dict[str, Any] = {"t": self.now, "call": [obj, method, args]}
        if until:
            message["until"] = until
        if deadline is not None:
            message["deadline"] = deadline
        reply = self.exchange(message)
        error = reply.get("err")
        if error is not None:
            raise exception_from_world(error)
        return reply.get("ret")

    # --- advancing time ---------------------------------------------------------

    def sync(self) -> None:
        """Bring the world to the hub's clock and refresh every reading."""
        self.exchange({"t": self.now})

    def advance(self, *, deadline: int | None = None, until: list[list[str]] | None = None) -> int | None:
        """Let virtual time pass until ``deadline`` or one of ``until`` holds."""
        message: dict[str, Any] = {"t": self.now}
        if deadline is not None:
            message["deadline"] = deadline
        if until:
            message["until"] = until
        reply = self.exchange(message)
        return reply.get("hit")

    def wait_until(self, deadline_us: int) -> None:
        """Blocking wait until a moment in virtual time."""
        if deadline_us > self.now:
            self.advance(deadline=deadline_us)
            if self.now < deadline_us:
                self.now = deadline_us
        # A blocking wait ends the moment the run is stopped (time limit, stop
        # button), even in a loop that makes no other API call.
        self.check_stop()

    # --- the run loop's wake-up bookkeeping ------------------------------------

    def begin_turn(self) -> None:
        self.turn_deadline = NEVER
        self.turn_conditions = []
        self.turn_busy = False

    def wake_at(self, deadline_us: int) -> None:
        self.leaf_count += 1
        if deadline_us < self.turn_deadline:
            self.turn_deadline = deadline_us

    def wake_on(self, condition: list[str]) -> None:
        self.leaf_count += 1
        self.turn_conditions.append(condition)

    def busy(self) -> None:
        """Some task wants to run again without waiting for anything."""
        self.leaf_count += 1
        self.turn_busy = True

    def end_turn(self) -> None:
        """After every task ran once: jump ahead if all of them are waiting."""
        if self.turn_busy or (self.turn_deadline == NEVER and not self.turn_conditions):
            self.now += LOOP_TURN_COST_US
            self.check_stop()
            return
        deadline = None if self.turn_deadline == NEVER else self.turn_deadline
        if deadline is not None and deadline <= self.now and not self.turn_conditions:
            self.now += LOOP_TURN_COST_US
            return
        self.advance(deadline=deadline, until=self.turn_conditions or None)
        if deadline is not None and not self.turn_conditions and self.now < deadline:
            self.now = deadline

    # --- output -------------------------------------------------------------------

    def write(self, text: str) -> None:
        if not text:
            return
        self.output.append(text)
        self.output_chars += len(text)
        if self.output_chars >= OUTPUT_FLUSH_CHARS:
            self.exchange({"t": self.now})

    # --- stopping -----------------------------------------------------------------

    def check_stop(self) -> None:
        """Raise SystemExit once when the world asked the program to stop."""
        if self.stop_requested and not self.stop_raised:
            self.stop_raised = True
            raise SystemExit()

    # --- the exchange itself ------------------------------------------------------

    def exchange(self, message: dict[str, Any]) -> dict[str, Any]:
        if self.output:
            message["out"] = "".join(self.output)
            self.output = []
            self.output_chars = 0
        if self.queue:
            message["q"] = self.queue
            self.queue = []
        if self.counting:
            reads = {}
            for sensor in self.counting:
                if sensor._reads:
                    reads[sensor._id] = sensor._reads
                sensor._reads = 0
                sensor._counted = False
            self.counting = []
            if reads:
                message["r"] = reads
        if self.wants:
            message["w"] = self.wants
            self.wants = []
        self.channel.send(message)
        reply = self.channel.receive()
        self.exchanges += 1
        self.now = reply["t"]
        self.catch_up_at = self.now + CATCH_UP_US
        devices = reply.get("dev")
        if devices:
            self.readings.update(devices)
        valid = reply.get("valid")
        if valid:
            self.valid_until.update(valid)
        self.fresh_until = dict(self.valid_until)
        self.motion_until = dict(self.valid_until)
        stop = reply.get("stop")
        if stop and not self.stop_requested:
            self.stop_requested = stop
        self.calm_until = -1 if self.stop_requested else self.catch_up_at
        self.epoch += 1
        return reply

    def finish(self, report: dict[str, Any]) -> None:
        """Tell the world the program has ended, then wait for its goodbye."""
        message: dict[str, Any] = {"t": self.now, "end": report}
        try:
            self.exchange(message)
        except Exception:  # the world may already have gone; nothing left to do
            pass


_link: Link | None = None


def install(link: Link) -> None:
    global _link
    _link = link


def get() -> Link:
    """The process's link (set up by the hub runtime before the program runs)."""
    if _link is None:
        print("pybricks: not running inside the brickclass simulator", file=sys.stderr)
        raise SystemExit(1)
    return _link
