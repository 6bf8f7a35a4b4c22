"""uselect: wait for input on the hub's standard input."""

from hubos import link as _link

POLLIN = 0x0001
POLLOUT = 0x0004
POLLERR = 0x0008
POLLHUP = 0x0010


class _Poll:
    def __init__(self):
        self._streams = {}

    def register(self, stream, eventmask=POLLIN | POLLOUT):
        self._streams[id(stream)] = (stream, eventmask)

    def unregister(self, stream):
        self._streams.pop(id(stream), None)

    def modify(self, stream, eventmask):
        self._streams[id(stream)] = (stream, eventmask)

    def poll(self, timeout=-1):
        link = _link.get()
        events = []
        for stream, mask in self._streams.values():
            if mask & POLLIN and link.call("stdin", "available", []):
                events.append((stream, POLLIN))
        if not events and timeout and timeout > 0:
            from pybricks.tools import wait

            wait(timeout)
            return self.poll(0)
        return events

    def ipoll(self, timeout=-1, flags=0):
        return iter(self.poll(timeout))


def poll():
    return _Poll()
