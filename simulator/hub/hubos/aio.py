"""Awaitable operations, ``multitask`` and ``run_task``, as the firmware has them.

On a hub (``pybricks/tools/pb_type_async.c``, ``pb_type_task.c``,
``pb_module_tools.c``) every operation that takes time either blocks until
done (a plain program) or, while ``run_task`` is running, starts at once and
returns an awaitable. The pitfalls pupils meet follow from that: a forgotten
``await`` starts the motion but does not wait; a new command on a motor ends
the previous command's await early; cancelling an awaitable stops its motor.

Our addition is bookkeeping for virtual time: when every task is waiting for a
deadline or for something in the world, the loop jumps straight there in one
exchange with the world instead of spinning.
"""

from __future__ import annotations

from . import link as _link

# For the type checker only: the hub process starts without importing typing.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

_loop_active = False


def loop_active() -> bool:
    return _loop_active


def assert_blocking() -> None:
    """Some calls may only be made before multitasking starts."""
    if _loop_active:
        raise RuntimeError("This can only be called before multitasking starts.")


_ACTIVE, _STOPPING, _SPENT = 0, 1, 2


class Operation:
    """One ongoing operation seen from Python: iterate it until it is done.

    ``check`` returns True when done; when not done it tells the link what it
    is waiting for (``wake_at`` / ``wake_on`` / ``busy``). ``result`` gives the
    value at completion and ``on_close`` stops the hardware when the
    operation is cancelled.
    """

    __slots__ = ("_check", "_result", "_on_close", "_state", "__weakref__")

    def __init__(
        self,
        check: Callable[[], bool] | None,
        result: Callable[[], Any] | None = None,
        on_close: Callable[[], Any] | None = None,
    ) -> None:
        self._check = check
        self._result = result
        self._on_close = on_close
        self._state = _ACTIVE

    def __iter__(self) -> Operation:
        return self

    def __await__(self) -> Operation:
        return self

    def __next__(self) -> None:
        if self._state != _ACTIVE:
            self._state = _SPENT
            raise StopIteration(None)
        if self._check is None:
            # Yield exactly once, then complete.
            self._state = _STOPPING
            _link.get().busy()
            return None
        if self._check():
            self._state = _SPENT
            value = self._result() if self._result is not None else None
            raise StopIteration(value)
        return None

    def send(self, value: Any) -> None:
        return self.__next__()

    def close(self) -> None:
        if self._state == _ACTIVE and self._on_close is not None:
            self._on_close()
        self._state = _SPENT

    def schedule_stop(self) -> None:
        """End this await at its next turn (a newer command took over)."""
        if self._state == _ACTIVE:
            self._state = _STOPPING
            # Its task is waiting for a world event that may now be far off;
            # on a hub it is polled again at once, so the loop must not jump.
            _link.get().busy()

    @property
    def active(self) -> bool:
        return self._state == _ACTIVE

    def __repr__(self) -> str:
        return "<Async>"


class Resource:
    """Remembers the last awaitable of a motor, drive base or sensor."""

    __slots__ = ("last",)

    def __init__(self) -> None:
        self.last: Operation | None = None

    def replace(self, operation: Operation | None, stop_previous: bool = True) -> None:
        if stop_previous and self.last is not None:
            self.last.schedule_stop()
        self.last = operation

    def cancel(self) -> None:
        if self.last is not None:
            self.last.schedule_stop()


def wait_or_await(
    check: Callable[[], bool],
    *,
    block: Callable[[], None],
    result: Callable[[], Any] | None = None,
    on_close: Callable[[], Any] | None = None,
    resource: Resource | None = None,
    stop_previous: bool = True,
) -> Any:
    """Block until done in a plain program; return an awaitable inside run_task."""
    if _loop_active:
        operation = Operation(check, result, on_close)
        if resource is not None:
            resource.replace(operation, stop_previous)
        return operation
    block()
    return result() if result is not None else None


def until_moment(end_us: int, result: Callable[[], Any] | None = None, resource: Resource | None = None) -> Any:
    """Block until ``end_us`` (then ``result()``), or return an awaitable that ends then."""
    hub_link = _link.get()

    def over() -> bool:
        if hub_link.now >= end_us:
            return True
        hub_link.wake_at(end_us)
        return False

    return wait_or_await(over, block=lambda: hub_link.wait_until(end_us), result=result, resource=resource)


def yield_once() -> Operation:
    """An awaitable that lets other tasks run once (``await wait(0)``)."""
    return Operation(None)


def _iterator(task: Any) -> Any:
    """What the firmware's mp_getiter gives for a task: coroutines step via __await__."""
    if isinstance(task, (Operation, multitask)):
        return task
    await_method = getattr(type(task), "__await__", None)
    if await_method is not None and not hasattr(task, "__next__"):
        return task.__await__()
    return iter(task)


def _step(iterator: Any) -> Any:
    """Run one step; raises StopIteration with the return value when done."""
    send = getattr(iterator, "send", None)
    if send is not None:
        return send(None)
    return next(iterator)


class multitask:
    """Run tasks side by side; ``race=True`` ends when the first one ends."""

    def __init__(self, *tasks: Any, race: bool = False) -> None:
        self._args = tasks
        self._iterators = [_iterator(task) for task in tasks]
        self._done = [False] * len(tasks)
        self._results: list[Any] = [None] * len(tasks)
        self._required = 1 if race else len(tasks)

    def __iter__(self) -> multitask:
        return self

    def __await__(self) -> multitask:
        return self

    def close(self) -> None:
        """Cancel every task that is not done (their GeneratorExit runs)."""
        for index, arg in enumerate(self._args):
            if self._done[index]:
                continue
            closer = getattr(arg, "close", None)
            if closer is not None:
                closer()

    def __next__(self) -> None:
        link = _link.get()
        done_total = 0
        try:
            for index, iterator in enumerate(self._iterators):
                if self._done[index]:
                    done_total += 1
                    continue
                leaves_before = link.leaf_count
                try:
                    _step(iterator)
                except StopIteration as stop:
                    self._results[index] = stop.value
                    self._done[index] = True
                    done_total += 1
                    if done_total >= self._required:
                        # Enough tasks are done: one winner in a race.
                        self.close()
                        break
                    continue
                if link.leaf_count == leaves_before:
                    # The task yielded on its own, without waiting for anything.
                    link.busy()
        except BaseException:
            self.close()
            raise
        if done_total < self._required:
            return None
        raise StopIteration(tuple(self._results))

    def send(self, value: Any) -> None:
        return self.__next__()

    def __repr__(self) -> str:
        return "<Task>"


def run_task(task: Any = None) -> Any:
    """Run a coroutine to completion; with no argument, tell if a loop runs."""
    global _loop_active
    if task is None:
        return _loop_active
    if _loop_active:
        raise RuntimeError("Run loop already active.")
    link = _link.get()
    iterator = _iterator(task)
    _loop_active = True
    try:
        while True:
            link.begin_turn()
            leaves_before = link.leaf_count
            try:
                _step(iterator)
            except StopIteration:
                break
            if link.leaf_count == leaves_before:
                link.busy()
            link.end_turn()
    finally:
        _loop_active = False
    return None
