"""The speaker of the SPIKE Prime and Robot Inventor hubs (pb_type_speaker.c)."""

from hubos import aio
from hubos.args import as_uint, get_int, get_pct
from pybricks._common import HUB, hub_link, steps

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
        raise TypeError(f"can't convert '{type(note).__name__}' object to str implicitly")

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
                raise ValueError(f"{name}{accidental} is not allowed")
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
            hub_link().spend()
            return self._volume
        self._volume = get_pct(volume)
        hub_link().post(HUB, "speaker_volume", [self._volume])
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
        world = hub_link()
        start = world.spend()
        world.post(HUB, "beep", [hertz, duration])
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
        world = hub_link()
        start_ms = world.spend() // 1000

        def play():
            # Like the hub, read each note when the one before has played:
            # a bad note raises only when its turn comes.
            end_ms = start_ms
            for note in remaining:
                _frequency, total_ms, _on_ms = _parse_note(note, note_ms)
                world.post(HUB, "notes", [[note], tempo])
                end_ms += total_ms
                yield end_ms * 1000

        return steps(play(), self._sound)
