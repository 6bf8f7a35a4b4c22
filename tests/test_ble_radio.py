"""Broadcasting, observing and turning the hub off, as on a hub alone on a desk.

A pupil's program may send data to other hubs over Bluetooth with
``pybricks.messaging.BLERadio`` (or with the hub class's older
``broadcast_channel``/``observe_channels`` arguments and ``hub.ble``). In the
classroom simulator no other hub is in range: the program's calls must take
the firmware's arguments, raise its errors and take its time, and observing
must hear nothing. ``hub.system.shutdown()`` ends the program the way a hub
does when it turns itself off.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from brickclass.commands.sim import print_summary
from brickclass.language import t
from brickclass.simulator.run import ending
from tests.hub_alone import run_on_desk
from tests.runner import run_source

# Prints "Kind: message" for an error, so a test can compare whole lines.
SHOW = """\
from pybricks.hubs import PrimeHub
from pybricks.messaging import BLERadio
from pybricks.tools import StopWatch, multitask, run_task, wait


def show(make):
    try:
        print(make())
    except Exception as error:
        print(type(error).__name__ + ":", error)

"""

MOVED_NOTICE = [
    "Hub messaging has been moved. You should use:",
    "",
    "from pybricks.messaging import BLERadio",
    "radio = BLERadio(broadcast_channel, observe_channels)",
    "",
]


def lines(tmp_path: Path, program: str) -> list[str]:
    result = run_source(tmp_path, SHOW + program)
    assert result.status == "finished", result.error
    return result.stdout.splitlines()


# --- every hub class, in an interpreter set up like the hub process ------------------

HUB_CLASSES_SCRIPT = r"""
import contextlib, inspect, io, json
from pybricks import _hubs

found = {}
for name, cls in _hubs.ALL_HUBS.items():
    parameters = list(inspect.signature(cls).parameters.values())
    plain, given = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(plain):
        quiet = cls()
    with contextlib.redirect_stdout(given):
        told = cls(broadcast_channel=5)
    found[name] = {
        "arguments": [[p.name, repr(p.default)] for p in parameters],
        "ble": repr(quiet.ble),
        "printed": plain.getvalue(),
        "ble_with_channel": type(told.ble).__name__,
        "printed_with_channel": given.getvalue(),
    }
print(json.dumps(found))
"""


@pytest.fixture(scope="module")
def hub_classes() -> dict:
    return json.loads(run_on_desk(HUB_CLASSES_SCRIPT))


@pytest.mark.parametrize("hub_class, own_arguments", [
    ("PrimeHub", ["top_side", "front_side"]),
    ("InventorHub", ["top_side", "front_side"]),
    ("EssentialHub", ["top_side", "front_side"]),
    ("TechnicHub", ["top_side", "front_side"]),
    ("MoveHub", ["top_side", "front_side"]),
    ("VirtualHub", ["top_side", "front_side"]),
    ("CityHub", []),
])
def test_every_hub_takes_the_channels_after_its_own_arguments(hub_classes, hub_class, own_arguments):
    found = hub_classes[hub_class]
    names = [name for name, _ in found["arguments"]]
    assert names == own_arguments + ["broadcast_channel", "observe_channels"]
    defaults = dict(found["arguments"])
    assert defaults["broadcast_channel"] == "None"
    assert defaults["observe_channels"] == "()"  # the firmware's empty tuple


@pytest.mark.parametrize("hub_class", ["PrimeHub", "EssentialHub", "TechnicHub", "CityHub", "MoveHub", "VirtualHub"])
def test_hub_ble_is_none_unless_the_program_gives_the_hub_channels(hub_classes, hub_class):
    found = hub_classes[hub_class]
    assert found["ble"] == "None"
    assert found["printed"] == ""
    # The old way still works, with a reminder that the radio has moved.
    assert found["ble_with_channel"] == "BLERadio"
    assert found["printed_with_channel"].splitlines() == MOVED_NOTICE


# --- arguments ------------------------------------------------------------------------


def test_channels_are_checked_as_the_firmware_checks_them(tmp_path):
    assert lines(tmp_path, """
show(lambda: BLERadio(256))
show(lambda: BLERadio(-1))
show(lambda: BLERadio(1.5))
show(lambda: BLERadio("1"))
show(lambda: BLERadio(observe_channels=[1, 256]))
show(lambda: BLERadio(observe_channels=[-1]))
show(lambda: BLERadio(observe_channels=5))
show(lambda: BLERadio(observe_channels=["a"]))
show(lambda: BLERadio(observe_channels=[2.0]))
show(lambda: BLERadio(observe_channels={1}))
show(lambda: BLERadio(observe_channels=list(range(256))))
show(lambda: BLERadio(0, [0, 255]))
show(lambda: BLERadio(broadcast_channel=255, observe_channels=(7,)))
""") == [
        "ValueError: Broadcast channel must be 0 to 255 or None",
        "ValueError: Broadcast channel must be 0 to 255 or None",
        "TypeError: can't convert float to int",
        "TypeError: can't convert str to int",
        "ValueError: observe channel must be 0 to 255",
        "ValueError: observe channel must be 0 to 255",
        "TypeError: object of type 'int' has no len()",
        "TypeError: can't convert str to int",
        "TypeError: can't convert float to int",
        "TypeError: 'set' object isn't subscriptable",
        "ValueError: Too many observe channels",
        "<BLERadio>",
        "<BLERadio>",
    ]


def test_the_hub_class_checks_the_channels_too_after_its_reminder(tmp_path):
    assert lines(tmp_path, """
show(lambda: PrimeHub(broadcast_channel=300))
""") == MOVED_NOTICE + ["ValueError: Broadcast channel must be 0 to 255 or None"]


def test_an_empty_list_of_channels_is_not_the_default_and_gets_a_radio(tmp_path):
    # The firmware tells the default (the empty tuple) apart from anything given.
    assert lines(tmp_path, """
print(PrimeHub(observe_channels=()).ble)
print(PrimeHub(observe_channels=[]).ble)
""") == ["None"] + MOVED_NOTICE + ["<BLERadio>"]


# --- broadcasting ------------------------------------------------------------------------


def test_broadcast_takes_data_that_fits_in_26_bytes(tmp_path):
    assert lines(tmp_path, """
radio = BLERadio(broadcast_channel=1)
show(lambda: radio.broadcast(None))
show(lambda: radio.broadcast(7))
show(lambda: radio.broadcast(data=-3.5))
show(lambda: radio.broadcast(()))
show(lambda: radio.broadcast([True, False, 1, 300, 70000, 1.5, "hi", b"ok", bytearray(2)]))
show(lambda: radio.broadcast("x" * 24))          # 1 + 1 + 24 = 26
show(lambda: radio.broadcast(("x" * 25,)))       # 1 + 25 = 26
show(lambda: radio.broadcast((70000,) * 5 + (True,)))  # 5 × 5 + 1 = 26
""") == ["None"] * 8


def test_broadcast_rejects_data_that_is_too_big_or_of_another_type(tmp_path):
    assert lines(tmp_path, """
radio = BLERadio(broadcast_channel=1)
show(lambda: radio.broadcast("x" * 25))           # 1 + 1 + 25 = 27
show(lambda: radio.broadcast(("x" * 26,)))
show(lambda: radio.broadcast(("å" * 13,)))        # 2 bytes each in UTF-8
show(lambda: radio.broadcast((1.0,) * 6))         # 6 × 5 = 30
show(lambda: radio.broadcast((70000,) * 5 + (True, True)))
show(lambda: radio.broadcast([None]))
show(lambda: radio.broadcast({1: 2}))
show(lambda: radio.broadcast([[1, 2]]))
show(lambda: radio.broadcast(2 ** 40))
""") == [
        "ValueError: payload limited to 26 bytes",
        "ValueError: payload limited to 26 bytes",
        "ValueError: payload limited to 26 bytes",
        "ValueError: payload limited to 26 bytes",
        "ValueError: payload limited to 26 bytes",
        "TypeError: must be True, False, int, float, str or bytes",
        "TypeError: must be True, False, int, float, str or bytes",
        "TypeError: must be True, False, int, float, str or bytes",
        "OverflowError: integers are limited to 32 bits",
    ]


def test_broadcast_without_a_broadcast_channel_fails_as_on_a_hub(tmp_path):
    assert lines(tmp_path, """
show(lambda: BLERadio().broadcast(1))
show(lambda: BLERadio(observe_channels=[1]).broadcast(None))
show(lambda: PrimeHub().ble.broadcast(1))
""") == [
        "RuntimeError: no broadcast channel selected",
        "RuntimeError: no broadcast channel selected",
        "AttributeError: 'NoneType' object has no attribute 'broadcast'",
    ]


def test_broadcast_takes_the_radios_time_and_skips_the_same_data(tmp_path):
    assert lines(tmp_path, """
watch = StopWatch()

def took(action):
    start = watch.time()
    action()
    return watch.time() - start

radio = BLERadio(broadcast_channel=1, observe_channels=[2])
print(watch.time())                                # scanning starts at the driver's next turn
print(took(lambda: radio.broadcast((1, 2))))       # start broadcasting
print(took(lambda: radio.broadcast((1, 2))))       # the same data again
print(took(lambda: radio.broadcast((1, 3))))       # new data
print(took(lambda: radio.broadcast(None)))         # stop
print(took(lambda: radio.broadcast(None)))         # already stopped
print(took(lambda: BLERadio(observe_channels=[4])))  # already scanning
""") == ["1", "3", "0", "2", "2", "0", "0"]


def test_broadcast_is_awaitable_in_run_task_and_one_command_at_a_time(tmp_path):
    printed = lines(tmp_path, """
radio = BLERadio(broadcast_channel=1)
watch = StopWatch()

async def main():
    pending = radio.broadcast(5)
    print(pending is not None, watch.time())
    await pending
    print(watch.time())
    radio.broadcast(6)                 # not awaited: the radio is still busy...
    show(lambda: radio.broadcast(7))   # ...so a second command fails
    await wait(10)
    await radio.broadcast(None)
    print(watch.time())
    show(lambda: BLERadio(observe_channels=[3]))

async def sender(value):
    await radio.broadcast(value)

async def two_senders():
    await multitask(sender(8), sender(9))

run_task(main())
show(lambda: run_task(two_senders()))
""")
    busy = "OSError: [Errno 16]"  # EBUSY, with the hub's text after it
    assert printed[:2] == ["True 0", "3"]
    assert printed[2].startswith(busy)
    assert printed[3:5] == ["15", "RuntimeError: This can only be called before multitasking starts."]
    assert printed[5].startswith(busy)
    assert len(printed) == 6


# --- observing ---------------------------------------------------------------------------


def test_nothing_is_heard_on_a_desk(tmp_path):
    assert lines(tmp_path, """
radio = BLERadio(observe_channels=[1, 2])
show(lambda: radio.observe(1))
show(lambda: radio.signal_strength(2))
wait(2000)
show(lambda: radio.observe(2))
show(lambda: radio.signal_strength(1))
show(lambda: radio.observe(3))
show(lambda: radio.signal_strength(3))
show(lambda: radio.observe(257))       # the firmware keeps 8-bit channel numbers
show(lambda: radio.observe("1"))
show(lambda: radio.observe(channel=1))
""") == [
        "None",
        "-128",
        "None",
        "-128",
        "ValueError: channel not configured",
        "ValueError: channel not configured",
        "None",
        "TypeError: can't convert str to int",
        "TypeError: BLERadio.observe() got some positional-only arguments passed as keyword arguments: 'channel'",
    ]


def test_a_newer_radio_takes_over_the_channels_as_on_a_hub(tmp_path):
    # The firmware keeps one table of observed channels, the newest radio's.
    assert lines(tmp_path, """
first = BLERadio(observe_channels=[1])
show(lambda: first.observe(1))
second = BLERadio(broadcast_channel=2)
show(lambda: first.observe(1))
""") == ["None", "ValueError: channel not configured"]


def test_the_radio_tells_its_version(tmp_path):
    assert lines(tmp_path, """
show(lambda: BLERadio().version())
""") == ["v1.4"]


def test_hub_ble_and_messaging_bleradio_are_the_same_radio(tmp_path):
    checks = """
show(lambda: radio.observe(3))
show(lambda: radio.signal_strength(3))
show(lambda: radio.observe(4))
show(lambda: radio.broadcast(("x" * 26,)))
show(lambda: radio.broadcast([1, "two", 3.0]))
show(lambda: radio.version())
show(lambda: type(radio).__name__)
"""
    from_hub = lines(tmp_path, "radio = PrimeHub(broadcast_channel=2, observe_channels=[3]).ble\n" + checks)
    from_messaging = lines(tmp_path, "radio = BLERadio(broadcast_channel=2, observe_channels=[3])\n" + checks)
    assert from_hub == MOVED_NOTICE + from_messaging
    assert from_messaging[0] == "None" and from_messaging[-1] == "BLERadio"


# --- turning the hub off -------------------------------------------------------------------

SHUTDOWN = """\
from pybricks.hubs import PrimeHub
from pybricks.tools import wait

hub = PrimeHub()
print("Goodbye!")
wait(123)
try:
    hub.system.shutdown()
except BaseException:
    print("caught")
finally:
    print("cleaned up")
print("still running")
"""


def test_shutdown_ends_the_run_cleanly_like_a_hub_turning_off(tmp_path):
    result = run_source(tmp_path, SHUTDOWN)
    assert result.status == "finished"
    assert result.error is None
    assert "hub_shutdown" in result.notes
    # The firmware aborts the program: no exception to catch, no finally, nothing printed.
    assert result.stdout == "Goodbye!\n"
    # The hub's system notices the request at its next 50 ms poll.
    assert result.sim_time_s == pytest.approx(0.150)
    assert ending(result.status, result.notes) == "shutdown"


def test_a_program_that_simply_ends_is_not_a_shutdown(tmp_path):
    result = run_source(tmp_path, "print('done')\n")
    assert result.status == "finished"
    assert "hub_shutdown" not in result.notes
    assert ending(result.status, result.notes) == "finished"


@pytest.mark.parametrize("lang, words", [("en", "turned the hub off"), ("sv", "stängde av hubben")])
def test_the_ending_says_the_hub_was_turned_off_in_both_languages(lang, words):
    sentence = t("sim.status.shutdown", lang, seconds="0.15")
    assert words in sentence and "0.15" in sentence
    assert sentence != t("sim.status.finished", lang, seconds="0.15")


@pytest.mark.parametrize("lang, words", [("en", "The program turned the hub off after 0.15 s."),
                                         ("sv", "Programmet stängde av hubben efter 0,15 s.")])
def test_brickclass_sim_reports_a_shutdown_and_its_json_stays_finished(tmp_path, lang, words):
    program = tmp_path / "goodbye.py"
    program.write_text(SHUTDOWN, encoding="utf-8")
    command = [sys.executable, "-m", "brickclass", "--lang", lang, "sim", str(program), "--headless"]
    text = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert text.returncode == 0, text.stderr
    assert words in text.stdout
    done = subprocess.run(command + ["--json"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert payload["status"] == "finished" and payload["error"] is None
    assert payload["notes"] == ["hub_shutdown"]


@pytest.mark.parametrize("lang, words", [("en", "The program turned the hub off after 0.15 s."),
                                         ("sv", "Programmet stängde av hubben efter 0,15 s.")])
def test_the_summary_uses_the_shutdown_sentence(monkeypatch, capsys, lang, words):
    monkeypatch.setattr("brickclass.language._current", lang)
    payload = {"status": "finished", "sim_time_s": 0.15, "error": None, "output_cut": False, "max_score": 0,
               "notes": ["hub_shutdown"], "final_pose": {"x_mm": 0, "y_mm": 0, "heading_deg": 0}}
    print_summary(payload)
    assert words in capsys.readouterr().out
