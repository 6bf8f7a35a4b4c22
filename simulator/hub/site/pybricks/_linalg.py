"""Matrix, vector and cross, as pybricks.tools has them on a hub (pb_type_matrix.c).

The hub stores a matrix as single-precision entries plus one shared scale
factor and a "transposed" flag, so ``2 * M``, ``-M`` and ``M.T`` never copy
the entries. We keep that layout because it shows through in what a program
sees: arithmetic is rounded to 32-bit floats, and iterating over ``M.T`` walks
the stored entries backwards. Matrices are immutable and compare equal only to
themselves (the hub has no ``==`` for them).
"""

import math

from hubfacts import float_to_c_int as _c_int
from hubfacts import to_float32 as _f32

_INF = float("inf")


def _seen(x):
    """A single-precision value as a program gets it: the shortest decimal that
    is the same 32-bit float, so 0.1 prints as 0.1, like the hub prints it."""
    if x != x or x in (_INF, -_INF):
        return x
    for digits in (6, 7, 8, 9):
        candidate = float(f"{x:.{digits}g}")
        if _f32(candidate) == x:
            return candidate
    return x


def _type_name(value):
    return type(value).__name__


def _unsupported(operator, lhs, rhs):
    return TypeError(f"unsupported types for __{operator}__: '{_type_name(lhs)}', '{_type_name(rhs)}'")


def _is_number(value):
    # MicroPython's own test for "int or float": bool is neither.
    return type(value) in (int, float)


def _to_float(value):
    """mp_obj_get_float_to_f: bool, int or float as a 32-bit float."""
    if isinstance(value, (int, float)):
        return _f32(float(value))
    raise TypeError(f"can't convert {_type_name(value)} to float")


def _array(value):
    """mp_obj_get_array: only a tuple or a list will do."""
    if isinstance(value, (tuple, list)):
        return value
    raise TypeError(f"object '{_type_name(value)}' isn't a tuple or list")


def _index_int(value):
    """mp_obj_get_int: bool and int, no floats."""
    if isinstance(value, int):
        return int(value)
    raise TypeError(f"can't convert {_type_name(value)} to int")


def _c_div(a, b):
    """C integer division (truncates towards zero)."""
    q = abs(a) // abs(b)
    return q if (a < 0) == (b < 0) else -q


def _c_mod(a, b):
    return a - _c_div(a, b) * b


def _cell(x):
    """One entry as the hub prints it: 8 characters, 3 decimals, truncated, at most 999.999."""
    value = _c_int(_f32(x * 1000.0))
    negative = value < 0
    value = min(abs(value), 999999)
    text = f"{value // 1000}.{value % 1000:03d}"
    return "{:>8}".format("-" + text if negative else text)


class Matrix:
    """A matrix of floats: ``A + B``, ``A - B``, ``A * B``, ``c * A``, ``A / c``, ``A.T``, ``A.shape``."""

    __slots__ = ("_data", "_scale", "_m", "_n", "_transposed")

    def __new__(cls, rows):
        if isinstance(rows, Matrix):
            return rows
        row_list = _array(rows)
        m = len(row_list)
        if m == 0:
            raise ValueError("Invalid argument")
        n = len(_array(row_list[0]))
        if n == 0:
            raise ValueError("Invalid argument")
        if m == 1 and n == 1:
            # A 1×1 "matrix" is just its number.
            return _seen(_to_float(row_list[0][0]))
        data = []
        for row in row_list:
            values = _array(row)
            if len(values) != n:
                raise ValueError("Invalid argument")
            for value in values:
                data.append(_to_float(value))
        return _make(data, m, n)

    def __init__(self, rows):
        # Everything happened in __new__: a Matrix given a Matrix is that same Matrix.
        pass

    def __setattr__(self, name, value):
        raise AttributeError(f"'Matrix' object has no attribute '{name}'")

    __delattr__ = __setattr__

    # --- reading entries ---------------------------------------------------

    def _entry(self, row, column):
        index = column * self._m + row if self._transposed else row * self._n + column
        return _f32(self._data[index] * self._scale)

    @property
    def shape(self):
        return (self._m, self._n)

    @property
    def T(self):
        return _make(self._data, self._n, self._m, self._scale, not self._transposed)

    def __getitem__(self, index):
        m, n = self._m, self._n
        size = m * n
        position = -1
        if type(index) is int:
            position = index + size if index < 0 else index
            if self._transposed:
                position = _c_div(position, n) + _c_mod(position, n) * m
        else:
            pair = _array(index)
            if len(pair) == 2:
                row = _index_int(pair[0])
                column = _index_int(pair[1])
                row = row + m if row < 0 else row
                column = column + n if column < 0 else column
                if 0 <= row < m and 0 <= column < n:
                    position = column * m + row if self._transposed else row * n + column
        if position < 0 or position >= size:
            raise IndexError("index out of range")
        return _seen(_f32(self._scale * self._data[position]))

    def __setitem__(self, index, value):
        raise TypeError("'Matrix' object doesn't support item assignment")

    def __delitem__(self, index):
        raise TypeError("'Matrix' object doesn't support item deletion")

    def __iter__(self):
        data, scale = self._data, self._scale
        # The hub walks a transposed matrix's storage from the end (a quirk of
        # pb_type_Matrix_getiter); a program iterating over M.T sees that order.
        order = reversed(data) if self._transposed else data
        return iter([_seen(_f32(value * scale)) for value in order])

    # --- arithmetic ----------------------------------------------------------

    def _sum(self, other, sign, operator):
        if not isinstance(other, Matrix):
            raise _unsupported(operator, self, other)
        if self._m != other._m or self._n != other._n:
            raise ValueError("Invalid argument")
        m, n = self._m, self._n
        data = []
        for row in range(m):
            for column in range(n):
                a = self._entry(row, column)
                b = other._entry(row, column)
                data.append(_f32(a + b) if sign > 0 else _f32(a - b))
        return _make(data, m, n)

    def __add__(self, other):
        return self._sum(other, 1, "add")

    def __sub__(self, other):
        return self._sum(other, -1, "sub")

    def __radd__(self, other):
        raise _unsupported("add", other, self)

    def __rsub__(self, other):
        raise _unsupported("sub", other, self)

    def _scaled(self, factor):
        return _make(self._data, self._m, self._n, _f32(self._scale * factor), self._transposed)

    def __mul__(self, other):
        if _is_number(other):
            return self._scaled(_to_float(other))
        if not isinstance(other, Matrix):
            raise _unsupported("mul", self, other)
        if self._n != other._m:
            raise ValueError("Invalid argument")
        m, inner, n = self._m, self._n, other._n
        left, right = self._data, other._data
        data = []
        for row in range(m):
            for column in range(n):
                total = 0.0
                for k in range(inner):
                    a = left[k * m + row] if self._transposed else left[row * inner + k]
                    b = right[column * inner + k] if other._transposed else right[k * n + column]
                    total = _f32(total + _f32(a * b))
                data.append(total)
        scale = _f32(self._scale * other._scale)
        if m == 1 and n == 1:
            # A row times a column (an inner product) is a number.
            return _seen(_f32(data[0] * scale))
        return _make(data, m, n, scale)

    def __rmul__(self, other):
        return self._scaled(_to_float(other))

    def __truediv__(self, other):
        divisor = _to_float(other)
        # Single-precision division: dividing by zero gives infinity, no error.
        inverse = _f32(1.0 / divisor) if divisor else math.copysign(_INF, divisor)
        return self._scaled(inverse)

    def __rtruediv__(self, other):
        raise _unsupported("truediv", other, self)

    def __floordiv__(self, other):
        raise _unsupported("floordiv", self, other)

    def __matmul__(self, other):
        # The hub multiplies matrices with *, not @.
        raise _unsupported("matmul", self, other)

    def __rfloordiv__(self, other):
        raise _unsupported("floordiv", other, self)

    def __pos__(self):
        return self

    def __neg__(self):
        return self._scaled(-1.0)

    def __abs__(self):
        if self._m != 1 and self._n != 1:
            raise TypeError("unsupported type for __abs__: 'Matrix'")
        squares = 0.0
        for value in self._data:
            squares = _f32(squares + _f32(value * value))
        # The hub multiplies by the scale as it is, so abs(-v) is negative there.
        return _seen(_f32(_f32(math.sqrt(squares)) * self._scale))

    # --- printing --------------------------------------------------------------

    def __repr__(self):
        lines = ["Matrix(["]
        for row in range(self._m):
            cells = [_cell(self._entry(row, column)) for column in range(self._n)]
            lines.append("    [" + ", ".join(cells) + "],")
        lines.append("])")
        return "\n".join(lines)


_new_object = object.__new__
_set = object.__setattr__


def _make(data, m, n, scale=1.0, transposed=False):
    """A Matrix from entries that are already single precision."""
    matrix = _new_object(Matrix)
    _set(matrix, "_data", data)
    _set(matrix, "_scale", scale)
    _set(matrix, "_m", m)
    _set(matrix, "_n", n)
    _set(matrix, "_transposed", transposed)
    return matrix


def _bitmap(bits, m=5, n=5, scale=100.0):
    """An m×n matrix of 0 and ``scale`` from bits, the top-left entry in the highest bit."""
    size = m * n
    data = [1.0 if bits >> (size - 1 - index) & 1 else 0.0 for index in range(size)]
    return _make(data, m, n, scale)


_NO_Z = object()


def vector(x, y, z=_NO_Z, /):
    """A column vector: vector(x, y) or vector(x, y, z)."""
    values = (x, y) if z is _NO_Z else (x, y, z)
    return _make([_to_float(value) for value in values], len(values), 1)


def cross(a, b, /):
    """The cross product a × b of two three-dimensional vectors."""
    if not isinstance(a, Matrix) or not isinstance(b, Matrix):
        raise TypeError("arguments must be Matrix objects")
    if a._m * a._n != 3 or b._m * b._n != 3:
        raise ValueError("Invalid argument")
    a0, a1, a2 = a._data
    b0, b1, b2 = b._data
    data = [
        _f32(_f32(a1 * b2) - _f32(a2 * b1)),
        _f32(_f32(a2 * b0) - _f32(a0 * b2)),
        _f32(_f32(a0 * b1) - _f32(a1 * b0)),
    ]
    return _make(data, 3, 1, _f32(a._scale * b._scale))
