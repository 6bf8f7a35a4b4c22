"""The hub's speaker: beeps and notes take the hub's time and refuse what the hub refuses."""

from __future__ import annotations

from tests.runner import printed_numbers, run_source


def _run(tmp_path, body: str):
    setup = ("from pybricks.hubs import PrimeHub\nfrom pybricks.tools import StopWatch, run_task, wait\n"
             "hub = PrimeHub()\nwatch = StopWatch()\n")
    result = run_source(tmp_path, setup + body)
    assert result.status == "finished", (result.stdout, result.error)
    return result


def test_notes_last_as_long_as_their_fractions_at_the_tempo(tmp_path):
    # At tempo 90 a whole note is 2666 ms: a quarter 666, a dotted eighth 499,
    # a sixteenth rest 166, a tied third 888 and a 32nd 83.
    result = _run(tmp_path, """
hub.speaker.play_notes(["D4/4", "F#3/8.", "R/16", "Bb5/3_", "A2/32"], tempo=90)
print(watch.time())
""")
    assert printed_numbers(result) == [666 + 499 + 166 + 888 + 83]


def test_a_beep_blocks_for_its_duration(tmp_path):
    result = _run(tmp_path, """
hub.speaker.beep(880, 240)
print(watch.time())
hub.speaker.beep(440, -1)   # a negative duration keeps beeping and returns at once
print(watch.time())
""")
    assert printed_numbers(result) == [240, 240]


def test_each_mistake_in_a_note_gets_the_hubs_message_when_its_turn_comes(tmp_path):
    result = _run(tmp_path, """
for notes in (["Q4/4"], ["C4/4", "G9/4"], ["E4"], ["Fb4/4"], ["B#3/4"], ["A4/"], [440]):
    watch.reset()
    try:
        hub.speaker.play_notes(notes)
    except (TypeError, ValueError) as error:
        print(type(error).__name__, "|", error, "|", watch.time())
""")
    assert result.stdout.splitlines() == [
        "ValueError | Missing note name A-G or R | 0",
        # The good first note plays before the bad one is read.
        "ValueError | Missing octave number 2-8 | 500",
        "ValueError | Missing / | 0",
        "ValueError | Fb is not allowed | 0",
        "ValueError | B# is not allowed | 0",
        "ValueError | Missing fractional value 1, 2, 4, 8, etc. | 0",
        "TypeError | can't convert 'int' object to str implicitly | 0",
    ]


def test_notes_can_come_from_a_generator_and_be_awaited(tmp_path):
    result = _run(tmp_path, """
def scale():
    for name in "CDEFGAB":
        yield name + "4/8"

hub.speaker.play_notes(scale(), tempo=120)
print(watch.time())

async def tune():
    watch.reset()
    await hub.speaker.play_notes(["C4/4", "E4/4"])
    print(watch.time())
    watch.reset()
    hub.speaker.play_notes(["C4/4"])   # forgot await: nothing waits
    print(watch.time())

run_task(tune())
""")
    assert printed_numbers(result) == [7 * 250, 1000, 0]
