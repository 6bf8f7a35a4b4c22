"""hub_menu(): pick one of a few symbols with the hub's buttons (pb_module_tools.c).

As on the hub: every symbol is checked first (a one-character string or a
number), the first one is shown on the light matrix, and the stop button is
switched off so the centre button can choose (unless only the Bluetooth
button stops programs). Each press must be released before the next counts:
right steps forward, left steps back (both wrap around), centre chooses.
The menu returns the chosen symbol itself once the button is released.
"""

from hubos import aio, link
from hubos.args import get_int

# How often the buttons are looked at while waiting; a press lasts far longer.
_POLL_MS = 10
# The firmware's stop button when a program has not chosen one.
_DEFAULT_STOP_BUTTONS = ["CENTER"]
# Buttons that mean PBIO_BUTTON_RIGHT_UP, the Bluetooth button on a Prime hub.
_BLUETOOTH = ("BLUETOOTH", "RIGHT_UP", "RIGHT_PLUS")


def _display_command(symbol):
    """The light matrix command that shows ``symbol``; raises as the hub does for a bad one."""
    if isinstance(symbol, str):
        if len(symbol) != 1 or not 32 <= ord(symbol) <= 126:
            raise ValueError("Invalid argument")
        return "display_char", symbol
    return "display_number", get_int(symbol)


def _show(hub_link, command):
    method, value = command
    hub_link.post("hub", method, [value])


def _wait_for(hub_link, pressed):
    """Wait until some button is pressed (or, with pressed=False, until none is)."""
    while True:
        buttons = hub_link.read("hub", "buttons")
        if bool(buttons) == pressed:
            return buttons
        hub_link.wait_until((hub_link.now_ms() + _POLL_MS) * 1000)


def _stop_buttons(hub_link):
    try:
        return list(hub_link.peek("hub", "stop_buttons"))
    except KeyError:
        # The world does not report the setting: the firmware's default is assumed.
        return list(_DEFAULT_STOP_BUTTONS)


def run(symbols):
    count = len(symbols)
    if count < 2:
        raise TypeError(f"function missing {2 - count} required positional arguments")
    # The hub checks the symbols by showing each, last to first.
    commands = [_display_command(symbol) for symbol in reversed(symbols)]
    commands.reverse()
    hub_link = link.get()
    _show(hub_link, commands[0])
    aio.assert_blocking()

    stop_buttons = _stop_buttons(hub_link)
    keeps_stop = bool(stop_buttons) and all(name in _BLUETOOTH for name in stop_buttons)
    if not keeps_stop:
        hub_link.post("hub", "stop_button", [[]])
    try:
        selection = 0
        while True:
            _wait_for(hub_link, pressed=False)
            pressed = _wait_for(hub_link, pressed=True)
            if "CENTER" in pressed:
                break
            if "RIGHT" in pressed:
                selection = (selection + 1) % count
            elif "LEFT" in pressed:
                selection = (selection - 1) % count
            _show(hub_link, commands[selection])
        # Like starting a program from the hub's own menu: act on release.
        _wait_for(hub_link, pressed=False)
    finally:
        if not keeps_stop:
            hub_link.post("hub", "stop_button", [stop_buttons])
    return symbols[selection]
