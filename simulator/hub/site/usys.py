"""usys: system information and the hub's standard streams."""

import sys as _sys

from hubos import link as _link


class _Stdin:
    """The hub's standard input: bytes typed into the terminal."""

    def read(self, size=1):
        chars = []
        link = _link.get()
        while len(chars) < size:
            byte = link.call("stdin", "read_blocking", [])
            if byte is None:
                break
            chars.append(chr(byte))
        return "".join(chars)

    def readline(self):
        chars = []
        link = _link.get()
        while True:
            byte = link.call("stdin", "read_blocking", [])
            if byte is None:
                break
            chars.append(chr(byte))
            if byte == 10:
                break
        return "".join(chars)

    @property
    def buffer(self):
        return self


class _Implementation:
    name = "micropython"
    version = (1, 26, 0, "")
    _machine = "SPIKE Prime Hub with STM32F413VG"
    _mpy = 6

    def __repr__(self):
        return f"(name='micropython', version=(1, 26, 0, ''), _machine='{self._machine}', _mpy={self._mpy})"


stdin = _Stdin()
stdout = _sys.stdout
stderr = _sys.stderr
implementation = _Implementation()
version = "3.4.0; Pybricks MicroPython v4.1.0b2"
version_info = (3, 4, 0)
byteorder = "little"
maxsize = 2147483647

