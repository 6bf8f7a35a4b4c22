"""What every hub-side device proxy shares.

A proxy owns nothing but an id: the world holds the device's state, and the
proxy forwards calls. Reads come from the link's cache while they are valid,
so a loop that polls a sensor does not cost a round trip per call.
"""

from hubos import aio, link
from hubos.args import expect_type
from hubos.errors import hub_oserror
from hubos.link import CALL_COST_US
from pybricks.parameters import Port


# Conditions the world can wait for, per object id.
def done_condition(obj_id):
    return [["done", obj_id]]


class Device:
    """Base of Motor, DriveBase, sensors: a world object with an id."""

    _kind = ""
    # Objects made from a port can only be made before multitasking starts.
    _blocking_only = True

    def _attach(self, port, options):
        if self._blocking_only:
            aio.assert_blocking()
        if port is not None:
            expect_type(port, Port)
        self._link = link.get()
        self._id = self._link.call(
            "hub", "new", [self._kind, None if port is None else port.name, options]
        )
        self._port = port
        self._resource = aio.Resource()

    # What the last reading looked up: good while the link's epoch stays and until _seen_until
    # (a drive base's distance(), a motor's angle(): a control loop's every turn).
    _seen_epoch = -1
    _seen_until = -1
    _seen = None

    def _see(self, link_):
        """Keep the readings just looked up for the reads that follow while nothing changes."""
        self._seen_epoch = link_.epoch
        self._seen_until = min(link_.motion_until.get(self._id, -1), link_.calm_until)
        self._seen = link_.readings[self._id]

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


def _busy(link_, obj):
    """pbio_port_lump_is_ready said AGAIN (a reading that says nothing is not a wait).

    Once the world has stopped (time is up, the stop button) its time no longer
    runs, so code in a ``finally`` has nothing to wait for.
    """
    if link_.stop_requested:
        return False
    if link_.peek(obj, "broken"):
        # The link to the device is down (just after PUPDevice.reset()).
        raise hub_oserror("ENODEV")
    return link_.peek(obj, "ready") is False


def wait_until_ready(link_, obj, result=None, resource=None):
    """Block until a LUMP device is ready (then ``result()``), or an awaitable in run_task.

    What the firmware does after starting a read or a write
    (pb_type_device_method_call, pb_type_device_set_data): poll
    pbio_port_lump_is_ready until the data is fresh. The world says when that
    will be (``ready_at``), so a blocking wait jumps straight there.
    """

    def ready():
        return not _busy(link_, obj)

    def wake():
        moment = link_.peek(obj, "ready_at")
        if moment > link_.now:
            link_.wake_at(moment)
        else:
            link_.wake_on(["ready", obj])

    if aio.loop_active():
        def check():
            if ready():
                return True
            wake()
            return False

        operation = aio.Operation(check, result)
        if resource is not None:
            # A newer read does not cancel an ongoing one (stop_prev is false).
            resource.replace(operation, stop_previous=False)
        return operation
    while not ready():
        moment = link_.peek(obj, "ready_at")
        if moment > link_.now:
            link_.wait_until(moment)
        else:
            link_.advance(until=[["ready", obj]])
    return result() if result is not None else None


class SensorDevice(Device):
    """A LEGO sensor: a view of the LUMP device on its port (pb_type_device.c).

    Each method sets the mode it needs (a no-op when the sensor is in it or
    switching to it), waits until the data is fresh, and then turns the
    mode's data into the result; in run_task it returns an awaitable instead.
    """

    # Polling interval of pb_type_device_init_class while a device is busy.
    INIT_POLL_US = 50_000

    # Reads since the last request, and whether the link counts them (Link.counting).
    _reads = 0
    _counted = False
    # What the last read looked up, good while the link's epoch stays and until _memo_until.
    _memo_epoch = -1
    _memo_until = -1
    _memo_mode = None
    _memo_readings = None

    def _attach(self, port, options=None):
        Device._attach(self, port, options or {})
        # pb_type_device_init_class: wait until the device is ready.
        link_ = self._link
        while _busy(link_, self._id):
            link_.wait_until(link_.now + self.INIT_POLL_US)

    def _set_mode(self, mode, readings=None):
        """pbio_port_lump_set_mode: nothing to do when the mode is set or being set."""
        if readings is None:
            readings = self._link.fresh(self._id)
        if readings["mode"] != mode and readings["current"] != mode:
            self._call("mode", mode)

    def _value(self, mode, compute):
        """Read in ``mode``: ``compute(readings)`` turns the fresh readings into the result."""
        link_ = self._link
        now = link_.now + CALL_COST_US
        if (now < self._memo_until and link_.epoch == self._memo_epoch and mode == self._memo_mode
                and not aio._loop_active):
            # A polling loop's every turn: nothing changed since the last read, the
            # data is still fresh and in this mode, nothing to wait for.
            link_.now = now
            self._reads += 1
            return compute(self._memo_readings)
        return self._value_waiting(mode, compute)

    def _counted_by(self, link_):
        """The link gathers this sensor's count of reads for its next request (the world asks: while moving?)."""
        if not self._counted:
            self._counted = True
            link_.counting.append(self)

    def _value_waiting(self, mode, compute):
        """``_value`` when time must catch up, the mode change or the data may need a wait."""
        link_ = self._link
        now = link_.spend()
        obj = self._id
        self._reads += 1
        self._counted_by(link_)
        if now < link_.fresh_until.get(obj, -1):
            readings = link_.readings[obj]
        else:
            readings = link_.fresh(obj)
        if (readings["current"] == mode and readings["ready"] is not False and not readings["broken"]
                and not link_.stop_requested and not aio.loop_active()):
            # Kept for the reads that follow while nothing changes (the fast path above).
            self._memo_epoch = link_.epoch
            self._memo_until = min(link_.fresh_until.get(obj, -1), link_.calm_until)
            self._memo_mode = mode
            self._memo_readings = readings
            self._counted_by(link_)  # a reply may have come meanwhile: count the next reads too
            return compute(readings)
        self._set_mode(mode, readings)

        def result():
            fresh = link_.fresh(obj)
            # pbio_port_lump_get_data: the data must be of the mode asked for.
            if fresh["current"] != mode and not link_.stop_requested:
                raise hub_oserror("EPERM")
            return compute(fresh)

        if not aio.loop_active() and not _busy(link_, obj):
            return result()
        return wait_until_ready(link_, obj, result, self._resource)

    def _blocking_value(self, mode, compute):
        """pb_type_device_get_data_blocking: always blocks (used while the object is made)."""
        self._set_mode(mode)
        wait_until_ready(self._link, self._id)
        return compute(self._link.fresh(self._id))

    def _set_data(self, mode, values):
        """pb_type_device_set_data: switch to a writable mode, send, wait until the device took it."""
        self._call("set_data", mode, values)
        return wait_until_ready(self._link, self._id, None, self._resource)

    def _data(self):
        """The raw values of the current mode."""
        return self._peek("values")
