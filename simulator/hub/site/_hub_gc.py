"""gc: the hub's garbage collector controls."""

import gc as _gc

# A SPIKE Prime hub has roughly this much heap for a program (bytes).
_HEAP = 212992


def collect():
    _gc.collect()


def enable():
    pass


def disable():
    pass


def isenabled():
    return True


def mem_alloc():
    return 18432


def mem_free():
    return _HEAP - mem_alloc()


def threshold(amount=None):
    if amount is None:
        return -1
    return None
