"""The hub's buttons (pb_type_keypad.c)."""

from pybricks._common import HUB, hub_link
from pybricks.parameters import Button


class Keypad:
    """The hub's buttons: which are pressed right now."""

    def __init__(self, buttons, single=False):
        self._buttons = buttons
        self._single = single

    def pressed(self):
        names = hub_link().read(HUB, "buttons")
        if self._single:
            # A hub with one button reports it as CENTER, whichever flag is set.
            return {Button.CENTER} if names else set()
        return {getattr(Button, name) for name in names if name in self._buttons}
