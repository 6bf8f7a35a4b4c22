"""urandom: pseudo-random numbers.

A hub seeds this from its microsecond clock at boot. The simulator seeds it
from the run's seed instead, so a graded run can be repeated exactly.
"""

import random as _random

_generator = _random.Random(0)


def seed(n=None):
    _generator.seed(0 if n is None else n)


def getrandbits(n):
    if not 0 < n <= 32:
        raise ValueError("bits must be 32 or less")
    return _generator.getrandbits(n)


def randrange(start, stop=None, step=1):
    return _generator.randrange(start, stop, step) if stop is not None else _generator.randrange(start)


def randint(a, b):
    return _generator.randint(a, b)


def choice(sequence):
    if not len(sequence):
        raise IndexError("empty sequence")
    return sequence[_generator.randrange(len(sequence))]


def random():
    return _generator.random()


def uniform(a, b):
    return a + (b - a) * _generator.random()
