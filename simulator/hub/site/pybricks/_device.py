"""What every hub-side device proxy shares.

A proxy owns nothing but an id: the world holds the device's state, and the
proxy forwards calls. Reads come from the link's cache while they are valid,
so a loop that polls a sensor does not cost a round trip per call.
"""

from hubos import aio, link
from hubos.args import expect_type

from pybricks.parameters import Port

# Conditions the world can wait for, per object id.
def done_condition(obj_id):
    return [["done", obj_id]]


class Device:
    """Base of Motor, DriveBase, sensors: a world object with an id."""

    _kind = ""

    def _attach(self, port, options):
        aio.assert_blocking()
        if port is not None:
            expect_type(port, Port)
        self._link = link.get()
        self._id = self._link.call(
            "hub", "new", [self._kind, None if port is None else port.name, options]
        )
        self._port = port
        self._resource = aio.Resource()

    def _read(self, key):
        return self._link.read(self._id, key)

    def _peek(self, key):
        return self._link.peek(self._id, key)

    def _call(self, method, *args):
        return self._link.call(self._id, method, list(args))

    def _post(self, method, *args, touches=()):
        self._link.post(self._id, method, list(args), touches)

    def __hash__(self):
        return object.__hash__(self)

    def _until_done(self, method, args, result=None, on_close=None, wait=True):
        """Start a maneuver; block until done, or return an awaitable in run_task."""
        link_ = self._link
        obj = self._id
        if not wait:
            # The old way to move in parallel: start and return. An ongoing
            # await keeps waiting, now for this newer command (as on a hub).
            link_.call(obj, method, list(args))
            return None
        if not aio.loop_active():
            link_.call(obj, method, list(args), until=done_condition(obj))
            return result() if result is not None else None
        link_.call(obj, method, list(args))

        def finished():
            if link_.peek(obj, "done"):
                return True
            link_.wake_on(["done", obj])
            return False

        operation = aio.Operation(finished, result, on_close)
        self._resource.replace(operation)
        return operation


class SensorDevice(Device):
    """A LEGO sensor: each read needs the sensor in the right mode."""

    def _attach(self, port, options=None):
        Device._attach(self, port, options or {})
        self._mode = None

    def _value(self, mode, key, convert=None):
        link_ = self._link
        obj = self._id
        link_.spend()
        if self._mode != mode:
            link_.call(obj, "mode", [mode])
            self._mode = mode

        def ready():
            if link_.peek(obj, "ready"):
                return True
            link_.wake_on(["ready", obj])
            return False

        def value():
            raw = link_.peek(obj, key)
            return convert(raw) if convert is not None else raw

        if aio.loop_active():
            operation = aio.Operation(ready, value)
            self._resource.replace(operation, stop_previous=False)
            return operation
        if not link_.peek(obj, "ready"):
            link_.advance(until=[["ready", obj]])
        return value()
