"""The hubs' built-in parts, one module each, as the firmware splits them.

Like pybricks/common/pb_type_*.c: the battery and charger, the buttons
(keypad), the status light, the light matrix, the speaker, the IMU and the
system. Each part forwards to the world's hub object ("hub"): the world keeps
the hub's state (what the display shows, the light's colour, button presses
from the window) and computes the IMU from the robot's motion. Parts with
nothing to act on in the simulator behave as on a hub alone on a desk: they
accept and check their arguments and return what a hub would. The hub
classes that put them together are in ``pybricks._hubs``.
"""

from hubos import aio, config, link
from pybricks._linalg import _f32, _seen

# The world's object for the hub itself.
HUB = "hub"


def hub_link():
    return link.get()


def float32(value):
    """A number as a hub program gets it back from a single-precision C float."""
    return _seen(_f32(value))


def hub_class():
    return config.HUB_CLASS


def steps(generator, resource=None):
    """Run a protothread-like generator that yields the moments (µs) it waits for.

    In a plain program it runs to the end here; inside run_task() it starts
    when first awaited and goes one step further each time it is resumed,
    as pb_type_async.c runs the firmware's protothreads.
    """
    world = hub_link()
    pending = [None]

    def check():
        while True:
            deadline = pending[0]
            if deadline is not None and world.now < deadline:
                world.wake_at(deadline)
                return False
            try:
                pending[0] = next(generator)
            except StopIteration:
                return True

    def block():
        for deadline in generator:
            world.wait_until(deadline)

    return aio.wait_or_await(check, block=block, resource=resource)

