"""micropython: MicroPython's own helpers."""

from hubos import link as _link


def const(value):
    return value


_opt = 0


def opt_level(level=None):
    global _opt
    if level is None:
        return _opt
    _opt = int(level)
    return None


def mem_info(verbose=False):
    print("stack: 588 out of 16384")
    print("GC: total: 212992, used: 18432, free: 194560")
    print(" No. of 1-blocks: 180, 2-blocks: 41, max blk sz: 64, max free sz: 12096")


def qstr_info(verbose=False):
    print("qstr pool: n_pool=1, n_qstr=24, n_str_data_bytes=180, n_total_bytes=1164")


def stack_use():
    return 588


def heap_lock():
    return 0


def heap_unlock():
    return 0


def kbd_intr(char):
    return None


def alloc_emergency_exception_buf(size):
    return None


def schedule(function, argument):
    # Runs at the next API call on a hub; calling it now is close enough here.
    _link.get().spend()
    function(argument)
