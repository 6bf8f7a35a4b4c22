"""hub_menu(): pick one of a few symbols with the hub's buttons (pb_module_tools.c).

The current symbol shows on the light matrix; left and right step through
the list (wrapping around), the centre button chooses. Each button counts
once per press: it must be released before it counts again.
"""

from hubos import aio, link

_POLL_MS = 10


def _show(hub_link, symbol):
    if isinstance(symbol, int):
        hub_link.post("hub", "display_number", [symbol])
    else:
        hub_link.post("hub", "display_char", [str(symbol)[:1]])


def _pressed(hub_link):
    return set(hub_link.read("hub", "buttons"))


def _wait_released(hub_link):
    while _pressed(hub_link):
        hub_link.wait_until((hub_link.now_ms() + _POLL_MS) * 1000)


def run(symbols):
    aio.assert_blocking()
    if not symbols:
        raise TypeError("hub_menu() needs at least one symbol")
    for symbol in symbols:
        if not isinstance(symbol, (int, str)):
            raise TypeError("can't convert {} to str".format(type(symbol).__name__))
    hub_link = link.get()
    index = 0
    _show(hub_link, symbols[index])
    _wait_released(hub_link)
    while True:
        pressed = _pressed(hub_link)
        if "CENTER" in pressed:
            _wait_released(hub_link)
            return symbols[index]
        step = (1 if "RIGHT" in pressed else 0) - (1 if "LEFT" in pressed else 0)
        if step:
            index = (index + step) % len(symbols)
            _show(hub_link, symbols[index])
            _wait_released(hub_link)
        hub_link.wait_until((hub_link.now_ms() + _POLL_MS) * 1000)
