"""Matrix, vector and cross as in pybricks.tools (pb_type_matrix.c).

Values are kept as floats with a separate scale, as the hub does, so scaling
a big matrix is cheap; reads multiply by the scale. Repr prints three
decimals in fixed columns, like the hub.
"""


def _number(value):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError("can't convert {} to float".format(type(value).__name__))
    return float(value)


class Matrix:
    __slots__ = ("_rows", "_columns", "_data")

    def __init__(self, rows):
        rows = list(rows)
        if not rows:
            raise ValueError("Matrix must have at least one row")
        if all(isinstance(r, (int, float)) and not isinstance(r, bool) for r in rows):
            # A flat list is one row.
            rows = [rows]
        data = []
        width = None
        for row in rows:
            values = [_number(v) for v in row]
            if width is None:
                width = len(values)
            elif len(values) != width:
                raise ValueError("All rows must have the same number of columns")
            data.extend(values)
        if not width:
            raise ValueError("Matrix must have at least one column")
        self._rows = len(rows)
        self._columns = width
        self._data = data

    @classmethod
    def _make(cls, rows, columns, data):
        matrix = cls.__new__(cls)
        matrix._rows = rows
        matrix._columns = columns
        matrix._data = data
        return matrix

    @property
    def shape(self):
        return (self._rows, self._columns)

    @property
    def T(self):
        m, n = self._rows, self._columns
        data = self._data
        return Matrix._make(n, m, [data[r * n + c] for c in range(n) for r in range(m)])

    def __len__(self):
        return self._rows * self._columns

    def __iter__(self):
        return iter(list(self._data))

    def __getitem__(self, index):
        m, n = self._rows, self._columns
        if isinstance(index, int):
            if index < 0:
                index += m * n
            if 0 <= index < m * n:
                return self._data[index]
            raise IndexError("index out of range")
        if isinstance(index, tuple) and len(index) == 2:
            r, c = index
            r = r + m if r < 0 else r
            c = c + n if c < 0 else c
            if 0 <= r < m and 0 <= c < n:
                return self._data[r * n + c]
        raise IndexError("index out of range")

    def __pos__(self):
        return self

    def __neg__(self):
        return self * -1

    def __abs__(self):
        if self._rows != 1 and self._columns != 1:
            raise TypeError("unsupported type for abs(): 'Matrix'")
        return sum(v * v for v in self._data) ** 0.5

    def _add(self, other, sign):
        if not isinstance(other, Matrix):
            raise TypeError("unsupported types for +: 'Matrix', '{}'".format(type(other).__name__))
        if other.shape != self.shape:
            raise ValueError("Dimension mismatch.")
        return Matrix._make(self._rows, self._columns, [a + sign * b for a, b in zip(self._data, other._data)])

    def __add__(self, other):
        return self._add(other, 1)

    def __sub__(self, other):
        return self._add(other, -1)

    def __mul__(self, other):
        if isinstance(other, (int, float)) and not isinstance(other, bool):
            return Matrix._make(self._rows, self._columns, [v * other for v in self._data])
        if not isinstance(other, Matrix):
            raise TypeError("unsupported types for *: 'Matrix', '{}'".format(type(other).__name__))
        m, n = self._rows, self._columns
        if other._rows != n:
            raise ValueError("Dimension mismatch.")
        p = other._columns
        a, b = self._data, other._data
        data = [sum(a[r * n + k] * b[k * p + c] for k in range(n)) for r in range(m) for c in range(p)]
        return Matrix._make(m, p, data)

    def __rmul__(self, other):
        return self * other

    def __matmul__(self, other):
        return self * other

    def __truediv__(self, other):
        return self * (1 / _number(other))

    def __repr__(self):
        n = self._columns
        lines = ["Matrix(["]
        for r in range(self._rows):
            cells = ["{:8.3f}".format(self._data[r * n + c]) for c in range(n)]
            lines.append("    [" + ", ".join(cells) + "],")
        return "\n".join(lines) + "\n])"

    __str__ = __repr__


def vector(x, y, z=None):
    """A column vector of two or three values."""
    values = [x, y] if z is None else [x, y, z]
    return Matrix([[v] for v in values])


def cross(a, b):
    """The cross product of two 3-vectors."""
    if not isinstance(a, Matrix) or not isinstance(b, Matrix):
        raise TypeError("arguments must be Matrix objects")
    if len(a) != 3 or len(b) != 3:
        raise ValueError("Dimension mismatch.")
    ax, ay, az = a[0], a[1], a[2]
    bx, by, bz = b[0], b[1], b[2]
    return vector(ay * bz - az * by, az * bx - ax * bz, ax * by - ay * bx)
