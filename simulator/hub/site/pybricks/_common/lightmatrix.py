"""The light matrix of the SPIKE Prime and Robot Inventor hubs (pb_type_lightmatrix.c)."""

from hubos import aio
from hubos.args import as_uint, expect_type, get_array, get_int, get_pct, get_str_bytes
from pybricks._common import HUB, hub_link, steps
from pybricks._linalg import Matrix
from pybricks.parameters import Side


def _icon_rows(icon, size):
    """Brightness rows (0..100) of an icon given as a Matrix or nested lists (pb_type_lightmatrix.c)."""
    if isinstance(icon, Matrix):
        # A bigger matrix is fine: its top-left corner is shown.
        rows, columns = icon.shape
        if rows < size or columns < size:
            raise ValueError("Invalid argument")
        out = []
        for r in range(size):
            row = []
            for c in range(size):
                value = icon._entry(r, c)
                row.append(int(min(100.0, max(0.0, value))))
            out.append(row)
        return out
    rows = get_array(icon)
    if len(rows) != size:
        raise ValueError("Invalid argument")
    out = []
    for row in rows:
        values = get_array(row)
        if len(values) != size:
            raise ValueError("Invalid argument")
        out.append([get_pct(value) for value in values])
    return out


class LightMatrix:
    """The 5×5 light matrix of a SPIKE Prime / Robot Inventor hub (pb_type_lightmatrix.c)."""

    def __init__(self, rows=5, columns=5):
        self._size = rows
        # The last text awaitable: a new text() ends its await.
        self._text = aio.Resource()

    def orientation(self, up):
        expect_type(up, Side)
        hub_link().post(HUB, "display_orientation", [up.name])

    def char(self, char):
        if not isinstance(char, str):
            raise TypeError(f"can't convert {type(char).__name__} to str")
        data = char.encode("utf-8", "surrogatepass")
        # One printable ASCII character (the hub counts bytes).
        if len(data) != 1 or not 32 <= data[0] <= 126:
            raise ValueError("Invalid argument")
        hub_link().post(HUB, "display_char", [char])

    def icon(self, icon):
        hub_link().post(HUB, "display_image", [_icon_rows(icon, self._size)])

    def on(self, brightness=100):
        level = get_pct(brightness)
        hub_link().post(HUB, "display_image", [[[level] * self._size for _ in range(self._size)]])

    def off(self):
        hub_link().post(HUB, "display_off", [])

    def number(self, number):
        hub_link().post(HUB, "display_number", [get_int(number)])

    def animate(self, icons, interval):
        # The firmware calls the frames "icons" and reads the interval first.
        interval = get_int(interval)
        frames_in = get_array(icons)
        if len(frames_in) < 2 or len(frames_in) > 255:
            raise ValueError("Invalid argument")
        frames = [_icon_rows(frame, self._size) for frame in frames_in]
        hub_link().post(HUB, "display_animate", [frames, as_uint(interval, 16)])

    def pixel(self, row, column, brightness=100):
        # Indices are stored in 8 bits; outside the matrix nothing lights up.
        row = as_uint(get_int(row), 8)
        column = as_uint(get_int(column), 8)
        level = get_pct(brightness)
        hub_link().post(HUB, "display_pixel", [row, column, level])

    def text(self, text, on=500, off=50):
        # As the firmware reads them: on and off first (unsigned 32-bit ms), then the text.
        on_ms = as_uint(get_int(on), 32)
        off_ms = as_uint(get_int(off), 32)
        data = get_str_bytes(text)
        world = hub_link()
        world.spend()

        def show():
            # Each character for on_ms; then dark for off_ms, which after the
            # last character always happens, so the display ends up off.
            last = len(data) - 1
            for index, byte in enumerate(data):
                if byte < 32 or byte > 126:
                    raise ValueError("Invalid argument")
                start_ms = world.now // 1000
                world.post(HUB, "display_char", [chr(byte)])
                yield (start_ms + on_ms) * 1000
                if off_ms > 0 or index == last:
                    start_ms = world.now // 1000
                    world.post(HUB, "display_off", [])
                    yield (start_ms + off_ms) * 1000

        return steps(show(), self._text)


# Base frequencies (Hz, octave 0) of each note name with its flat and sharp, as
# the firmware's note parser has them (pybricks/common/pb_type_speaker.c);
# None marks a spelling the hub refuses.
