"""The hub classes and their built-in parts (light, display, speaker, IMU…).

Each part forwards to the world's hub object ("hub"): the world keeps the
hub's state (what the display shows, the light's colour, button presses from
the window) and computes the IMU from the robot's motion. Parts with nothing
to act on in the simulator behave as on a hub alone on a desk: they accept and
check their arguments and return what a hub would.
"""

import math

from hubos import aio, config, link, runtime
from hubos.args import (as_uint, expect_type, get_array, get_float, get_int, get_len, get_pct,
                        get_positive_int, get_str_bytes, get_strict_int)
from hubos.errors import hub_oserror

from pybricks._ble import NO_CHANNELS, hub_ble
from pybricks._linalg import Matrix, _f32, _seen, vector
from pybricks.parameters import Axis, Button, Color, Side

_HUB = "hub"

# How often the hub's system checks for a shutdown request (µs).
SYSTEM_POLL_US = 50_000

# Bytes of user storage (PBSYS_CONFIG_STORAGE_USER_DATA_SIZE of each hub).
_STORAGE_BYTES = {"CityHub": 128, "TechnicHub": 128, "MoveHub": 128}
# Battery chemistry each hub reports (PBDRV_CONFIG_BATTERY_ADC_TYPE; the
# Technic hub detects it, and takes AA batteries; the virtual hub says Li-ion).
_BATTERY_TYPES = {"PrimeHub": "Li-ion", "InventorHub": "Li-ion", "EssentialHub": "Li-ion",
                  "VirtualHub": "Li-ion", "CityHub": "Alkaline", "TechnicHub": "Alkaline"}
# Hubs with a thermistor at the battery (PBDRV_CONFIG_BATTERY_ADC_TEMPERATURE),
# and the room temperature our hubs read there (millidegrees Celsius).
_BATTERY_THERMISTOR = ("PrimeHub", "InventorHub", "EssentialHub")
_ROOM_TEMPERATURE_MC = 23000


def _link():
    return link.get()


def _float32(value):
    """A number as a hub program gets it back from a single-precision C float."""
    return _seen(_f32(value))


def _hub_class():
    return config.HUB_CLASS


class Battery:
    """The battery (a module on the hub: the same object for every hub object)."""

    def voltage(self):
        return _link().read(_HUB, "battery_voltage")

    def current(self):
        if _hub_class() == "VirtualHub":
            # The virtual hub's battery cannot measure current (battery_test.c).
            _link().spend()
            raise hub_oserror("EOPNOTSUPP")
        return _link().read(_HUB, "battery_current")


class _BatteryWithType(Battery):
    """Every hub but the Move hub also tells its battery type and temperature."""

    def type(self):
        _link().spend()
        return _BATTERY_TYPES.get(_hub_class(), "Unknown")

    def temperature(self):
        _link().spend()
        if _hub_class() not in _BATTERY_THERMISTOR:
            raise hub_oserror("EOPNOTSUPP")
        return _ROOM_TEMPERATURE_MC


class Charger:
    """The charger of a hub with a rechargeable battery, here unplugged."""

    def connected(self):
        # The firmware returns the USB charger type as a number (pbdrv_usb_get_bcd):
        # 0 for none, not False.
        _link().spend()
        return 0

    def status(self):
        _link().spend()
        return 0

    def current(self):
        _link().spend()
        return 0


class Keypad:
    """The hub's buttons: which are pressed right now."""

    def __init__(self, buttons, single=False):
        self._buttons = buttons
        self._single = single

    def pressed(self):
        names = _link().read(_HUB, "buttons")
        if self._single:
            # A hub with one button reports it as CENTER, whichever flag is set.
            return {Button.CENTER} if names else set()
        return {getattr(Button, name) for name in names if name in self._buttons}


def _light_hsv(color):
    expect_type(color, Color)
    return [color.h, color.s, color.v]


class ColorLight:
    """The light in the hub's button (pb_type_colorlight_internal.c)."""

    def on(self, color):
        _link().post(_HUB, "light_on", _light_hsv(color))

    def off(self):
        _link().post(_HUB, "light_on", [0, 0, 0])

    def blink(self, color, durations):
        # The durations are read first (anything with a length), each a
        # positive whole number of ms that must fit 16 bits; then the colour.
        count = get_len(durations)
        cells = []
        for value in durations:
            if len(cells) == count:
                break
            cell = as_uint(get_positive_int(value), 16)
            if cell == 0:
                # A step shorter than the light's update loop is refused.
                raise ValueError("Invalid argument")
            cells.append(cell)
        hsv = _light_hsv(color)
        _link().post(_HUB, "light_blink", [hsv, cells])

    def animate(self, colors, interval):
        count = get_len(colors)
        cells = []
        for color in colors:
            if len(cells) == count:
                break
            cells.append(_light_hsv(color))
        interval = as_uint(get_int(interval), 16)
        _link().post(_HUB, "light_animate", [cells, interval])


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


def _steps(generator, resource=None):
    """Run a protothread-like generator that yields the moments (µs) it waits for.

    In a plain program it runs to the end here; inside run_task() it starts
    when first awaited and goes one step further each time it is resumed,
    as pb_type_async.c runs the firmware's protothreads.
    """
    hub_link = _link()
    pending = [None]

    def check():
        while True:
            deadline = pending[0]
            if deadline is not None and hub_link.now < deadline:
                hub_link.wake_at(deadline)
                return False
            try:
                pending[0] = next(generator)
            except StopIteration:
                return True

    def block():
        for deadline in generator:
            hub_link.wait_until(deadline)

    return aio.wait_or_await(check, block=block, resource=resource)


class LightMatrix:
    """The 5×5 light matrix of a SPIKE Prime / Robot Inventor hub (pb_type_lightmatrix.c)."""

    def __init__(self, rows=5, columns=5):
        self._size = rows
        # The last text awaitable: a new text() ends its await.
        self._text = aio.Resource()

    def orientation(self, up):
        expect_type(up, Side)
        _link().post(_HUB, "display_orientation", [up.name])

    def char(self, char):
        if not isinstance(char, str):
            raise TypeError("can't convert {} to str".format(type(char).__name__))
        data = char.encode("utf-8", "surrogatepass")
        # One printable ASCII character (the hub counts bytes).
        if len(data) != 1 or not 32 <= data[0] <= 126:
            raise ValueError("Invalid argument")
        _link().post(_HUB, "display_char", [char])

    def icon(self, icon):
        _link().post(_HUB, "display_image", [_icon_rows(icon, self._size)])

    def on(self, brightness=100):
        level = get_pct(brightness)
        _link().post(_HUB, "display_image", [[[level] * self._size for _ in range(self._size)]])

    def off(self):
        _link().post(_HUB, "display_off", [])

    def number(self, number):
        _link().post(_HUB, "display_number", [get_int(number)])

    def animate(self, icons, interval):
        # The firmware calls the frames "icons" and reads the interval first.
        interval = get_int(interval)
        frames_in = get_array(icons)
        if len(frames_in) < 2 or len(frames_in) > 255:
            raise ValueError("Invalid argument")
        frames = [_icon_rows(frame, self._size) for frame in frames_in]
        _link().post(_HUB, "display_animate", [frames, as_uint(interval, 16)])

    def pixel(self, row, column, brightness=100):
        # Indices are stored in 8 bits; outside the matrix nothing lights up.
        row = as_uint(get_int(row), 8)
        column = as_uint(get_int(column), 8)
        level = get_pct(brightness)
        _link().post(_HUB, "display_pixel", [row, column, level])

    def text(self, text, on=500, off=50):
        # As the firmware reads them: on and off first (unsigned 32-bit ms), then the text.
        on_ms = as_uint(get_int(on), 32)
        off_ms = as_uint(get_int(off), 32)
        data = get_str_bytes(text)
        hub_link = _link()
        hub_link.spend()

        def show():
            # Each character for on_ms; then dark for off_ms, which after the
            # last character always happens, so the display ends up off.
            last = len(data) - 1
            for index, byte in enumerate(data):
                if byte < 32 or byte > 126:
                    raise ValueError("Invalid argument")
                start_ms = hub_link.now // 1000
                hub_link.post(_HUB, "display_char", [chr(byte)])
                yield (start_ms + on_ms) * 1000
                if off_ms > 0 or index == last:
                    start_ms = hub_link.now // 1000
                    hub_link.post(_HUB, "display_off", [])
                    yield (start_ms + off_ms) * 1000

        return _steps(show(), self._text)


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
        # PBDRV_CONFIG_SOUND_DEFAULT_VOLUME of the Prime hub.
        self._volume = 100
        # The last beep or tune awaitable: a new sound ends its await (pb_type_speaker.c).
        self._sound = aio.Resource()

    def volume(self, volume=None):
        if volume is None:
            _link().spend()
            return self._volume
        self._volume = get_pct(volume)
        _link().post(_HUB, "speaker_volume", [self._volume])
        return None

    def beep(self, frequency=500, duration=100):
        frequency = get_int(frequency)
        duration = get_int(duration)
        # The sound driver takes the frequency as an unsigned number and keeps
        # it within 64..24000 Hz, so a negative one comes out at 24000 Hz;
        # 0 Hz is silence (beep_sampled.c).
        hertz = as_uint(frequency, 32)
        if hertz:
            hertz = min(24000, max(64, hertz))
        hub_link = _link()
        start = hub_link.spend()
        hub_link.post(_HUB, "beep", [hertz, duration])
        if duration < 0:
            # Keeps sounding; the call returns None at once, even inside run_task().
            return None
        return aio.until_moment((start // 1000 + duration) * 1000, resource=self._sound)

    def play_notes(self, notes, tempo=120):
        tempo = get_int(tempo)
        if tempo <= 0:
            # On a hub a tempo of 0 divides by zero and a negative one makes
            # notes last for days; a clear error teaches more.
            raise ValueError("tempo must be positive")
        note_ms = 4 * 60 * 1000 // tempo
        remaining = iter(notes)
        hub_link = _link()
        start_ms = hub_link.spend() // 1000

        def play():
            # Like the hub, read each note when the one before has played:
            # a bad note raises only when its turn comes.
            end_ms = start_ms
            for note in remaining:
                _frequency, total_ms, _on_ms = _parse_note(note, note_ms)
                hub_link.post(_HUB, "notes", [[note], tempo])
                end_ms += total_ms
                yield end_ms * 1000

        return _steps(play(), self._sound)


def _extract_axis(axis):
    """An axis as the IMU takes it (pb_type_imu_extract_axis): a Matrix of 3 entries."""
    if not isinstance(axis, Matrix):
        raise TypeError("Axis must be Matrix.")
    if axis._m * axis._n != 3:
        raise ValueError("Axis must be 1x3 or 3x1 matrix.")
    return [_f32(value * axis._scale) for value in axis._data]


def _normalized(values):
    norm = math.sqrt(sum(v * v for v in values))
    if norm == 0.0:
        raise ValueError("Invalid argument")
    return [v / norm for v in values]


def _cross(a, b):
    return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]


def _project(axis, values):
    """The component of ``values`` along ``axis``, whatever its length (pbio_geometry_vector_project)."""
    unit = _normalized(axis)
    return _float32(sum(u * v for u, v in zip(unit, values)))


def _side_from_vector(values):
    """The side a vector points out of: largest component and its sign (pbio_geometry_side_from_vector)."""
    largest = 0.0
    axis = 0
    negative = True
    for index, value in enumerate(values):
        if value > largest:
            largest, axis, negative = value, index, False
        elif -value > largest:
            largest, axis, negative = -value, index, True
    return (Side.FRONT, Side.LEFT, Side.TOP, None, Side.BACK, Side.RIGHT, Side.BOTTOM)[axis + 4 * negative]


# The forward axis of the IMU's newest frame, for the world (sent with the hub's "init").
_imu_base = []


class IMU:
    """The hub's motion sensor, in the frame the program chose with top_side/front_side.

    There is one: every hub object made gets it, in the newest frame (pb_type_IMU_obj_new).
    """

    _one = None

    def __new__(cls, top_side=Axis.Z, front_side=Axis.X):
        if IMU._one is None:
            IMU._one = object.__new__(cls)
        return IMU._one

    def __init__(self, top_side=Axis.Z, front_side=Axis.X):
        # As pbio_imu_set_base_orientation: the front axis is read first; both
        # are normalised and must be perpendicular (within 0.001).
        front = _normalized(_extract_axis(front_side))
        top = _normalized(_extract_axis(top_side))
        if abs(sum(t * f for t, f in zip(top, front))) > 0.001:
            raise ValueError("Invalid argument")
        left = _cross(top, front)
        # Where the hub's own x, y and z axes point in the robot's frame: a
        # hub-frame vector v is reported as v.x * front + v.y * left + v.z * top.
        self._columns = (front, left, top)
        # The heading follows the program's x axis, which in the hub's frame is
        # (front.x, left.x, top.x); the world sets the heading to 0 with it.
        _imu_base[:] = [front[0], left[0], top[0]]

    def _to_user(self, vec):
        front, left, top = self._columns
        return [vec[0] * front[i] + vec[1] * left[i] + vec[2] * top[i] for i in range(3)]

    def _vector_or_axis(self, key, axis, calibrated):
        # Uncalibrated: as the sensor gives them, before the IMU settings.
        values = self._to_user(_link().read(_HUB, key if calibrated else key + "_raw"))
        if axis is None:
            return vector(values[0], values[1], values[2])
        return _project(_extract_axis(axis), values)

    def up(self, calibrated=True):
        # Which side of the hub itself faces up: the hub's frame, not the robot's.
        key = "gravity_up" if calibrated else "acceleration_raw"
        return _side_from_vector(_link().read(_HUB, key))

    def tilt(self, calibrated=True):
        # Pitch and roll in degrees, as floats, from the gravity direction in
        # the robot's frame (pb_type_imu_tilt; 57.296 is the firmware's factor).
        key = "gravity_up" if calibrated else "acceleration_raw"
        x, y, z = (_f32(v) for v in self._to_user(_link().read(_HUB, key)))
        pitch = math.atan2(-x, _f32(math.sqrt(_f32(z * z + y * y))))
        roll = math.atan2(y, z)
        return (_float32(_f32(pitch) * 57.296), _float32(_f32(roll) * 57.296))

    def acceleration(self, axis=None, calibrated=True):
        return self._vector_or_axis("acceleration", axis, calibrated)

    def angular_velocity(self, axis=None, calibrated=True):
        return self._vector_or_axis("angular_velocity", axis, calibrated)

    def heading(self):
        return float(_link().read(_HUB, "heading"))

    def reset_heading(self, angle):
        # The hub refuses while a drive base steers with the gyro before it
        # even looks at the angle.
        try:
            value = get_float(angle)
        except TypeError:
            _link().call(_HUB, "reset_heading", [None])
            raise
        _link().call(_HUB, "reset_heading", [value])

    def rotation(self, axis=None, calibrated=True):
        # The firmware lets the axis default to None, then refuses it.
        direction = _extract_axis(axis)
        values = self._to_user(_link().read(_HUB, "rotation" if calibrated else "rotation_raw"))
        return _project(direction, values)

    def orientation(self):
        rows = _link().read(_HUB, "orientation")
        return Matrix(rows)

    def ready(self):
        return bool(_link().read(_HUB, "imu_ready"))

    def stationary(self):
        return bool(_link().read(_HUB, "stationary"))

    def settings(
        self,
        angular_velocity_threshold=None,
        acceleration_threshold=None,
        heading_correction=None,
        angular_velocity_bias=None,
        angular_velocity_scale=None,
        acceleration_correction=None,
    ):
        given = (angular_velocity_threshold, acceleration_threshold, heading_correction,
                 angular_velocity_bias, angular_velocity_scale, acceleration_correction)
        if all(value is None for value in given):
            # (threshold, threshold, bias, scale, gravity, heading correction), as single-precision floats.
            values = _link().call(_HUB, "imu_settings", [None])
            return tuple(tuple(_float32(v) for v in value) if isinstance(value, list) else _float32(value)
                         for value in values)
        # Read and checked in the firmware's order (pb_type_imu_settings).
        changes = []
        if angular_velocity_threshold is not None:
            changes.append(["angular_velocity_threshold", _f32(get_float(angular_velocity_threshold))])
        if acceleration_threshold is not None:
            changes.append(["acceleration_threshold", _f32(get_float(acceleration_threshold))])
        for name, value, size, message in (
            ("angular_velocity_bias", angular_velocity_bias, 3,
             "Angular velocity bias must be a 3-element tuple."),
            ("angular_velocity_scale", angular_velocity_scale, 3,
             "Angular velocity scale must be a 3-element tuple."),
            ("acceleration_correction", acceleration_correction, 6,
             "Acceleration correction must be a 6-element tuple."),
        ):
            if value is None:
                continue
            items = get_array(value)
            if len(items) != size:
                raise ValueError(message)
            changes.append([name, [_f32(get_float(item)) for item in items]])
        if heading_correction is not None:
            changes.append(["heading_correction", _f32(get_float(heading_correction))])
        _link().call(_HUB, "imu_settings", [changes])
        return None


# The Move Hub's tilt sensor has its own module (integers only, like its firmware).
from pybricks._movehub_imu import SimpleAccelerometer  # noqa: E402


# The user storage of this run: all zeros when the program starts.
_user_storage = []


def _storage_area():
    if not _user_storage:
        _user_storage.append(bytearray(_STORAGE_BYTES.get(_hub_class(), 512)))
    return _user_storage[0]


def _buffer_bytes(value):
    """The bytes of anything with the buffer protocol (a str gives its UTF-8 bytes)."""
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    if isinstance(value, int) or value is None:
        raise TypeError("object with buffer protocol required")
    try:
        return bytes(memoryview(value))
    except TypeError:
        raise TypeError("object with buffer protocol required") from None


def _one_button_hub():
    # PYBRICKS_PY_COMMON_KEYPAD_HUB_BUTTONS: only the Prime hub has more than one.
    return _hub_class() not in ("PrimeHub", "InventorHub")


class System:
    """Program stop button, storage, hub information (pb_type_system.c)."""

    def set_stop_button(self, button, /):
        names = []
        if not button:
            names = []
        elif _one_button_hub():
            # A hub with one button: anything that is true means that button.
            names = ["CENTER"]
        elif isinstance(button, Button):
            names = [button.name]
        else:
            # Several buttons, else one; if reading them fails, the whole
            # argument must have been one button.
            try:
                for item in button:
                    names.append(expect_type(item, Button).name)
            except Exception:
                raise TypeError("can't convert {} to Button".format(type(button).__name__)) from None
        _link().call(_HUB, "stop_button", [names])

    def name(self):
        _link().spend()
        return config.HUB_NAME

    def storage(self, offset, read=None, write=None):
        offset = get_strict_int(offset)
        area = _storage_area()
        if read is not None and write is None:
            size = get_strict_int(read)
            _link().spend()
            if offset < 0 or size < 0 or offset + size > len(area):
                raise ValueError("Invalid argument")
            return bytes(area[offset:offset + size])
        if write is not None and read is None:
            data = _buffer_bytes(write)
            _link().spend()
            if offset < 0 or offset + len(data) > len(area):
                raise ValueError("Invalid argument")
            area[offset:offset + len(data)] = data
            return None
        raise TypeError("Must set either read (int) or write (bytes).")

    def reset_storage(self):
        area = _storage_area()
        area[:] = bytes(len(area))
        # The saved settings (the IMU's too) go back to their defaults.
        _link().call(_HUB, "reset_storage", [])

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
        hub_class = _hub_class()
        info = {"name": config.HUB_NAME}
        if hub_class != "VirtualHub":
            # Powered off normally before this program (PBDRV_CONFIG_RESET).
            info["reset_reason"] = 0
        # Started from the app over Bluetooth; no USB cable.
        info["host_connected_ble"] = True
        if hub_class in ("PrimeHub", "InventorHub", "EssentialHub", "VirtualHub"):
            info["host_connected_usb"] = False
        info["program_id"] = 0
        info["program_start_type"] = 3
        return info


class _ResettableSystem(System):
    """The system of a hub that knows why it last reset (all but the virtual hub)."""

    def reset_reason(self):
        _link().spend()
        return 0


class _Hub:
    _buttons = ("CENTER",)
    _single_button = True
    _battery_type = True
    _has_light = True
    _knows_reset_reason = True

    def _setup(self):
        # Unlike devices, a hub object may be made inside run_task() too.
        # With it, where the IMU made just before points the program's x axis.
        _link().call(_HUB, "init", [type(self).__name__, _imu_base[:] or None])
        _imu_base[:] = []
        # On a hub the battery and the system are modules: one object each.
        self.battery = _singleton(_BatteryWithType if self._battery_type else Battery)
        self.buttons = Keypad(self._buttons, self._single_button)
        if self._single_button:
            # Hubs with one button also answer to the old name.
            self.button = self.buttons
        if self._has_light:
            self.light = ColorLight()
        self.system = _singleton(_ResettableSystem if self._knows_reset_reason else System)


_singletons = {}


def _singleton(cls):
    if cls not in _singletons:
        _singletons[cls] = cls()
    return _singletons[cls]


# Every hub class takes broadcast_channel and observe_channels after its own
# arguments and makes hub.ble from them (pb_type_*hub.c, with
# PYBRICKS_PY_MESSAGING_BLE_RADIO_OLD on): None unless channels are given.
# The radio is made first, as the firmware does.


class PrimeHub(_Hub):
    _buttons = ("LEFT", "RIGHT", "CENTER", "BLUETOOTH")
    _single_button = False

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
    _battery_type = False

    def __init__(self, top_side=Axis.Z, front_side=Axis.X, broadcast_channel=None, observe_channels=NO_CHANNELS):
        self.ble = hub_ble(broadcast_channel, observe_channels)
        imu = SimpleAccelerometer(top_side, front_side)
        self._setup()
        self.imu = imu


class VirtualHub(_Hub):
    """The firmware's virtual hub (no light, display or IMU of its own).

    It takes top_side and front_side like the other hubs and ignores them
    (pb_type_virtualhub.c). Its buttons are LEFT, RIGHT, CENTER, UP, DOWN and
    LEFT_UP; the firmware has not made its light yet, so hub.light is missing.
    """

    _buttons = ("LEFT", "RIGHT", "CENTER", "UP", "DOWN", "LEFT_UP")
    _single_button = False
    _has_light = False
    _knows_reset_reason = False

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
