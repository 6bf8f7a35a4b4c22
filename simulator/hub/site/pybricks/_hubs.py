"""The hub classes and their built-in parts (light, display, speaker, IMU…).

Each part forwards to the world's hub object ("hub"): the world keeps the
hub's state (what the display shows, the light's colour, button presses from
the window) and computes the IMU from the robot's motion. Parts with nothing
to act on in the simulator behave as on a hub alone on a desk: they accept and
check their arguments and return what a hub would.
"""

from hubos import aio, config, link, runtime
from hubos.args import expect_type, get_int, get_pct, is_array

from pybricks._ble import NO_CHANNELS, hub_ble
from pybricks._linalg import Matrix, vector
from pybricks.parameters import Axis, Button, Color, Side

_HUB = "hub"

# How often the hub's system checks for a shutdown request (µs).
SYSTEM_POLL_US = 50_000


def _link():
    return link.get()


class Battery:
    def voltage(self):
        return _link().read(_HUB, "battery_voltage")

    def current(self):
        return _link().read(_HUB, "battery_current")


class Charger:
    def connected(self):
        _link().spend()
        return False

    def status(self):
        _link().spend()
        return 0

    def current(self):
        _link().spend()
        return 0


class Keypad:
    """The hub's buttons: which are pressed right now."""

    def __init__(self, buttons):
        self._buttons = buttons

    def pressed(self):
        names = _link().read(_HUB, "buttons")
        return {getattr(Button, name) for name in names if name in self._buttons}


class ColorLight:
    """The light in the hub's button."""

    def on(self, color):
        expect_type(color, Color)
        _link().post(_HUB, "light_on", [color.h, color.s, color.v])

    def off(self):
        _link().post(_HUB, "light_on", [0, 0, 0])

    def blink(self, color, durations):
        expect_type(color, Color)
        if not is_array(durations):
            raise TypeError("object '{}' isn't a tuple or list".format(type(durations).__name__))
        _link().post(_HUB, "light_blink", [[color.h, color.s, color.v], [get_int(d) for d in durations]])

    def animate(self, colors, interval):
        cells = []
        for color in colors:
            expect_type(color, Color)
            cells.append([color.h, color.s, color.v])
        _link().post(_HUB, "light_animate", [cells, get_int(interval)])


def _matrix_rows(icon, rows, columns):
    """Brightness rows of an icon given as a Matrix or nested lists."""
    if isinstance(icon, Matrix):
        if icon.shape != (rows, columns):
            raise ValueError("Image must be {}x{}".format(rows, columns))
        return [[get_pct(icon[r, c]) for c in range(columns)] for r in range(rows)]
    if not is_array(icon) or len(icon) != rows:
        raise ValueError("Image must be {}x{}".format(rows, columns))
    out = []
    for row in icon:
        if not is_array(row) or len(row) != columns:
            raise ValueError("Image must be {}x{}".format(rows, columns))
        out.append([get_pct(value) for value in row])
    return out


class LightMatrix:
    """The 5×5 light matrix of a SPIKE Prime / Robot Inventor hub."""

    def __init__(self, rows=5, columns=5):
        self._rows = rows
        self._columns = columns

    def orientation(self, up):
        expect_type(up, Side)
        _link().post(_HUB, "display_orientation", [up.name])

    def icon(self, icon):
        _link().post(_HUB, "display_image", [_matrix_rows(icon, self._rows, self._columns)])

    def animate(self, matrices, interval):
        frames = [_matrix_rows(m, self._rows, self._columns) for m in matrices]
        _link().post(_HUB, "display_animate", [frames, get_int(interval)])

    def pixel(self, row, column, brightness=100):
        row, column = get_int(row), get_int(column)
        if not (0 <= row < self._rows and 0 <= column < self._columns):
            return None
        _link().post(_HUB, "display_pixel", [row, column, get_pct(brightness)])

    def off(self):
        _link().post(_HUB, "display_off", [])

    def number(self, number):
        _link().post(_HUB, "display_number", [get_int(number)])

    def char(self, char):
        if not isinstance(char, str):
            raise TypeError("can't convert {} to str".format(type(char).__name__))
        if len(char) != 1:
            raise ValueError("Expected a single character")
        _link().post(_HUB, "display_char", [char])

    def text(self, text, on=500, off=50):
        if not isinstance(text, str):
            raise TypeError("can't convert {} to str".format(type(text).__name__))
        on, off = get_int(on), get_int(off)
        hub_link = _link()
        start = hub_link.spend()
        hub_link.post(_HUB, "display_text", [text, on, off])
        end_us = (start // 1000 + len(text) * (on + off)) * 1000
        return _timed(hub_link, end_us)


def _timed(hub_link, end_us):
    """Block until ``end_us``, or return an awaitable that ends then."""

    def finished():
        if hub_link.now >= end_us:
            return True
        hub_link.wake_at(end_us)
        return False

    return aio.wait_or_await(finished, block=lambda: hub_link.wait_until(end_us))


# Base frequencies (Hz, octave 0) of each note name with its flat and sharp, as
# the firmware's note parser has them (pybricks/common/pb_type_speaker.c);
# None marks a spelling the hub refuses.
_NOTE_BASES = {
    "C": (None, 16.35, 17.32),
    "D": (17.32, 18.35, 19.45),
    "E": (19.45, 20.60, None),
    "F": (None, 21.83, 23.12),
    "G": (23.12, 24.50, 25.96),
    "A": (25.96, 27.50, 29.14),
    "B": (29.14, 30.87, None),
}


def _parse_note(note, note_ms):
    """One note like 'C4/4', 'Eb3/8.', 'R/16' or 'G4/2_' -> (frequency, total_ms, on_ms).

    Read character by character as the hub does, so a program gets the same
    ValueError for the same mistake, at the same note.
    """
    if not isinstance(note, str):
        raise TypeError("can't convert '{}' object to str implicitly".format(type(note).__name__))

    def char(index):
        # Past the end the firmware reads the string's terminating zero.
        return note[index] if index < len(note) else "\0"

    pos = 0
    name = char(pos)
    pos += 1
    if name == "R":
        frequency = 0.0
    elif name in _NOTE_BASES:
        flat, natural, sharp = _NOTE_BASES[name]
        accidental = char(pos)
        if accidental in ("b", "#"):
            pos += 1
            base = flat if accidental == "b" else sharp
            if base is None:
                raise ValueError("{}{} is not allowed".format(name, accidental))
        else:
            base = natural
        octave = ord(char(pos)) - ord("0")
        pos += 1
        if octave < 2 or octave > 8:
            raise ValueError("Missing octave number 2-8")
        frequency = base * (2 << (octave - 1))
    else:
        raise ValueError("Missing note name A-G or R")
    if char(pos) != "/":
        raise ValueError("Missing /")
    pos += 1
    fraction = ord(char(pos)) - ord("0")
    pos += 1
    if fraction < 0 or fraction > 9:
        raise ValueError("Missing fractional value 1, 2, 4, 8, etc.")
    second = ord(char(pos)) - ord("0")
    if 0 <= second <= 9:
        fraction = fraction * 10 + second
        pos += 1
    # '/0' divides by zero in the firmware's C, which gives 0 on the hub's ARM core.
    total_ms = note_ms // fraction if fraction else 0
    if char(pos) == ".":
        total_ms = 3 * total_ms // 2
        pos += 1
    tied = char(pos) == "_"
    on_ms = total_ms if tied else 7 * total_ms // 8
    return int(frequency), total_ms, on_ms


class Speaker:
    """The hub's speaker: beeps and notes take their time, as on a hub."""

    def __init__(self):
        self._volume = 100

    def volume(self, volume=None):
        if volume is None:
            _link().spend()
            return self._volume
        self._volume = get_pct(volume)
        _link().post(_HUB, "speaker_volume", [self._volume])
        return None

    def beep(self, frequency=500, duration=100):
        frequency = min(24000, max(64, get_int(frequency)))
        duration = get_int(duration)
        hub_link = _link()
        start = hub_link.spend()
        hub_link.post(_HUB, "beep", [frequency, duration])
        if duration < 0:
            return aio.yield_once() if aio.loop_active() else None
        return _timed(hub_link, (start // 1000 + duration) * 1000)

    def play_notes(self, notes, tempo=120):
        tempo = get_int(tempo)
        if tempo <= 0:
            # On a hub a tempo of 0 divides by zero and a negative one makes
            # notes last for days; a clear error teaches more.
            raise ValueError("tempo must be positive")
        note_ms = 4 * 60 * 1000 // tempo
        remaining = iter(notes)
        hub_link = _link()
        end_ms = [hub_link.spend() // 1000]

        def next_note_due():
            # Like the hub, read each note when the one before has played:
            # a bad note raises only when its turn comes.
            while hub_link.now >= end_ms[0] * 1000:
                try:
                    note = next(remaining)
                except StopIteration:
                    return True
                _frequency, total_ms, _on_ms = _parse_note(note, note_ms)
                hub_link.post(_HUB, "notes", [[note], tempo])
                end_ms[0] += total_ms
            hub_link.wake_at(end_ms[0] * 1000)
            return False

        def block():
            while not next_note_due():
                hub_link.wait_until(end_ms[0] * 1000)

        return aio.wait_or_await(next_note_due, block=block)


def _axis_vector(side):
    values = [side[0], side[1], side[2]] if isinstance(side, Matrix) else None
    if values is None:
        raise TypeError("can't convert {} to Matrix".format(type(side).__name__))
    return values


def _cross(a, b):
    return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]


class IMU:
    """The hub's motion sensor, in the frame the program chose with top_side/front_side."""

    def __init__(self, top_side=Axis.Z, front_side=Axis.X):
        top = _axis_vector(top_side)
        front = _axis_vector(front_side)
        if sum(t * f for t, f in zip(top, front)) != 0:
            raise ValueError("Invalid argument")
        left = _cross(top, front)
        # Rows map hub-frame vectors to the user's frame (front, left, top).
        self._rows = (front, left, top)

    def _to_user(self, vec):
        return [sum(r * v for r, v in zip(row, vec)) for row in self._rows]

    def _vector_or_axis(self, key, axis):
        values = self._to_user(_link().read(_HUB, key))
        if axis is None:
            return vector(values[0], values[1], values[2])
        direction = _axis_vector(axis)
        return float(sum(d * v for d, v in zip(direction, values)))

    def up(self, calibrated=True):
        user_top = self._to_user(_link().read(_HUB, "gravity_up"))
        index = max(range(3), key=lambda i: abs(user_top[i]))
        positive = user_top[index] > 0
        return (Side.FRONT, Side.LEFT, Side.TOP)[index] if positive else (Side.BACK, Side.RIGHT, Side.BOTTOM)[index]

    def tilt(self, calibrated=True):
        return tuple(_link().read(_HUB, "tilt"))

    def acceleration(self, axis=None, calibrated=True):
        return self._vector_or_axis("acceleration", axis)

    def angular_velocity(self, axis=None, calibrated=True):
        return self._vector_or_axis("angular_velocity", axis)

    def heading(self):
        return _link().read(_HUB, "heading")

    def reset_heading(self, angle):
        _link().call(_HUB, "reset_heading", [float(angle)])

    def rotation(self, axis, calibrated=True):
        return self._vector_or_axis("rotation", axis)

    def orientation(self):
        rows = _link().read(_HUB, "orientation")
        return Matrix(rows)

    def ready(self):
        return _link().read(_HUB, "imu_ready")

    def stationary(self):
        return _link().read(_HUB, "stationary")

    def settings(
        self,
        angular_velocity_threshold=None,
        acceleration_threshold=None,
        heading_correction=None,
        angular_velocity_bias=None,
        angular_velocity_scale=None,
        acceleration_correction=None,
    ):
        given = {
            "angular_velocity_threshold": angular_velocity_threshold,
            "acceleration_threshold": acceleration_threshold,
            "heading_correction": heading_correction,
            "angular_velocity_bias": angular_velocity_bias,
            "angular_velocity_scale": angular_velocity_scale,
            "acceleration_correction": acceleration_correction,
        }
        if all(value is None for value in given.values()):
            values = _link().call(_HUB, "imu_settings", [None])
            return tuple(tuple(v) if isinstance(v, list) else v for v in values)
        clean = {}
        for name, value in given.items():
            if value is None:
                continue
            clean[name] = [float(v) for v in value] if is_array(value) else float(value)
        _link().call(_HUB, "imu_settings", [clean])
        return None


class SimpleAccelerometer:
    """The Move Hub's tilt sensor."""

    def acceleration(self):
        return tuple(int(v) for v in _link().read(_HUB, "acceleration"))

    def up(self):
        return IMU().up()

    def tilt(self):
        return tuple(_link().read(_HUB, "tilt"))


class System:
    """Program stop button, storage, hub information."""

    _storage = bytearray(512)

    def set_stop_button(self, button):
        names = []
        if button is None:
            names = []
        elif isinstance(button, Button):
            names = [button.name]
        else:
            for item in button:
                expect_type(item, Button)
                names.append(item.name)
        _link().call(_HUB, "stop_button", [names])

    def name(self):
        _link().spend()
        return config.HUB_NAME

    def storage(self, offset, *, read=None, write=None):
        offset = get_int(offset)
        _link().spend()
        if write is not None:
            data = bytes(write)
            if offset < 0 or offset + len(data) > len(self._storage):
                raise ValueError("Data out of range")
            self._storage[offset:offset + len(data)] = data
            return None
        if read is None:
            raise TypeError("read or write must be given")
        size = get_int(read)
        if offset < 0 or size < 0 or offset + size > len(self._storage):
            raise ValueError("Data out of range")
        return bytes(self._storage[offset:offset + size])

    def reset_storage(self):
        _link().spend()
        for index in range(len(self._storage)):
            self._storage[index] = 0

    def shutdown(self):
        # On a hub this only asks the system to power off, then waits: the
        # system's next poll (every 50 ms, pbsys core.c / program_stop.c)
        # aborts the program and the hub turns off. Our poll runs on the
        # 50 ms marks of the program's clock.
        hub_link = _link()
        at = hub_link.spend()
        hub_link.wait_until((at // SYSTEM_POLL_US + 1) * SYSTEM_POLL_US)
        hub_link.call(_HUB, "shutdown", [])
        runtime.power_off()

    def info(self):
        _link().spend()
        return {
            "name": config.HUB_NAME,
            "reset_reason": 0,
            "host_connected_ble": True,
            "host_connected_usb": False,
            "program_start_type": 3,
            "program_id": 0,
        }


class _Hub:
    _buttons = ("CENTER",)

    def _setup(self):
        aio.assert_blocking()
        _link().call(_HUB, "init", [type(self).__name__])
        self.battery = Battery()
        self.buttons = Keypad(self._buttons)
        self.light = ColorLight()
        self.system = System()


# Every hub class takes broadcast_channel and observe_channels after its own
# arguments and makes hub.ble from them (pb_type_*hub.c, with
# PYBRICKS_PY_MESSAGING_BLE_RADIO_OLD on): None unless channels are given.
# The radio is made first, as the firmware does.


class PrimeHub(_Hub):
    _buttons = ("LEFT", "RIGHT", "CENTER", "BLUETOOTH")

    def __init__(self, top_side=Axis.Z, front_side=Axis.X, broadcast_channel=None, observe_channels=NO_CHANNELS):
        self.ble = hub_ble(broadcast_channel, observe_channels)
        imu = IMU(top_side, front_side)
        self._setup()
        self.charger = Charger()
        self.display = LightMatrix(5, 5)
        self.imu = imu
        self.speaker = Speaker()


class InventorHub(PrimeHub):
    pass


class EssentialHub(_Hub):
    def __init__(self, top_side=Axis.Z, front_side=Axis.X, broadcast_channel=None, observe_channels=NO_CHANNELS):
        self.ble = hub_ble(broadcast_channel, observe_channels)
        imu = IMU(top_side, front_side)
        self._setup()
        self.charger = Charger()
        self.imu = imu


class TechnicHub(_Hub):
    def __init__(self, top_side=Axis.Z, front_side=Axis.X, broadcast_channel=None, observe_channels=NO_CHANNELS):
        self.ble = hub_ble(broadcast_channel, observe_channels)
        imu = IMU(top_side, front_side)
        self._setup()
        self.imu = imu


class CityHub(_Hub):
    def __init__(self, broadcast_channel=None, observe_channels=NO_CHANNELS):
        self.ble = hub_ble(broadcast_channel, observe_channels)
        self._setup()


class MoveHub(_Hub):
    def __init__(self, top_side=Axis.Z, front_side=Axis.X, broadcast_channel=None, observe_channels=NO_CHANNELS):
        self.ble = hub_ble(broadcast_channel, observe_channels)
        IMU(top_side, front_side)
        self._setup()
        self.imu = SimpleAccelerometer()


class VirtualHub(_Hub):
    """The firmware's virtual hub (no buttons, display or IMU of its own).

    It takes top_side and front_side like the other hubs and ignores them
    (pb_type_virtualhub.c).
    """

    def __init__(self, top_side=Axis.Z, front_side=Axis.X, broadcast_channel=None, observe_channels=NO_CHANNELS):
        self.ble = hub_ble(broadcast_channel, observe_channels)
        self._setup()


ALL_HUBS = {
    "PrimeHub": PrimeHub,
    "InventorHub": InventorHub,
    "EssentialHub": EssentialHub,
    "TechnicHub": TechnicHub,
    "CityHub": CityHub,
    "MoveHub": MoveHub,
    "VirtualHub": VirtualHub,
}
