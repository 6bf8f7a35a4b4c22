"""Running a program on a real hub, with a stand-in for the Bluetooth radio only.

pybricksdev's own protocol code (``PybricksHubBLE``: versions, capabilities,
the chunked upload, start, status and stdout events, stop) runs unchanged; the
stand-in in ``tests/pybricks_radio.py`` plays the hub's side of the Pybricks
service. A tripwire makes sure no test ever reaches the real radio.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest

from brickclass.classroom.checker import compile_for_hub
from brickclass.classroom.hub import hub_error_report, problem_text
from brickclass.cli import main as brickclass
from brickclass.robots.hub_link import HubProblem, run_on_hub, run_program_on_hub
from brickclass.robots.hub_link.output import ProgramOutput
from tests.pybricks_radio import StandInRoom, install_stand_in_radio

SAMPLES = Path(__file__).parent / "sample-programs"
HELLO = SAMPLES / "hello_hub.py"


@pytest.fixture(autouse=True)
def no_real_radio(monkeypatch):
    """Any use of bleak's real platform backends fails the test."""
    import bleak

    def tripwire(*_args, **_kwargs):
        raise AssertionError("a test tried to use the real Bluetooth radio")

    monkeypatch.setattr(bleak, "get_platform_scanner_backend_type", tripwire)
    monkeypatch.setattr(bleak, "get_platform_client_backend_type", tripwire)


@pytest.fixture
def room(monkeypatch) -> StandInRoom:
    """The hubs within reach of a stand-in radio, with pybricksdev talking to them."""
    return install_stand_in_radio(monkeypatch)


def run(program: Path = HELLO, **options):
    printed: list[str] = []
    options.setdefault("name", None)
    options.setdefault("timeout", 1.0)
    outcome = run_on_hub(program, on_output=printed.append, **options)
    return outcome, printed


def problem_of(program: Path = HELLO, **options) -> HubProblem:
    with pytest.raises(HubProblem) as caught:
        run(program, **options)
    return caught.value


class TestARunOnTheHub:
    """A pupil runs a program on their hub and watches its output."""

    def test_the_program_is_downloaded_started_and_its_output_shown(self, room):
        hub = room.add(script=[("print", b"Hej p\xc3\xa5 dig!\r\n"), ("print", b"Klar\r\n"), ("end",)])
        outcome, printed = run()
        assert (outcome.status, outcome.stopped_on) == ("finished", None)
        assert "".join(printed) == "Hej på dig!\nKlar\n" == outcome.output
        assert hub.commands == ["meta 0", f"meta {hub.program_size}", "start"]
        main, = hub.uploaded_modules().values()
        assert main == compile_for_hub(HELLO.read_text(encoding="utf-8"), HELLO.name)[0]
        assert not hub.connected, "the hub is let go at the end"

    def test_output_split_across_packets_arrives_whole(self, room):
        # "å" is two bytes and the line ending two more: the radio may cut between any of them.
        room.add(script=[("print", b"Hej p\xc3"), ("print", b"\xa5 dig!\r"), ("print", b"\nRad tv\xc3"),
                         ("print", b"\xa5\r\n"), ("end",)])
        outcome, printed = run()
        assert "".join(printed) == "Hej på dig!\nRad två\n"
        assert not any("\ufffd" in piece or "\r" in piece for piece in printed)
        assert outcome.status == "finished"

    def test_a_program_error_is_reported_with_its_line_and_explained(self, room):
        room.add(script=[
            ("print", b"Hej p\xc3\xa5 dig!\r\n"),
            ("print", b"Traceback (most recent call last):\r\n  File \"hello_hub.py\", line 9, in <module>\r\n"),
            ("print", b"OSError: [Errno 19] ENODEV: \r\nA sensor or motor is not connected to the specified port:\r\n"),
            ("print", b"--> Check the cables to each motor and sensor.\r\n"),
            ("end",)])
        outcome, _ = run()
        assert outcome.status == "error"
        report = hub_error_report(outcome, HELLO.read_text(encoding="utf-8"), "en")
        assert report["type"] == "OSError" and report["line"] == 9 and report["explanation_id"] == "enodev"

    def test_the_hubs_button_stops_the_program(self, room):
        room.add(script=[("print", b"Driving\r\n"), ("button",)])
        outcome, printed = run()
        assert (outcome.status, outcome.stopped_on) == ("stopped", "hub")
        assert printed[-1].startswith("The program was stopped")

    def test_ctrl_c_stops_the_program_on_the_hub(self, room):
        hub = room.add(script=[("forever", b"tick\r\n")])
        printed: list[str] = []

        async def pupil_presses_ctrl_c_after_a_while():
            run_task = asyncio.ensure_future(
                run_program_on_hub(HELLO, name=None, timeout=1, on_output=printed.append))
            while "tick" not in "".join(printed):
                await asyncio.sleep(0.01)
            run_task.cancel()  # what asyncio.run does on Ctrl-C
            return await run_task

        outcome = asyncio.run(pupil_presses_ctrl_c_after_a_while())
        assert (outcome.status, outcome.stopped_on) == ("stopped", "computer")
        assert hub.commands[-1] == "stop"
        assert "".join(printed).endswith("The program was stopped (SystemExit).\n")
        assert not hub.connected

    def test_losing_the_connection_mid_run_says_so(self, room):
        room.add(script=[("print", b"Driving\r\n"), ("drop",)])
        printed: list[str] = []
        with pytest.raises(HubProblem) as caught:
            run_on_hub(HELLO, name=None, timeout=1, on_output=printed.append)
        assert caught.value.reason == "disconnected"
        assert printed == ["Driving\n"], "what came before the loss was shown"

    def test_switching_the_hub_off_mid_run_says_so(self, room):
        room.add(script=[("print", b"Driving\r\n"), ("switch_off",)])
        assert problem_of().reason == "switched_off"

    def test_a_program_still_running_on_the_hub_is_stopped_before_the_download(self, room):
        hub = room.add(running_at_connect=True)
        outcome, printed = run()
        assert hub.commands[0] == "stop" and "start" in hub.commands
        assert outcome.status == "finished" and "Hello!\n" in "".join(printed)

    def test_the_programs_own_modules_go_along(self, room):
        hub = room.add()
        run(SAMPLES / "two_files" / "main.py")
        assert list(hub.uploaded_modules()) == ["__main__", "moves"]

    def test_a_file_saved_on_windows_with_a_bom_and_crlf_goes_as_the_hub_can_read_it(self, room, tmp_path):
        """Notepad's "UTF-8 with BOM": mpy-cross would take the BOM for part of the first word."""
        folder = tmp_path / "Åsa Öberg" / "Dokument" / "Robot"
        folder.mkdir(parents=True)
        text = HELLO.read_text(encoding="utf-8")
        program = folder / "mitt program.py"
        program.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
        hub = room.add()
        outcome, printed = run(program)
        assert outcome.status == "finished" and "Hello!\n" in "".join(printed)
        plain, _ = compile_for_hub(text, "mitt program.py")
        assert hub.uploaded_modules()["__main__"] == plain

    def test_a_hub_that_takes_small_writes_gets_small_chunks(self, room):
        hub = room.add(max_write=20)
        outcome, _ = run()
        assert outcome.status == "finished"
        assert max(hub.write_sizes) <= 20 and len(hub.write_sizes) > 20
        assert list(hub.uploaded_modules()) == ["__main__"]

    def test_a_program_too_big_for_the_hub_is_refused_before_the_download(self, room):
        hub = room.add(max_program=200)
        problem = problem_of()
        assert problem.reason == "too_big" and problem.facts["limit"] == "200"
        assert int(problem.facts["size"]) > 200
        assert "meta 0" not in hub.commands
        assert "bytes after compiling" in problem_text(problem, "en")


class TestFindingTheHub:
    """Which hub answers, and what the pupil is told when none (or several) do."""

    def test_no_hub_in_the_room(self, room):
        problem = problem_of(timeout=0.1)
        assert problem.reason == "not_found"
        assert problem_text(problem, "en").startswith("No hub with Pybricks answered")

    def test_no_hub_by_that_name(self, room):
        room.add(name="Rover")
        problem = problem_of(name="Moonwalker", timeout=0.1)
        assert problem.reason == "not_found_named" and "Moonwalker" in problem_text(problem, "en")

    def test_the_name_is_matched_in_any_case_or_by_address(self, room):
        room.add(name="Rover", address="A0:E6:F8:00:00:01")
        other = room.add(name="Moonwalker", address="A0:E6:F8:00:00:02", rssi=-40)
        assert run(name="moonwalker")[0].status == "finished" and other.commands
        assert run(name="a0:e6:f8:00:00:02")[0].status == "finished"

    def test_several_hubs_and_none_chosen(self, room):
        room.add(name="Rover")
        room.add(name="Pybricks Hub", address="A0:E6:F8:00:00:02")
        problem = problem_of()
        assert problem.reason == "several"
        assert problem_text(problem, "en").endswith("These answered: Rover, Pybricks Hub.")

    def test_several_hubs_and_the_pupil_picks_one(self, room):
        first = room.add(name="Pybricks Hub", rssi=-50)
        second = room.add(name="Pybricks Hub", address="A0:E6:F8:00:00:02", rssi=-70)
        offered = []

        def pick_the_far_one(hubs):
            offered.extend(hubs)
            return hubs[-1]

        assert run(choose=pick_the_far_one)[0].status == "finished"
        assert [hub.address for hub in offered] == [first.address, second.address], "closest first"
        assert second.commands and not first.commands

    def test_a_hub_with_legos_own_firmware(self, room):
        room.add(name="SPIKE 1", runs_pybricks=False)
        problem = problem_of(timeout=0.1)
        assert problem.reason == "not_pybricks" and "code.pybricks.com" in problem_text(problem, "en")

    def test_a_remote_control_in_the_room_is_not_a_hub(self, room):
        from pybricksdev.ble.lwp3.bytecodes import HubKind

        room.add(name="Handset", runs_pybricks=False, kind=HubKind.HANDSET)
        assert problem_of(timeout=0.1).reason == "not_found"

    @pytest.mark.parametrize("firmware, profile, reason", [
        ("3.1.0", "1.1.0", "firmware_old"),  # compiles for MPY ABI 5
        ("3.0.0", "1.0.0", "firmware_old"),  # a profile pybricksdev no longer speaks
        ("9.0.0", "2.0.0", "firmware_new"),  # a profile newer than pybricksdev knows
    ])
    def test_firmware_brickclass_cannot_use(self, room, firmware, profile, reason):
        hub = room.add(firmware=firmware, profile=profile)
        problem = problem_of()
        assert problem.reason == reason and problem.facts["firmware"] == firmware
        assert not hub.connected and not hub.commands

    @pytest.mark.parametrize("what_happens, reason", [("vanished", "not_found"), ("timeout", "connect_failed")])
    def test_a_hub_that_answers_but_will_not_connect(self, room, what_happens, reason):
        room.add(refuse_connection=what_happens)
        assert problem_of().reason == reason


def _windows_error(hresult: int) -> OSError:
    """An OSError as Python on Windows makes it from a failed WinRT call."""
    error = OSError(22, "")
    error.winerror = hresult  # set by Python itself on Windows only
    return error


class TestBluetoothOnThisComputer:
    """Whatever is wrong with the computer's Bluetooth becomes one sentence."""

    @pytest.mark.parametrize("failure, reason", [
        ("no_bluetooth", "no_adapter"),
        ("powered_off", "bluetooth_off"),
        ("denied", "bluetooth_denied"),
        ("no_dbus", "no_adapter"),
        ("no_bluez", "no_adapter"),
        ("no_winrt_bluetooth", "no_adapter"),
        ("no_winrt_radio", "no_adapter"),
        ("winrt_denied", "bluetooth_denied"),
    ])
    def test_each_kind_of_missing_bluetooth(self, room, failure, reason):
        from bleak.exc import BleakBluetoothNotAvailableError, BleakBluetoothNotAvailableReason, BleakDBusError

        room.radio_failure = {
            "no_bluetooth": BleakBluetoothNotAvailableError("No Bluetooth adapters found.",
                                                            BleakBluetoothNotAvailableReason.NO_BLUETOOTH),
            "powered_off": BleakBluetoothNotAvailableError("No powered Bluetooth adapters found.",
                                                           BleakBluetoothNotAvailableReason.POWERED_OFF),
            "denied": BleakBluetoothNotAvailableError("denied", BleakBluetoothNotAvailableReason.DENIED_BY_SYSTEM),
            "no_dbus": FileNotFoundError(2, "No such file or directory"),
            "no_bluez": BleakDBusError("org.freedesktop.DBus.Error.ServiceUnknown", ["no org.bluez"]),
            # WinRT's HRESULTs, as Windows (and Wine) raise them from BluetoothAdapter.get_default_async().
            "no_winrt_bluetooth": _windows_error(-2147221164),  # class not registered
            "no_winrt_radio": _windows_error(-2147023728),  # element not found
            "winrt_denied": _windows_error(-2147024891),  # access denied
        }[failure]
        assert problem_of().reason == reason

    def test_the_command_says_no_bluetooth_in_one_sentence(self, room, capsys):
        from bleak.exc import BleakBluetoothNotAvailableError, BleakBluetoothNotAvailableReason

        room.radio_failure = BleakBluetoothNotAvailableError("No Bluetooth adapters found.",
                                                             BleakBluetoothNotAvailableReason.NO_BLUETOOTH)
        assert brickclass(["hub", str(HELLO), "--lang", "sv"]) == 1
        said = capsys.readouterr().err.strip().splitlines()
        assert said[-1] == "Den här datorn har ingen Bluetooth (eller så är den avstängd), så den kan inte prata med en hubb."

    @pytest.mark.skipif(not sys.platform.startswith("linux"), reason="BlueZ is reached over D-Bus only on Linux")
    def test_without_bluetooth_the_real_command_fails_cleanly(self, tmp_path):
        """The whole command, as CI runs it: bleak finds no D-Bus system bus (pointed at nothing) and gives up."""
        environment = {**os.environ, "DBUS_SYSTEM_BUS_ADDRESS": f"unix:path={tmp_path / 'no-bus'}",
                       "BRICKCLASS_LANG": "en"}
        done = subprocess.run([sys.executable, "-m", "brickclass", "hub", str(HELLO), "--timeout", "2"],
                              capture_output=True, text=True, timeout=60, env=environment)
        assert done.returncode == 1
        assert "Traceback" not in done.stderr + done.stdout
        assert done.stderr.strip().splitlines()[-1] == \
            "This computer has no Bluetooth (or it is switched off), so it cannot talk to a hub."


class TestTheHubCommand:
    """`brickclass hub` as a pupil types it."""

    def test_a_run_shows_the_output_and_how_it_ended(self, room, capsys):
        room.add(script=[("print", b"Hej p\xc3\xa5 dig!\r\n"), ("end",)])
        assert brickclass(["hub", str(HELLO)]) == 0
        shown = capsys.readouterr()
        assert shown.out == "Hej på dig!\n"
        assert "Connected to Rover (SPIKE Prime / Robot Inventor hub, Pybricks 4.0.1)" in shown.err
        assert shown.err.strip().endswith("The program on the hub has finished.")

    def test_an_error_on_the_hub_is_explained_in_the_pupils_language(self, room, capsys):
        room.add(script=[("print", b"Traceback (most recent call last):\r\n"
                                   b"  File \"hello_hub.py\", line 9, in <module>\r\n"
                                   b"OSError: [Errno 19] ENODEV: \r\n"), ("end",)])
        assert brickclass(["hub", str(HELLO), "--lang", "sv"]) == 1
        said = capsys.readouterr().err
        assert "Programmet på hubben stannade med ett fel." in said
        assert "på rad 9" in said

    def test_ctrl_c_in_the_terminal_stops_the_program_on_the_hub(self, room, capsys, monkeypatch):
        import signal

        from brickclass.commands import hub as hub_command

        hub = room.add(script=[("forever", b"tick\r\n")])
        shown: list[str] = []

        def show_then_press_ctrl_c(text: str) -> None:
            shown.append(text)
            if len(shown) == 3:
                signal.raise_signal(signal.SIGINT)

        monkeypatch.setattr(hub_command, "_show_output", show_then_press_ctrl_c)
        # A terminal's Ctrl-C reaches Python's own handler. A suite started in the
        # background of a script inherits SIGINT ignored (POSIX shells do that to
        # background jobs), and then the signal this test raises would be lost and
        # the "forever" program would run forever: give the test what a terminal gives.
        previous = signal.signal(signal.SIGINT, signal.default_int_handler)
        try:
            assert brickclass(["hub", str(HELLO)]) == 130
        finally:
            signal.signal(signal.SIGINT, previous)
        assert hub.commands[-1] == "stop" and not hub.connected
        assert capsys.readouterr().err.strip().endswith("You stopped the program on the hub (Ctrl-C).")

    def test_a_program_the_hub_cannot_run_is_not_sent(self, room, capsys):
        hub = room.add()
        assert brickclass(["hub", str(SAMPLES / "imports_os.py")]) == 1
        assert "Fix these first" in capsys.readouterr().err
        assert not hub.commands

    def test_several_hubs_without_a_terminal_to_ask_in(self, room, capsys, monkeypatch):
        monkeypatch.setattr(sys, "stdin", open(os.devnull))
        room.add(name="Rover")
        room.add(name="Moonwalker", address="A0:E6:F8:00:00:02")
        assert brickclass(["hub", str(HELLO)]) == 1
        assert capsys.readouterr().err.strip().splitlines()[-1] == \
            "Several hubs with Pybricks answered, so say which one with --name. These answered: Rover, Moonwalker."

    def test_listing_the_hubs_in_the_room(self, room, capsys):
        room.add(name="Rover", rssi=-50)
        room.add(name="SPIKE 1", address="A0:E6:F8:00:00:02", runs_pybricks=False, rssi=-85)
        assert brickclass(["hub", "--list", "--timeout", "0.2"]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert lines[1].startswith("  Rover  (very close, Pybricks")
        assert lines[2].startswith("  SPIKE 1  (far away, LEGO's own firmware")

    def test_no_program_given(self, capsys):
        assert brickclass(["hub"]) == 2
        assert "brickclass hub my_program.py" in capsys.readouterr().err


def test_a_second_backend_fits_behind_the_same_calls():
    """Another way of reaching hubs (say the newer Pybricks client) only has to offer scan and connect."""
    from brickclass.robots.hub_link import HubInfo, HubSeen, RunOutcome

    class OtherConnection:
        info = HubInfo("Rover", "prime", "4.1.0")

        def __init__(self) -> None:
            self.events: list[str] = []

        async def run(self, program, on_output):
            self.events.append(f"run {program.name}")
            on_output("hello\n")
            return RunOutcome("finished", None, "hello\n")

        async def stop(self):
            self.events.append("stop")

        async def disconnect(self):
            self.events.append("disconnect")

    class OtherBackend:
        def __init__(self) -> None:
            self.connection = OtherConnection()

        async def scan(self, timeout, name):
            return [HubSeen("Rover", "usb:1", True), HubSeen("Old", "usb:2", False)]

        async def connect(self, hub):
            return self.connection

    backend = OtherBackend()
    printed: list[str] = []
    told: list[HubInfo] = []
    outcome = run_on_hub(HELLO, name=None, timeout=1, on_output=printed.append, on_connected=told.append,
                         backend=backend)
    assert outcome.status == "finished" and printed == ["hello\n"] and told == [OtherConnection.info]
    assert backend.connection.events == ["run hello_hub.py", "disconnect"]


def test_output_held_back_at_the_end_is_not_lost():
    printed: list[str] = []
    output = ProgramOutput(printed.append)
    output.feed(b"50%\r")
    output.feed(b"100%\r")
    output.close()
    assert "".join(printed) == "50%\r100%\r"


def test_importing_the_adapter_does_not_start_bluetooth():
    """The teacher app and the command line import it freely; bleak and pybricksdev load only for a run."""
    code = "import sys, brickclass.robots.hub_link; print(any(m.startswith(('bleak', 'pybricksdev')) for m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).parent.parent)
    assert done.stdout.strip() == "False"
